"""Pieces shared by the secret detectors that are not rules: the finding they report,
lenient base64 decoding, and a look at the words just before a value.
"""

from __future__ import annotations

import base64
import binascii

from tiergate.detect.document import Document
from tiergate.findings import Category, Explanation, Finding


def finding(detector: str, type_: str, start: int, end: int, score: float, note: str) -> Finding:
    """A secret finding of ``detector``, explained by its ``note``."""
    return Finding(
        start=start,
        end=end,
        type=type_,
        category=Category.SECRET,
        detector=detector,
        score=score,
        explanation=Explanation(pattern=detector, note=note),
    )


def b64decode_lenient(value: str) -> bytes | None:
    """Standard or URL-safe base64, padding optional; ``None`` when it is not base64."""
    v = value.strip().rstrip("=")
    if len(v) % 4 == 1:
        v = v[:-1]
    try:
        return base64.b64decode(
            v.replace("-", "+").replace("_", "/") + "=" * (-len(v) % 4), validate=True
        )
    except (binascii.Error, ValueError):
        return None


def context_before(doc: Document, start: int, words: tuple[str, ...], distance: int = 64) -> bool:
    """Whether one of ``words`` (lowercase) occurs in the ``distance`` bytes before ``start``,
    also inside identifiers (``jwtToken``, ``ACCESS_TOKEN=``)."""
    before = doc.low[max(0, start - distance) : start]
    return any(w in before for w in words)
