"""Shared parts of the identity-number rules: isolation, context tiers and the bare scan.

Identity numbers are mostly short digit strings, so a rule for one must make sure that the
candidate is a whole number (not a slice of a phone number, a decimal, a date or a code
identifier) and, unless the format with its checksum is distinctive, that a word naming the
document stands near it. :class:`IdRule` adds both to :class:`Rule`; :class:`BareScan` runs
the distinctive formats, which need no keyword, in one RE2 pass.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from tiergate.detect.document import Document
from tiergate.detect.filters import Filter
from tiergate.detect.rule import Rule, compile_re2
from tiergate.detect.validators import Validator
from tiergate.findings import Category, Finding

_SEPARATORS = frozenset(b"-./,:_")
_DIGITS = frozenset(b"0123456789")
_ALNUM = frozenset(b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_GLUE_BEFORE = frozenset(b"+$")

ID_FILTERS: tuple[Filter, ...] = ()
"""Identity number patterns admit only digits and letters in a fixed layout, so the secret
filters (placeholders, masks, repetition) have nothing to find; test data is per rule."""


def _digit_run(data: bytes, pos: int, step: int) -> int:
    n = 0
    while 0 <= pos < len(data) and data[pos] in _DIGITS:
        n += 1
        pos += step
    return n


def isolated(doc: Document, start: int, end: int) -> bool:
    """Whether ``data[start:end]`` stands alone: not glued by ``-./,:_`` to more letters or
    digits (dates, decimals, versions, code identifiers), not after ``+`` or ``$`` (phone
    numbers, amounts), and not next to a short digit group across one space (``+1 212 …``)."""
    data = doc.data
    size = len(data)
    if start > 0:
        b = data[start - 1]
        if b in _GLUE_BEFORE:
            return False
        if b in _SEPARATORS and b != ord(":") and start > 1 and data[start - 2] in _ALNUM:
            return False
        if b == 0x20 and 0 < _digit_run(data, start - 2, -1) <= 4:
            return False
    if end < size:
        b = data[end]
        if b in _SEPARATORS and end + 1 < size and data[end + 1] in _ALNUM:
            return False
        if b == 0x20 and 0 < _digit_run(data, end + 1, 1) <= 4:
            return False
        if b == ord("%"):
            return False
    return True


_LONG_NUMBER = compile_re2(r"[0-9]{13,}|[0-9]\.[0-9]{6,}")
_HEX_GROUP = compile_re2(r"(?i)(?:^|\s)[0-9a-f]{4}(?:\s|$)")
_WORD_BYTES = _ALNUM | {ord("_")}


def _groups(data: bytes, edge: int, step: int) -> int:
    """How many space-separated digit groups follow ``edge`` (step 1) or precede it (-1)."""
    n, pos = 0, edge if step > 0 else edge - 1
    while n < 3 and 0 <= pos < len(data) and data[pos] == 0x20:
        run = _digit_run(data, pos + step, step)
        if not run:
            break
        n += 1
        pos += step * (run + 1)
    return n


def among_numbers(data: bytes, start: int, end: int) -> bool:
    """Whether a number sits among numbers rather than words: a test vector or a table
    (another long number or a long decimal on its line, more digit groups right next to a
    grouped one), a math or code literal (``#…``, ``…*x**8``, ``…/10**15``,
    ``default_rng(…)``), or a group of a hex dump (``2e54 4820 5858 4420``)."""
    before, after = data[start - 1 : start], data[end : end + 1]
    if before in (b"#", b"*", b"^") or after in (b"*", b"^", b"/"):
        return True
    if before == b"(" and start > 1 and data[start - 2] in _WORD_BYTES:
        return True
    lo = max(data.rfind(b"\n", max(0, start - 200), start) + 1, start - 200)
    hi = data.find(b"\n", end, end + 200)
    hi = min(len(data), end + 200) if hi < 0 else hi
    if _LONG_NUMBER.search(data, lo, start) or _LONG_NUMBER.search(data, end, hi):
        return True
    if b" " in data[start:end]:  # grouped: one of more groups, or next to a hex dump's
        before_groups, after_groups = _groups(data, start, -1), _groups(data, end, 1)
        if (before_groups and after_groups) or max(before_groups, after_groups) >= 2:
            return True
        near = data[max(lo, start - 6) : start] + b" " + data[end : min(hi, end + 6)]
        return any(not g.strip().isdigit() for g in _HEX_GROUP.findall(near))
    return False


@dataclass(frozen=True, eq=False)
class IdRule(Rule):
    """A rule for an identity number.

    - ``context`` holds the words that name this very document (``steuer-id``, ``bsn``);
      ``weak_context`` the generic ones (``tax id``, ``身份证``) that add ``weak_boost`` only.
    - Without either, the candidate is dropped unless ``bare`` accepts the value: formats
      distinctive enough on their own (a checksum, an embedded date, a fixed layout).
    - ``isolated``: the value must be a whole number (see :func:`isolated`).
    """

    weak_context: tuple[str, ...] = ()
    weak_boost: float = 0.25
    bare: Callable[[str], bool] | None = None
    isolated: bool = True

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "weak_context", tuple(w.lower() for w in self.weak_context))

    @property
    def context_words(self) -> frozenset[str]:
        return super().context_words | frozenset(self.weak_context)

    def judge(self, doc: Document, start: int, end: int) -> Finding | None:
        if self.isolated and not isolated(doc, start, end):
            return None
        found = super().judge(doc, start, end)
        if found is None or found.explanation.context:
            return found
        weak = doc.near(self.weak_context, start, end, self.context_window)
        if weak:
            return dataclasses.replace(
                found,
                score=min(1.0, found.score + self.weak_boost),
                explanation=dataclasses.replace(found.explanation, context=tuple(weak)),
            )
        if self.bare is not None and self.bare(doc.value(start, end)):
            return None if among_numbers(doc.data, start, end) else found
        return None


def id_rule(**kwargs: Any) -> IdRule:
    """An :class:`IdRule` with the defaults of identity numbers: ID filters, a low score
    without context, and a strong boost when the document is named near the value."""
    kwargs.setdefault("filters", ID_FILTERS)
    kwargs.setdefault("score", 0.6)
    kwargs.setdefault("context_boost", 0.35)
    kwargs.setdefault("context_window", 80)
    if kwargs.get("bare") is None:
        kwargs.setdefault("keywords", (*kwargs.get("context", ()), *kwargs.get("weak_context", ())))
    return IdRule(**kwargs)


def national_id(id: str, **kwargs: Any) -> IdRule:
    """An :func:`id_rule` for a national identity number (type ``NATIONAL_ID``, PII)."""
    return id_rule(id=id, type="NATIONAL_ID", category=Category.PII, **kwargs)


def distinctive(value: str) -> bool:
    """``bare`` for formats that are distinctive in any layout: the checksum decides."""
    return True


def has_separators(value: str) -> bool:
    """``bare`` for formats distinctive only in their official layout (``756.1234.5678.97``,
    ``123.456.789-09``, ``900101-1234567``): a bare run of digits still needs context, and
    so does one with a single dot (``361.66623976`` is a decimal number)."""
    seps = [c for c in value if not c.isalnum()]
    return bool(seps) and seps != ["."]


# Words that may stand between a label and its value: "passport no.: X", "DL # X",
# "numéro de permis : X", "护照号码：X".
_CONNECTORS = (
    r"(?i:[\s:：#=\-.,()]|number|num|nos?|nr|n°|nº|is|was|id|numéro|número|numero|nummer"
    r"|号码|号|番号|번호)"
)


def labelled_rule(labels: Sequence[str], value: str, **kwargs: Any) -> IdRule:
    """A rule for a value that follows a label naming it (``passport no. X12345678``).

    ``labels`` are lowercase words, matched case-insensitively and used as the gate;
    ``value`` is the RE2 pattern of the value itself (case-sensitive). Up to 24 connecting
    words and punctuation marks (``number``, ``no.``, ``:``, ``is``) may stand between them.
    """
    label = "|".join(re.escape(w) for w in sorted(labels, key=len, reverse=True))
    kwargs.setdefault("keywords", tuple(labels))
    kwargs.setdefault("context", tuple(labels))
    kwargs.setdefault("score", 0.6)
    kwargs.setdefault("context_boost", 0.35)
    return id_rule(pattern=f"(?i:{label})(?:{_CONNECTORS}){{1,24}}(?P<v>{value})\\b", **kwargs)


_ICAO_VALUES = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")} | {"<": 0}


def icao_check(field: str, digit: str) -> bool:
    """ICAO 9303 check digit: weights 7, 3, 1 over the field's values (``<`` = 0)."""
    total = sum(_ICAO_VALUES[c] * (7, 3, 1)[i % 3] for i, c in enumerate(field))
    return digit == str(total % 10) or (digit == "<" and not field.strip("<"))


