"""JSON on the gateway's hot path: orjson, and the standard library where orjson says no.

Every request is parsed once, serialised for the provider once, and every answer (each
stream event, too) is parsed and serialised again on its way back. orjson does that in a
fraction of the standard library's time. It refuses a few things the standard library accepts (``NaN``, lone
surrogate escapes such as ``"\\ud800"``) and reads integers beyond 64 bits as floats; those
inputs take the standard library's path, so what was accepted before still is, and a number
a client sent reaches the provider as it was written.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

# a run of 19 digits may be an integer beyond 64 bits (orjson would make it a float); found
# by mapping every digit to "0" and looking for 19 of them (a regex search costs 15x more)
_DIGITS_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")
_LONG_RUN = b"0" * 19


def loads(data: bytes | str) -> Any:
    """Parse JSON text; ``ValueError`` (``json.JSONDecodeError``) if it is not JSON."""
    raw = data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")
    if _LONG_RUN in raw.translate(_DIGITS_TO_ZERO):
        return json.loads(data)
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return json.loads(data)


def dumps(obj: Any) -> bytes:
    """Compact UTF-8 JSON. A string with a lone surrogate comes out escaped (``\\ud800``),
    so the output is always valid UTF-8."""
    try:
        return orjson.dumps(obj)
    except TypeError:
        return json.dumps(obj, separators=(",", ":")).encode()


def dumps_text(obj: Any) -> str:
    """:func:`dumps` as ``str``."""
    return dumps(obj).decode()
