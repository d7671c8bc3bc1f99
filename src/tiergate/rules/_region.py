"""Records as regions: a signal (``PAYMENT_INSTRUCTION``, ``TAX_RECORD``, ``PAYROLL``,
``DIAGNOSIS``) covers the lines around a trigger word that show enough distinct cues.

A single word never makes a record: "salary" in prose is not a payslip. :class:`RegionSignal`
wants several kinds of cue in the region (what is done, to which account, for how much) and,
for records, *values*: ``label: figure`` pairs ("Net pay: 3,120.55"), which prose about the
same topics does not have.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from tiergate.detect.document import Document
from tiergate.detect.rule import compile_re2
from tiergate.findings import Category, Explanation, Finding
from tiergate.rules._scan import keyword_windows

_ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def words(*fragments: str) -> str:
    """A case-insensitive RE2 alternation; ``\\b`` is added at ASCII word edges only (RE2's
    ``\\b`` does not see é or 工 as word characters)."""
    parts = []
    for f in fragments:
        lead = r"\b" if f[0].lower() in _ASCII_WORD else ""
        tail = r"\b" if f[-1].lower() in _ASCII_WORD else ""
        parts.append(lead + f + tail)
    return "(?i:" + "|".join(parts) + ")"


FIGURE = (
    r"(?:[$€£¥₹]\s?\d(?:[\d,.' ]{0,14}\d)?"
    r"|\b\d{1,3}(?:[,.' ]\d{3})+(?:[.,]\d{1,2})?\b"
    r"|\b\d{2,}[.,]\d{2}\b"
    r"|\b\d+(?:[.,]\d{1,2})?\s?(?:€|元|円|(?i:eur|usd|gbp|chf|rmb|cny|mxn|inr)\b))"
)
"""A money amount: a currency sign or code, thousands separators, or two decimals."""

_FIGURE_RX = compile_re2(FIGURE)
_DATE_EDGE = frozenset(b".,/-")
_DIGITS = frozenset(b"0123456789")
_COMPUTED = ("figures", "pairs")  # cues computed after the named ones
_CAP = 64  # matches of one cue looked at per region: enough to judge, bounded on odd input


def _figures(data: bytes, lo: int, hi: int) -> list[tuple[int, int]]:
    """Money amounts in ``data[lo:hi]``, without the parts of dates such as ``12.03.2024``."""
    found = (m.span() for m in itertools.islice(_FIGURE_RX.finditer(data, lo, hi), _CAP))
    return [(s, e) for s, e in found if not is_date_part(data, s, e)]


def is_date_part(data: bytes, start: int, end: int) -> bool:
    """Whether ``data[start:end]`` is glued to more digits by ``.,/-`` (``12.03.2024``)."""
    if end + 1 < len(data) and data[end] in _DATE_EDGE and data[end + 1] in _DIGITS:
        return True
    return start >= 2 and data[start - 1] in _DATE_EDGE and data[start - 2] in _DIGITS


def signal(
    detector: str, type_: str, category: Category, span: tuple[int, int], note: str, **kw: Any
) -> Finding:
    """A region-level finding (``score`` 0.85 unless given; other fields of Explanation)."""
    score = kw.pop("score", 0.85)
    return Finding(
        start=span[0],
        end=span[1],
        type=type_,
        category=category,
        detector=detector,
        score=score,
        explanation=Explanation(pattern=detector, note=note, **kw),
    )


@dataclass(frozen=True, eq=False)
class RegionSignal:
    """A signal raised when the region around a trigger shows enough distinct cues.

    ``cues`` name RE2 patterns searched in the region; ``required`` lists groups of cue
    names, each group satisfied by any one of them. Two computed cues exist: ``figures``
    (at least ``min_figures`` money amounts) and ``pairs`` (at least ``min_pairs`` distinct
    ``label: figure`` pairs, the labels being the ``labels`` pattern).
    """

    id: str
    type: str
    category: Category
    keywords: tuple[str, ...]
    cues: Mapping[str, str]
    required: tuple[tuple[str, ...], ...]
    labels: str = ""
    min_pairs: int = 2
    min_figures: int = 1
    reach: tuple[int, int] = (400, 800)
    score: float = 0.85
    note: str = ""
    context_words: tuple[str, ...] = ()

    @functools.cached_property
    def _cue_rx(self) -> dict[str, Any]:
        return {name: compile_re2(p) for name, p in self.cues.items()}

    @functools.cached_property
    def _pair_rx(self) -> Any:
        if not self.labels:
            return None
        return compile_re2(
            rf"(?P<l>{self.labels})[^\n\d]{{0,40}}?(?:[:：=|\t]|  )[ \t$€£¥]{{0,6}}"
            rf"(?P<f>{FIGURE})"
        )

    @functools.cached_property
    def _settled(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        """For each cue, the required groups of named cues only that are known once it has
        been looked for (it is their last cue): a region that fails one is dropped before
        the other cues are searched."""
        order = {name: i for i, name in enumerate(self.cues) if name not in _COMPUTED}
        settled: dict[str, list[tuple[str, ...]]] = {}
        for group in self.required:
            if all(name in order for name in group):
                settled.setdefault(max(group, key=order.__getitem__), []).append(group)
        return {name: tuple(groups) for name, groups in settled.items()}

    def detect(self, doc: Document) -> Iterator[Finding]:
        for a, b in keyword_windows(doc, self.keywords, *self.reach):
            lo, hi = doc.line_bounds(a, 256)[0], doc.line_bounds(max(a, b - 1), 256)[1]
            finding = self._evaluate(doc, lo, hi)
            if finding is not None:
                yield finding

    def _evaluate(self, doc: Document, lo: int, hi: int) -> Finding | None:
        data = doc.data
        spans: dict[str, list[tuple[int, int]]] = {}
        capped = False
        settled = self._settled
        for name, rx in self._cue_rx.items():
            found = [m.span() for m in itertools.islice(rx.finditer(data, lo, hi), _CAP)]
            capped |= len(found) == _CAP
            if found:
                spans[name] = found
            for group in settled.get(name, ()):
                if not any(n in spans for n in group):
                    return None
        figures = _figures(data, lo, hi)
        capped |= len(figures) == _CAP
        if len(figures) >= self.min_figures:
            spans["figures"] = figures
        if self._pair_rx is not None:
            labels: dict[bytes, tuple[int, int]] = {}
            g_label, g_figure = self._pair_rx.groupindex["l"], self._pair_rx.groupindex["f"]
            for m in itertools.islice(self._pair_rx.finditer(data, lo, hi), _CAP):
                if is_date_part(data, *m.span(g_figure)):
                    continue
                label = b" ".join(m.group(g_label).lower().split())
                labels.setdefault(label, m.span())
            if len(labels) >= self.min_pairs:
                spans["pairs"] = list(labels.values())
        if not all(any(name in spans for name in group) for group in self.required):
            return None
        relevant = [s for group in self.required for n in group for s in spans.get(n, ())]
        start = doc.line_bounds(min(s for s, _ in relevant), 256)[0]
        end = hi if capped else doc.line_bounds(max(e for _, e in relevant) - 1, 256)[1]
        spans_used = tuple((n, True) for n in sorted(spans))
        span = (max(lo, start), min(hi, end))
        return signal(self.id, self.type, self.category, span, self.note, validators=spans_used)
