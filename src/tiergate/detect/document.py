"""The text being scanned, prepared once for every detector.

Detection works on the UTF-8 bytes of the text: RE2 scans bytes without re-encoding the text
for every pattern, and the keyword automaton runs over an ASCII-lowercased copy of the same
bytes (and its latin-1 view ``low``, one code point per byte), so keyword hits, windows and
regex matches all share one offset space (byte offsets).
Findings are converted to ``str`` offsets once, at the end (:meth:`Document.char_offsets`).
"""

from __future__ import annotations

import bisect
from collections.abc import Collection, Iterable, Sequence

WORD_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_CONTINUATION = bytes(range(0x80, 0xC0))
_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def _is_word_char(ch: str) -> bool:
    # bytes >= 0x80 are parts of non-ASCII letters (é, ß): they glue words together too
    return ch.isalnum() or ch == "_" or ch >= "\x80"


class Document:
    """One text to scan: its bytes, a lowercased copy, and where each keyword occurs."""

    __slots__ = (
        "_claim_ends",
        "_claim_starts",
        "data",
        "hits",
        "is_ascii",
        "low",
        "low_bytes",
        "text",
    )

    def __init__(self, text: str) -> None:
        self.text = text
        self.is_ascii = text.isascii()
        # surrogatepass keeps lone surrogates (from broken input) one code point each,
        # so offsets still line up with the caller's str.
        self.data = text.encode("utf-8", "surrogatepass")
        # bytes.lower() only folds ASCII, so lengths never change; latin-1 maps each byte to
        # one code point so that the automaton reports byte offsets.
        self.low_bytes = self.data.lower()
        self.low = self.low_bytes.decode("latin-1")
        self.hits: dict[str, list[int]] = {}
        self._claim_starts: list[int] = []
        self._claim_ends: list[int] = []  # running maximum of span ends, by start

    # ---- keyword hits -------------------------------------------------------------------

    # A text hits few distinct words, while detectors ask about long word lists: the
    # membership tests below run in C over the list, and Python only loops over the hits.

    def has_any(self, keywords: Iterable[str]) -> bool:
        return not self.hits.keys().isdisjoint(keywords)

    def positions(self, keywords: Iterable[str]) -> list[int]:
        """Sorted byte offsets where any of ``keywords`` (lowercase) starts (a keyword listed
        twice counts once)."""
        hits = self.hits
        out: list[int] = []
        for k in hits.keys() & keywords:
            out.extend(hits[k])
        out.sort()
        return out

    def near(
        self, words: Collection[str], start: int, end: int, before: int, after: int | None = None
    ) -> list[str]:
        """The context words (lowercase) that occur as whole words within ``before`` bytes
        before ``start`` or ``after`` bytes after ``end``; inside the span counts as near."""
        common = self.hits.keys() & words  # in C: the lists are long, the hits few
        if not common:
            return []
        after = before if after is None else after
        lo, hi = start - before, end + after
        ordered = sorted(common, key=list(words).index) if len(common) > 1 else common
        # in the order of ``words``, as the explanation lists them
        return [w for w in ordered if self._occurs(w, lo, hi)]

    def has_word(self, words: Collection[str]) -> bool:
        """Whether any of ``words`` occurs anywhere as a whole word (see :meth:`near`)."""
        return any(self._occurs(w, 0, len(self.low)) for w in self.hits.keys() & words)

    def _occurs(self, word: str, lo: int, hi: int) -> bool:
        """Whether ``word`` (a keyword hit) occurs as a whole word overlapping ``lo..hi``."""
        pos = self.hits[word]
        size = len(word.encode("utf-8"))
        i = bisect.bisect_left(pos, lo - len(word))
        while i < len(pos) and pos[i] <= hi:
            if self.is_whole_word(pos[i], size):
                return True
            i += 1
        return False

    def is_whole_word(self, pos: int, length: int) -> bool:
        """Whether ``low[pos:pos+length]`` is not glued to a letter or digit at an edge that is
        itself a letter or digit (CJK words and punctuation need no boundary)."""
        low = self.low
        if low[pos] in _ASCII_ALNUM and pos > 0 and _is_word_char(low[pos - 1]):
            return False
        last = pos + length - 1
        return not (
            last + 1 < len(low) and low[last] in _ASCII_ALNUM and _is_word_char(low[last + 1])
        )

    # ---- spans already reported -------------------------------------------------------

    def claim(self, spans: Iterable[tuple[int, int]]) -> None:
        """Record spans that specific detectors reported, for generic ones to skip."""
        starts: list[int] = []
        ends: list[int] = []
        top = -1
        for start, end in sorted(spans):
            top = max(top, end)
            starts.append(start)
            ends.append(top)
        self._claim_starts, self._claim_ends = starts, ends

    def claimed(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` lies inside a span a specific detector reported. Generic
        detectors (``generic = True``) run last and skip such candidates: the specific
        finding wins the overlap anyway, so judging them again is wasted work."""
        i = bisect.bisect_right(self._claim_starts, start)
        return i > 0 and self._claim_ends[i - 1] >= end

    # ---- values and offsets -------------------------------------------------------------

    def value(self, start: int, end: int) -> str:
        """Decode ``data[start:end]``; the caller must not log or store the result."""
        return self.data[start:end].decode("utf-8", "replace")

    def is_word_byte(self, pos: int) -> bool:
        return 0 <= pos < len(self.data) and self.data[pos] in WORD_BYTES

    def line_bounds(self, pos: int, limit: int = 4096) -> tuple[int, int]:
        """Byte range of the line holding ``pos``, clipped to ``limit`` bytes each side."""
        data = self.data
        lo = data.rfind(b"\n", max(0, pos - limit), pos) + 1
        if lo == 0 and pos - limit > 0:
            lo = pos - limit
        hi = data.find(b"\n", pos, pos + limit)
        if hi < 0:
            hi = min(len(data), pos + limit)
        return lo, hi

    def byte_offset(self, char_offset: int) -> int:
        """The byte offset of a ``str`` offset (for detectors that work on ``text``)."""
        if self.is_ascii:
            return char_offset
        return len(self.text[:char_offset].encode("utf-8", "surrogatepass"))

    def char_offsets(self, byte_offsets: Sequence[int]) -> dict[int, int]:
        """Map byte offsets (on character boundaries) to ``str`` offsets, in one pass."""
        if self.is_ascii:
            return {b: b for b in byte_offsets}
        out: dict[int, int] = {}
        prev_b, prev_c = 0, 0
        for b in sorted(set(byte_offsets)):
            # count code points: every byte that is not a UTF-8 continuation byte
            prev_c += len(self.data[prev_b:b].translate(None, _CONTINUATION))
            prev_b = b
            out[b] = prev_c
        return out
