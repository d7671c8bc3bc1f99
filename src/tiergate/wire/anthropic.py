"""Anthropic Messages: requests and responses against the neutral model.

Built from another format's request: ``max_tokens`` defaults to ``DEFAULT_MAX_TOKENS``;
``temperature`` and ``top_p`` are dropped (see ``build_request``); system messages after the first turn are
appended to the system prompt; tool-call ids are reduced to the characters Anthropic allows;
OpenAI's ``n``, ``response_format``, ``logprobs``, ``seed``, penalties, ``logit_bias``,
``reasoning_effort``, ``strict`` on functions and image ``detail`` are dropped. Audio input,
``file_id`` references and malformed tool-call arguments raise ``ConversionError``.
Streams are in ``anthropic_stream``.
"""

from __future__ import annotations

from tiergate.errors import InputError
from tiergate.wire.anthropic_request import (
    block_in,
    blocks_out,
    content_out,
    messages_in,
    messages_out,
)
from tiergate.wire.anthropic_stream import (
    FINISH,
    StreamDecoder,
    StreamEncoder,
    stop_reason_out,
    usage_in,
    usage_out,
)
from tiergate.wire.fields import (
    arguments_to_input,
    array,
    obj,
    opt_bool,
    opt_int,
    opt_num,
    opt_str,
    req_str,
    rest,
)
from tiergate.wire.model import (
    JSON,
    ChatRequest,
    ChatResponse,
    ChoiceMode,
    ConversionError,
    OpaquePart,
    Part,
    TextPart,
    ThinkingPart,
    Tool,
    ToolCallPart,
    ToolChoice,
)

__all__ = [
    "DEFAULT_MAX_TOKENS",
    "StreamDecoder",
    "StreamEncoder",
    "build_request",
    "build_response",
    "parse_request",
    "parse_response",
]

DEFAULT_MAX_TOKENS = 4096
_REQUEST_FIELDS = {
    *("model", "messages", "system", "max_tokens", "metadata", "stop_sequences", "stream"),
    *("temperature", "top_p", "tools", "tool_choice"),
}
_CHOICE_IN: dict[str, ChoiceMode] = {
    "auto": "auto",
    "any": "required",
    "tool": "tool",
    "none": "none",
}
_CHOICE_OUT = {"auto": "auto", "required": "any", "tool": "tool", "none": "none"}


def parse_request(body: object) -> ChatRequest:
    """A Messages request body as a neutral request."""
    b = obj(body, "request body")
    if "messages" not in b:
        raise InputError("request body: 'messages' is required")
    hints: JSON = {}
    system: list[Part] = []
    if b.get("system") is not None:
        raw = b["system"]
        if isinstance(raw, str):
            system = [TextPart(raw)]
        else:
            system = [
                block_in(obj(x, f"system[{i}]"), f"system[{i}]")
                for i, x in enumerate(array(raw, "system"))
            ]
            hints["system_list"] = True
    metadata = obj(b.get("metadata") or {}, "metadata")
    if "metadata" in b:
        hints["metadata"] = rest(metadata, ("user_id",))
    stops = array(b.get("stop_sequences") or [], "stop_sequences")
    if not all(isinstance(s, str) for s in stops):
        raise InputError("stop_sequences: expected an array of strings")
    if "stream" in b:
        hints["stream_key"] = True
    stream = bool(opt_bool(b, "stream", "request body"))
    choice, parallel = _choice_in(b.get("tool_choice"))
    tools = array(b.get("tools") or [], "tools")
    return ChatRequest(
        system=system,
        messages=messages_in(array(b["messages"], "messages")),
        tools=[_tool_in(obj(t, f"tools[{i}]"), f"tools[{i}]") for i, t in enumerate(tools)],
        tool_choice=choice,
        parallel_tool_calls=parallel,
        max_tokens=opt_int(b, "max_tokens", "request body"),
        temperature=opt_num(b, "temperature", "request body"),
        top_p=opt_num(b, "top_p", "request body"),
        stop=list(stops),
        stream=stream,
        stream_usage=stream,
        user=opt_str(metadata, "user_id", "metadata"),
        model=opt_str(b, "model", "request body"),
        origin="anthropic",
        extra=rest(b, _REQUEST_FIELDS),
        hints=hints,
    )


def build_request(req: ChatRequest, model: str, *, sampling: bool = False) -> JSON:
    """The Messages body for ``req``. ``temperature`` and ``top_p`` of another format's
    request are sent only with ``sampling`` (current Claude models and API versions refuse
    them; Anthropic-compatible endpoints of other vendors may take them)."""
    same = req.origin == "anthropic"
    hints = req.hints if same else {}
    hoisted, messages = messages_out(req, same)
    body: JSON = {"model": model, "messages": messages}
    system = [*req.system, *hoisted]
    if not all(isinstance(p, TextPart) for p in system):
        raise ConversionError("system: only text can be a system prompt in Anthropic format")
    if system:
        if not same and len(system) > 1:  # several OpenAI system messages: one prompt
            system = [TextPart("\n\n".join(p.text for p in system if isinstance(p, TextPart)))]
        body["system"] = content_out(system, same, {"list": hints.get("system_list")}, "system")
    body["max_tokens"] = req.max_tokens if req.max_tokens is not None else DEFAULT_MAX_TOKENS
    if req.temperature is not None and (same or sampling):
        body["temperature"] = req.temperature if same else min(req.temperature, 1.0)
    if req.top_p is not None and (same or sampling):
        body["top_p"] = req.top_p
    if req.stop:
        body["stop_sequences"] = list(req.stop)
    if req.stream or hints.get("stream_key"):
        body["stream"] = req.stream
    metadata = dict(hints.get("metadata", {}))
    if req.user is not None:
        metadata["user_id"] = req.user
    if metadata or "metadata" in hints:
        body["metadata"] = metadata
    tools = [_tool_out(t, same) for t in req.tools if t.raw is None or same]
    if tools:
        body["tools"] = tools
    choice = _choice_out(req.tool_choice, req.parallel_tool_calls, same)
    if choice is not None and (tools or same):
        body["tool_choice"] = choice
    if same:
        body.update({k: v for k, v in req.extra.items() if k not in body})
    return body


