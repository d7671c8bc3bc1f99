"""Anthropic Messages streams against neutral stream events.

Decoding: block indices are kept. Blocks the neutral model does not know (server tool use,
redacted thinking) are collected until their ``content_block_stop`` and passed on whole as
``OpaqueBlock``; ``citations_delta`` is dropped.

Encoding: blocks are sent one at a time, as the API does: a block that starts closes the
open one. Text for a closed block opens a new text block; tool-call arguments for a closed
tool block are still sent under its index (only possible when an OpenAI upstream interleaves
parallel calls; the SDK accepts it). ``message_delta`` goes out once the finish reason and
the final usage are known, at the latest on ``close()``.
"""

from __future__ import annotations

import json
from typing import Any

from tiergate import jsonc
from tiergate.wire.model import (
    JSON,
    STREAM_CUT,
    STREAM_MALFORMED,
    BlockStop,
    Event,
    FinishReason,
    OpaqueBlock,
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
    "end_turn": "stop",
    "stop_sequence": "stop",
    "pause_turn": "stop",
    "max_tokens": "length",
    "model_context_window_exceeded": "length",
    "tool_use": "tool_calls",
    "refusal": "content_filter",
}
_REASON_OUT = {
    "stop": "end_turn",
    "length": "max_tokens",
    "tool_calls": "tool_use",
    "content_filter": "refusal",
}


def stop_reason_out(reason: FinishReason | None, stop_sequence: str | None, native: object) -> str:
    if isinstance(native, str) and native in FINISH:
        return native
    if reason == "stop" and stop_sequence is not None:
        return "stop_sequence"
    return _REASON_OUT.get(reason or "stop", "end_turn")


def usage_in(d: JSON) -> Usage:
    read, created = (
        _int(d.get("cache_read_input_tokens")),
        _int(d.get("cache_creation_input_tokens")),
    )
    prompt = _int(d.get("input_tokens")) + read + created
    return Usage(prompt, _int(d.get("output_tokens")), read, created)


def usage_out(usage: Usage | StreamUsage | None, hints: JSON, cache: bool = True) -> JSON:
    """Anthropic usage; ``input_tokens`` counts only uncached input. The cache fields are
    left out when not ``cache`` and zero (a same-format response that had none)."""
    if usage is None:
        return {"input_tokens": 0, "output_tokens": 0, **hints}
    cached = usage.cache_read_tokens + usage.cache_creation_tokens
    out: JSON = {
        "input_tokens": max(usage.prompt_tokens - cached, 0),
        "output_tokens": usage.completion_tokens,
    }
    if cache or cached:
        out["cache_creation_input_tokens"] = usage.cache_creation_tokens
        out["cache_read_input_tokens"] = usage.cache_read_tokens
    out.update(hints)
    return out


