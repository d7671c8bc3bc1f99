"""The detection engine: one keyword pass decides which detectors run.

Every detector's gate keywords and context words go into one Aho-Corasick automaton
(:mod:`tiergate.detect.keywords`). A scan lowercases the text once, runs the automaton once,
records where each word occurs, and then calls only the detectors whose keywords occurred
(plus the few without keywords). Rules run their RE2 pattern only on windows around their
keyword hits.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Iterable, Sequence

from tiergate.detect.document import Document
from tiergate.detect.keywords import KeywordIndex
from tiergate.detect.rule import Detector
from tiergate.errors import DetectorError
from tiergate.findings import Finding


class Scanner:
    """Runs a fixed set of detectors over texts. Build once, reuse for every scan."""

    def __init__(self, detectors: Sequence[Detector], *, min_score: float = 0.0) -> None:
        seen: set[str] = set()
        for d in detectors:
            if d.id in seen:
                raise ValueError(f"two detectors share the id {d.id!r}")
            seen.add(d.id)
        self.detectors = tuple(detectors)
        self.min_score = min_score
        self._always = tuple(d for d in self.detectors if not d.keywords)
        self._gated = tuple(
            (d, tuple(k.lower() for k in d.keywords)) for d in self.detectors if d.keywords
        )
        words: set[str] = set()
        for d in self.detectors:
            words.update(k.lower() for k in d.keywords)
            words.update(k.lower() for k in d.context_words)
        self._index = KeywordIndex(words)

    def document(self, text: str) -> Document:
        """Prepare ``text``: encode, lowercase, and record every keyword occurrence."""
        doc = Document(text)
        doc.hits = self._index.find(doc.low_bytes)
        return doc

    def scan(self, text: str) -> list[Finding]:
        """All findings in ``text`` with ``str`` offsets, sorted by position."""
        doc = self.document(text)
        raw: list[Finding] = []
        for detector in self._always:
            raw.extend(_run(detector, doc))
        for detector, keywords in self._gated:
            if doc.has_any(keywords):
                raw.extend(_run(detector, doc))
        kept = resolve_overlaps(f for f in raw if f.score >= self.min_score)
        return to_char_offsets(doc, kept)


def _run(detector: Detector, doc: Document) -> list[Finding]:
    try:
        return list(detector.detect(doc))
    except Exception as exc:  # fail closed, and never echo the text in the message
        raise DetectorError(
            f"detector {detector.id!r} failed ({type(exc).__name__}); the text was not "
            "scanned completely and must be treated as sensitive"
        ) from None


def resolve_overlaps(findings: Iterable[Finding]) -> list[Finding]:
    """Keep the best finding where value findings overlap.

    Findings are taken by score, then by length; one that overlaps an already-kept value
    finding is dropped (a phone number inside a card number, a password inside a connection
    string). Signal findings (markings and other region-level signals) never compete with
    values. Exact duplicates are dropped.
    """
    values: list[Finding] = []
    signals: dict[tuple[int, int, str], Finding] = {}
    for f in findings:
        if f.is_signal:
            key = (f.start, f.end, f.type)
            if key not in signals or signals[key].score < f.score:
                signals[key] = f
        else:
            values.append(f)
    values.sort(key=lambda f: (-f.score, -(f.end - f.start), f.start, f.detector))
    starts: list[int] = []
    kept: list[Finding] = []  # non-overlapping, sorted by start
    for f in values:
        i = bisect.bisect_right(starts, f.start)
        if i > 0 and kept[i - 1].end > f.start:
            continue
        if i < len(kept) and kept[i].start < f.end:
            continue
        starts.insert(i, f.start)
        kept.insert(i, f)
    out = kept + list(signals.values())
    out.sort(key=lambda f: (f.start, f.end, f.type))
    return out


def to_char_offsets(doc: Document, findings: list[Finding]) -> list[Finding]:
    if doc.is_ascii:
        return findings
    table = doc.char_offsets([x for f in findings for x in (f.start, f.end)])
    return [dataclasses.replace(f, start=table[f.start], end=table[f.end]) for f in findings]
