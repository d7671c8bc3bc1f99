"""The restore stage: put the original values back where an answer holds placeholders.

The map comes from the request itself (every value that was pseudonymised on the way out),
so any placeholder the model repeats from any turn of the conversation can be restored.
Secrets were redacted, not pseudonymised: they are not in the map and never come back.

Streams are restored chunk by chunk without buffering the answer: a chunk is passed on at
once, except a tail that could be the start of a placeholder (``[PERS``), which is held
until the next chunk shows whether it is one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from tiergate.transform import PLACEHOLDER_RE

# the longest placeholder: "[" + type (≤ 40) + "_" + 16 hex + "]"
MAX_PLACEHOLDER = 1 + 40 + 1 + 16 + 1
_PARTIAL = re.compile(r"\[[A-Z][A-Z0-9_]{0,40}(?:_[0-9a-f]{0,16})?$|\[$")


class Restorer:
    """Restores placeholders of one request's map in text or in JSON text."""

    def __init__(self, restore_map: Mapping[str, str]) -> None:
        self.map = dict(restore_map)

    def __bool__(self) -> bool:
        return bool(self.map)

    def text(self, s: str) -> str:
        if not self.map or "[" not in s:
            return s
        return PLACEHOLDER_RE.sub(lambda m: self.map.get(m.group(0), m.group(0)), s)

    def json_text(self, s: str) -> str:
        """Restore inside JSON text (tool-call arguments): the value is escaped as a JSON
        string's content, so the JSON stays valid."""
        if not self.map or "[" not in s:
            return s
        return PLACEHOLDER_RE.sub(
            lambda m: (
                json.dumps(self.map[m.group(0)], ensure_ascii=False)[1:-1]
                if m.group(0) in self.map
                else m.group(0)
            ),
            s,
        )

    def stream(self, json_text: bool = False) -> StreamRestorer:
        return StreamRestorer(self, json_text)


class StreamRestorer:
    """Restores one stream of text (one choice's content, one tool call's arguments)."""

    def __init__(self, restorer: Restorer, json_text: bool = False) -> None:
        self._restore = restorer.json_text if json_text else restorer.text
        self._active = bool(restorer)
        self._held = ""

    def push(self, chunk: str) -> str:
        """The restored text that is safe to send now."""
        if not self._active:
            return chunk
        text = self._held + chunk
        cut = _hold_from(text)
        self._held = text[cut:]
        return self._restore(text[:cut])

    def flush(self) -> str:
        """Whatever is still held back (the stream ended)."""
        text, self._held = self._held, ""
        return self._restore(text) if text else ""

    @property
    def holding(self) -> bool:
        return bool(self._held)


def _hold_from(text: str) -> int:
    """Where a possible partial placeholder starts at the end of ``text`` (else its end)."""
    start = text.rfind("[", max(0, len(text) - MAX_PLACEHOLDER))
    if start >= 0 and _PARTIAL.match(text, start):
        return start
    return len(text)