def stdnum_check(name: str, is_valid: Callable[[str], bool]) -> Validator:
    """Name a python-stdnum ``is_valid`` function as a validator."""

    def check(value: str) -> bool:
        return bool(is_valid(value))

    check.__name__ = name
    return check


class BareScan:
    """Keyword-less identity rules run together: one RE2 alternation finds where any of
    them matches. When the rule of the branch that matched rejects the candidate, the
    rules after it are tried at the same place (so that a rule listed first cannot hide
    another of the same shape, such as an 11-digit BE national number and an 11-digit CPF).
    Rule patterns must not have capturing groups."""

    keywords: tuple[str, ...] = ()

    def __init__(self, id: str, rules: Sequence[IdRule]) -> None:
        self.id = id
        self.rules = tuple(rules)
        words: set[str] = set()
        for r in self.rules:
            if r.keywords or r.regex.groups:
                raise ValueError(f"bare rule {r.id!r} must have no keywords and no groups")
            words |= r.context_words
        self.context_words = frozenset(words)
        self.pattern = "|".join(f"(?:{r.pattern})" for r in self.rules)
        # branch k of _after[i] is rule i + 1 + k: the rules after rule i
        self._after = [
            compile_re2("|".join(f"({r.pattern})" for r in self.rules[i:]))
            for i in range(len(self.rules))
        ]

    def detect(self, doc: Document) -> Iterator[Finding]:
        return self.scan(doc, 0, len(doc.data))

    def scan(self, doc: Document, lo: int, hi: int) -> Iterator[Finding]:
        """Findings that start in ``data[lo:hi]``."""
        data, n = doc.data, len(self.rules)
        for m in self._after[0].finditer(data, lo, hi):
            k = int(m.lastindex) - 1
            start, end = m.span()
            while True:
                finding = self.rules[k].judge(doc, start, end)
                if finding is not None:
                    yield finding
                    break
                other = self._after[k + 1].match(data, start) if k + 1 < n else None
                if other is None:
                    break
                k += int(other.lastindex)
                start, end = other.span()


