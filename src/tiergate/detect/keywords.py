"""The keyword pass: where every gate keyword and context word occurs, in one scan.

One Aho-Corasick automaton holds every detector's keywords and context words and reports
every occurrence, overlapping ones included (``pass`` inside ``password``), over the
ASCII-lowercased bytes of the text.

The automaton is ahocorasick-rs (Rust's aho-corasick crate) compiled to a DFA: with the
~2,500 words tiergate's detectors declare, it scans ordinary source code about 4× faster
than pyahocorasick, whose per-character cost grows with the size of the word list
(measured in docs/benchmarks.md).
"""

from __future__ import annotations

from collections.abc import Iterable

import ahocorasick_rs as acr


class KeywordIndex:
    """Finds every occurrence of a fixed set of lowercase words in a text's bytes."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = sorted({w for w in words if w})
        self._dfa = (
            acr.BytesAhoCorasick(
                [w.encode("utf-8") for w in self.words],
                matchkind=acr.MatchKind.Standard,
                implementation=acr.Implementation.DFA,
            )
            if self.words
            else None
        )

    def find(self, low: bytes) -> dict[str, list[int]]:
        """Word → sorted byte offsets of its occurrences in ``low`` (already lowercased)."""
        hits: dict[str, list[int]] = {}
        if self._dfa is None:
            return hits
        words = self.words
        for i, start, _ in self._dfa.find_matches_as_indexes(low, overlapping=True):
            hits.setdefault(words[i], []).append(start)
        return hits
