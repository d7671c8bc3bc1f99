"""Anthropic content blocks and messages against neutral parts and messages."""

from __future__ import annotations

import re

from tiergate.errors import InputError
from tiergate.wire.fields import (
    arguments_to_input,
    array,
    input_to_arguments,
    obj,
    opt_bool,
    opt_str,
    req_str,
    rest,
)
from tiergate.wire.model import (
    JSON,
    ChatRequest,
    ConversionError,
    DocumentPart,
    ImagePart,
    Message,
    OpaquePart,
    Part,
    Role,
    TextPart,
    ThinkingPart,
    ToolCallPart,
    ToolResultPart,
)
from tiergate.wire.sources import check_portable

_ID_UNSAFE = re.compile(r"[^a-zA-Z0-9_-]")


def tool_id(value: str) -> str:
    """A tool-call id as Anthropic accepts it (letters, digits, ``_`` and ``-``)."""
    return _ID_UNSAFE.sub("_", value) or "toolu_none"


def blocks_in(content: object, where: str) -> tuple[list[Part], bool]:
    """Content (a string or a list of blocks) as parts, and whether it was a list."""
    if isinstance(content, str):
        return [TextPart(content)], False
    items = array(content, where)
    return [block_in(obj(b, f"{where}[{i}]"), f"{where}[{i}]") for i, b in enumerate(items)], True


def block_in(b: JSON, where: str) -> Part:
    kind = b.get("type")
    if kind == "text":
        return TextPart(req_str(b, "text", where), rest(b, ("type", "text")))
    if kind == "image":
        return ImagePart(obj(b.get("source"), f"{where}.source"), rest(b, ("type", "source")))
    if kind == "document":
        source = obj(b.get("source"), f"{where}.source")
        return DocumentPart(
            source, opt_str(b, "title", where), rest(b, ("type", "source", "title"))
        )
    if kind == "tool_use":
        return ToolCallPart(
            req_str(b, "id", where),
            req_str(b, "name", where),
            input_to_arguments(b.get("input", {}), f"{where}.input"),
            rest(b, ("type", "id", "name", "input")),
        )
    if kind == "tool_result":
        content = b.get("content")
        parts, as_list = ([], False) if content is None else blocks_in(content, f"{where}.content")
        hints = {"list": as_list, "content": "content" in b, "is_error": "is_error" in b}
        return ToolResultPart(
            req_str(b, "tool_use_id", where),
            parts,
            bool(opt_bool(b, "is_error", where)),
            rest(b, ("type", "tool_use_id", "content", "is_error")),
            hints,
        )
    if kind == "thinking":
        return ThinkingPart(req_str(b, "thinking", where), opt_str(b, "signature", where))
    return OpaquePart("anthropic", b)


def content_out(parts: list[Part], same: bool, hints: JSON, where: str) -> str | list[JSON]:
    """A string when the content is one plain text, else a list of blocks."""
    one = parts[0] if len(parts) == 1 else None
    if isinstance(one, TextPart) and not hints.get("list") and not (same and one.extra):
        return one.text
    return blocks_out(parts, same, where)


def blocks_out(parts: list[Part], same: bool, where: str) -> list[JSON]:
    out: list[JSON] = []
    for i, part in enumerate(parts):
        block = _block_out(part, same, f"{where}[{i}]")
        if block is not None:
            out.append(block)
    return out


def messages_in(raw: list[object]) -> list[Message]:
    messages: list[Message] = []
    for i, value in enumerate(raw):
        where = f"messages[{i}]"
        m = obj(value, where)
        role = m.get("role")
        if role not in ("user", "assistant"):
            raise InputError(f"{where}.role: expected user or assistant")
        if "content" not in m:
            raise InputError(f"{where}.content: required field is missing")
        parts, as_list = blocks_in(m["content"], f"{where}.content")
        kind: Role = "user" if role == "user" else "assistant"
        messages.append(Message(kind, parts, rest(m, ("role", "content")), {"list": as_list}))
    return messages


def messages_out(req: ChatRequest, same: bool) -> tuple[list[Part], list[JSON]]:
    """The messages, and the system parts of mid-conversation system messages (Anthropic has
    one system prompt: they are appended to it). Consecutive tool messages and the user
    message after them become one user message with the tool results first."""
    hoisted: list[Part] = []
    out: list[JSON] = []
    results: list[JSON] = []

    def flush() -> None:
        if results:
            out.append({"role": "user", "content": list(results)})
            results.clear()

    for i, msg in enumerate(req.messages):
        where = f"messages[{i}].content"
        extra = msg.extra if same else {}
        if msg.role == "system":
            hoisted.extend(msg.content)
        elif msg.role == "tool":
            results.extend(blocks_out(msg.content, same, where))
        elif msg.role == "user" and results:
            results.extend(blocks_out(msg.content, same, where))
            flush()
        else:
            flush()
            content = content_out(msg.content, same, msg.hints if same else {}, where)
            out.append({"role": msg.role, "content": content, **extra})
    flush()
    return hoisted, out


def _block_out(part: Part, same: bool, where: str) -> JSON | None:
    if isinstance(part, TextPart):
        if not part.text and not same:
            return None  # Anthropic refuses empty text blocks
        return {"type": "text", "text": part.text, **(part.extra if same else {})}
    if isinstance(part, ImagePart):
        source = part.source if same else check_portable(part.source, where)
        return {"type": "image", "source": source, **(part.extra if same else {})}
    if isinstance(part, DocumentPart):
        return _document_out(part, same, where)
    if isinstance(part, ToolCallPart):
        return {
            "type": "tool_use",
            "id": tool_id(part.id),
            "name": part.name,
            "input": arguments_to_input(part.arguments, where),
            **(part.extra if same else {}),
        }
    if isinstance(part, ToolResultPart):
        return _result_out(part, same, where)
    if isinstance(part, ThinkingPart):
        if part.signature is None and not same:
            return None  # Anthropic only takes back thinking it signed
        block: JSON = {"type": "thinking", "thinking": part.text}
        if part.signature is not None:
            block["signature"] = part.signature
        return block
    if part.wire == "anthropic":
        return part.data
    if part.data.get("type") == "refusal" and isinstance(part.data.get("refusal"), str):
        return {"type": "text", "text": part.data["refusal"]} if part.data["refusal"] else None
    raise ConversionError(f"{where}: this kind of content cannot be sent in Anthropic format")


def _document_out(part: DocumentPart, same: bool, where: str) -> JSON:
    source = part.source if same else check_portable(part.source, where)
    block: JSON = {"type": "document", "source": source}
    if part.title is not None:
        block["title"] = part.title
    if same:
        block.update(part.extra)
    return block


def _result_out(part: ToolResultPart, same: bool, where: str) -> JSON:
    hints = part.hints if same else {}
    block: JSON = {"type": "tool_result", "tool_use_id": tool_id(part.tool_call_id)}
    if part.content or not same or hints.get("content"):
        content = content_out(part.content, same, hints, f"{where}.content")
        if content or hints.get("content") or hints.get("list"):
            block["content"] = content
    if part.is_error or hints.get("is_error"):
        block["is_error"] = part.is_error
    if same:
        block.update(part.extra)
    return block
