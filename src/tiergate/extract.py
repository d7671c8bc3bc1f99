"""The extract stage: get every piece of text out of what the caller sent.

Plain text is scanned as it is. A chat request (OpenAI or Anthropic) is walked as JSON:
every string that reaches the provider is a segment — system prompt, messages, content
parts, tool definitions (names, descriptions, schemas), tool results and tool-call
arguments, metadata — except the structural fields listed below (model, roles, ids, …).
Parts that are not text (images, audio, files) cannot be scanned: they are counted as
*unknown*, and unknown content may only go where tier-3 data may.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from tiergate.errors import InputError

Format = Literal["openai", "anthropic"]
Path = tuple[str | int, ...]

# keys whose string values are protocol, not content
_STRUCTURAL = frozenset(
    {
        "model",
        "role",
        "type",
        "id",
        "tool_call_id",
        "tool_use_id",
        "finish_reason",
        "stop_reason",
        "detail",
        "media_type",
        "format",
        "reasoning_effort",
        "service_tier",
        "modality",
        "modalities",
        "voice",
        "tool_choice",
        "cache_control",
        "anthropic_version",
        "signature",
    }
)
# content parts that are not text
_UNKNOWN_PARTS = {
    "openai": frozenset({"image_url", "input_audio", "file", "input_image", "input_file", "audio"}),
    "anthropic": frozenset({"image", "document", "container_upload", "search_result"}),
}
# the parts that are text (or hold text in known fields): any other item of a list of content
# parts (a video, a type tiergate does not know yet) is unknown, never assumed to be text
_TEXT_PARTS = {
    "openai": frozenset({"text", "refusal"}),
    "anthropic": frozenset(
        {
            *("text", "document", "tool_use", "tool_result", "thinking", "redacted_thinking"),
            *("server_tool_use", "web_search_tool_result", "web_fetch_tool_result"),
            *("code_execution_tool_result", "bash_code_execution_tool_result"),
            *("text_editor_code_execution_tool_result", "mcp_tool_use", "mcp_tool_result"),
        }
    ),
}
# top-level request fields that are settings, not content (numbers and flags are skipped anyway)
_SETTINGS = frozenset({"stream", "stream_options", "n", "logit_bias", "seed", "thinking"})


@dataclass(frozen=True)
class Segment:
    path: Path
    text: str


@dataclass
class Extracted:
    segments: list[Segment] = field(default_factory=list)
    unknown_parts: int = 0

    def joined(self, sep: str = "\n\n") -> tuple[str, list[int]]:
        """All segments in one text, and where each starts in it."""
        starts, pos = [], 0
        for s in self.segments:
            starts.append(pos)
            pos += len(s.text) + len(sep)
        return sep.join(s.text for s in self.segments), starts


def plain_text(value: object) -> str:
    if isinstance(value, str):
        return value
    raise InputError(f"expected text (str), got {type(value).__name__}")


def decode(data: bytes) -> str:
    """Bytes from a file or stdin: UTF-8 (with or without BOM); invalid bytes become U+FFFD,
    one per byte, so nothing in the input is silently skipped."""
    return data.decode("utf-8-sig", "replace")


def chat_request(body: Any, fmt: Format) -> Extracted:
    """Every text segment of a chat request in format ``fmt``."""
    if not isinstance(body, dict):
        raise InputError("the request body must be a JSON object")
    out = Extracted()
    for key, value in body.items():
        if key in _STRUCTURAL or key in _SETTINGS:
            continue
        _walk(value, (key,), fmt, out, parts=key == "system")
    return out


def _walk(value: Any, path: Path, fmt: Format, out: Extracted, parts: bool = False) -> None:
    """``parts``: ``value`` is a list of content parts (a message's, a tool result's, system)."""
    if isinstance(value, str):
        if value:
            out.segments.append(Segment(path, value))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if parts and isinstance(item, dict) and item.get("type") not in _TEXT_PARTS[fmt]:
                out.unknown_parts += 1
                continue
            _walk(item, (*path, i), fmt, out)
    elif isinstance(value, dict):
        if _is_unknown_part(value, fmt):
            out.unknown_parts += 1
            return
        is_message = len(path) == 2 and path[0] == "messages"
        holds_parts = is_message or value.get("type") == "tool_result"
        for key, item in value.items():
            if key not in _STRUCTURAL:
                _walk(item, (*path, key), fmt, out, parts=holds_parts and key == "content")


def _is_unknown_part(part: dict[str, Any], fmt: Format) -> bool:
    kind = part.get("type")
    if kind not in _UNKNOWN_PARTS[fmt]:
        return False
    source = part.get("source")  # an Anthropic document given as plain text is text
    return not (kind == "document" and isinstance(source, dict) and source.get("type") == "text")


class Rewrite:
    """A copy of a JSON value with some strings replaced, sharing what is left unchanged.

    Only the lists and dicts on the way to a replaced string are copied (each once); the
    original is never modified. A 2 KB chat request with one name in it costs a handful of
    small copies instead of a deep copy of the whole body.
    """

    def __init__(self, original: Any) -> None:
        self.value = original
        self._copies: set[int] = set()  # ids of the containers this rewrite made

    def _own(self, container: Any) -> Any:
        if id(container) in self._copies:
            return container
        mine = list(container) if isinstance(container, list) else dict(container)
        self._copies.add(id(mine))
        return mine

    def set(self, path: Path, value: str) -> None:
        """Replace the string at ``path`` with ``value``."""
        self.value = node = self._own(self.value)
        for step in path[:-1]:
            child = self._own(node[step])
            node[step] = child
            node = child
        node[path[-1]] = value


def iter_strings(value: Any) -> Iterator[str]:
    """Every string inside a JSON value (used to restore tool inputs given as objects)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from iter_strings(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from iter_strings(v)
