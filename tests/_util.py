"""Helpers shared by the test tables. Everything goes through the public library door."""

from __future__ import annotations

import tiergate


def found(text: str, category: str | None = None) -> list[tuple[str, str]]:
    """(detector, matched value) for every finding, optionally of one category."""
    result = tiergate.classify(text)
    return [
        (f.detector, f.value(text))
        for f in result.findings
        if category is None or f.category == category
    ]


def detectors(text: str) -> set[str]:
    return {d for d, _ in found(text)}


def types(text: str) -> set[str]:
    return {f.type for f in tiergate.classify(text).findings}