def words(spec: str) -> tuple[str, ...]:
    """``"bsn|burgerservicenummer"`` → ``("bsn", "burgerservicenummer")``."""
    return tuple(w.strip() for w in spec.split("|") if w.strip())


def compact(value: str) -> str:
    """The letters and digits of ``value``, upper-cased."""
    return "".join(ch for ch in value if ch.isalnum()).upper()


def is_dummy_digits(value: str) -> bool:
    """Digits that nobody is issued: one digit repeated, or a run such as ``123456789``."""
    digits = "".join(ch for ch in value if ch.isdigit())
    if len(digits) < 6:
        return False
    if len(set(digits)) <= 1:
        return True
    return digits in "01234567890123456789" or digits in "98765432109876543210"


def known(*values: str) -> Callable[[str], bool]:
    """A test-data predicate: documented example values (compared compact) or dummy digits."""
    table = frozenset(compact(v) for v in values)

    def test_data(value: str) -> bool:
        return compact(value) in table or is_dummy_digits(value)

    return test_data


# Generic words for kinds of identity number (English, German, French, Spanish, Italian,
# Portuguese, Dutch, Chinese); each rule adds the names of its own document as strong context.
NATIONAL_ID_WORDS = words(
    "national id|national identity|identity number|identity card|id card|id number|id no"
    "|id-nr|personal number|personal id|personalausweis|ausweisnummer|identifikationsnummer"
    "|carte d'identité|carte nationale d'identité|numéro d'identité|numéro d'identification"
    "|documento de identidad|número de identidad|número de identificación|cédula"
    "|carta d'identità|numero di identificazione|identiteitsnummer|número de identificação"
    "|身份证|身份证号|身份证号码|证件号|证件号码"
)
TAX_WORDS = words(
    "tax id|tax identification number|tax number|tax no|taxpayer|steuer-id|steuernummer"
    "|steueridentifikationsnummer|numéro fiscal|identifiant fiscal|número fiscal"
    "|número de identificación fiscal|identificación tributaria|codice fiscale"
    "|número de contribuinte|税号|纳税人识别号|税务登记号"
)
SOCIAL_WORDS = words(
    "social security|social insurance|sozialversicherungsnummer|sozialversicherung"
    "|sécurité sociale|securite sociale|seguridad social|previdenza sociale|segurança social"
    "|社会保障号|社保号|社会保险号"
)
