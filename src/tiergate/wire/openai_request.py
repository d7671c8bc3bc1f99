"""OpenAI chat messages and content parts against neutral messages and parts."""

from __future__ import annotations

from tiergate.errors import InputError
from tiergate.wire.fields import array, obj, opt_str, req_str, rest
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
from tiergate.wire.sources import file_source, source_from_url, url_from_source

_SYSTEM_ROLES = ("system", "developer")


def messages_in(raw: list[object], hints: JSON) -> tuple[list[Part], list[Message]]:
    """The leading system prompt and the other messages; records in ``hints`` how the
    system prompt was split into messages."""
    system: list[Part] = []
    layout: list[JSON] = []
    messages: list[Message] = []
    for i, value in enumerate(raw):
        where = f"messages[{i}]"
        m = obj(value, where)
        role = m.get("role")
        if role in _SYSTEM_ROLES and not messages:
            parts, as_list = parts_in(m.get("content"), f"{where}.content")
            system.extend(parts)
            layout.append({"role": role, "parts": len(parts), "list": as_list})
        elif role in _SYSTEM_ROLES or role == "user":
            parts, as_list = parts_in(m.get("content"), f"{where}.content")
            extra = rest(m, ("role", "content"))
            if role == "developer":
                extra["role"] = "developer"
            kind: Role = "user" if role == "user" else "system"
            messages.append(Message(kind, parts, extra, {"list": as_list}))
        elif role == "assistant":
            messages.append(_assistant_in(m, where))
        elif role == "tool":
            parts, as_list = parts_in(m.get("content"), f"{where}.content")
            call_id = req_str(m, "tool_call_id", where)
            result = ToolResultPart(call_id, parts, hints={"list": as_list})
            messages.append(Message("tool", [result], rest(m, ("role", "content", "tool_call_id"))))
        else:
            raise InputError(f"{where}.role: expected system, developer, user, assistant or tool")
    if layout:
        hints["system_layout"] = layout
    return system, messages


def messages_out(req: ChatRequest, same: bool) -> list[JSON]:
    out = _system_out(req.system, same, req.hints if same else {})
    for i, msg in enumerate(req.messages):
        where = f"messages[{i}]"
        extra = msg.extra if same else {}
        hints = msg.hints if same else {}
        if msg.role == "assistant":
            out.append(_assistant_out(msg, same, where))
        elif msg.role == "system":
            out.append(
                {"role": "system", "content": content_out(msg.content, same, hints, where), **extra}
            )
        else:
            out.extend(_user_out(msg, same, where))
    return out


def parts_in(content: object, where: str) -> tuple[list[Part], bool]:
    """Content (a string, null or a list of parts) as parts, and whether it was a list."""
    if content is None:
        return [], False
    if isinstance(content, str):
        return [TextPart(content)], False
    items = array(content, where)
    return [_part_in(obj(p, f"{where}[{i}]"), f"{where}[{i}]") for i, p in enumerate(items)], True


def content_out(parts: list[Part], same: bool, hints: JSON, where: str) -> str | list[JSON]:
    """A string when the content is one plain text, else a list of parts."""
    one = parts[0] if len(parts) == 1 else None
    if isinstance(one, TextPart) and not hints.get("list") and not (same and one.extra):
        return one.text
    if not parts and not hints.get("list"):
        return ""
    return [_part_out(p, same, f"{where}.content[{i}]") for i, p in enumerate(parts)]


def _part_in(p: JSON, where: str) -> Part:
    kind = p.get("type")
    if kind == "text":
        return TextPart(req_str(p, "text", where), rest(p, ("type", "text")))
    if kind == "image_url":
        image = p.get("image_url")
        if isinstance(image, str):
            return ImagePart(source_from_url(image))
        image = obj(image, f"{where}.image_url")
        url = req_str(image, "url", f"{where}.image_url")
        return ImagePart(source_from_url(url), rest(image, ("url",)))
    if kind == "file":
        file = obj(p.get("file"), f"{where}.file")
        return DocumentPart(
            file_source(file, f"{where}.file"),
            opt_str(file, "filename", f"{where}.file"),
            rest(file, ("file_data", "file_id", "filename")),
        )
    return OpaquePart("openai", p)


def _part_out(part: Part, same: bool, where: str) -> JSON:
    extra = part.extra if same and not isinstance(part, ThinkingPart | OpaquePart) else {}
    if isinstance(part, TextPart):
        return {"type": "text", "text": part.text, **extra}
    if isinstance(part, ImagePart):
        return {
            "type": "image_url",
            "image_url": {"url": url_from_source(part.source, where), **extra},
        }
    if isinstance(part, DocumentPart):
        return _document_out(part, same, extra, where)
    if isinstance(part, OpaquePart) and part.wire == "openai":
        return part.data
    kind = type(part).__name__ if not isinstance(part, OpaquePart) else "this kind of"
    raise ConversionError(f"{where}: {kind} content cannot be sent in OpenAI format")


