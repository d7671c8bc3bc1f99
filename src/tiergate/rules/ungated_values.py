"""The keyword-less value formats (card numbers, IBANs, distinctive identity numbers),
located in one RE2 pass over the text.

Card numbers, IBANs and some identity numbers (FR NIR, IT codice fiscale, CN resident ID,
…) are pasted without any label, so no keyword can gate them. Scanning for each format
separately costs one full pass of the text per format; here one alternation of all their
patterns only locates where any of them may be, and each detector then scans, with its own
pattern, a window from each match to ``SLACK`` bytes past it. The alternation is
leftmost-first, so every candidate of every format starts inside or at the start of some
match, and no candidate is longer than ``SLACK`` (a card run is at most 46 bytes, an IBAN
needs 15 to be proposed): none is missed, and as windows are merged, none is seen twice.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

from tiergate.detect.document import Document
from tiergate.detect.rule import compile_re2
from tiergate.findings import Finding
from tiergate.rules import pii_ids_americas, pii_ids_asia, pii_ids_europe
from tiergate.rules._idrule import BareScan
from tiergate.rules.financial_cards import CardDetector
from tiergate.rules.financial_iban import IbanDetector

SLACK = 128


class Windowed(Protocol):
    """A keyword-less detector that can scan a window of the text."""

    @property
    def id(self) -> str: ...

    @property
    def pattern(self) -> str: ...

    @property
    def context_words(self) -> frozenset[str]: ...

    def scan(self, doc: Document, lo: int, hi: int) -> Iterator[Finding]: ...


class UngatedValues:
    """Several keyword-less detectors run behind one locating pass."""

    keywords: tuple[str, ...] = ()

    def __init__(self, id: str, parts: Sequence[Windowed]) -> None:
        self.id = id
        self.parts = tuple(parts)
        self.context_words = frozenset().union(*(p.context_words for p in self.parts))
        self.regex = compile_re2("|".join(f"(?:{p.pattern})" for p in self.parts))

    def windows(self, doc: Document) -> list[tuple[int, int]]:
        size = len(doc.data)
        out: list[tuple[int, int]] = []
        for m in self.regex.finditer(doc.data):
            lo, hi = m.start(), min(size, m.end() + SLACK)
            if out and lo <= out[-1][1]:
                out[-1] = (out[-1][0], hi)
            else:
                out.append((lo, hi))
        return out

    def detect(self, doc: Document) -> Iterator[Finding]:
        for lo, hi in self.windows(doc):
            for part in self.parts:
                yield from part.scan(doc, lo, hi)


BARE_IDS = BareScan(
    "national-id-bare", (*pii_ids_europe.BARE, *pii_ids_asia.BARE, *pii_ids_americas.BARE)
)

DETECTORS = [UngatedValues("ungated-values", (CardDetector(), IbanDetector(), BARE_IDS))]
