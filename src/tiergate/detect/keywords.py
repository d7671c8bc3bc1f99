"""The keyword pass: where every gate keyword and context word occurs, in one scan.

One Aho-Corasick automaton holds every detector's keywords and context words and reports
every occurrence, overlapping ones included (``pass`` inside ``password``), over the
ASCII-lowercased bytes of the text. Lowercasing only ASCII keeps byte offsets stable; for
words with non-ASCII letters the automaton also holds their upper-case spellings
(``NUMÉRO``, ``Überweisung``), reported under the word itself.

The automaton is ahocorasick-rs (Rust's aho-corasick crate) compiled to a DFA: with the
~2,000 words tiergate's detectors declare, it scans ordinary source code about 4× faster
than pyahocorasick, whose per-character cost grows with the size of the word list
(``bench/keyword_pass.py``; figures in docs/benchmarks.md).
"""

from __future__ import annotations

from collections.abc import Iterable

import ahocorasick_rs as acr


def spellings(word: str) -> set[str]:
    """``word`` as the ASCII-lowercased text can hold it: as is, with its non-ASCII letters
    in upper case, and with an upper-case non-ASCII first letter. Spellings whose UTF-8
    length differs (``ß`` → ``SS``) are left out, so offsets and lengths stay the word's."""
    out = {word}
    if not word.isascii():
        size = len(word.encode("utf-8"))
        upper = "".join(ch if ch.isascii() else ch.upper() for ch in word)
        title = word[0].upper() + word[1:] if not word[0].isascii() else word
        out.update(s for s in (upper, title) if len(s.encode("utf-8")) == size)
    return out


class KeywordIndex:
    """Finds every occurrence of a fixed set of lowercase words in a text's bytes."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = sorted({w for w in words if w})
        patterns: list[bytes] = []
        self._owner: list[str] = []  # pattern index -> the word it spells
        for word in self.words:
            for spelling in sorted(spellings(word)):
                patterns.append(spelling.encode("utf-8"))
                self._owner.append(word)
        self._dfa = (
            acr.BytesAhoCorasick(
                patterns, matchkind=acr.MatchKind.Standard, implementation=acr.Implementation.DFA
            )
            if patterns
            else None
        )

    def find(self, low: bytes) -> dict[str, list[int]]:
        """Word → sorted byte offsets of its occurrences in ``low`` (already lowercased)."""
        hits: dict[str, list[int]] = {}
        if self._dfa is None:
            return hits
        owner = self._owner
        for i, start, _ in self._dfa.find_matches_as_indexes(low, overlapping=True):
            hits.setdefault(owner[i], []).append(start)
        if len(owner) != len(self.words):  # two spellings of one word may interleave
            for positions in hits.values():
                positions.sort()
        return hits
