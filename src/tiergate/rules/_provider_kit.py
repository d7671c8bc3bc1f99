"""Building blocks shared by the provider secret modules (``secrets_*.py``).

Two shapes cover most provider credentials:

- :func:`prefixed`: the value carries its own provider prefix (``glpat-``, ``dop_v1_``); the
  prefix is the gate keyword and the pattern is the whole value.
- :func:`keyed`: the value is plain random text (32 hex digits, 24 base62 characters) and
  only the name it is assigned to says whose it is: ``ADAFRUIT_KEY = "…"``,
  ``"datadog_api_key": "…"``, ``<fastlyToken>…</fastlyToken>``. The provider names are the
  gate keywords, and the pattern requires an assignment between the name and the value.

Validators and filters here are named pure predicates, like those of
:mod:`tiergate.detect.validators` and :mod:`tiergate.detect.filters`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from tiergate.detect.document import Document
from tiergate.detect.filters import SECRET_FILTERS, Filter
from tiergate.detect.rule import Rule
from tiergate.detect.validators import Validator
from tiergate.findings import Category, Finding


@dataclass(frozen=True, eq=False)
class ValueRule(Rule):
    """A :class:`Rule` whose pattern marks the value with the named group ``v`` and may
    look at the text matched before it: ``skip_names`` lists name parts (``id``,
    ``search``) that make that text name something that is not a secret
    (``HEROKU_APP_ID``, ``algoliaSearchKey``)."""

    skip_names: tuple[str, ...] = ()

    def detect(self, doc: Document) -> Iterator[Finding]:
        rx = self.regex
        group = rx.groupindex.get("v", 0)
        for lo, hi in self._ranges(doc):
            for m in rx.finditer(doc.data, lo, hi):
                start, end = m.span(group)
                if start < 0 or start == end:
                    continue
                if self.skip_names and self._names_other(doc.data[m.start() : start]):
                    continue
                finding = self.judge(doc, start, end)
                if finding is not None:
                    yield finding

    def _names_other(self, name: bytes) -> bool:
        parts = _NAME_PARTS.split(name.decode("utf-8", "replace"))
        return any(p.lower() in self.skip_names for p in parts)


_NAME_PARTS = re.compile(r"[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])")

ID_NAMES = ("id", "ids", "uuid", "guid", "tenant", "subscription", "region")
"""Name parts of identifiers that share a secret's format (UUIDs, hex)."""
PUBLIC_NAMES = ("search", "public", "publishable", "pub")
"""Name parts of keys meant to be public (search-only or publishable keys)."""


# After the provider name: the rest of the identifier (``_API_KEY``, ``Token``, ``.key``),
# closing quotes, an assignment operator of some language (= := ::= ?= => : , > .= ||),
# and opening quotes, backticks, spaces or escaped quotes before the value.
_NAME_TAIL = r"[\w.\- \t]{0,28}"
_OPERATOR = r"[ \t'\"\\\]]{0,4}(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)"
_BEFORE_VALUE = r"[ \t\r\n`'\"\\=]{0,8}"
# What may follow a keyed value: anything but more value characters (the Rule's word
# boundary check covers letters, digits and ``_``; this also excludes base64 and ``-``).
_VALUE_END = r"(?:[^\w\-+/=~]|$)"


def _keyword_regex(word: str) -> str:
    """A provider name, case-insensitively, not glued to a letter on its left unless it
    starts a camelCase part: ``adafruitKey``, ``MY_ADAFRUIT``, ``myAdafruit`` but not
    ``CameraKit`` for ``meraki`` or ``SetSysctl`` for ``etsy``."""
    first, rest = word[0], re.escape(word[1:])
    if not first.isalpha():
        return f"(?i:{re.escape(word)})"
    return f"(?:(?:^|[^A-Za-z])(?i:{re.escape(first)})|[a-z]{first.upper()})(?i:{rest})"


def assigned_pattern(name: str, value: str, *, tail: str = _NAME_TAIL) -> str:
    """``name`` (a regex), the rest of the identifier, an assignment, then the value ``v``."""
    return f"(?:{name}){tail}{_OPERATOR}{_BEFORE_VALUE}(?P<v>{value}){_VALUE_END}"


def keyed_pattern(words: Sequence[str], value: str) -> str:
    """The RE2 pattern of a keyed rule: a provider name, an assignment, the value ``v``."""
    return assigned_pattern("|".join(_keyword_regex(w) for w in words), value)


def keyed(
    id: str,
    type: str,
    words: Sequence[str],
    value: str,
    note: str,
    *,
    score: float = 0.8,
    min_entropy: float | None = 3.0,
    validators: tuple[Validator, ...] = (),
    filters: tuple[Filter, ...] = SECRET_FILTERS,
    context: tuple[str, ...] = (),
    skip_names: tuple[str, ...] = (),
) -> Rule:
    """A rule for a provider value that is only recognisable by the name it is given."""
    return ValueRule(
        id=id,
        type=type,
        category=Category.SECRET,
        pattern=keyed_pattern(words, value),
        keywords=tuple(w.lower() for w in words),
        score=score,
        min_entropy=min_entropy,
        validators=validators,
        filters=filters,
        context=context,
        skip_names=skip_names,
        note=note,
    )


def prefixed(
    id: str,
    type: str,
    keywords: Sequence[str],
    pattern: str,
    note: str,
    *,
    score: float = 0.93,
    min_entropy: float | None = None,
    validators: tuple[Validator, ...] = (),
    confirmers: tuple[Validator, ...] = (),
    confirmed_score: float = 0.99,
    filters: tuple[Filter, ...] = SECRET_FILTERS,
    context: tuple[str, ...] = (),
    max_len: int = 300,
) -> Rule:
    """A rule for a value that starts with its provider's own prefix (the gate keyword)."""
    return ValueRule(
        id=id,
        type=type,
        category=Category.SECRET,
        pattern=pattern,
        keywords=tuple(k.lower() for k in keywords),
        score=score,
        min_entropy=min_entropy,
        validators=validators,
        confirmers=confirmers,
        confirmed_score=confirmed_score,
        filters=filters,
        context=context,
        window=(160, max(320, max_len + 32)),
        note=note,
    )


# ---- validators ----------------------------------------------------------------------------


def has_digit(value: str) -> bool:
    """Random alphanumeric keys of 16+ characters almost always hold a digit; identifiers
    such as ``searchConfluenceUsingCql`` do not."""
    return any(ch.isdigit() for ch in value)


def has_mixed_case(value: str) -> bool:
    """Both upper- and lowercase letters (random base62/base64 text has both)."""
    return any(ch.isupper() for ch in value) and any(ch.islower() for ch in value)


def _is_run(text: str, length: int) -> bool:
    step = 0
    for a, b in itertools.pairwise(text):
        step = step + 1 if ord(b) - ord(a) == 1 else 0
        if step + 1 >= length:
            return True
    return False


def has_filler_run(value: str) -> bool:
    """A filter: a run of 8+ consecutive letters or digits (``abcdefgh``, ``12345678``), the
    mark of a hand-typed stand-in such as ``AIzaSyabcdefghijklmnopqrstuvwxyz1234567``."""
    return _is_run(value.lower(), 8)
