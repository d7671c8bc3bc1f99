"""Contact details: e-mail addresses and telephone numbers.

E-mail is a keyword-gated rule (``@``). Telephone numbers have no keyword: one cheap RE2 pass
proposes digit groups, Python drops the shapes that are not phones (dates, versions, IP
addresses, card-length runs), and ``phonenumbers`` decides: international numbers are parsed
as written, national ones are tried against a list of default regions. Context words
(``phone``, ``Tel.``, ``mobile``, ``Fax``, ``电话``…) raise the score, and let a number that is
only *possible* (right length, phone-like grouping) through.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator

import phonenumbers
from phonenumbers import PhoneMetadata, PhoneNumber

from tiergate.detect.document import WORD_BYTES, Document
from tiergate.detect.rule import Rule, compile_re2
from tiergate.findings import Category, Explanation, Finding

# ---- context words (looked up per candidate, not indexed by the keyword automaton) -------


_TOKEN = re.compile(r"[a-z0-9\x80-\xff]+")


class ContextWords:
    """Context words looked up around a candidate in ``Document.low``.

    Frequent words (``call``, ``number``) would flood the engine's keyword pass with hits;
    detectors that only need them around a few candidates look them up here instead: one
    tokenisation of a short window, then set membership. Phrases (with a space, or not
    starting with a letter or digit, such as CJK words) are found as substrings.
    """

    def __init__(self, words: tuple[str, ...]) -> None:
        enc = [w.lower().encode("utf-8").decode("latin-1") for w in words]
        self.singles = frozenset(w for w in enc if _TOKEN.fullmatch(w))
        self.phrases = tuple(w for w in enc if not _TOKEN.fullmatch(w))

    def near(self, doc: Document, start: int, end: int, before: int, after: int) -> tuple[str, ...]:
        """The words (lowercase) within ``before``/``after`` bytes of ``[start, end)``."""
        return self.within(*window(doc, start, end, before, after))

    def within(self, text: str, tokens: frozenset[str]) -> tuple[str, ...]:
        """The words in a :func:`window` (several lists can share one)."""
        found = set(self.singles.intersection(tokens))
        found.update(p for p in self.phrases if p in text)
        return tuple(sorted(w.encode("latin-1").decode("utf-8", "replace") for w in found))


def window(
    doc: Document, start: int, end: int, before: int, after: int
) -> tuple[str, frozenset[str]]:
    """``doc.low`` from ``before`` bytes before ``start`` to ``after`` bytes after ``end``,
    and its tokens."""
    text = doc.low[max(0, start - before) : end + after]
    return text, frozenset(_TOKEN.findall(text))


# ---- e-mail ------------------------------------------------------------------------------

_LOCAL = r"[A-Za-z0-9_+\-\x{C0}-\x{24F}]+(?:[.'][A-Za-z0-9_+\-\x{C0}-\x{24F}]+)*"
_DCHAR = r"[A-Za-z0-9\x{C0}-\x{24F}\x{370}-\x{52F}\x{590}-\x{6FF}\x{3040}-\x{30FF}\x{4E00}-\x{9FFF}\x{AC00}-\x{D7AF}]"
_LABEL = (
    _DCHAR
    + r"(?:[A-Za-z0-9\-\x{C0}-\x{24F}\x{370}-\x{52F}\x{590}-\x{6FF}\x{3040}-\x{30FF}\x{4E00}-\x{9FFF}\x{AC00}-\x{D7AF}]{0,61}"
    + _DCHAR
    + ")?"
)
_TLD = (
    r"(?:[A-Za-z]{2,24}|xn--[a-z0-9\-]{2,59}"
    r"|[\x{C0}-\x{24F}\x{370}-\x{52F}\x{590}-\x{6FF}\x{3040}-\x{30FF}\x{4E00}-\x{9FFF}\x{AC00}-\x{D7AF}]{2,12})"
)
EMAIL_PATTERN = rf"{_LOCAL}@(?:(?:{_LABEL}\.)+{_TLD}|localhost)"

_RESERVED_DOMAINS = ("example.com", "example.org", "example.net", "localhost")
_RESERVED_TLDS = ("example", "test", "invalid", "localhost", "local")
_SYSTEM_LOCALS = frozenset(
    [
        "git",
        "hg",
        "svn",
        "noreply",
        "no-reply",
        "donotreply",
        "do-not-reply",
        "mailer-daemon",
        "postmaster",
        "root",
        "nobody",
        "www-data",
        "daemon",
        "bounce",
        "bounces",
    ]
)
_FILE_EXTS = frozenset(
    [
        "png",
        "jpg",
        "jpeg",
        "gif",
        "svg",
        "webp",
        "bmp",
        "ico",
        "tif",
        "tiff",
        "pdf",
        "zip",
        "gz",
        "tgz",
        "css",
        "js",
        "mjs",
        "ts",
        "map",
        "woff",
        "woff2",
        "ttf",
        "eot",
        "mp3",
        "mp4",
        "wav",
        "webm",
    ]
)
_PERSON_LIKE = re.compile(r"[a-z]{2,}[._-][a-z]{2,}", re.IGNORECASE)


def is_file_reference(value: str) -> bool:
    """``icon@2x.png``, ``logo@3x.webp``: an asset name, not an address."""
    domain = value.rsplit("@", 1)[-1].lower()
    labels = domain.split(".")
    return labels[-1] in _FILE_EXTS or re.fullmatch(r"\d+(\.\d+)?x", labels[0]) is not None


def is_system_address(value: str) -> bool:
    """``git@github.com``, ``noreply@…``, ``root@…``: machine accounts, not people; a bare
    ``user@localhost`` only counts when the local part looks like a name (``jane.doe``)."""
    local, _, domain = value.rpartition("@")
    if local.lower() in _SYSTEM_LOCALS:
        return True
    return domain.lower() == "localhost" and _PERSON_LIKE.fullmatch(local) is None


def is_reserved_email_domain(value: str) -> bool:
    """RFC 2606 / 6761 documentation domains (``example.com``, ``*.test``): test data."""
    domain = value.rsplit("@", 1)[-1].lower()
    return domain.endswith(_RESERVED_DOMAINS) or domain.rsplit(".", 1)[-1] in _RESERVED_TLDS


class EmailRule(Rule):
    """The e-mail rule; an SSH remote (``git@host:org/repo``) is not an address."""

    def judge(self, doc: Document, start: int, end: int) -> Finding | None:
        if doc.data[end : end + 1] == b":" or doc.data[start - 1 : start] in (b".", b"/"):
            return None
        return super().judge(doc, start, end)


# ---- telephone numbers -------------------------------------------------------------------

DEFAULT_REGIONS = (
    "US", "GB", "DE", "FR", "ES", "IT", "NL", "BE", "CH", "AT", "SE", "DK", "NO", "FI",
    "PL", "PT", "IE", "CA", "AU", "IN", "BR", "MX", "JP", "CN", "ZA",
)  # fmt: skip
"""Regions whose national formats are accepted without a country code, most likely first."""

PHONE_LABELS = (
    "phone", "phones", "telephone", "tel", "mobile", "mob", "cell", "cellphone", "fax",
    "sms", "whatsapp", "voicemail", "hotline", "landline", "call me", "call us", "text me",
    "reach me", "ring me", "telefon", "telefonnummer", "handy", "mobil", "rufnummer",
    "téléphone", "portable", "tél", "teléfono", "telefono", "móvil", "movil", "celular",
    "cellulare", "telemóvel", "telefoon", "mobiel", "电话", "手机", "電話", "携帯", "전화",
)  # fmt: skip
"""Words that label a number as a telephone number."""

PHONE_HINTS = (
    "call", "calls", "calling", "called", "dial", "ring", "contact", "reach", "number",
    "desk", "office", "home", "work", "answering", "message", "messages", "registered",
    "signal", "direct", "switchboard", "extension", "ext",
)  # fmt: skip
"""Words that make a telephone number more likely, but are common elsewhere too."""

PHONE_ANTI_CONTEXT = (
    "ssn", "social security", "license", "licence", "card", "credit", "debit", "account",
    "iban", "passport", "zip", "postcode", "postal", "invoice", "order", "isbn", "serial",
    "tracking", "routing", "sort code", "amount", "price", "total", "balance", "version",
    "id", "tax", "vat", "pin", "lot", "batch", "ticket", "copyright", "(c)", "rfc", "part no",
)  # fmt: skip
_LABELS = ContextWords(PHONE_LABELS)
_HINTS = ContextWords(PHONE_HINTS)
_ANTI = ContextWords(PHONE_ANTI_CONTEXT)

_PHONE_CANDIDATE = r"(?:^|[^0-9A-Za-z_.$#@:/\\=+\-(])((?:\+|00[ .\-]?|\()?(?:\(\d{1,5}\)[ ]?)?(?:\d[ ().\-/]{0,2}){6,16}\d(?:[ ]?(?:x|ext\.?|extn?\.?|#)[ ]?\d{1,6})?)"
_EXTENSION = re.compile(r"[ ]?(?:x|ext\.?|extn?\.?|#)[ ]?(\d{1,6})\Z")
_GROUPS = re.compile(r"\d+")
_SSN_SHAPE = re.compile(r"\A\d{3}-\d{2}-\d{4}\Z")
_YEARS = re.compile(r"\A(?:1[89]|20)\d\d ?[-/] ?(?:1[89]|20)\d\d\Z")
_DATE_SHAPE = re.compile(
    r"\A(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2}))(?:\Z|[ T])"
)
_DOTTED = re.compile(r"\A\+?\d{2,4}(?:\.\d{2,4}){2,4}\Z")
_CONTEXT_BEFORE, _CONTEXT_AFTER = 48, 24


def is_sequential_digits(digits: str) -> bool:
    """``123456789``, ``9876543``, ``5555555``: placeholders, not numbers."""
    if digits.isascii():  # the differences of the code points are those of the digits
        codes = digits.encode("ascii")
        return len({(b - a) % 10 for a, b in itertools.pairwise(codes)}) == 1
    steps = {(int(b) - int(a)) % 10 for a, b in itertools.pairwise(digits)}
    return len(steps) == 1


def phone_shape(value: str) -> str | None:
    """Why ``value`` is not shaped like a phone number, or ``None`` if it is."""
    body = _EXTENSION.sub("", value)
    groups = _GROUPS.findall(body.replace("(0)", " "))
    digits = "".join(groups)
    intl = body.startswith(("+", "00"))
    if not 7 <= len(digits) <= (17 if intl else 15):
        return "length"
    if "  " in body:
        return "table"
    if _YEARS.match(body):
        return "year range"
    if _DATE_SHAPE.match(body):
        return "date"
    if _SSN_SHAPE.match(body):
        return "ssn shape"
    if "." in body and (
        not _DOTTED.match(body) or (len(groups) == 4 and all(len(g) <= 3 for g in groups))
    ):
        return "version or ip address"
    singles = [i for i, g in enumerate(groups) if len(g) == 1]
    if len(singles) > 1 or (singles and singles[0] > 1) or len(groups) > 6:
        return "digit list"
    if len(groups) >= 5 and all(len(g) == 2 for g in groups) and not digits.startswith("0"):
        return "digit list"
    if is_sequential_digits(digits):
        return "sequence"
    return None


@functools.lru_cache(maxsize=64)
def _region_meta(region: str) -> tuple[int, str]:
    meta = PhoneMetadata.metadata_for_region(region)
    if meta is None:
        return 0, ""
    return int(meta.country_code or 0), str(meta.national_prefix or "")


def national_valid(
    digits: str, regions: tuple[str, ...] = DEFAULT_REGIONS
) -> tuple[str, PhoneNumber] | None:
    """The first region in which ``digits`` (national format) is a valid number."""
    for region in regions:
        cc, trunk = _region_meta(region)
        nsn = digits[len(trunk) :] if trunk and digits.startswith(trunk) else digits
        if not nsn or len(nsn) > 17:
            continue
        num = PhoneNumber(country_code=cc, national_number=int(nsn))
        zeros = len(nsn) - len(nsn.lstrip("0"))
        if zeros:
            num.italian_leading_zero = True
            num.number_of_leading_zeros = zeros
        if phonenumbers.is_valid_number_for_region(num, region):
            return region, num
    return None


def grouped_as_in(value: str, num: PhoneNumber) -> bool:
    """Whether the digit groups of ``value`` are those of the number's national format
    (``030 1234567`` in Germany, ``01 84 17 61 18`` in France), or all in one run."""
    groups = [len(g) for g in _GROUPS.findall(value)]
    national = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.NATIONAL)
    return len(groups) == 1 or groups == [len(g) for g in _GROUPS.findall(national)]


def _as_parsed(digits: str) -> PhoneNumber | None:
    """What ``phonenumbers.parse("+" + digits)`` gives, read off the digits directly, when
    the reading is certainly the same: a calling code, then a national number that does
    not start with 0 and that the country's national prefix does not match (``parse``
    would strip it). Otherwise None, and the caller asks ``parse``, which costs 17 µs in
    pure-Python regexes on every candidate."""
    if not digits.isascii() or not digits.isdigit() or digits[0] == "0":
        return None
    for size in (1, 2, 3):
        cc = int(digits[:size])
        if cc in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
            break
    else:
        return None
    nsn = digits[size:]
    if not 2 < len(nsn) <= 17 or nsn[0] == "0":
        return None
    region = phonenumbers.region_code_for_country_code(cc)
    meta = PhoneMetadata.metadata_for_region_or_calling_code(cc, region)
    prefix = meta.national_prefix_for_parsing if meta is not None else None
    if prefix and _prefix_regex(prefix).match(nsn):
        return None
    return PhoneNumber(country_code=cc, national_number=int(nsn))


@functools.lru_cache(maxsize=512)
def _prefix_regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def international_valid(value: str) -> bool | None:
    """Validity of a number written with ``+`` or ``00``; ``None`` if it does not parse."""
    text = value.replace("(0)", "")
    if text.startswith("00"):
        text = "+" + text[2:].lstrip(" .-")
    num = _as_parsed("".join(_GROUPS.findall(text)))
    if num is None:
        try:
            num = phonenumbers.parse(text, None)
        except phonenumbers.NumberParseException:
            return None
    return bool(phonenumbers.is_valid_number(num))


class PhoneDetector:
    """Telephone numbers, validated with ``phonenumbers`` (no keyword gate)."""

    id = "phone-number"
    keywords: tuple[str, ...] = ()
    context_words: frozenset[str] = frozenset()

    def __init__(self, regions: tuple[str, ...] = DEFAULT_REGIONS) -> None:
        self.regions = regions
        self.regex = compile_re2(_PHONE_CANDIDATE)

    def detect(self, doc: Document) -> Iterator[Finding]:
        data = doc.data
        for m in self.regex.finditer(data):
            start, end = m.span(1)
            while end > start and data[end - 1] in b" .-/(":
                end -= 1
            if data[start : start + 1] == b"(" and b")" not in data[start:end]:
                start += 1
            if end < len(data) and (
                data[end] in WORD_BYTES
                or (data[end] in b".:/,-" and data[end + 1 : end + 2].isdigit())
            ):
                continue
            finding = self.judge(doc, start, end)
            if finding is not None:
                yield finding

    def judge(self, doc: Document, start: int, end: int) -> Finding | None:
        value = doc.value(start, end)
        body = _EXTENSION.sub("", value)
        digits = "".join(_GROUPS.findall(body))
        if body.startswith("00") and len(digits) < 10:
            return None  # ``0000123``: an id, and too short for 00 + country code + number
        if phone_shape(value) is not None:
            return None
        near = window(doc, start, end, _CONTEXT_BEFORE, _CONTEXT_AFTER)
        labels = _LABELS.within(*near)
        separated = len(digits) != len(body)
        if body.startswith(("+", "00")):
            valid = international_valid(body)
            if valid is None:
                return None
            score, note = (0.85 if valid else 0.45), "international format"
        elif not separated and not labels:
            return None  # a bare digit run is an id, a timestamp or an amount unless labelled
        else:
            found = national_valid(digits, self.regions)
            valid = found is not None
            if found is None:
                score, note = 0.4, "national format, possible number"
            else:
                region, num = found
                note = f"national format, valid in {region}"
                plain = separated and len(digits) >= 9 and (labels or grouped_as_in(body, num))
                score = 0.6 if plain else 0.45
        hints = _HINTS.within(*near)
        if labels:
            score += 0.35
        else:
            score += 0.2 if hints else 0.0
            score -= 0.4 if _ANTI.within(*near) else 0.0
        return Finding(
            start=start,
            end=end,
            type="PHONE",
            category=Category.PII,
            detector=self.id,
            score=min(score, 0.99),
            explanation=Explanation(
                pattern=self.id,
                validators=(("phonenumbers_valid", valid),),
                filters=("phone_shape",),
                context=labels + hints,
                note=note,
            ),
        )


RULES = [
    EmailRule(
        id="email-address",
        type="EMAIL",
        category=Category.PII,
        pattern=EMAIL_PATTERN,
        keywords=("@",),
        score=0.9,
        filters=(is_file_reference, is_system_address),
        test_data=is_reserved_email_domain,
        window=(96, 320),
        note="e-mail address",
    ),
]

DETECTORS = [PhoneDetector()]
