"""OpenAI ``chat.completion.chunk`` streams against neutral stream events.

Only choice 0 is decoded. Text, reasoning (``reasoning_content``/``reasoning``, as
DeepSeek-style servers send it) and each tool call are one block each; a block ends when
another one starts (OpenAI sends them one after the other) or at ``finish_reason``.
A refusal delta is decoded as text.
"""

from __future__ import annotations

import time
from typing import Literal

from tiergate import jsonc
from tiergate.jsonc import dumps_text as _dumps
from tiergate.wire.model import (
    JSON,
    STREAM_CUT,
    STREAM_MALFORMED,
    BlockStop,
    Event,
    FinishReason,
    StreamError,
    StreamFinish,
    StreamStart,
    StreamUsage,
    TextDelta,
    ThinkingDelta,
    ToolCallDelta,
    ToolCallStart,
    Usage,
)
from tiergate.wire.sse import SSEParser, encode_event

FINISH: dict[str, FinishReason] = {
    "stop": "stop",
    "length": "length",
    "tool_calls": "tool_calls",
    "function_call": "tool_calls",
    "content_filter": "content_filter",
}


def usage_in(d: JSON) -> Usage:
    details = d.get("prompt_tokens_details")
    cached = details.get("cached_tokens") if isinstance(details, dict) else None
    return Usage(_int(d.get("prompt_tokens")), _int(d.get("completion_tokens")), _int(cached))


def usage_out(usage: Usage | StreamUsage, hints: JSON) -> JSON:
    out: JSON = {
        "prompt_tokens": usage.prompt_tokens,
        "completion_tokens": usage.completion_tokens,
        "total_tokens": usage.prompt_tokens + usage.completion_tokens,
    }
    if usage.cache_read_tokens and "prompt_tokens_details" not in hints:
        out["prompt_tokens_details"] = {"cached_tokens": usage.cache_read_tokens}
    out.update(hints)
    return out


class StreamDecoder:
    """Upstream Chat Completions SSE bytes in, neutral events out."""

    def __init__(self) -> None:
        self._sse = SSEParser()
        self._malformed = STREAM_MALFORMED
        self._started = False
        self._finished = False
        self._ended = False  # [DONE], an error or malformed data: ignore the rest
        self._next = 0
        self._open: int | None = None
        self._open_kind: Literal["text", "thinking", "tool"] | None = None
        self._tools: dict[int, int] = {}
        self._id = ""

    def feed(self, chunk: bytes) -> list[Event]:
        out: list[Event] = []
        for sse in self._sse.feed(chunk):
            if not self._ended:
                self._data(sse.data, out)
        return out

    def close(self) -> list[Event]:
        out: list[Event] = []
        self._malformed = STREAM_CUT  # an unfinished last event means the connection dropped
        for sse in self._sse.close():
            if not self._ended:
                self._data(sse.data, out)
        if not self._finished and not self._ended:
            self._stop(out)
            out.append(StreamError("api_error", STREAM_CUT))
        self._ended = True
        return out

    def _data(self, data: str, out: list[Event]) -> None:
        if data.strip() == "[DONE]":
            self._ended = True
            if not self._finished:
                self._stop(out)
                out.append(StreamFinish(None))
                self._finished = True
            return
        try:
            chunk = jsonc.loads(data)
        except ValueError:
            chunk = None
        if not isinstance(chunk, dict):
            self._ended = True
            out.append(StreamError("api_error", self._malformed))
            return
        error = chunk.get("error")
        if error:
            self._ended = True
            e = error if isinstance(error, dict) else {}
            out.append(
                StreamError(
                    str(e.get("type") or "api_error"), str(e.get("message") or "upstream error")
                )
            )
            return
        if not self._started:
            self._started = True
            self._id = str(chunk.get("id") or "")
            out.append(StreamStart(self._id, str(chunk.get("model") or "")))
        for choice in chunk.get("choices") or []:
            if isinstance(choice, dict) and choice.get("index", 0) == 0:
                self._choice(choice, out)
        usage = chunk.get("usage")
        if isinstance(usage, dict):
            u = usage_in(usage)
            out.append(StreamUsage(u.prompt_tokens, u.completion_tokens, u.cache_read_tokens))

    def _choice(self, choice: JSON, out: list[Event]) -> None:
        delta = choice.get("delta")
        delta = delta if isinstance(delta, dict) else {}
        reasoning = delta.get("reasoning_content", delta.get("reasoning"))
        if isinstance(reasoning, str) and reasoning:
            out.append(ThinkingDelta(self._block("thinking", out), reasoning))
        for key in ("content", "refusal"):
            text = delta.get(key)
            if isinstance(text, str) and text:
                out.append(TextDelta(self._block("text", out), text))
        calls = delta.get("tool_calls")
        for position, call in enumerate(calls if isinstance(calls, list) else []):
            if isinstance(call, dict):
                self._tool_call(call, position, out)
        reason = choice.get("finish_reason")
        if reason and not self._finished:
            self._stop(out)
            self._finished = True
            out.append(StreamFinish(FINISH.get(str(reason), "stop"), native_reason=str(reason)))

    def _tool_call(self, call: JSON, position: int, out: list[Event]) -> None:
        slot = call.get("index", position)
        slot = slot if isinstance(slot, int) else position
        function = call.get("function")
        function = function if isinstance(function, dict) else {}
        if slot not in self._tools:
            self._stop(out)
            index = self._tools[slot] = self._start("tool")
            call_id = call.get("id") or f"call_{self._id}_{slot}"
            out.append(ToolCallStart(index, str(call_id), str(function.get("name") or "")))
        fragment = function.get("arguments")
        if isinstance(fragment, str) and fragment:
            out.append(ToolCallDelta(self._tools[slot], fragment))

    def _block(self, kind: Literal["text", "thinking"], out: list[Event]) -> int:
        if self._open is not None and self._open_kind == kind:
            return self._open
        self._stop(out)
        return self._start(kind)

    def _start(self, kind: Literal["text", "thinking", "tool"]) -> int:
        self._open, self._open_kind = self._next, kind
        self._next += 1
        return self._open

    def _stop(self, out: list[Event]) -> None:
        if self._open is not None:
            out.append(BlockStop(self._open))
            self._open = self._open_kind = None


