"""What a detector reports: a finding is a typed, scored span of the scanned text.

A finding never holds the matched value, only where it is; callers that need the value slice
the text they scanned (``finding.value(text)``), so nothing downstream can leak it by accident.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Category(StrEnum):
    SECRET = "SECRET"
    PII = "PII"
    FINANCIAL = "FINANCIAL"
    HEALTH = "HEALTH"
    GOVERNMENT = "GOVERNMENT"
    PROPRIETARY = "PROPRIETARY"
    BUSINESS = "BUSINESS"


SIGNAL_TYPES = frozenset(
    {
        "CLASSIFICATION_MARKING",
        "CONFIDENTIALITY_MARKING",
        "EXPORT_CONTROL",
        "BUSINESS_CONTEXT",
        "PAYMENT_INSTRUCTION",
        "TAX_RECORD",
        "PAYROLL",
        "DIAGNOSIS",
        "PERSONAL_RECORDS",
    }
)
"""Types that mark a region as sensitive rather than name a value to replace: they raise
the tier but are not redacted or pseudonymised, and never compete with value findings."""


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a finding was reported: the pattern that proposed it and what decided it.

    ``validators`` maps a validator's name to its result, ``filters`` names the
    false-positive predicates that ran (and passed), ``context`` lists the context words
    found near the match. None of it contains the matched value.
    """

    pattern: str
    validators: tuple[tuple[str, bool], ...] = ()
    filters: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    entropy: float | None = None
    note: str = ""
    test_data: bool = False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"pattern": self.pattern}
        if self.validators:
            out["validators"] = dict(self.validators)
        if self.filters:
            out["filters"] = list(self.filters)
        if self.context:
            out["context"] = list(self.context)
        if self.entropy is not None:
            out["entropy"] = round(self.entropy, 2)
        if self.note:
            out["note"] = self.note
        if self.test_data:
            out["test_data"] = True
        return out

    def describe(self) -> str:
        parts = [f"pattern {self.pattern}"]
        parts += [f"{name} {'passed' if ok else 'failed'}" for name, ok in self.validators]
        if self.context:
            parts.append("context: " + ", ".join(self.context))
        if self.entropy is not None:
            parts.append(f"entropy {self.entropy:.1f}")
        if self.test_data:
            parts.append("known test value")
        if self.note:
            parts.append(self.note)
        return "; ".join(parts)


@dataclass(frozen=True, slots=True)
class Finding:
    """A span ``[start, end)`` of Python ``str`` indices holding sensitive data."""

    start: int
    end: int
    type: str
    category: Category
    detector: str
    score: float
    explanation: Explanation = field(compare=False)

    @property
    def is_signal(self) -> bool:
        return self.type in SIGNAL_TYPES

    def at(self, start: int, end: int) -> Finding:
        """The same finding at another span (``dataclasses.replace`` costs ten times more,
        on every finding of every request)."""
        return Finding(
            start, end, self.type, self.category, self.detector, self.score, self.explanation
        )

    def value(self, text: str) -> str:
        """The matched text. Never log, store or print it."""
        return text[self.start : self.end]

    def to_dict(self, *, explain: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "type": self.type,
            "category": str(self.category),
            "detector": self.detector,
            "score": round(self.score, 3),
        }
        if explain:
            out["explanation"] = self.explanation.to_dict()
        return out
