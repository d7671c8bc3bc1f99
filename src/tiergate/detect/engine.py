"""The detection engine: one keyword pass decides which detectors run.

Every detector's gate keywords and context words go into one Aho-Corasick automaton
(:mod:`tiergate.detect.keywords`). A scan lowercases the text once, runs the automaton once,
records where each word occurs, and then calls only the detectors whose keywords occurred
(plus the few without keywords). Rules run their RE2 pattern only on windows around their
keyword hits.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

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
        # generic detectors run last, after the specific ones have claimed their spans
        ordered = sorted(self.detectors, key=lambda d: bool(getattr(d, "generic", False)))
        self._plan = tuple(
            (d, bool(d.keywords), bool(getattr(d, "generic", False))) for d in ordered
        )
        # positions in the plan of the detectors that always run
        self._ungated = frozenset(i for i, (_, gated, _) in enumerate(self._plan) if not gated)
        # keyword -> positions in the plan of the detectors it gates
        self._gates: dict[str, list[int]] = {}
        for i, d in enumerate(ordered):
            for k in {k.lower() for k in d.keywords}:
                self._gates.setdefault(k, []).append(i)
        words: set[str] = set()
        for d in self.detectors:
            words.update(k.lower() for k in d.keywords)
            words.update(k.lower() for k in d.context_words)
        self._index = KeywordIndex(words)

    def warm_up(self) -> None:
        """Run every detector once on texts that hold all their keywords, so that what they
        build on first use (RE2 programs, name lists: 0.4 s) is built now rather than
        during a server's first requests."""
        words = sorted({k for d in self.detectors for k in (*d.keywords, *d.context_words)})
        texts = (
            " ".join(words),
            "Dear Maria Garcia, thank you for the call on 3 May. As agreed, John Smith will "
            "send the report to Anna Müller and Wei Zhang by Friday: call +1 415 555 2671 or "
            "030 1234567, card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00.",
        )
        for text in texts:
            doc = self.document(text)
            for detector in self.detectors:
                _run(detector, doc)

    def document(self, text: str) -> Document:
        """Prepare ``text``: encode, lowercase, and record every keyword occurrence."""
        doc = Document(text)
        doc.hits = self._index.find(doc.low_bytes)
        return doc

    def scan(self, text: str) -> list[Finding]:
        """All findings in ``text`` with ``str`` offsets, sorted by position."""
        doc = self.document(text)
        gates = self._gates
        triggered = {i for word in doc.hits for i in gates.get(word, ())}
        plan = self._plan
        raw: list[Finding] = []
        claimed = False
        for i in sorted(self._ungated.union(triggered)):  # in plan order, gated or not
            detector, _, generic = plan[i]
            if generic and not claimed:
                doc.claim(
                    (f.start, f.end) for f in raw if not f.is_signal and f.score >= self.min_score
                )
                claimed = True
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
    kept: list[Finding] = []
    for cluster in _clusters(values):
        kept.extend(_best_of(cluster) if len(cluster) > 1 else cluster)
    out = kept + list(signals.values())
    out.sort(key=lambda f: (f.start, f.end, f.type))
    return out


def _clusters(findings: list[Finding]) -> Iterator[list[Finding]]:
    """Groups of findings connected by overlaps, in order of position."""
    findings.sort(key=lambda f: (f.start, f.end))
    cluster: list[Finding] = []
    end = -1
    for f in findings:
        if cluster and f.start >= end:
            yield cluster
            cluster = []
        cluster.append(f)
        end = max(end, f.end) if len(cluster) > 1 else f.end
    if cluster:
        yield cluster


def _best_of(cluster: list[Finding]) -> list[Finding]:
    """Best first (score, then length); drop whatever overlaps one already kept."""
    kept: list[Finding] = []
    for f in sorted(cluster, key=lambda f: (-f.score, -(f.end - f.start), f.start, f.detector)):
        if all(f.end <= k.start or k.end <= f.start for k in kept):
            kept.append(f)
    return kept


def to_char_offsets(doc: Document, findings: list[Finding]) -> list[Finding]:
    if doc.is_ascii:
        return findings
    table = doc.char_offsets([x for f in findings for x in (f.start, f.end)])
    return [f.at(table[f.start], table[f.end]) for f in findings]
