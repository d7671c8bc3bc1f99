"""Helpers shared by the test tables. Everything goes through the public library door."""

from __future__ import annotations

import time
from collections.abc import Callable

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


def assert_linear(run: Callable[[str], object], text: str) -> None:
    """``run(text)`` costs about four times what ``run`` of its first quarter costs (a
    quadratic scan would cost sixteen times as much, a backtracking one far more). CPU time,
    and a ratio rather than seconds: what a busy or slow machine does to both runs is left
    out."""

    def cost(t: str) -> float:
        t0 = time.process_time()
        run(t)
        return time.process_time() - t0

    quarter, whole = cost(text[: len(text) // 4]), cost(text)
    assert whole < 8 * quarter + 0.25, f"{quarter:.2f} s for a quarter, {whole:.2f} s for all"
