"""Image and file sources: OpenAI's URLs and data URLs against the neutral source shape.

Neutral sources are ``{"type": "base64", "media_type": ..., "data": ...}`` and
``{"type": "url", "url": ...}``; other types (``file``, Anthropic ``text`` and ``content``)
belong to one format and are only forwarded to it.
"""

from __future__ import annotations

from tiergate.errors import InputError
from tiergate.wire.model import JSON, ConversionError

_BASE64_MARK = ";base64,"


def source_from_url(url: str) -> JSON:
    """``data:<type>;base64,<data>`` becomes a base64 source, anything else a URL source."""
    if url[:5].lower() == "data:":
        head, mark, data = url[5:].partition(_BASE64_MARK)
        if mark and "," not in head:
            return {"type": "base64", "media_type": head, "data": data}
    return {"type": "url", "url": url}


def url_from_source(source: JSON, where: str) -> str:
    """The URL or data URL OpenAI carries for a neutral source."""
    kind = source.get("type")
    if kind == "url" and isinstance(source.get("url"), str):
        return str(source["url"])
    if kind == "base64" and isinstance(source.get("data"), str):
        media = source.get("media_type") if isinstance(source.get("media_type"), str) else ""
        return f"data:{media}{_BASE64_MARK}{source['data']}"
    raise ConversionError(f"{where}: a source of type {_name(kind)} cannot be given as a URL")


def file_source(file: JSON, where: str) -> JSON:
    """The source of an OpenAI ``file`` part (``file_data`` data URL or ``file_id``)."""
    data = file.get("file_data")
    if isinstance(data, str):
        source = source_from_url(data)
        if source["type"] == "url":  # bare base64; OpenAI files are PDFs
            return {"type": "base64", "media_type": "application/pdf", "data": data}
        return source
    if isinstance(file.get("file_id"), str):
        return {"type": "file", "file_id": file["file_id"]}
    raise InputError(f"{where}: a file part needs file_data or file_id")


def check_portable(source: JSON, where: str) -> JSON:
    """``source`` if both formats can carry it, else a ``ConversionError``."""
    if source.get("type") in ("base64", "url"):
        return source
    raise ConversionError(
        f"{where}: a source of type {_name(source.get('type'))} belongs to one provider's "
        "format and cannot be converted"
    )


def _name(kind: object) -> str:
    return repr(kind) if isinstance(kind, str) and len(kind) <= 40 else "unknown"
