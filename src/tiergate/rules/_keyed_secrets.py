"""Builders for provider secret rules: a prefixed token, or a value assigned to a named key.

Two shapes cover most provider credentials:

- :func:`prefixed`: the value carries its own prefix (``shpat_…``, ``xoxb-…``); the prefix is
  the gate keyword and the pattern is the whole format.
- :func:`keyed`: the value has no prefix (a 24-hex KuCoin key), so it counts only where it is
  assigned to a name that mentions the provider: ``KUCOIN_KEY = "…"``, ``"kucoinToken": "…"``,
  ``<kucoinToken>…</kucoinToken>``, ``setProperty("KUCOIN_KEY", "…")``, ``kucoin_key ?= …``.
  The provider word must start a word (``kucoin_``, ``myKucoin``, not ``rookTable`` for
  ``okta``), then up to 24 name characters, an assignment operator, quotes, the value, and an
  end (quote, space, ``;``, ``\\n`` escape, end of text).

Everything is RE2 with bounded repeats, so a rule stays linear on any input.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tiergate.detect.document import Document
from tiergate.detect.filters import SECRET_FILTERS, Filter, is_masked, is_placeholder, is_repetitive
from tiergate.detect.rule import Rule
from tiergate.detect.validators import Validator
from tiergate.findings import Category, Finding

END = r"(?:[\x60'\"\s;,)\]}<>|&]|\\[nrt]|$)"
"""What may follow a value: a quote, space, separator, an escaped newline, or the end."""

_ASSIGN = r"[\w.\- \t]{0,24}[\s'\"]{0,3}(?:=>|:{1,3}=|\?=|\|\|=?|[=:>,])[\x60'\"\s=]{0,10}"

UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


class ProviderRule(Rule):
    """A :class:`Rule` that locates the ``v`` group by number: the ``re2`` module's
    ``Match.span`` does not take group names."""

    def detect(self, doc: Document) -> Iterator[Finding]:
        rx = self.regex
        group = rx.groupindex.get("v", 0)
        for lo, hi in self._ranges(doc):
            for m in rx.finditer(doc.data, lo, hi):
                start, end = m.span(group)
                if start < 0 or start == end:
                    continue
                finding = self.judge(doc, start, end)
                if finding is not None:
                    yield finding


def is_repetitive_overall(value: str) -> bool:
    """:func:`is_repetitive` over the whole value without its separators, for formats of
    several parts where one part may legitimately be plain (``<hex>-00001111-…``)."""
    return is_repetitive("".join(ch for ch in value if ch.isalnum()))


MULTIPART_FILTERS: tuple[Filter, ...] = (is_placeholder, is_masked, is_repetitive_overall)


def has_digit(value: str) -> bool:
    """A random key of 14+ characters practically always holds a digit; a word does not."""
    return any(ch.isdigit() for ch in value)


def has_letter(value: str) -> bool:
    return any(ch.isalpha() for ch in value)


def not_hex_only(value: str) -> bool:
    """The part after the last ``-``/``_`` is not only hex digits (a file or content hash)."""
    body = value.rsplit("-", 1)[-1].rsplit("_", 1)[-1]
    return not all(ch in "0123456789abcdefABCDEF" for ch in body)


def mixed_case(value: str) -> bool:
    return any(ch.isupper() for ch in value) and any(ch.islower() for ch in value)


def name_pattern(words: tuple[str, ...]) -> str:
    """Any of ``words`` (lowercase literals) at the start of a word or of a camelCase part."""
    alts = []
    for w in words:
        alts.append(rf"(?:^|[^A-Za-z0-9])(?i:{re.escape(w)})")
        if w[0].isalpha():
            alts.append(rf"{w[0].upper()}(?i:{re.escape(w[1:])})")
    return "(?:" + "|".join(alts) + ")"


def keyed(
    id_: str,
    names: tuple[str, ...],
    value: str,
    *,
    note: str,
    type_: str = "API_KEY",
    score: float = 0.75,
    validators: tuple[Validator, ...] = (has_digit,),
    name_suffix: str = "",
    min_entropy: float | None = None,
    filters: tuple[Filter, ...] = SECRET_FILTERS,
) -> Rule:
    """A value matching ``value`` (RE2, case-sensitive unless it says ``(?i)``) assigned to a
    key whose name mentions one of ``names``; ``name_suffix`` must follow the name."""
    return ProviderRule(
        id=id_,
        type=type_,
        category=Category.SECRET,
        pattern=name_pattern(names) + name_suffix + _ASSIGN + f"(?P<v>{value}){END}",
        keywords=names,
        score=score,
        validators=validators,
        min_entropy=min_entropy,
        filters=filters,
        note=note,
    )


def prefixed(
    id_: str,
    pattern: str,
    keywords: tuple[str, ...],
    *,
    note: str,
    type_: str = "API_KEY",
    score: float = 0.9,
    validators: tuple[Validator, ...] = (),
    confirmers: tuple[Validator, ...] = (),
    min_entropy: float | None = None,
    end: bool = False,
    filters: tuple[Filter, ...] = SECRET_FILTERS,
) -> Rule:
    """A token that carries its own prefix. The value may not touch a word character;
    ``end=True`` also requires :data:`END` after it (for bodies that could be a file name)."""
    return ProviderRule(
        id=id_,
        type=type_,
        category=Category.SECRET,
        pattern=f"(?P<v>{pattern})" + (END if end else ""),
        keywords=keywords,
        score=score,
        validators=validators,
        confirmers=confirmers,
        min_entropy=min_entropy,
        filters=filters,
        note=note,
    )
