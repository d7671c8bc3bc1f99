"""False-positive filters: named pure predicates over a candidate value.

A filter answers "is this value something that only looks sensitive?"; ``True`` drops the
candidate. Each finding records which filters ran (detect-secrets' ``filters_used``), so a
missed secret can be traced to the filter that dropped it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

Filter = Callable[[str], bool]

_PLACEHOLDER_WORDS = (
    "example",
    "your_",
    "your-",
    "yourkey",
    "your_api",
    "placeholder",
    "changeme",
    "change_me",
    "replace_me",
    "replaceme",
    "redacted",
    "dummy",
    "insert_",
    "insert-",
    "<your",
    "xxxxxx",
    "******",
    "......",
    "${",
    "{{",
    "}}",
    "%(",
    "os.environ",
    "process.env",
    "getenv",
    "env[",
    "env.",
    "secrets.",
    "vault:",
)

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_HEX = re.compile(r"[0-9a-f]+|[0-9A-F]+")
_TEMPLATE = re.compile(r"<[^<>\n]{1,60}>|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|\{\{[^{}\n]{0,80}\}\}")


def is_placeholder(value: str) -> bool:
    """Documented example values and fill-in-here markers: ``<your-api-key>``, ``xxxx``,
    ``${{ secrets.X }}``, ``os.environ["X"]``, ``AKIAIOSFODNN7EXAMPLE``."""
    low = value.lower()
    if any(w in low for w in _PLACEHOLDER_WORDS):
        return True
    return _TEMPLATE.fullmatch(value) is not None


def is_masked(value: str) -> bool:
    """A value shown with most of it hidden: ``sk-…Qx7F``, ``sk-****Qx7F``, ``ghp_...abcd``."""
    return any(m in value for m in ("…", "***", "...", "•••", "###"))


def is_repetitive(value: str) -> bool:
    """Mostly one character, or a tiny repeated unit, after any prefix such as ``ghp_``:
    ``ghp_aaaa…``, ``abababab``, ``00000000``."""
    body = value.rsplit("_", 1)[-1].rsplit("-", 1)[-1]
    if len(body) < 8:
        return False
    if Counter(body).most_common(1)[0][1] * 2 >= len(body):
        return True
    for unit in range(2, 5):
        reps = len(body) // unit
        if body[:unit] * reps == body[: unit * reps]:
            return True
    return False


def is_uuid(value: str) -> bool:
    return _UUID.fullmatch(value) is not None


def is_hex_digest(value: str) -> bool:
    """A git SHA or content hash: 32, 40, 56, 64 or 128 hex digits of one case."""
    return len(value) in (32, 40, 56, 64, 96, 128) and _HEX.fullmatch(value) is not None


def is_base64_image(value: str) -> bool:
    return value.startswith(("data:image/", "iVBORw0KGgo", "/9j/", "R0lGOD"))


SECRET_FILTERS: tuple[Filter, ...] = (is_placeholder, is_masked, is_repetitive)
"""Filters every secret rule runs by default."""

GENERIC_SECRET_FILTERS: tuple[Filter, ...] = (
    *SECRET_FILTERS,
    is_uuid,
    is_hex_digest,
    is_base64_image,
)
"""Filters for generic rules (keyword assignments, entropy): also drop ids and hashes."""