class StreamDecoder:
    """Upstream Messages SSE bytes in, neutral events out."""

    def __init__(self) -> None:
        self._sse = SSEParser()
        self._malformed = STREAM_MALFORMED
        self._ended = False
        self._start_usage = Usage(0, 0)
        self._kinds: dict[int, str] = {}
        self._opaque: dict[int, tuple[JSON, list[str]]] = {}

    def feed(self, chunk: bytes) -> list[Event]:
        out: list[Event] = []
        for sse in self._sse.feed(chunk):
            if not self._ended:
                self._event(sse.event, sse.data, out)
        return out

    def close(self) -> list[Event]:
        out: list[Event] = []
        self._malformed = STREAM_CUT  # an unfinished last event means the connection dropped
        for sse in self._sse.close():
            if not self._ended:
                self._event(sse.event, sse.data, out)
        if not self._ended:
            self._ended = True
            out.append(StreamError("api_error", STREAM_CUT))
        return out

    def _event(self, name: str | None, data: str, out: list[Event]) -> None:
        try:
            d = jsonc.loads(data)
        except ValueError:
            d = None
        if not isinstance(d, dict):
            self._ended = True
            out.append(StreamError("api_error", self._malformed))
            return
        kind = name if name and name != "message" else d.get("type")
        if kind == "message_start":
            message = _dict(d.get("message"))
            usage = message.get("usage")
            self._start_usage = usage_in(usage) if isinstance(usage, dict) else Usage(0, 0)
            out.append(
                StreamStart(
                    str(message.get("id") or ""), str(message.get("model") or ""), self._start_usage
                )
            )
        elif kind == "content_block_start":
            self._block_start(_index(d), _dict(d.get("content_block")), out)
        elif kind == "content_block_delta":
            self._delta(_index(d), _dict(d.get("delta")), out)
        elif kind == "content_block_stop":
            index = _index(d)
            if index in self._opaque:
                block, parts = self._opaque.pop(index)
                if parts:
                    block = {**block, "input": _loads("".join(parts))}
                out.append(OpaqueBlock(index, "anthropic", block))
            out.append(BlockStop(index))
        elif kind == "message_delta":
            self._message_delta(d, out)
        elif kind == "message_stop":
            self._ended = True
        elif kind == "error":
            self._ended = True
            error = _dict(d.get("error"))
            out.append(
                StreamError(
                    str(error.get("type") or "api_error"),
                    str(error.get("message") or "upstream error"),
                )
            )

    def _block_start(self, index: int, block: JSON, out: list[Event]) -> None:
        kind = str(block.get("type"))
        self._kinds[index] = kind
        if kind == "text":
            if block.get("text"):
                out.append(TextDelta(index, str(block["text"])))
        elif kind == "thinking":
            out.append(
                ThinkingDelta(
                    index, str(block.get("thinking") or ""), str(block.get("signature") or "")
                )
            )
        elif kind == "tool_use":
            out.append(
                ToolCallStart(index, str(block.get("id") or ""), str(block.get("name") or ""))
            )
            if block.get("input"):
                out.append(ToolCallDelta(index, json.dumps(block["input"], ensure_ascii=False)))
        else:
            self._opaque[index] = (block, [])

    def _delta(self, index: int, delta: JSON, out: list[Event]) -> None:
        kind = delta.get("type")
        if kind == "text_delta":
            out.append(TextDelta(index, str(delta.get("text") or "")))
        elif kind == "thinking_delta":
            out.append(ThinkingDelta(index, str(delta.get("thinking") or "")))
        elif kind == "signature_delta":
            out.append(ThinkingDelta(index, signature=str(delta.get("signature") or "")))
        elif kind == "input_json_delta":
            fragment = str(delta.get("partial_json") or "")
            if index in self._opaque:
                self._opaque[index][1].append(fragment)
            elif fragment:
                out.append(ToolCallDelta(index, fragment))

    def _message_delta(self, d: JSON, out: list[Event]) -> None:
        delta = _dict(d.get("delta"))
        reason = delta.get("stop_reason")
        if reason is not None:
            stop = delta.get("stop_sequence")
            native = str(reason)
            out.append(
                StreamFinish(
                    FINISH.get(native, "stop"), stop if isinstance(stop, str) else None, native
                )
            )
        usage = d.get("usage")
        if isinstance(usage, dict):
            start = self._start_usage
            u = usage_in({**usage_out(start, {}), **usage})
            out.append(
                StreamUsage(
                    u.prompt_tokens,
                    u.completion_tokens,
                    u.cache_read_tokens,
                    u.cache_creation_tokens,
                )
            )


