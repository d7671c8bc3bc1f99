"""Server-sent events: an incremental parser and the encoding of one event.

The parser follows the WHATWG event-stream rules: lines end in CRLF, LF or CR; ``:`` starts
a comment; ``data`` lines of one event are joined with ``\\n``; a blank line dispatches.
Bytes may arrive in any chunking, including a CRLF or a UTF-8 character split across
chunks. Each byte goes through a fixed number of C-level passes (find, replace, split) once
its line is complete, so parsing is linear however the bytes are chunked.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ServerSentEvent:
    event: str | None  # None when the stream gave no ``event:`` field
    data: str
    id: str | None = None


class SSEParser:
    """Feed bytes, get complete events."""

    def __init__(self) -> None:
        self._buf = bytearray()
        self._scanned = 0  # bytes of _buf known to hold no line end
        self._skip_lf = False  # the last line ended in CR; a leading LF belongs to it
        self._event: str | None = None
        self._data: list[str] = []
        self._id: str | None = None
        self._last_id: str | None = None

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        if self._skip_lf and chunk:
            self._skip_lf = False
            if chunk[:1] == b"\n":
                chunk = chunk[1:]
        buf = self._buf
        buf += chunk
        end = max(buf.rfind(b"\n", self._scanned), buf.rfind(b"\r", self._scanned)) + 1
        if not end:
            self._scanned = len(buf)
            return []
        # A CR as the very last byte may be the first half of a CRLF.
        self._skip_lf = end == len(buf) and buf[-1:] == b"\r"
        complete = bytes(buf[:end]).replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        del buf[:end]
        self._scanned = len(buf)
        events: list[ServerSentEvent] = []
        for line in complete.split(b"\n")[:-1]:
            self._line(line, events)
        return events

    def close(self) -> list[ServerSentEvent]:
        """End of stream. Leniently, an unterminated last line and an event without its
        closing blank line still count (the standard would drop them)."""
        events: list[ServerSentEvent] = []
        if self._buf:
            self._line(bytes(self._buf), events)
            self._buf.clear()
        self._scanned = 0
        self._dispatch(events)
        return events

    def _line(self, raw: bytes, events: list[ServerSentEvent]) -> None:
        if not raw:
            self._dispatch(events)
            return
        line = raw.decode("utf-8", errors="replace")
        if line[0] == ":":
            return
        name, sep, value = line.partition(":")
        if sep and value[:1] == " ":
            value = value[1:]
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id" and "\0" not in value:
            self._id = value
        # "retry" and unknown fields are ignored.

    def _dispatch(self, events: list[ServerSentEvent]) -> None:
        if self._id is not None:
            self._last_id = self._id
        if self._data:
            events.append(ServerSentEvent(self._event, "\n".join(self._data), self._last_id))
        self._event = None
        self._data = []
        self._id = None


def encode_event(data: str, event: str | None = None) -> bytes:
    """One event as bytes; a multi-line ``data`` becomes several ``data:`` lines."""
    head = f"event: {event}\n" if event is not None else ""
    lines = "".join(f"data: {line}\n" for line in data.split("\n"))
    return f"{head}{lines}\n".encode()