def parse_response(body: object) -> ChatResponse:
    """A Messages response as a neutral response."""
    b = obj(body, "response body")
    content = array(b.get("content") or [], "content")
    reason = b.get("stop_reason")
    usage = b.get("usage")
    hints: JSON = {"stop_reason": reason}
    if isinstance(usage, dict):
        hints["usage"] = rest(usage, _USAGE_FIELDS)
        hints["usage_cache"] = "cache_read_input_tokens" in usage
    return ChatResponse(
        id=str(b.get("id") or ""),
        model=str(b.get("model") or ""),
        content=[block_in(obj(x, f"content[{i}]"), f"content[{i}]") for i, x in enumerate(content)],
        finish_reason=FINISH.get(reason) if isinstance(reason, str) else None,
        usage=usage_in(usage) if isinstance(usage, dict) else None,
        stop_sequence=opt_str(b, "stop_sequence", "response body"),
        origin="anthropic",
        extra=rest(
            b, ("id", "type", "role", "model", "content", "stop_reason", "stop_sequence", "usage")
        ),
        hints=hints,
    )


def build_response(resp: ChatResponse, model: str) -> JSON:
    """The Messages response an Anthropic client expects for ``resp``. Tool-call arguments
    that are not a JSON object (a reply cut off by the token limit) become ``{}``."""
    same = resp.origin == "anthropic"
    hints = resp.hints if same else {}
    blocks: list[JSON] = []
    for i, part in enumerate(resp.content):
        if isinstance(part, ToolCallPart):
            args = arguments_to_input(part.arguments, f"content[{i}]", strict=False)
            block: JSON = {"type": "tool_use", "id": part.id, "name": part.name, "input": args}
            blocks.append({**block, **(part.extra if same else {})})
        elif isinstance(part, ThinkingPart) and not same:
            blocks.append(
                {"type": "thinking", "thinking": part.text, "signature": part.signature or ""}
            )
        elif not isinstance(part, OpaquePart) or same or part.data.get("type") == "refusal":
            blocks.extend(blocks_out([part], same, f"content[{i}]"))
    body: JSON = {
        "id": resp.id,
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": blocks,
        "stop_reason": stop_reason_out(
            resp.finish_reason, resp.stop_sequence, hints.get("stop_reason")
        ),
        "stop_sequence": resp.stop_sequence,
        "usage": usage_out(resp.usage, hints.get("usage", {}), hints.get("usage_cache", True)),
    }
    if same:
        body.update({k: v for k, v in resp.extra.items() if k not in body})
    return body


_USAGE_FIELDS = (
    "input_tokens",
    "output_tokens",
    "cache_creation_input_tokens",
    "cache_read_input_tokens",
)


def _tool_in(t: JSON, where: str) -> Tool:
    if "input_schema" not in t:
        return Tool(name=str(t.get("name") or t.get("type")), raw=t)
    return Tool(
        name=req_str(t, "name", where),
        description=opt_str(t, "description", where),
        parameters=obj(t["input_schema"], f"{where}.input_schema"),
        extra=rest(t, ("name", "description", "input_schema")),
    )


def _tool_out(tool: Tool, same: bool) -> JSON:
    if tool.raw is not None:
        return tool.raw
    out: JSON = {"name": tool.name}
    if tool.description is not None:
        out["description"] = tool.description
    out["input_schema"] = (
        tool.parameters if tool.parameters is not None else {"type": "object", "properties": {}}
    )
    if same:
        out.update(tool.extra)
    return out


def _choice_in(value: object) -> tuple[ToolChoice | None, bool | None]:
    if value is None:
        return None, None
    c = obj(value, "tool_choice")
    mode = _CHOICE_IN.get(str(c.get("type")))
    if mode is None:
        raise InputError("tool_choice.type: expected auto, any, tool or none")
    name = req_str(c, "name", "tool_choice") if mode == "tool" else None
    disable = opt_bool(c, "disable_parallel_tool_use", "tool_choice")
    choice = ToolChoice(mode, name)
    return choice, None if disable is None else not disable


def _choice_out(choice: ToolChoice | None, parallel: bool | None, same: bool) -> JSON | None:
    if choice is None and parallel is not False:
        return None
    out: JSON = {"type": _CHOICE_OUT[choice.mode] if choice else "auto"}
    if choice is not None and choice.mode == "tool":
        out["name"] = choice.name
    if parallel is False or (parallel is True and same):
        out["disable_parallel_tool_use"] = not parallel
    return out
