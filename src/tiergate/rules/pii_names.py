"""Person names without a model: a gazetteer, capitalisation, and the words around a name.

``person-name`` (no keyword gate) runs one RE2 pass for known given names, runs of
capitalised words, speakers (``Amy: …``), possessives, names before a verb and lists of
names, then weighs each candidate: given name and surname lists (US SSA and Census files,
public domain; bundled in ``data/person_names.txt.xz`` with common English words), the words
around it (``said``, ``Dear``, a line of its own), a middle initial, the local part of an
e-mail address in the same text (``jane.doe@…``), and what rules it out (an English word at
the start of a sentence, a street or company word after it, a country). It runs on prose
only: in source code and data (many of ``{}();=_<>[]``) capitalised words are identifiers;
names there are found where they are announced (:mod:`tiergate.rules.pii_names_announced`).
The name lists and the shape of a name are in :mod:`tiergate.rules._person_names`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from tiergate.detect.document import Document
from tiergate.detect.rule import compile_re2
from tiergate.findings import Category, Explanation, Finding
from tiergate.rules._person_names import (
    NAME_SEQ,
    NAME_SUFFIX,
    NAME_WORD,
    ORG_OR_PLACE_AFTER,
    STOP_WORDS,
    Gazetteer,
    fold,
    gazetteer,
    plain_word,
    wordy,
)
from tiergate.rules.pii_contact import ContextWords, window

_CONJUNCTIONS = frozenset(("and", "&", "und", "et", "y", "e"))
_UNIT_WORDS = frozenset(("apt", "apartment", "suite", "unit", "floor", "box"))
_TITLES = ContextWords(
    (
        "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "herr", "frau", "mme",
        "mlle", "sr", "sra", "srta", "don", "doña", "sig", "dott", "producer", "director",
        "player", "singer", "actor", "actress", "author", "writer", "president", "senator",
        "minister", "judge", "coach", "captain", "ceo", "founder", "friend", "wife", "husband",
        "son", "daughter", "brother", "sister", "mother", "father", "mom", "dad", "uncle",
        "aunt", "cousin", "kid", "boss", "colleague", "patient", "customer", "client",
    )
)  # fmt: skip
_CUES_BEFORE = ContextWords(
    (
        "said", "told", "asked", "dear", "hi", "hello", "hey", "thanks", "thank", "name", "named",
        "called", "call me", "i'm", "i am", "my name", "met", "meet", "with", "by", "and", "to",
        "from", "cc", "attn", "love", "like", "ask", "tell", "about",
    )
)  # fmt: skip
_CUES_AFTER = ContextWords(
    (
        "said", "says", "wrote", "writes", "told", "asked", "replied", "answered", "shouted",
        "explained", "lives", "lived", "works", "worked", "was", "is", "has", "had", "will",
        "spent", "listed", "began", "joined", "'s", "’s", "and", "who",
    )
)  # fmt: skip

_SENTENCE_END = frozenset(b".!?\n\r\"'([{>*#-:")


def _sentence_start(data: bytes, start: int) -> bool:
    i = start - 1
    while i >= 0 and data[i] in b" \t":
        i -= 1
    return i < 0 or data[i] in _SENTENCE_END


def _line_alone(data: bytes, start: int, end: int) -> bool:
    """The span is all there is on its line (quote markers and spaces aside)."""
    lo = data.rfind(b"\n", max(0, start - 200), start) + 1
    hi = data.find(b"\n", end, end + 200)
    hi = len(data) if hi < 0 else hi
    return not data[lo:start].strip(b" \t>*-") and not data[end:hi].strip(b" \t,.")


def _header_field(data: bytes, start: int, end: int) -> bool:
    """``Word-Word: value`` or ``Word: A :: B``: a field of a header block (package
    metadata, e-mail, HTTP), not a speaker's line."""
    if b"-" in data[start:end]:
        return True
    eol = data.find(b"\n", end, end + 400)
    return b"::" in data[end : eol if eol >= 0 else end + 400]


def _next_word(data: bytes, end: int) -> str:
    """The folded word right after ``end`` (``Scott`` *Street*), or ``""``; comment
    markers between lines are skipped (``General Public\n# License``)."""
    chunk = data[end : end + 32].decode("utf-8", "ignore")
    parts = [p for p in chunk.split() if p.strip('#*/;->.\\"')]
    if not chunk[:1].isspace() or not parts:
        return ""
    return fold(parts[0])


