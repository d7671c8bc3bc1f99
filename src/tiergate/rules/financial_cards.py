"""Payment card numbers: 12–19 digits, Luhn, issuer ranges (IIN) and card-style grouping.

Card numbers are pasted without any label, so this detector has no keyword gate: it runs
in the one RE2 pass of :mod:`tiergate.rules.ungated_values`, which finds 12–19 digits in a
row or in groups printed the card way (a first group of 4, then groups of 3–6), and Python
picks the card out of a run (``4111 1111 1111 1111 2025`` holds one card and a year).
A Luhn-valid number in a known issuer range and length is reported on its own; an unusual
length (Maestro 12 digits, Visa 19) or an unknown range needs a card word nearby.
Documented test numbers (4242 4242 4242 4242, 4111 1111 1111 1111, …) are kept as test data.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from tiergate.detect.document import Document
from tiergate.detect.rule import compile_re2
from tiergate.findings import Category, Explanation, Finding
from tiergate.rules._idrule import among_numbers, words


class Brand(NamedTuple):
    name: str
    lo: int  # inclusive IIN range over the first len(str(lo)) digits
    hi: int
    lengths: tuple[int, ...]  # the lengths it is issued in
    common: tuple[int, ...]  # the lengths distinctive enough to report without context


_ANY = tuple(range(12, 20))
BRANDS = (
    Brand("Visa", 4, 4, (13, 16, 19), (16,)),
    Brand("Mastercard", 51, 55, (16,), (16,)),
    Brand("Mastercard", 2221, 2720, (16,), (16,)),
    Brand("American Express", 34, 34, (15,), (15,)),
    Brand("American Express", 37, 37, (15,), (15,)),
    Brand("Discover", 6011, 6011, (16, 17, 18, 19), (16,)),
    Brand("Discover", 644, 649, (16, 17, 18, 19), (16,)),
    Brand("Discover", 65, 65, (16, 17, 18, 19), (16,)),
    Brand("UnionPay", 62, 62, (16, 17, 18, 19), (16, 17, 18, 19)),
    Brand("JCB", 3528, 3589, (16, 17, 18, 19), (16,)),
    Brand("JCB", 1800, 1800, (15,), ()),
    Brand("JCB", 2131, 2131, (15,), ()),
    Brand("Diners Club", 300, 305, (14, 15, 16, 17, 18, 19), (14,)),
    Brand("Diners Club", 3095, 3095, (14, 15, 16, 17, 18, 19), (14,)),
    Brand("Diners Club", 36, 36, (14, 15, 16, 17, 18, 19), (14,)),
    Brand("Diners Club", 38, 39, (14, 15, 16, 17, 18, 19), (16,)),
    Brand("Mir", 2200, 2204, (16, 17, 18, 19), (16,)),
    Brand("Troy", 9792, 9792, (16,), (16,)),
    Brand("Maestro", 50, 50, _ANY, ()),
    Brand("Maestro", 56, 69, _ANY, ()),
)

# Published by payment providers (Stripe, Braintree/PayPal, Adyen, card schemes) for tests.
_PUBLISHED = """4242424242424242 4000056655665556 5555555555554444 2223003122003222 5200828282828210
    5105105105105100 378282246310005 371449635398431 6011111111111117 6011000990139424
    6011981111111113 3056930009020004 36227206271667 3566002020360505 6200000000000005
    4111111111111111 4012888888881881 4222222222222 4005519200000004 4009348888881881
    4012000033330026 4012000077777777 4217651111111119 4500600000000061 378734493671000
    3530111333300000 30569309025904 38520000023237 5431111111111111 5019717010103742
    6331101999990016 4000002500003155 4000000000003220 4000000000009995 4000000000000002
    4000000000000069 4000000000000127 4000000000000119 4000000000000101 4000002760003184
    4000008400001629 4000000000003063 4000000000000077 5200000000001005
    4111111145551142 5555341244441115 370000000000002 6011601160116611 36006666333344
    6243030000000001"""
TEST_NUMBERS = frozenset(_PUBLISHED.split())

CARD_WORDS = words(
    "card|cards|card number|card no|card#|credit|debit|cc|cc#|ccn|visa|mastercard|amex"
    "|american express|discover|jcb|diners|maestro|unionpay|payment|kreditkarte|karte"
    "|kartennummer|carte|carte bancaire|numéro de carte|tarjeta|número de tarjeta|cartão"
    "|carta|kaart|karta|карта|номер карты|信用卡|银行卡|卡号|信用卡号|クレジットカード|カード番号"
    "|신용카드|카드"
)
ANTI_WORDS = words(
    "isbn|imei|gtin|upc:|upc code|ean-13|ean13|tracking|phone|fax|serial number|timestamp"
    "|tel:|telephone|telefon|téléphone|teléfono|电话|電話"
)
# labels of numbers that are not cards: without a card word nearby, such a number is not one
NOT_CARD_WORDS = words(
    "serial|seed|rng|random_state|fingerprint|checksum|nonce|offset|epoch|sha1|sha256|md5"
    "|inode|pid|uid|gid|decimal|hex|bigint|int64|uint64"
)

RUN_PATTERN = r"\b(?:[0-9]{12,19}|[0-9]{4}(?:[ -][0-9]{3,6}){1,5}(?:[ -][0-9]{1,6})?)\b"
_RUN = compile_re2(RUN_PATTERN)
_DOUBLED = str.maketrans("0123456789", "0246813579")
_ALNUM = frozenset(b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_DIGITS = frozenset(b"0123456789")


def brand_of(digits: str) -> Brand | None:
    """The first card brand whose IIN range and lengths fit ``digits``."""
    for b in BRANDS:
        width = len(str(b.lo))
        if b.lo <= int(digits[:width]) <= b.hi and len(digits) in b.lengths:
            return b
    return None


def is_test_card(digits: str) -> bool:
    """A documented test number, or an account part of at most two distinct digits
    (``4111 1114 1010 1010``, ``4229 9898 0000 0003``: issuers' test ranges)."""
    return digits in TEST_NUMBERS or len(set(digits[6:-1])) <= 2


class _Candidate(NamedTuple):
    start: int  # byte offsets in the document
    end: int
    digits: str
    grouped: bool


def luhn_digits(digits: str) -> bool:
    """Luhn over a string of ASCII digits (a faster :func:`luhn` for the hot loop): the
    digits in doubled places become the digit sum of their double, and all are summed as
    bytes, less ``ord("0")`` for each."""
    doubled = digits[-2::-2].translate(_DOUBLED)
    total = sum((digits[-1::-2] + doubled).encode("ascii")) - 48 * len(digits)
    return total % 10 == 0


def _candidates(data: bytes, lo: int, hi: int) -> Iterator[_Candidate]:
    """The card number in one run: the whole run, or the run without its last or first
    group (``4111 1111 1111 1111 2025``, ``Order 2025 4111 1111 1111 1111``)."""
    run = data[lo:hi].decode("ascii")
    if len(run) <= 19 and run.isdigit():
        yield _Candidate(lo, hi, run, False)
        return
    sep = " " if " " in run else "-"
    if sep == " " and "-" in run:
        return
    groups = run.split(sep)
    n = len(groups)
    for i, j in ((0, n), (0, n - 1), (1, n)):
        if j - i < 2 or len(groups[i]) != 4 or any(len(g) < 3 for g in groups[i + 1 : j - 1]):
            continue
        digits = "".join(groups[i:j])
        if 12 <= len(digits) <= 19 and luhn_digits(digits):
            start = lo + sum(len(g) + 1 for g in groups[:i])
            yield _Candidate(start, start + len(sep.join(groups[i:j])), digits, True)
            return


def _card_words(doc: Document, start: int, end: int, window: int) -> list[str]:
    """The card words near ``[start, end)``; ``cc`` counts unless it is a file extension
    or a byte of a fingerprint (``table_io.cc``, ``77:cc:94``) wherever it occurs."""
    found = doc.near(CARD_WORDS, start, end, window)
    if "cc" in found:
        hits = doc.hits.get("cc", ())
        data = doc.data
        if all(
            data[p - 1 : p] in (b".", b":") for p in hits if start - window - 2 <= p <= end + window
        ):
            found.remove("cc")
    return found


def _glued(data: bytes, start: int, end: int) -> bool:
    """Part of something else: after ``+`` (a phone number), or joined by ``-./`` to more
    letters or digits (a version, a decimal, an identifier), or by ``,`` to a digit (a
    decimal comma). A comma after a word is a field separator (``Smith,4111…,12/27``)."""
    if start > 0:
        b = data[start - 1]
        if b == 0x2B or (b in b"-./" and start > 1 and data[start - 2] in _ALNUM):
            return True
        if b == 0x2C and start > 1 and data[start - 2] in _DIGITS:
            return True
    return end + 1 < len(data) and data[end] in b"-./" and data[end + 1] in _ALNUM


class CardDetector:
    """Credit and debit card numbers (no keyword gate: one cheap RE2 pass)."""

    id = "credit-card"
    keywords: tuple[str, ...] = ()
    pattern = RUN_PATTERN
    context_words = frozenset(CARD_WORDS) | frozenset(ANTI_WORDS) | frozenset(NOT_CARD_WORDS)
    context_window = 64

    def detect(self, doc: Document) -> Iterator[Finding]:
        return self.scan(doc, 0, len(doc.data))

    def scan(self, doc: Document, lo: int, hi: int) -> Iterator[Finding]:
        """Findings in the digit runs of ``data[lo:hi]``."""
        data = doc.data
        for m in _RUN.finditer(data, lo, hi):
            lo, hi = m.span()
            for c in _candidates(data, lo, hi):
                finding = self.judge(doc, c)
                if finding is not None:
                    yield finding

    def judge(self, doc: Document, c: _Candidate) -> Finding | None:
        if _glued(doc.data, c.start, c.end) or not luhn_digits(c.digits):
            return None
        brand = brand_of(c.digits)
        if brand is None:
            score = 0.25
        elif len(c.digits) in brand.common:
            score = 0.85
        else:
            score = 0.45
        if c.grouped:
            score += 0.1
        context = _card_words(doc, c.start, c.end, self.context_window)
        if context:
            score += 0.3
        elif (
            c.digits[0] == "0"  # zero-padded: symbol tables, ids
            or among_numbers(doc.data, c.start, c.end)
            or doc.near(NOT_CARD_WORDS, c.start, c.end, 32, 0)
        ):
            return None  # among numbers, or labelled as something else, and no card word
        if doc.near(ANTI_WORDS, c.start, c.end, self.context_window):
            score -= 0.3
        name = brand.name if brand else "unknown issuer"
        return Finding(
            start=c.start,
            end=c.end,
            type="CREDIT_CARD",
            category=Category.FINANCIAL,
            detector=self.id,
            score=max(0.0, min(0.99, score)),
            explanation=Explanation(
                pattern=self.id,
                validators=(("luhn", True), ("iin_range", brand is not None)),
                context=tuple(context),
                note=f"payment card number ({name})",
                test_data=is_test_card(c.digits),
            ),
        )
