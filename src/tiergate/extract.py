"""The extract stage: get the text to scan out of what the caller sent.

Plain text only for now: a ``str`` is scanned as it is; anything else is refused.
"""

from __future__ import annotations

from tiergate.errors import InputError


def plain_text(value: object) -> str:
    if isinstance(value, str):
        return value
    raise InputError(f"expected text (str), got {type(value).__name__}")


def decode(data: bytes) -> str:
    """Bytes from a file or stdin: UTF-8 (with or without BOM); invalid bytes become U+FFFD,
    one per byte, so nothing in the input is silently skipped."""
    return data.decode("utf-8-sig", "replace")
