"""Builders for provider secret rules (the ``secrets_*`` modules).

Two shapes cover most provider credentials:

- :func:`prefixed`: the value carries its own provider prefix (``glpat-``, ``xoxb-``); the
  prefix is the gate keyword and the pattern is the whole value (or marks it with ``v``).
- :func:`keyed`: the value is plain random text (32 hex digits, 24 base62 characters) and
  only the name it is assigned to says whose it is: ``KUCOIN_KEY = "…"``,
  ``"datadog_api_key": "…"``, ``<fastlyToken>…</fastlyToken>``, ``setProperty("K", "…")``.
  The provider names are the gate keywords, and the pattern requires an assignment between
  the name and the value.

Validators and filters here are named pure predicates, like those of
:mod:`tiergate.detect.validators` and :mod:`tiergate.detect.filters`. Patterns are RE2 with
bounded repeats, so every rule stays linear on any input.
"""

from __future__ import annotations

import itertools
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tiergate.detect.document import Document
from tiergate.detect.filters import SECRET_FILTERS, Filter, is_masked, is_placeholder, is_repetitive
from tiergate.detect.rule import Rule
from tiergate.detect.validators import Validator
from tiergate.findings import Category

UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"

END = r"(?:[\x60'\"\s;,)\]}<>|&]|\\[nrt]|$)"
"""A delimiter after a prefixed value whose body could also be a file name or a longer
word: a quote, space, separator, an escaped newline, or the end (no ``.``)."""

ID_NAMES = ("id", "ids", "uuid", "guid", "tenant", "subscription", "region")
"""Name parts of identifiers that share a secret's format (UUIDs, hex)."""
PUBLIC_NAMES = ("search", "public", "publishable", "pub")
"""Name parts of keys meant to be public (search-only or publishable keys)."""


@dataclass(frozen=True, eq=False)
class KeyedRule(Rule):
    """A keyed :class:`Rule` that also looks at the name matched before the value:
    ``skip_names`` lists name parts (``id``, ``search``) that make it name something that
    is not a secret (``HEROKU_APP_ID``, ``algoliaSearchKey``)."""

    skip_names: tuple[str, ...] = ()

    def admit(self, doc: Document, match: Any, start: int) -> bool:
        return not (self.skip_names and self._names_other(doc.data[match.start() : start]))

    def _names_other(self, name: bytes) -> bool:
        parts = _NAME_PARTS.split(name.decode("utf-8", "replace"))
        return any(p.lower() in self.skip_names for p in parts)


_NAME_PARTS = re.compile(r"[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])")

# After the provider name: the rest of the identifier (``_API_KEY``, ``Token``, ``.key``),
# closing quotes, an assignment operator of some language (= := ::= ?= => : , > .= ||),
# and opening quotes, backticks, spaces or escaped quotes before the value.
_NAME_TAIL = r"[\w.\- \t]{0,28}"
_OPERATOR = r"[\s'\"\\\]]{0,4}(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)"
_BEFORE_VALUE = r"[\s\x60'\"\\=]{0,10}"
# What may follow a keyed value: anything but more value characters (the Rule's word
# boundary check covers letters, digits and ``_``; this also excludes base64 and ``-``).
_VALUE_END = r"(?:[^\w\-+/=~]|$)"


def _keyword_regex(word: str) -> str:
    r"""A provider name, case-insensitively, not glued to a letter on its left unless it
    starts a camelCase part: ``adafruitKey``, ``MY_ADAFRUIT``, ``myAdafruit`` but not
    ``CameraKit`` for ``meraki`` or ``SetSysctl`` for ``etsy``. (``\b`` covers a name right
    after the previous match, which consumed the character before it: ``K=…\nK=…``.)"""
    first, rest = word[0], re.escape(word[1:])
    if not first.isalpha():
        return f"(?i:{re.escape(word)})"
    return f"(?:(?:\\b|[^A-Za-z])(?i:{re.escape(first)})|[a-z]{first.upper()})(?i:{rest})"


def assigned_pattern(name: str, value: str, *, tail: str = _NAME_TAIL) -> str:
    """``name`` (a regex), the rest of the identifier, an assignment, then the value ``v``."""
    return f"(?:{name}){tail}{_OPERATOR}{_BEFORE_VALUE}(?P<v>{value}){_VALUE_END}"


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
    name_suffix: str = "",
    skip_names: tuple[str, ...] = (),
) -> Rule:
    """A provider value that is only recognisable by the name it is assigned to: one of
    ``words`` (the gate keywords), then ``name_suffix`` if given (``(?i:…secret)``)."""
    name = "(?:" + "|".join(_keyword_regex(w) for w in words) + ")" + name_suffix
    return KeyedRule(
        id=id,
        type=type,
        category=Category.SECRET,
        pattern=assigned_pattern(name, value),
        keywords=tuple(words),
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
    end: bool = False,
) -> Rule:
    """A value that starts with its provider's own prefix (the gate keyword). The value may
    not touch a word character; ``end=True`` also requires :data:`END` after it."""
    return Rule(
        id=id,
        type=type,
        category=Category.SECRET,
        pattern=f"(?P<v>{pattern}){END}" if end else pattern,
        keywords=tuple(keywords),
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


# ---- validators and filters ----------------------------------------------------------------


def has_digit(value: str) -> bool:
    """Random alphanumeric keys of 14+ characters almost always hold a digit; identifiers
    such as ``searchConfluenceUsingCql`` do not."""
    return any(ch.isdigit() for ch in value)


def has_letter(value: str) -> bool:
    return any(ch.isalpha() for ch in value)


def has_mixed_case(value: str) -> bool:
    """Both upper- and lowercase letters (random base62/base64 text has both)."""
    return any(ch.isupper() for ch in value) and any(ch.islower() for ch in value)


def not_hex_only(value: str) -> bool:
    """The part after the last ``-``/``_`` is not only hex digits (a file or content hash)."""
    body = value.rsplit("-", 1)[-1].rsplit("_", 1)[-1]
    return not all(ch in "0123456789abcdefABCDEF" for ch in body)


_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def base62(n: int, width: int) -> str:
    """``n`` in base62 (digits, then upper case, then lower case), zero-padded to ``width``."""
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = _BASE62[r] + out
    return out.rjust(width, "0")


def has_crc32_tail(body: str) -> bool:
    """36 characters whose last 6 are the base62 CRC32 of the 30 before them (GitHub and
    npm tokens after their prefix)."""
    return len(body) == 36 and base62(zlib.crc32(body[:30].encode()), 6) == body[30:]


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


def is_repetitive_overall(value: str) -> bool:
    """:func:`is_repetitive` over the whole value without its separators, for formats of
    several parts where one part may legitimately be plain (``<hex>-00001111-…``)."""
    return is_repetitive("".join(ch for ch in value if ch.isalnum()))


MULTIPART_FILTERS: tuple[Filter, ...] = (is_placeholder, is_masked, is_repetitive_overall)
