"""Plumbing for the detectors that run their own patterns instead of being a
:class:`~tiergate.detect.rule.Rule`: the byte windows around keyword hits, and the group
spans of a match.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tiergate.detect.document import Document


def windows(positions: Iterable[int], before: int, after: int, size: int) -> list[tuple[int, int]]:
    """Merged byte ranges ``[pos - before, pos + after)`` around sorted ``positions``."""
    starts: list[int] = []
    ends: list[int] = []
    for pos in positions:
        if ends and pos - before <= ends[-1]:
            ends[-1] = pos + after
        else:
            starts.append(pos - before if pos > before else 0)
            ends.append(pos + after)
    return [(lo, hi if hi < size else size) for lo, hi in zip(starts, ends, strict=True)]


def keyword_windows(
    doc: Document, keywords: tuple[str, ...], before: int, after: int
) -> list[tuple[int, int]]:
    """Byte ranges ``before``/``after`` each hit of ``keywords``, overlapping ones merged: a
    regex runs once over each, so repeated keywords cost linear time."""
    return windows(doc.positions(keywords), before, after, len(doc.data))


def match_spans(m: Any) -> tuple[tuple[int, int], ...]:
    """All group spans of a google-re2 match at once (its ``span()`` asks the C++ side for
    the group count on every call, which dominates on match-dense input)."""
    spans = getattr(m, "_spans", None)
    if spans is None:
        spans = tuple(m.span(i) for i in range(m.re.NumberOfCapturingGroups() + 1))
    return spans