def _contraction(data: bytes, end: int) -> bool:
    """``Don't``, ``Don ' t`` (tokenised): the name-like word is a verb."""
    tail = data[end : end + 6].replace(b" ", b"")
    return tail.startswith((b"'t", "’t".encode()))


def _after_number(data: bytes, start: int) -> bool:
    """Preceded by a house number (``221 Baker``): part of an address."""
    i = start - 1
    while i >= 0 and data[i] == 32:
        i -= 1
    return i >= 0 and 48 <= data[i] <= 57 and i < start - 1


_LOCAL_SEPARATORS = re.compile(r"[._\-0-9]+")
_CAMEL_WORDS = re.compile(r"[A-Z][a-z]+")


def email_names(doc: Document) -> frozenset[str]:
    """Name-like local parts of the e-mail addresses in ``doc``, folded: ``jane.doe@`` →
    ``janedoe`` (and ``jane``, ``doe``); ``JaneDoe@`` → ``janedoe`` (and ``jane``, ``doe``)."""
    out: set[str] = set()
    data = doc.data
    for pos in doc.hits.get("@", ())[:200]:
        lo = pos
        while lo > 0 and lo > pos - 64 and (chr(data[lo - 1]).isalnum() or data[lo - 1] in b"._-"):
            lo -= 1
        local = data[lo:pos].decode("ascii", "ignore")
        parts = [p for p in _LOCAL_SEPARATORS.split(local) if p]
        if len(parts) == 1:
            parts = _CAMEL_WORDS.findall(parts[0]) or parts
        folded = [fold(p) for p in parts if len(p) > 1]
        if folded:
            out.add("".join(folded))
            out.update(folded)
    return frozenset(out)


# ---- the gazetteer detector ----------------------------------------------------------------

_VERBS = (
    r"(?:said|says|told|asked|wrote|writes|replied|answered|shouted|explained|lives|lived|spent"
    r"|works|worked|joined|grew up|was born|is from|has been|is|was|has|had|will be|did)"
)
_Tok = tuple[str, int, int]
_KINDS = ("list", "seq", "dialog", "verb", "poss", "name")


_NOT_CODE = bytes(range(256)).translate(None, b"{}();=_<>[]")
_NOT_DIGITS = bytes(range(256)).translate(None, b"0123456789")
_NOT_ALNUM = bytes(range(256)).translate(
    None, b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+/"
)


def is_prose(data: bytes, sample: int = 16384) -> bool:
    """Whether ``data`` reads as prose rather than code or data: short, or in up to three
    samples (start, middle, end) few of ``{}();=_<>[]``, few digits (tables of numbers) and
    enough spaces between the ASCII letters (not base64 blocks)."""
    if len(data) < 4096:
        return True
    if len(data) <= 3 * sample:
        chunks = [data]
    else:
        mid = len(data) // 2
        chunks = [data[:sample], data[mid : mid + sample], data[-sample:]]
    size = sum(len(c) for c in chunks) or 1
    code = sum(len(c.translate(None, _NOT_CODE)) for c in chunks)
    digits = sum(len(c.translate(None, _NOT_DIGITS)) for c in chunks)
    spaces = sum(c.count(b" ") for c in chunks)
    ascii_alnum = sum(len(c.translate(None, _NOT_ALNUM)) for c in chunks)
    dense = spaces < size * 0.04 and ascii_alnum > size * 0.6  # base64, hex, identifiers
    return code / size < 0.02 and digits / size < 0.3 and not dense


def _tokens(data: bytes, start: int, end: int) -> list[_Tok]:
    """(word, byte start, byte end) for the space-separated words of a span."""
    out, pos = [], start
    for w in data[start:end].split():
        pos = data.index(w, pos)
        out.append((w.decode("utf-8", "replace").strip(","), pos, pos + len(w.rstrip(b","))))
        pos += len(w)
    return out


