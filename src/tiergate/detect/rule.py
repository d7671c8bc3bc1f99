"""Detectors, and the declarative :class:`Rule` that most of them are.

A detector is anything with an ``id``, gate ``keywords``, the ``context_words`` it wants
located, and a ``detect(doc)`` method. The engine runs one keyword pass over the text and
calls a detector only when one of its keywords occurs (or always, if it has none).

Most detectors are a :class:`Rule`: data that names a pattern, its keywords, validators,
false-positive filters and context words. Patterns use RE2 syntax (no backreferences or
lookaround), so every match runs in time linear in the text. A named group ``v`` marks the
sensitive value inside a larger match (for example the password in ``password = "…"``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import re2

from tiergate.detect.document import Document
from tiergate.detect.filters import SECRET_FILTERS, Filter
from tiergate.detect.validators import Validator, shannon_entropy
from tiergate.findings import Category, Explanation, Finding

_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.max_mem = 64 << 20


def compile_re2(pattern: str) -> Any:
    """Compile an RE2 pattern (linear-time matching, no backtracking)."""
    return re2.compile(pattern, _RE2_OPTIONS)


@runtime_checkable
class Detector(Protocol):
    """What the engine needs from a detector.

    ``detect`` yields findings whose ``start``/``end`` are **byte** offsets into
    ``doc.data``; the engine converts them to ``str`` offsets. Detectors that work on
    ``doc.text`` convert with ``doc.byte_offset``.
    """

    @property
    def id(self) -> str: ...

    @property
    def keywords(self) -> Collection[str]: ...

    @property
    def context_words(self) -> Collection[str]: ...

    def detect(self, doc: Document) -> Iterable[Finding]: ...


@dataclass(frozen=True, eq=False)
class Rule:
    """A pattern-based detector declared as data.

    - ``keywords``: lowercase literals; the rule runs only where one occurs, on a window of
      ``window`` bytes (before, after) around each occurrence. No keywords: runs everywhere.
    - ``validators`` must all pass (checksums, entropy, …) or the candidate is dropped.
    - ``confirmers`` are checks that raise the score to ``confirmed_score`` when they pass
      (an embedded CRC), without dropping a candidate that fails them.
    - ``filters`` are false-positive predicates; any that returns ``True`` drops it.
    - ``test_data`` recognises documented test values (e.g. 4242 4242 4242 4242): kept, but
      marked, so that classification does not count them as real data.
    - ``context`` words near the match add ``context_boost`` to ``score``; with
      ``requires_context`` a match without them is dropped. ``anti_context`` lowers it.
    - ``word_boundary``: the value must not touch a letter, digit or ``_`` on either side.
    """

    id: str
    type: str
    category: Category
    pattern: str
    keywords: tuple[str, ...] = ()
    score: float = 0.8
    validators: tuple[Validator, ...] = ()
    confirmers: tuple[Validator, ...] = ()
    confirmed_score: float = 0.99
    filters: tuple[Filter, ...] = SECRET_FILTERS
    test_data: Callable[[str], bool] | None = None
    min_entropy: float | None = None
    context: tuple[str, ...] = ()
    anti_context: tuple[str, ...] = ()
    context_window: int = 64
    context_boost: float = 0.2
    requires_context: bool = False
    word_boundary: bool = True
    window: tuple[int, int] = (160, 320)
    note: str = ""
    examples: tuple[str, ...] = field(default=(), repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "keywords", tuple(k.lower() for k in self.keywords))
        object.__setattr__(self, "context", tuple(k.lower() for k in self.context))
        object.__setattr__(self, "anti_context", tuple(k.lower() for k in self.anti_context))

    @property
    def context_words(self) -> frozenset[str]:
        return frozenset(self.context) | frozenset(self.anti_context)

    @functools.cached_property
    def regex(self) -> Any:
        return compile_re2(self.pattern)

    @functools.cached_property
    def value_group(self) -> int:
        """The index of group ``v`` (0: the whole match). google-re2's ``span()`` takes no
        names, and its ``groupindex`` is rebuilt on every access: look it up once."""
        return int(self.regex.groupindex.get("v", 0))

    def detect(self, doc: Document) -> Iterator[Finding]:
        if self.requires_context and self.context and not doc.has_word(self.context):
            return  # a keyword inside another word ("aba" in "database"), and no context
        rx, group = self.regex, self.value_group
        for lo, hi in self._ranges(doc):
            for m in rx.finditer(doc.data, lo, hi):
                start, end = m.span(group)
                if start < 0 or start == end or not self.admit(doc, m, start):
                    continue
                finding = self.judge(doc, start, end)
                if finding is not None:
                    yield finding

    def admit(self, doc: Document, match: Any, start: int) -> bool:
        """A hook for subclasses that must look at the whole match (say, the name a value is
        assigned to) before the value is judged. ``start`` is where the value begins."""
        return True

    def _ranges(self, doc: Document) -> list[tuple[int, int]]:
        size = len(doc.data)
        if not self.keywords:
            return [(0, size)]
        before, after = self.window
        ranges: list[tuple[int, int]] = []
        for pos in doc.positions(self.keywords):
            lo, hi = max(0, pos - before), min(size, pos + after)
            if ranges and lo <= ranges[-1][1]:
                ranges[-1] = (ranges[-1][0], max(ranges[-1][1], hi))
            else:
                ranges.append((lo, hi))
        return ranges

    def judge(self, doc: Document, start: int, end: int) -> Finding | None:
        """Decide on one candidate span: boundaries, filters, entropy, validators, context."""
        if self.word_boundary and (doc.is_word_byte(start - 1) or doc.is_word_byte(end)):
            return None
        value = doc.value(start, end)
        for f in self.filters:
            if f(value):
                return None
        entropy = None
        if self.min_entropy is not None:
            entropy = shannon_entropy(value)
            if entropy < self.min_entropy:
                return None
        results = []
        for v in self.validators:
            ok = v(value)
            results.append((v.__name__, ok))
            if not ok:
                return None
        score = self.score
        for v in self.confirmers:
            ok = v(value)
            results.append((v.__name__, ok))
            if ok:
                score = max(score, self.confirmed_score)
        found: list[str] = []
        if self.context:
            found = doc.near(self.context, start, end, self.context_window)
            if found:
                score += self.context_boost
            elif self.requires_context:
                return None
        if self.anti_context and doc.near(self.anti_context, start, end, self.context_window):
            score -= self.context_boost
        test = bool(self.test_data and self.test_data(value))
        return Finding(
            start=start,
            end=end,
            type=self.type,
            category=self.category,
            detector=self.id,
            score=max(0.0, min(1.0, score)),
            explanation=Explanation(
                pattern=self.id,
                validators=tuple(results),
                filters=tuple(f.__name__ for f in self.filters),
                context=tuple(found),
                entropy=entropy,
                note=self.note,
                test_data=test,
            ),
        )
