"""OpenAI Chat Completions: requests and responses against the neutral model.

Only choice 0 of a response is converted (``n`` > 1 is OpenAI-only; the other choices are
dropped). Leading ``system``/``developer`` messages become ``ChatRequest.system``; later
ones stay in place as ``system`` messages. Streams are in ``openai_stream``.

Built for another format's request, these are lost: ``is_error`` of tool results, thinking
blocks and Anthropic server-tool blocks in assistant turns, server tools, cache-control and
citation fields, ``top_k``, ``thinking``. Images inside a tool result move to a user message
right after the tool messages (OpenAI tool messages carry text only).
"""

from __future__ import annotations

import time

from tiergate.errors import InputError
from tiergate.wire.fields import array, obj, opt_bool, opt_int, opt_num, opt_str, req_str, rest
from tiergate.wire.model import (
    JSON,
    ChatRequest,
    ChatResponse,
    ChoiceMode,
    OpaquePart,
    Part,
    TextPart,
    ThinkingPart,
    Tool,
    ToolCallPart,
    ToolChoice,
)
from tiergate.wire.openai_request import messages_in, messages_out
from tiergate.wire.openai_stream import FINISH, StreamDecoder, StreamEncoder, usage_in, usage_out

__all__ = [
    "StreamDecoder",
    "StreamEncoder",
    "build_request",
    "build_response",
    "parse_request",
    "parse_response",
]

_REQUEST_FIELDS = {
    *("model", "messages", "tools", "tool_choice", "parallel_tool_calls", "max_tokens"),
    *("max_completion_tokens", "temperature", "top_p", "stop", "stream", "stream_options", "user"),
}


def parse_request(body: object) -> ChatRequest:
    """A Chat Completions request body as a neutral request."""
    b = obj(body, "request body")
    if "messages" not in b:
        raise InputError("request body: 'messages' is required")
    hints: JSON = {}
    system, messages = messages_in(array(b["messages"], "messages"), hints)
    if "max_completion_tokens" in b:
        max_tokens = opt_int(b, "max_completion_tokens", "request body")
        hints["max_tokens_key"] = "max_completion_tokens"
    else:
        max_tokens = opt_int(b, "max_tokens", "request body")
    stop = b.get("stop")
    if isinstance(stop, str):
        stops, hints["stop_string"] = [stop], True
    else:
        stops = [_str(s, f"stop[{i}]") for i, s in enumerate(array(stop or [], "stop"))]
    options = obj(b.get("stream_options") or {}, "stream_options")
    if "stream_options" in b:
        hints["stream_options"] = options
    if "stream" in b:
        hints["stream_key"] = True
    return ChatRequest(
        system=system,
        messages=messages,
        tools=[
            _tool_in(t, f"tools[{i}]") for i, t in enumerate(array(b.get("tools") or [], "tools"))
        ],
        tool_choice=_choice_in(b.get("tool_choice")),
        parallel_tool_calls=opt_bool(b, "parallel_tool_calls", "request body"),
        max_tokens=max_tokens,
        temperature=opt_num(b, "temperature", "request body"),
        top_p=opt_num(b, "top_p", "request body"),
        stop=stops,
        stream=bool(opt_bool(b, "stream", "request body")),
        stream_usage=bool(opt_bool(options, "include_usage", "stream_options")),
        user=opt_str(b, "user", "request body"),
        model=opt_str(b, "model", "request body"),
        origin="openai",
        extra=rest(b, _REQUEST_FIELDS),
        hints=hints,
    )


def build_request(req: ChatRequest, model: str) -> JSON:
    """The Chat Completions body for ``req``. A request from another format gets
    ``max_tokens`` (the key most OpenAI-compatible servers know) and loses its extras."""
    same = req.origin == "openai"
    hints = req.hints if same else {}
    body: JSON = {"model": model, "messages": messages_out(req, same)}
    tools = [_tool_out(t, same) for t in req.tools if t.raw is None or same]
    if tools:
        body["tools"] = tools
    if req.tool_choice is not None and (tools or same):
        body["tool_choice"] = _choice_out(req.tool_choice, same)
    if req.parallel_tool_calls is not None and (tools or same):
        body["parallel_tool_calls"] = req.parallel_tool_calls
    if req.max_tokens is not None:
        body[hints.get("max_tokens_key", "max_tokens")] = req.max_tokens
    for key, value in (("temperature", req.temperature), ("top_p", req.top_p)):
        if value is not None:
            body[key] = value
    if req.stop:
        one = len(req.stop) == 1 and hints.get("stop_string")
        body["stop"] = req.stop[0] if one else list(req.stop)
    if req.stream or hints.get("stream_key"):
        body["stream"] = req.stream
    options = dict(hints.get("stream_options", {}))
    if req.stream and req.stream_usage:
        options["include_usage"] = True
    elif "include_usage" in options:
        options["include_usage"] = False
    if options:
        body["stream_options"] = options
    if req.user is not None:
        body["user"] = req.user
    if same:
        body.update({k: v for k, v in req.extra.items() if k not in body})
    return body


