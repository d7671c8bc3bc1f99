"""Restoring answers in the client's own format: whole responses and streams.

Text goes back as text; tool-call arguments are JSON text (OpenAI) or a parsed object
(Anthropic) and are restored so that they stay valid JSON. In a stream each channel — a
choice's content, one tool call's arguments, one content block — has its own
:class:`~tiergate.restore.StreamRestorer`; whatever a channel still holds is sent before the
event that ends it.
"""

from __future__ import annotations

from typing import Any

from tiergate.extract import Format
from tiergate.jsonc import dumps as _dumps
from tiergate.jsonc import dumps_text, loads
from tiergate.restore import Restorer, StreamRestorer


def restore_value(value: Any, r: Restorer) -> Any:
    """Restore every string inside a parsed JSON value."""
    if isinstance(value, str):
        return r.text(value)
    if isinstance(value, list):
        return [restore_value(v, r) for v in value]
    if isinstance(value, dict):
        return {k: restore_value(v, r) for k, v in value.items()}
    return value


def restore_response(fmt: Format, body: Any, r: Restorer) -> Any:
    """A whole (non-streamed) response with its placeholders restored, in place."""
    if not r or not isinstance(body, dict):
        return body
    if fmt == "anthropic":
        for block in body.get("content") or ():
            if not isinstance(block, dict):
                continue
            if isinstance(block.get("text"), str):
                block["text"] = r.text(block["text"])
            if "input" in block:
                block["input"] = restore_value(block["input"], r)
        return body
    for choice in body.get("choices") or ():
        msg = choice.get("message") if isinstance(choice, dict) else None
        if not isinstance(msg, dict):
            continue
        for field in ("content", "refusal"):
            if isinstance(msg.get(field), str):
                msg[field] = r.text(msg[field])
        calls = list(msg.get("tool_calls") or ())
        if isinstance(msg.get("function_call"), dict):
            calls.append({"function": msg["function_call"]})
        for call in calls:
            fn = call.get("function") if isinstance(call, dict) else None
            if isinstance(fn, dict) and isinstance(fn.get("arguments"), str):
                fn["arguments"] = r.json_text(fn["arguments"])
    return body


class StreamRewriter:
    """Rewrites the SSE events of one stream in the client's format."""

    def __init__(self, fmt: Format, restorer: Restorer) -> None:
        self.fmt = fmt
        self.r = restorer
        self.channels: dict[tuple[Any, ...], StreamRestorer] = {}
        self.template: dict[str, Any] = {}
        # whether any text (or tool-call argument) has been sent yet; with nothing to restore
        # nothing is held, and events need not go out one by one
        self.spoke = not restorer

    def _push(self, key: tuple[Any, ...], json_text: bool, text: str) -> str:
        """``text`` through its channel's restorer: what can be sent now."""
        ch = self.channels.get(key)
        if ch is None:
            ch = self.channels[key] = self.r.stream(json_text)
        out = ch.push(text)
        self.spoke = self.spoke or bool(out)
        return out

    def event(self, name: str | None, data: str) -> bytes:
        """The bytes to send for one upstream event (maybe more than one event)."""
        if not self.r:
            return _frame(name, data)
        if self.fmt == "openai" and data.strip() == "[DONE]":
            return self.flush() + b"data: [DONE]\n\n"
        try:
            obj = loads(data)
        except ValueError:
            return _frame(name, data)
        if not isinstance(obj, dict):
            return _frame(name, data)
        if self.fmt == "anthropic":
            return self._anthropic(name, obj)
        return self._openai(obj)

    def flush(self) -> bytes:
        """Everything still held, as extra events (the stream is ending)."""
        out = b""
        for key, ch in list(self.channels.items()):
            if ch is not None and ch.holding:
                out += self._flush_event(key, ch.flush())
        return out

    # ---- OpenAI -----------------------------------------------------------------------

    def _openai(self, obj: dict[str, Any]) -> bytes:
        self.template = {k: obj[k] for k in ("id", "object", "created", "model") if k in obj}
        for choice in obj.get("choices") or ():
            if not isinstance(choice, dict):
                continue
            idx = choice.get("index", 0)
            delta = choice.get("delta")
            if not isinstance(delta, dict):
                continue
            if isinstance(delta.get("content"), str):
                delta["content"] = self._push(("c", idx), False, delta["content"])
            seen = set()
            for call in delta.get("tool_calls") or ():
                fn = call.get("function") if isinstance(call, dict) else None
                if isinstance(fn, dict) and isinstance(fn.get("arguments"), str):
                    j = call.get("index", 0)
                    seen.add(j)
                    fn["arguments"] = self._push(("t", idx, j), True, fn["arguments"])
            if choice.get("finish_reason") is not None:
                self._close_choice(idx, delta, seen)
        return b"data: " + _dumps(obj) + b"\n\n"

    def _close_choice(self, idx: Any, delta: dict[str, Any], seen: set[Any]) -> None:
        """Put what the choice's channels still hold into its finishing chunk."""
        content = self.channels.pop(("c", idx), None)
        if content is not None and content.holding:
            delta["content"] = (delta.get("content") or "") + content.flush()
        for key in [k for k in self.channels if k[0] == "t" and k[1] == idx]:
            ch = self.channels.pop(key)
            if ch is None or not ch.holding:
                continue
            rest = ch.flush()
            calls = delta.setdefault("tool_calls", [])
            for call in calls:
                if call.get("index", 0) == key[2] and key[2] in seen:
                    call["function"]["arguments"] += rest
                    break
            else:
                calls.append({"index": key[2], "function": {"arguments": rest}})

    # ---- Anthropic ----------------------------------------------------------------------

    def _anthropic(self, name: str | None, obj: dict[str, Any]) -> bytes:
        kind = obj.get("type")
        prefix = b""
        if kind == "content_block_delta":
            delta = obj.get("delta")
            idx = obj.get("index", 0)
            if isinstance(delta, dict):
                if isinstance(delta.get("text"), str):
                    delta["text"] = self._push(("c", idx), False, delta["text"])
                elif isinstance(delta.get("partial_json"), str):
                    delta["partial_json"] = self._push(("t", idx), True, delta["partial_json"])
        elif kind == "content_block_stop":
            idx = obj.get("index", 0)
            for key in (("c", idx), ("t", idx)):
                ch = self.channels.pop(key, None)
                if ch is not None and ch.holding:
                    prefix += self._flush_event(key, ch.flush())
        elif kind in ("message_delta", "message_stop"):
            prefix = self.flush()
        return prefix + _frame(name, dumps_text(obj))

    def _flush_event(self, key: tuple[Any, ...], text: str) -> bytes:
        if not text:
            return b""
        if self.fmt == "anthropic":
            delta = (
                {"type": "text_delta", "text": text}
                if key[0] == "c"
                else {"type": "input_json_delta", "partial_json": text}
            )
            body = {"type": "content_block_delta", "index": key[1], "delta": delta}
            return b"event: content_block_delta\ndata: " + _dumps(body) + b"\n\n"
        change: dict[str, Any] = (
            {"content": text}
            if key[0] == "c"
            else {"tool_calls": [{"index": key[2], "function": {"arguments": text}}]}
        )
        choice = {"index": key[1], "delta": change, "finish_reason": None}
        chunk = {**self.template, "choices": [choice]}
        return b"data: " + _dumps(chunk) + b"\n\n"


def _frame(name: str | None, data: str) -> bytes:
    head = f"event: {name}\n" if name else ""
    lines = "".join(f"data: {line}\n" for line in data.split("\n"))
    return (head + lines + "\n").encode()
