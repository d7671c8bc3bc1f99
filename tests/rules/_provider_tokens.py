"""Fake provider tokens for the secret-rule tables, and a scanner over one rules module.

``fake("xoxb-{d12}-{d13}-{a24}")`` fills each ``{<class><n>}`` with ``n`` random characters:
``d`` digits, ``h`` lowercase hex, ``H`` uppercase hex, ``l`` lowercase letters and digits,
``u`` uppercase letters and digits, ``a`` mixed-case letters and digits, ``b`` base64url.
Every generated part with letters and digits holds at least one of each (and both cases for
``a``/``b``), so that it looks like a random key and not like a word.
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Sequence

import tiergate
from tiergate.detect.engine import Scanner
from tiergate.detect.rule import Detector

_CLASSES = {
    "d": string.digits,
    "h": "0123456789abcdef",
    "H": "0123456789ABCDEF",
    "l": string.ascii_lowercase + string.digits,
    "u": string.ascii_uppercase + string.digits,
    "a": string.ascii_letters + string.digits,
    "b": string.ascii_letters + string.digits + "-_",
}
_FIELD = re.compile(r"\{([dhHluab])(\d+)\}")
_rng = random.Random(20240601)


def _part(cls: str, n: int) -> str:
    alphabet = _CLASSES[cls]
    while True:
        s = "".join(_rng.choice(alphabet) for _ in range(n))
        if cls == "d" or n < 6:
            return s
        if not any(c.isdigit() for c in s) or not any(c.isalpha() for c in s):
            continue
        if cls in "ab" and not (any(c.isupper() for c in s) and any(c.islower() for c in s)):
            continue
        return s


def fake(template: str) -> str:
    return _FIELD.sub(lambda m: _part(m.group(1), int(m.group(2))), template)


class RuleScanner:
    """Scans with one module's rules only (exact detector ids, no competition from other
    modules), at the default policy's threshold."""

    def __init__(self, rules: Sequence[Detector]) -> None:
        self._scanner = Scanner(rules, min_score=0.5)

    def __call__(self, text: str) -> list[tuple[str, str]]:
        return [(f.detector, text[f.start : f.end]) for f in self._scanner.scan(text)]


def flagged_as_secret(text: str, value: str) -> bool:
    """Through the public door: some SECRET finding of ``tiergate.classify`` covers ``value``."""
    start = text.index(value)
    end = start + len(value)
    return any(
        f.category == "SECRET" and f.start <= start and f.end >= end
        for f in tiergate.classify(text).findings
    )
