"""Layout tests shared by the marking rules: is a phrase a label *on* the document, or words
*about* markings?

A banner is a line of its own (``SECRET//NOFORN``, ``Company Confidential``), a header or
footer segment (``Acme | Confidential | Page 2``), the value of a label
(``Classification: Internal``) or the lead of a line (``CONFIDENTIAL: Q3 plan``), and often
repeated top and bottom. The same words inside a sentence, in quotes, or near explainer cues
("stands for", "what is", "for example") are talk about markings and score below the policy
threshold. Private (``_``): the registry does not load it as a rules module.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from tiergate.detect.document import Document
from tiergate.detect.rule import compile_re2
from tiergate.findings import Category, Explanation, Finding

EXPLAINER = (
    "stands for", "means", "meaning", "what is", "what's", "what does", "what do", "what are",
    "refers to", "known as", "acronym", "abbreviation", "definition", "defined as", "explain",
    "explained", "difference between", "template", "bedeutet", "steht für",
    "was ist", "signifie", "veut dire", "qu'est-ce", "significa", "qué es", "什么是", "是什么",
    "意思", "とは", "의미",
)  # fmt: skip
"""Words of a text that explains a term rather than uses it."""

DISCUSSION = (
    *EXPLAINER, "stamped", "marked", "labeled", "labelled", "leaked", "levels", "markings", "banner marking", "banner line",
    "portion mark", "portion marking", "looks like", "must appear", "should appear",
    "how to mark", "marking guide",
)  # fmt: skip
"""Words that mark a text as talking *about* a marking rather than carrying it."""

NEARBY_DISCUSSION = (
    "e.g.", "for example", "for instance", "such as", "an example", "zum beispiel",
    "par exemple", "por ejemplo", "例如",
)  # fmt: skip
"""Weaker cues, that count only right next to the marking (the same or the next line)."""


_TAXONOMY = compile_re2(
    r"(?im)^[ \t|*#>\-•]*(public|unclassified|general|internal|confidential|restricted|secret"
    r"|top secret|highly confidential|strictly confidential|official|official-sensitive)"
    r"[ \t*]*(?:\||:|[-–—] |\(|$)"
)


def is_taxonomy(doc: Document) -> bool:
    """Whether the text lists classification levels (a policy table, a glossary): three or
    more level names each opening a line, a table cell or a list item."""
    levels: set[str] = set()
    for n, m in enumerate(_TAXONOMY.finditer(doc.data)):
        levels.add(m.group(1).lower().decode())
        if len(levels) >= 3 or n >= MAX_CANDIDATES:
            break
    return len(levels) >= 3


def discussed(doc: Document, start: int, end: int) -> list[str]:
    """The discussion cues near ``[start, end)``; in a text with three different ones (a
    guide to marking, an explainer with examples) every marking counts as discussed."""
    near = doc.near(DISCUSSION, start, end, 200) + doc.near(NEARBY_DISCUSSION, start, end, 60)
    if not near:
        cues = [w for w in DISCUSSION if w in doc.hits]
        if len(cues) >= 3:
            return cues
    return near


_DECOR = " \t\r*#=_~-–—|•·+>[](){}【】〔〕<>:：/\\"
_QUOTES = "\"'`“”‘’«»„「」『』"
_SEPARATOR = compile_re2(r"[|•·\t]|\s{2,}| [-–—] ")  # between header/footer segments
_LABEL_SPLIT = compile_re2(r"[|•·\t:：]|\s{2,}| [-–—] ")
_LEAD_SEPS = (":", "：", "-", "–", "—", "|", "/", "]", ")", "】", ",", ".", "，")
_OWNER = compile_re2(r"[A-Z][A-Za-z0-9&.'-]{0,30}(?: [A-Z][A-Za-z0-9&.'-]{0,30}){0,3}")
_LINE_MAX = 400
MAX_HITS = 20000
MAX_LINES = 2000
MAX_CANDIDATES = 300
_EDGE = 300

# base score by placement, for a (strong, bare, label-only) marking
_BASE: dict[str, tuple[float, float, float]] = {
    "banner": (0.9, 0.45, 0.0),
    "label": (0.85, 0.75, 0.7),
    "segment": (0.85, 0.5, 0.0),
    "lead": (0.8, 0.5, 0.0),
}
STRONG, BARE, LABEL_ONLY, DROP = 2, 1, 0, -1


def _aligned(data: bytes, lo: int, hi: int) -> tuple[int, int]:
    """Move ``lo``/``hi`` off UTF-8 continuation bytes so that the slice decodes exactly."""
    while lo < hi and 0x80 <= data[lo] < 0xC0:
        lo += 1
    while lo < hi < len(data) and 0x80 <= data[hi] < 0xC0:
        hi -= 1
    return lo, hi


def candidate_lines(doc: Document, keywords: tuple[str, ...]) -> Iterator[tuple[int, str, bool]]:
    """(byte offset, text, is_long) of each line holding a keyword; long lines are prose, and
    only a window of them is returned."""
    data, last = doc.data, -1
    for pos in doc.positions(keywords)[:MAX_HITS]:
        if pos < last:
            continue
        lo, hi = doc.line_bounds(pos, _LINE_MAX)
        long_line = (lo > 0 and data[lo - 1] != 0x0A) or (hi < len(data) and data[hi] != 0x0A)
        lo, hi = _aligned(data, lo, hi)
        last = hi
        yield lo, data[lo:hi].decode("utf-8", "surrogatepass"), long_line


def placement(line: str, a: int, b: int, labels: tuple[str, ...], owner: bool = False) -> str:
    """Where ``line[a:b]`` sits: banner, label, segment, lead, quoted or inline. With
    ``owner``, a short capitalised name before it counts as part of it (``Acme Confidential``)."""
    before, after = line[:a], line[b:]
    b_end, a_start = before.rstrip()[-1:], after.lstrip()[:1]
    if b_end and a_start and b_end in _QUOTES and a_start in _QUOTES:
        return "quoted"
    pre, post = before.strip(_DECOR), after.strip(_DECOR)
    if not pre and not post:
        return "banner"
    leads = not post or after.lstrip().startswith(_LEAD_SEPS)
    if pre and leads:
        last = [p for p in _LABEL_SPLIT.split(pre) if p.strip(_DECOR)][-1:]
        if last and last[0].strip(_DECOR).lower() in labels:
            return "label"
    if b_end in ("[", "【") and a_start in ("]", "】"):
        return "segment"
    if b_end in (".", "!", "。") and post in (
        "",
        ".",
        "。",
    ):  # "All rights reserved. Confidential."
        return "segment"
    if (
        owner
        and leads
        and pre.count(" ") <= 3  # an owner is at most four words: no need to run _OWNER
        and before.rstrip(" -–—:").endswith(pre)
        and _OWNER.fullmatch(pre)
    ):
        return "segment"
    sep_after = not post or _SEPARATOR.search(after[:3]) is not None or a_start in ":："
    if not pre:
        return "lead" if leads or sep_after else "inline"
    if sep_after and _SEPARATOR.search(before[-3:]) is not None:
        return "segment"
    return "inline"


def _glued(outside: str, inside: str) -> bool:
    return inside.isascii() and (outside.isalnum() or outside == "_")


def edges(doc: Document) -> tuple[int, int]:
    """Byte offsets of the first and last non-blank bytes."""
    data, i, j = doc.data, 0, len(doc.data)
    while i < j and data[i] in b" \t\r\n":
        i += 1
    while j > i and data[j - 1] in b" \t\r\n":
        j -= 1
    return i, j


@dataclass(frozen=True, eq=False)
class MarkingRule:
    """A marking found by ``pattern`` on keyword lines and judged by its placement.

    ``grade(text)`` says how specific a match is: STRONG (``SECRET//NOFORN``), BARE (a common
    word such as ``SECRET`` that is a marking only as a banner at the document's edge, or
    repeated), LABEL_ONLY (``Internal`` after "Classification:"), DROP. ``extend`` may
    lengthen a match (CAPCO control markings after ``//``); ``veto(line, a, b)`` drops one
    (a word that belongs to another scheme's marking).
    """

    id: str
    type: str
    category: Category
    pattern: str
    keywords: tuple[str, ...]
    grade: Callable[[str], int] = lambda _text: STRONG
    extend: Callable[[str, int], int] | None = None
    veto: Callable[[str, int, int], bool] | None = None
    owner: bool = False
    labels: tuple[str, ...] = ()
    inline_score: float = 0.3
    corroboration: tuple[str, ...] = ()
    note: str = ""

    @property
    def context_words(self) -> frozenset[str]:
        return frozenset(DISCUSSION + NEARBY_DISCUSSION) | frozenset(self.corroboration)

    @functools.cached_property
    def regex(self) -> Any:
        return compile_re2(self.pattern)

    def _corroborated(self, doc: Document, start: int, end: int) -> bool:
        """Other marking evidence outside the marking itself (``NOFORN`` elsewhere)."""
        hits = doc.hits
        return any(p < start or p >= end for w in self.corroboration for p in hits.get(w, ()))

    def detect(self, doc: Document) -> Iterator[Finding]:
        found: list[tuple[int, int, str, int, bool]] = []
        texts: list[str] = []
        first = -1
        for n, (lo, line, long_line) in enumerate(candidate_lines(doc, self.keywords)):
            if n >= MAX_LINES or len(found) >= MAX_CANDIDATES:
                break  # enough to decide; keeps pathological inputs linear and fast
            for m in self.regex.finditer(line):
                a, b = m.span()
                if a > 0 and _glued(line[a - 1], line[a]):
                    continue
                if b < len(line) and _glued(line[b], line[b - 1]):
                    continue
                if self.veto is not None and self.veto(line, a, b):
                    continue
                if self.extend is not None:
                    b = self.extend(line, b)
                grade = self.grade(line[a:b])
                if grade == DROP:
                    continue
                kind = "inline" if long_line else placement(line, a, b, self.labels, self.owner)
                start = lo + len(line[:a].encode("utf-8", "surrogatepass"))
                if kind == "inline" and "//" in line[a:b] and not line[:a].strip(_DECOR):
                    first = edges(doc)[0] if first < 0 else first
                    if start - first <= _EDGE:  # opens the text, on a line run together
                        kind = "lead"
                end = start + len(line[a:b].encode("utf-8", "surrogatepass"))
                asks = kind == "inline" and "?" in line[b:]
                found.append((start, end, kind, grade, asks))
                if kind in _BASE:
                    texts.append(line[a:b])
        if not found:
            return
        repeated = len(texts) > len(set(texts))  # the same banner at the top and the bottom
        taxonomy = len(found) > 1 or any(f[2] in _BASE for f in found)
        taxonomy = taxonomy and is_taxonomy(doc)
        first, last = edges(doc)
        for start, end, kind, grade, asks in found:
            if kind in _BASE:
                score = _BASE[kind][2 - grade]
            else:
                score = self.inline_score if grade == STRONG else 0.0
            if (
                kind == "banner"
                and grade == BARE
                and (start - first <= _EDGE or last - end <= _EDGE)
            ):
                score += 0.15
            if score <= 0.0:
                continue
            cues = ["levels"] if taxonomy else discussed(doc, start, end)
            if cues or asks:
                score -= 0.45  # and other evidence no longer helps: examples corroborate
            elif repeated or self._corroborated(doc, start, end):
                score += 0.25
            if score >= 0.4:
                yield Finding(
                    start, end, self.type, self.category, self.id, min(score, 0.99),
                    Explanation(pattern=self.id, context=(kind, *cues), note=self.note),
                )  # fmt: skip