class PersonNameDetector:
    """Known given names and capitalised word runs, weighed by name lists and context."""

    id = "person-name"
    keywords: tuple[str, ...] = ()
    context_words = frozenset({"@"})

    @functools.cached_property
    def prose_regex(self) -> Any:
        """Everything: known given names, capitalised runs, speakers, verbs, lists."""
        g = gazetteer()
        names = sorted(
            n
            for n in g.first
            if len(n) >= 3 and n not in STOP_WORDS and (n in g.common_first or n not in g.words)
        )
        alternation = "|".join(n.capitalize() for n in names)
        w = NAME_WORD
        return compile_re2(
            rf"(?P<list>{w}(?:,[ ]+{w}){{1,8}},?[ ]+(?:and|&|und|et|y|e)[ ]+{w})"
            rf"|(?P<seq>{NAME_SEQ}{NAME_SUFFIX})"
            rf"|(?:^|\n)(?P<dialog>{w})[ ]?:[ ]*[\"“A-Z\x{{C0}}-\x{{DE}}]"
            rf"|(?P<verb>{w})(?:[ ]?['’][ ]?s)?[ ]+{_VERBS}\b"
            rf"|(?P<poss>{w})[ ]?['’][ ]?s\b"
            rf"|\b(?P<name>(?:{alternation}))\b"
        )

    @functools.cached_property
    def prose_groups(self) -> list[tuple[str, int]]:
        """(kind, group number) of the kinds in :attr:`prose_regex`, in order."""
        index = self.prose_regex.groupindex
        return [(k, index[k]) for k in _KINDS if k in index]

    def detect(self, doc: Document) -> Iterator[Finding]:
        g = gazetteer()
        data = doc.data
        if not is_prose(data):
            return  # source code and data: only the announced-name rules run
        emails = email_names(doc) if "@" in doc.hits else frozenset()
        rx = self.prose_regex
        groups = self.prose_groups
        for m in rx.finditer(data):
            kind, start, end = next((k, *m.span(i)) for k, i in groups if m.span(i)[0] >= 0)
            if start > 0 and (data[start - 1] in b"@#_/\\.$-" or chr(data[start - 1]).isalnum()):
                continue
            if end < len(data) and (data[end] in b"_(@" or chr(data[end]).isalnum()):
                continue
            if data[end : end + 1] == b"-" and data[end + 1 : end + 2].islower():
                continue  # part of a compound: "Iris-setosa", "Bob-style"
            if kind == "list":
                yield from self.judge_list(doc, g, start, end)
                continue
            if _contraction(data, end):
                continue  # "Don't", "Won't"
            yield from self.judge(doc, g, emails, kind, _tokens(data, start, end))

    def judge_list(self, doc: Document, g: Gazetteer, start: int, end: int) -> Iterator[Finding]:
        """``Gerste, Johnson and Reed``: all of them when most of them are known names."""
        items = [t for t in _tokens(doc.data, start, end) if t[0] not in _CONJUNCTIONS]
        folded = [fold(t[0]) for t in items]
        if any(f in STOP_WORDS or f in ORG_OR_PLACE_AFTER for f in folded):
            return
        known = sum(f in g.first or f in g.last for f in folded)
        if any(plain_word(g, f) for f in folded) or known * 2 < len(items):
            return
        for _word, s, e in items:
            yield _finding(s, e, 0.6, "in a list of names", ())

    def judge(
        self, doc: Document, g: Gazetteer, emails: frozenset[str], kind: str, toks: list[_Tok]
    ) -> Iterator[Finding]:
        for seg in _segments(g, doc.data, toks):
            finding = self.judge_part(doc, g, emails, kind, seg)
            if finding is not None:
                yield finding

    def judge_part(
        self, doc: Document, g: Gazetteer, emails: frozenset[str], kind: str, toks: list[_Tok]
    ) -> Finding | None:
        data = doc.data
        names = [t[0] for t in toks if len(t[0].rstrip(".")) > 1]
        if not names:
            return None
        start, end = toks[0][1], toks[-1][2]
        folded = [fold(w) for w in names]
        first, last = folded[0], folded[-1]
        is_first = first in g.first
        strong_first = first in g.common_first or (is_first and first not in g.words)
        is_last = len(folded) > 1 and (last in g.last or last in g.first)
        english = [f in g.words and f not in g.common_first for f in folded]
        before = window(doc, start, end, 16, 0)
        cues = [*_TITLES.within(*before), *_CUES_BEFORE.within(*before)]
        cues += _CUES_AFTER.near(doc, start, end, 0, 12)
        initial = len(toks) > len(names) or any(len(t[0]) == 2 and t[0][1] == "." for t in toks)
        if emails and ("".join(folded) in emails or (len(folded) > 1 and {first, last} <= emails)):
            score, note = 0.9, "matches an e-mail address in the text"
        elif len(names) == 1:
            if english[0]:
                return None
            if kind == "poss" and not (is_first or first in g.last):
                return None
            if kind in ("dialog", "verb", "poss"):
                known = is_first or first in g.last
                if kind == "dialog" and not known and _header_field(data, start, end):
                    return None  # "Classifier: Topic :: Utilities", "License-File: …"
                score = (0.7 if known else 0.6) if kind == "dialog" else (0.6 if known else 0.5)
                note = f"name before a {kind}"
            elif strong_first:
                score, note = (0.55 if first in g.common_first else 0.45), "known given name"
                if _sentence_start(data, start) and not cues:
                    score -= 0.1
            else:
                return None
        elif is_first and is_last:
            score, note = 0.8, "known given name and surname"
        elif strong_first:
            score, note = 0.7, "known given name"
        elif is_last or is_first:
            score, note = 0.55, "known surname" if is_last else "known given name"
        else:
            score, note = 0.35, "capitalised words"
        if len(names) > 1 and all(english):
            score -= 0.3  # "Rose Hill", "Will Power": words before names
        if english[0] and _sentence_start(data, start) and len(names) > 1 and not is_last:
            score -= 0.2
        if initial and len(names) > 1 and not any(english):
            score += 0.3  # "Hanne I. Kreutzmann": a middle initial
        if cues:
            score += 0.15
        if len(names) > 1 and _line_alone(data, start, end) and not any(english):
            score += 0.25
        if any(w.isupper() and len(w) > 2 for w in names):
            score -= 0.2
        return _finding(start, end, score, note, tuple(cues))