def parse_response(body: object) -> ChatResponse:
    """A ``chat.completion`` as a neutral response (choice 0 only)."""
    b = obj(body, "response body")
    choices = array(b.get("choices") or [], "choices")
    choice = obj(choices[0], "choices[0]") if choices else {}
    message = obj(choice.get("message") or {}, "choices[0].message")
    where = "choices[0].message"
    content: list[Part] = []
    reasoning = message.get("reasoning_content", message.get("reasoning"))
    if isinstance(reasoning, str) and reasoning:
        content.append(ThinkingPart(reasoning))
    text = message.get("content")
    if isinstance(text, str):
        content.append(TextPart(text))
    elif text is not None:
        content.extend(
            TextPart(_str(p.get("text"), where)) for p in array(text, where) if isinstance(p, dict)
        )
    refusal = opt_str(message, "refusal", where)
    if refusal:
        content.append(OpaquePart("openai", {"type": "refusal", "refusal": refusal}))
    for i, call in enumerate(array(message.get("tool_calls") or [], f"{where}.tool_calls")):
        c = obj(call, f"{where}.tool_calls[{i}]")
        f = obj(c.get("function"), f"{where}.tool_calls[{i}].function")
        name = req_str(f, "name", f"{where}.tool_calls[{i}].function")
        content.append(
            ToolCallPart(str(c.get("id") or ""), name, opt_str(f, "arguments", where) or "")
        )
    reason = choice.get("finish_reason")
    hints: JSON = {"message": rest(message, ("role", "content", "refusal", "tool_calls"))}
    hints["choice"] = rest(choice, ("index", "message", "finish_reason"))
    usage = b.get("usage")
    if isinstance(usage, dict):
        hints["usage"] = rest(usage, ("prompt_tokens", "completion_tokens", "total_tokens"))
    return ChatResponse(
        id=str(b.get("id") or ""),
        model=str(b.get("model") or ""),
        content=content,
        finish_reason=FINISH.get(reason) if isinstance(reason, str) else None,
        usage=usage_in(usage) if isinstance(usage, dict) else None,
        created=opt_int(b, "created", "response body"),
        origin="openai",
        extra=rest(b, ("id", "object", "created", "model", "choices", "usage")),
        hints=hints,
    )


def build_response(resp: ChatResponse, model: str) -> JSON:
    """The ``chat.completion`` a Chat Completions client expects for ``resp``."""
    same = resp.origin == "openai"
    hints = resp.hints if same else {}
    texts = [p.text for p in resp.content if isinstance(p, TextPart)]
    message: JSON = {"role": "assistant", "content": "".join(texts) if texts else None}
    refusals = [p.data.get("refusal") for p in resp.content if isinstance(p, OpaquePart)]
    message["refusal"] = next((r for r in refusals if isinstance(r, str)), None)
    thinking = "".join(p.text for p in resp.content if isinstance(p, ThinkingPart))
    if thinking:
        message["reasoning_content"] = thinking
    calls = [
        {"id": p.id, "type": "function", "function": {"name": p.name, "arguments": p.arguments}}
        for p in resp.content
        if isinstance(p, ToolCallPart)
    ]
    if calls:
        message["tool_calls"] = calls
    message.update({k: v for k, v in hints.get("message", {}).items() if k not in message})
    choice: JSON = {"index": 0, "message": message, "finish_reason": resp.finish_reason}
    choice.update(hints.get("choice", {"logprobs": None}))
    body: JSON = {
        "id": resp.id,
        "object": "chat.completion",
        "created": resp.created if resp.created is not None else _now(),
        "model": model,
        "choices": [choice],
    }
    if resp.usage is not None:
        body["usage"] = usage_out(resp.usage, hints.get("usage", {}))
    if same:
        body.update({k: v for k, v in resp.extra.items() if k not in body})
    return body


def _tool_in(value: object, where: str) -> Tool:
    t = obj(value, where)
    if t.get("type", "function") != "function":
        return Tool(name=str(t.get("name") or t.get("type")), raw=t)
    f = obj(t.get("function"), f"{where}.function")
    params = f.get("parameters")
    return Tool(
        name=req_str(f, "name", f"{where}.function"),
        description=opt_str(f, "description", f"{where}.function"),
        parameters=None if params is None else obj(params, f"{where}.function.parameters"),
        extra=rest(f, ("name", "description", "parameters")),
    )


def _tool_out(tool: Tool, same: bool) -> JSON:
    if tool.raw is not None:
        return tool.raw
    f: JSON = {"name": tool.name}
    if tool.description is not None:
        f["description"] = tool.description
    if tool.parameters is not None:
        f["parameters"] = tool.parameters
    if same:
        f.update(tool.extra)
    return {"type": "function", "function": f}


_CHOICE_MODES: dict[str, ChoiceMode] = {"auto": "auto", "none": "none", "required": "required"}


def _choice_in(value: object) -> ToolChoice | None:
    if value is None:
        return None
    mode = _CHOICE_MODES.get(value) if isinstance(value, str) else None
    if mode is not None:
        return ToolChoice(mode)
    c = obj(value, "tool_choice") if not isinstance(value, str) else {}
    if not c:
        raise InputError("tool_choice: expected auto, none, required or an object")
    if c.get("type") == "function":
        return ToolChoice(
            "tool", req_str(obj(c.get("function"), "tool_choice"), "name", "tool_choice")
        )
    allowed = c.get("allowed_tools")
    mode = allowed.get("mode") if isinstance(allowed, dict) else None
    return ToolChoice("required" if mode == "required" else "auto", raw=c)


def _choice_out(choice: ToolChoice, same: bool) -> object:
    if choice.raw is not None and same:
        return choice.raw
    if choice.mode == "tool":
        return {"type": "function", "function": {"name": choice.name}}
    return choice.mode


def _str(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise InputError(f"{where}: expected a string")
    return value


def _now() -> int:
    return int(time.time())
