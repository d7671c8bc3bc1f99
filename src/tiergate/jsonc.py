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
import re
from typing import Any

import orjson

# a run of digits that may be an integer beyond 64 bits (orjson would make it a float)
_LONG_DIGITS = re.compile(r"\d{19}")
_LONG_DIGITS_B = re.compile(rb"\d{19}")


def loads(data: bytes | str) -> Any:
    """Parse JSON text; ``ValueError`` (``json.JSONDecodeError``) if it is not JSON."""
    long = _LONG_DIGITS_B.search(data) if isinstance(data, bytes) else _LONG_DIGITS.search(data)
    if long:
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