def _document_out(part: DocumentPart, same: bool, extra: JSON, where: str) -> JSON:
    source = part.source
    kind = source.get("type")
    if kind == "base64":
        media = source.get("media_type") or "application/pdf"
        name = part.title or ("document.pdf" if media == "application/pdf" else "document")
        file = {"filename": name, "file_data": url_from_source(source, where), **extra}
        if same and part.title is None:
            del file["filename"]
        return {"type": "file", "file": file}
    if kind == "file" and same:
        file = {"file_id": source.get("file_id"), **extra}
        if part.title is not None:
            file["filename"] = part.title
        return {"type": "file", "file": file}
    if kind == "text" and isinstance(source.get("data"), str):
        return {"type": "text", "text": source["data"]}
    raise ConversionError(
        f"{where}: a document of this source type cannot be sent in OpenAI format"
    )


def _assistant_in(m: JSON, where: str) -> Message:
    parts, as_list = parts_in(m.get("content"), f"{where}.content")
    for i, call in enumerate(array(m.get("tool_calls") or [], f"{where}.tool_calls")):
        c = obj(call, f"{where}.tool_calls[{i}]")
        if c.get("type", "function") != "function":
            raise InputError(f"{where}.tool_calls[{i}]: only function tool calls are supported")
        f = obj(c.get("function"), f"{where}.tool_calls[{i}].function")
        parts.append(
            ToolCallPart(
                req_str(c, "id", f"{where}.tool_calls[{i}]"),
                req_str(f, "name", f"{where}.tool_calls[{i}].function"),
                opt_str(f, "arguments", f"{where}.tool_calls[{i}].function") or "",
                rest(c, ("id", "type", "function")),
            )
        )
    hints: JSON = {"list": as_list}
    if m.get("content") is None:
        hints["content"] = "null" if "content" in m else "absent"
    return Message("assistant", parts, rest(m, ("role", "content", "tool_calls")), hints)


def _assistant_out(msg: Message, same: bool, where: str) -> JSON:
    hints = msg.hints if same else {}
    body: JSON = {"role": "assistant"}
    texts = [p for p in msg.content if isinstance(p, TextPart)]
    if same:
        content = [p for p in msg.content if isinstance(p, TextPart) or _openai_opaque(p)]
    elif texts:  # one string: what every OpenAI-compatible server accepts
        content = [TextPart("".join(p.text for p in texts))]
    else:
        content = []
    if content or hints.get("list"):
        body["content"] = content_out(content, same, hints, where)
    elif hints.get("content") != "absent":
        body["content"] = None
    calls = [
        {
            "id": p.id,
            "type": "function",
            "function": {"name": p.name, "arguments": p.arguments},
            **(p.extra if same else {}),
        }
        for p in msg.content
        if isinstance(p, ToolCallPart)
    ]
    if calls:
        body["tool_calls"] = calls
    if same:
        body.update(msg.extra)
    return body


def _user_out(msg: Message, same: bool, where: str) -> list[JSON]:
    """A user or tool message; tool results become one ``tool`` message each, followed
    by a user message with the rest (and any images the tool results held)."""
    out: list[JSON] = []
    extra = msg.extra if same else {}
    others: list[Part] = []
    moved: list[Part] = []
    for part in msg.content:
        if not isinstance(part, ToolResultPart):
            others.append(part)
            continue
        texts: list[Part] = [p for p in part.content if isinstance(p, TextPart)]
        moved.extend(p for p in part.content if not isinstance(p, TextPart))
        hints = part.hints if same else {}
        tool: JSON = {"role": "tool", "tool_call_id": part.tool_call_id}
        tool["content"] = content_out(texts, same, hints, where)
        out.append({**tool, **extra} if msg.role == "tool" else tool)
    if msg.role == "user" and (others or moved or not out):
        user_hints = msg.hints if same else {}
        content = content_out(others + moved, same, user_hints, where)
        out.append({"role": "user", "content": content, **extra})
    elif moved:
        out.append({"role": "user", "content": content_out(moved, same, {}, where)})
    return out


def _system_out(system: list[Part], same: bool, hints: JSON) -> list[JSON]:
    if not system:
        return []
    layout = hints.get("system_layout") or []
    if sum(int(s["parts"]) for s in layout) != len(system):
        layout = [{"role": "system", "parts": len(system), "list": False}]
    out: list[JSON] = []
    at = 0
    for entry in layout:
        parts = system[at : at + int(entry["parts"])]
        at += len(parts)
        content = content_out(parts, same, entry, "system")
        out.append({"role": entry["role"], "content": content})
    return out


def _openai_opaque(part: Part) -> bool:
    return isinstance(part, OpaquePart) and part.wire == "openai"