def _segments(g: Gazetteer, data: bytes, toks: list[_Tok]) -> list[list[_Tok]]:
    """The name parts of a run of capitalised words.

    Stop words and English words split the run (``Dear Jane``, ``Jimmy Fallon Makes Blake
    Shelton Try``); a street, company or place word after a part, or a house number before
    it, means the part is not a name (``Scott Street``, ``221 Baker``); a lone word right
    before an English noun is a modifier (``Crystal Palace``); an ambiguous word before a
    given name is not part of it (``Will António Guterres``, ``Love Lynda``).
    """
    out: list[list[_Tok]] = []
    part: list[_Tok] = []
    for t in [*toks, ("", 0, 0)]:
        f = fold(t[0]) if t[0] else ""
        initial = len(t[0]) <= 2 and t[0][:1].isupper() and part != []
        ends = not initial and (
            not f or f in STOP_WORDS or f in ORG_OR_PLACE_AFTER or plain_word(g, f)
        )
        if not ends:
            part.append(t)
            continue
        if part and f in ORG_OR_PLACE_AFTER and f not in _UNIT_WORDS:
            part = []  # "Scott Street", "Reed Associates"
        elif part and not f and _next_word(data, part[-1][2]) in ORG_OR_PLACE_AFTER:
            part = []
        elif part and len(part) == 1 and f and plain_word(g, f) and len(f) > 2:
            part = []  # "Crystal Palace", "Golden Eagle"
        if part:
            out.append(part)
        part = []
    cleaned = []
    for found in out:
        seg = list(found)
        while len(seg) > 1 and len(seg[-1][0].rstrip(".")) < 2:
            seg.pop()
        while len(seg) > 1 and wordy(g, fold(seg[0][0])) and fold(seg[1][0]) in g.first:
            seg.pop(0)
        if seg and not (seg[0] is toks[0] and _after_number(data, seg[0][1])):
            cleaned.append(seg)
    return cleaned


def _finding(start: int, end: int, score: float, note: str, cues: tuple[str, ...]) -> Finding:
    return Finding(
        start=start,
        end=end,
        type="PERSON",
        category=Category.PII,
        detector="person-name",
        score=max(0.0, min(score, 0.95)),
        explanation=Explanation(pattern="person-name", context=cues, note=note),
    )


DETECTORS = [PersonNameDetector()]