class StreamEncoder:
    """Neutral events in, Chat Completions SSE bytes out, as the ``openai`` SDK reads them.

    The stream's id is ``request_id``. Usage is sent as a last chunk with no choices, before
    ``[DONE]``, only when ``include_usage`` (the client's ``stream_options.include_usage``)."""

    def __init__(
        self,
        model: str,
        request_id: str,
        *,
        include_usage: bool = False,
        created: int | None = None,
    ) -> None:
        self._model = model
        self._id = request_id
        self._include_usage = include_usage
        self._created = int(time.time()) if created is None else created
        self._started = False
        self._closed = False
        self._tools: dict[int, int] = {}
        self._usage: StreamUsage | None = None

    def encode(self, event: Event) -> bytes:
        if self._closed:
            return b""
        if isinstance(event, StreamError):
            self._closed = True
            body = {"error": {"message": event.message, "type": event.type, "code": None}}
            return encode_event(_dumps(body))
        if isinstance(event, StreamUsage):
            self._usage = event
            return b""
        out = b"" if self._started else self._chunk({"role": "assistant", "content": ""})
        self._started = True
        if isinstance(event, StreamStart):
            if event.usage is not None:
                u = event.usage
                self._usage = StreamUsage(u.prompt_tokens, u.completion_tokens, u.cache_read_tokens)
        elif isinstance(event, TextDelta) and event.text:
            out += self._chunk({"content": event.text})
        elif isinstance(event, ThinkingDelta) and event.text:
            out += self._chunk({"reasoning_content": event.text})
        elif isinstance(event, ToolCallStart):
            slot = self._tools[event.index] = len(self._tools)
            function = {"name": event.name, "arguments": ""}
            call = {"index": slot, "id": event.id, "type": "function", "function": function}
            out += self._chunk({"tool_calls": [call]})
        elif (
            isinstance(event, ToolCallDelta)
            and event.arguments_fragment
            and event.index in self._tools
        ):
            call = {
                "index": self._tools[event.index],
                "function": {"arguments": event.arguments_fragment},
            }
            out += self._chunk({"tool_calls": [call]})
        elif isinstance(event, StreamFinish):
            out += self._chunk({}, event.finish_reason or "stop")
        return out

    def close(self) -> bytes:
        if self._closed:
            return b""
        self._closed = True
        out = b""
        if self._include_usage and self._usage is not None:
            body = self._head()
            body["choices"] = []
            body["usage"] = usage_out(self._usage, {})
            out += encode_event(_dumps(body))
        return out + encode_event("[DONE]")

    def _head(self) -> JSON:
        return {
            "id": self._id,
            "object": "chat.completion.chunk",
            "created": self._created,
            "model": self._model,
        }

    def _chunk(self, delta: JSON, finish_reason: str | None = None) -> bytes:
        body = self._head()
        body["choices"] = [
            {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}
        ]
        return encode_event(_dumps(body))


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0