class StreamEncoder:
    """Neutral events in, Messages SSE bytes out, as the ``anthropic`` SDK reads them.
    The message id is ``request_id``."""

    def __init__(self, model: str, request_id: str) -> None:
        self._model = model
        self._id = request_id
        self._started = False
        self._closed = False
        self._blocks: dict[int, int] = {}  # neutral index -> Anthropic index
        self._open: int | None = None  # the neutral index of the open block
        self._count = 0
        self._finish: StreamFinish | None = None
        self._usage: StreamUsage | None = None
        self._delta_sent = False

    def encode(self, event: Event) -> bytes:
        if self._closed:
            return b""
        if isinstance(event, StreamError):
            self._closed = True
            return _event(
                "error", {"type": "error", "error": {"type": event.type, "message": event.message}}
            )
        out = b"" if self._started or isinstance(event, StreamStart) else self._message_start(None)
        if isinstance(event, StreamStart):
            out += b"" if self._started else self._message_start(event.usage)
        elif isinstance(event, TextDelta) and event.text:
            out += self._ensure(event.index, {"type": "text", "text": ""})
            out += self._delta(event.index, {"type": "text_delta", "text": event.text})
        elif isinstance(event, ThinkingDelta):
            out += self._ensure(event.index, {"type": "thinking", "thinking": "", "signature": ""})
            if event.text:
                out += self._delta(event.index, {"type": "thinking_delta", "thinking": event.text})
            if event.signature:
                out += self._delta(
                    event.index, {"type": "signature_delta", "signature": event.signature}
                )
        elif isinstance(event, ToolCallStart):
            call_id = event.id or f"toolu_{self._id}_{self._count}"
            block = {"type": "tool_use", "id": call_id, "name": event.name, "input": {}}
            out += self._start_block(event.index, block)
        elif (
            isinstance(event, ToolCallDelta)
            and event.arguments_fragment
            and event.index in self._blocks
        ):
            out += self._delta(
                event.index, {"type": "input_json_delta", "partial_json": event.arguments_fragment}
            )
        elif isinstance(event, OpaqueBlock) and event.wire == "anthropic":
            out += self._start_block(event.index, event.block) + self._stop()
        elif isinstance(event, BlockStop) and event.index == self._open:
            out += self._stop()
        elif isinstance(event, StreamFinish):
            out += self._stop()
            self._finish = event
        elif isinstance(event, StreamUsage):
            self._usage = event
            if self._finish is not None:
                out += self._message_delta()
        return out

    def close(self) -> bytes:
        if self._closed:
            return b""
        out = b"" if self._started else self._message_start(None)
        out += self._stop() + self._message_delta()
        self._closed = True
        return out + _event("message_stop", {"type": "message_stop"})

    def _message_start(self, usage: Usage | None) -> bytes:
        self._started = True
        message: JSON = {
            "id": self._id,
            "type": "message",
            "role": "assistant",
            "model": self._model,
            "content": [],
            "stop_reason": None,
            "stop_sequence": None,
            "usage": usage_out(usage, {}) if usage else {"input_tokens": 0, "output_tokens": 0},
        }
        return _event("message_start", {"type": "message_start", "message": message})

    def _ensure(self, index: int, block: JSON) -> bytes:
        return b"" if self._open == index else self._start_block(index, block)

    def _start_block(self, index: int, block: JSON) -> bytes:
        out = self._stop()
        self._blocks[index] = self._count
        self._open = index
        self._count += 1
        body = {"type": "content_block_start", "index": self._blocks[index], "content_block": block}
        return out + _event("content_block_start", body)

    def _delta(self, index: int, delta: JSON) -> bytes:
        body = {"type": "content_block_delta", "index": self._blocks[index], "delta": delta}
        return _event("content_block_delta", body)

    def _stop(self) -> bytes:
        if self._open is None:
            return b""
        index, self._open = self._blocks[self._open], None
        return _event("content_block_stop", {"type": "content_block_stop", "index": index})

    def _message_delta(self) -> bytes:
        if self._delta_sent:
            return b""
        self._delta_sent = True
        finish = self._finish or StreamFinish(None)
        reason = stop_reason_out(finish.finish_reason, finish.stop_sequence, finish.native_reason)
        delta = {"stop_reason": reason, "stop_sequence": finish.stop_sequence}
        usage: JSON = {"output_tokens": 0}
        if self._usage is not None:
            usage = usage_out(self._usage, {})
        return _event("message_delta", {"type": "message_delta", "delta": delta, "usage": usage})


def _event(name: str, body: JSON) -> bytes:
    return encode_event(jsonc.dumps_text(body), name)


def _dict(value: object) -> JSON:
    return value if isinstance(value, dict) else {}


def _index(d: JSON) -> int:
    index = d.get("index")
    return index if isinstance(index, int) else 0


def _loads(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return {}


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0
