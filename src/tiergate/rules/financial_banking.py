"""Bank account data: account numbers next to their label, US ABA routing numbers, UK sort
codes, Mexican CLABE and SWIFT/BIC codes (type ``BANK_ACCOUNT``).

A bare run of digits is not an account number, so every rule here needs its label
("account number", "Kontonummer", "numéro de compte", "número de cuenta", "账号", "routing",
"sort code", "SWIFT"/"BIC") right before the value or close to it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from stdnum import bic as _bic
from stdnum.es import ccc as _es_ccc

from tiergate.detect.document import Document
from tiergate.detect.rule import Rule, compile_re2
from tiergate.detect.validators import digits_of
from tiergate.findings import Category, Explanation, Finding
from tiergate.rules._labelled import LABEL_SEP, NUMBER_FILTERS
from tiergate.rules._scan import keyword_windows

# ---- validators and filters (named pure predicates) -------------------------------------


def account_length(value: str) -> bool:
    """Between 6 and 20 digits: every domestic account number format in use."""
    return 6 <= len(digits_of(value)) <= 20


def es_ccc(value: str) -> bool:
    """Spanish Código Cuenta Cliente: 20 digits with two check digits."""
    digits = digits_of(value)
    return len(digits) == 20 and bool(_es_ccc.is_valid(digits))


_ABA_PREFIXES = frozenset([*range(0, 13), *range(21, 33), *range(61, 73), 80])


def aba_checksum(value: str) -> bool:
    """ABA routing transit number: 9 digits, a Federal Reserve prefix, and the 3-7-1 check."""
    d = [int(c) for c in digits_of(value)]
    if len(d) != 9 or d[0] * 10 + d[1] not in _ABA_PREFIXES:
        return False
    return (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5] + d[8]) % 10 == 0


def clabe_checksum(value: str) -> bool:
    """Mexican CLABE: 18 digits, the last a weighted (3, 7, 1) mod-10 check digit."""
    d = [int(c) for c in digits_of(value)]
    if len(d) != 18:
        return False
    total = sum(x * (3, 7, 1)[i % 3] % 10 for i, x in enumerate(d[:17]))
    return (10 - total % 10) % 10 == d[17]


# ---- account numbers after their label -----------------------------------------------

_DIGITS = r"(?P<v>\d(?:[ \-]?\d){5,21})"
_ACCOUNT_LABELS = "|".join(
    [
        # English
        r"(?:bank|checking|savings|current|beneficiary(?:'s)?|deposit)\s+account"
        r"(?:\s*(?:number|num\.?|no\.?|nr\.?|#))?",
        r"(?:account|acct\.?|a/c)\s*(?:number|num\.?|no\.?|nr\.?|#)",
        # German
        r"konto(?:nummer|-?nr\.?|-?nummer)?",
        r"kto\.?\s*-?\s*nr\.?",
        # French
        r"num[ée]ro\s+de\s+compte(?:\s+bancaire)?",
        r"n[°º]\.?\s*(?:de\s+)?compte",
        r"compte(?:\s+(?:bancaire|courant))?(?:\s+n[°º]\.?)?",
        # Spanish / Portuguese / Italian / Dutch
        r"n[úu]mero\s+de\s+(?:la\s+)?cuenta(?:\s+bancaria)?",
        r"n[°º]\.?\s*(?:de\s+)?cuenta",
        r"cuenta(?:\s+(?:bancaria|corriente))?(?:\s+n[°º]\.?)?",
        r"n[úu]mero\s+da\s+conta",
        r"numero\s+di\s+conto|conto\s+corrente",
        r"rekeningnummer",
        # Chinese
        r"(?:银行|銀行|收款|付款)?(?:账号|帐号|账户|帐户|帳號|帳戶|卡号)(?:号码)?",
        r"口座番号",
    ]
)

_ACCOUNT = Rule(
    id="bank-account-number",
    type="BANK_ACCOUNT",
    category=Category.FINANCIAL,
    pattern=rf"(?i)(?:{_ACCOUNT_LABELS}){LABEL_SEP}{_DIGITS}",
    keywords=(
        "account",
        "acct",
        "a/c",
        "konto",
        "kto",
        "compte",
        "cuenta",
        "da conta",
        "conto",
        "rekeningnummer",
        "账号",
        "帐号",
        "账户",
        "帐户",
        "帳號",
        "帳戶",
        "卡号",
        "口座番号",
    ),
    score=0.85,
    validators=(account_length,),
    confirmers=(es_ccc,),
    filters=NUMBER_FILTERS,
    anti_context=("aws", "amazon", "arn:aws"),  # 12-digit AWS account ids
    context_boost=0.4,
    context_window=96,
    window=(48, 96),
    note="bank account number after its label",
)

# ---- US ABA routing numbers ------------------------------------------------------------

_ABA = Rule(
    id="us-aba-routing-number",
    type="BANK_ACCOUNT",
    category=Category.FINANCIAL,
    pattern=r"\d{4}-?\d{4}-?\d",
    keywords=("routing", "aba", "rtn"),
    score=0.75,
    validators=(aba_checksum,),
    filters=NUMBER_FILTERS,
    context=("routing", "aba", "rtn", "abartn", "transit number", "routing transit"),
    context_window=48,
    requires_context=True,
    window=(80, 80),
    note="US ABA routing transit number (checksum and prefix)",
)

# ---- UK sort code, with the account number when it follows ----------------------------

_SORT_CODE = Rule(
    id="uk-sort-code",
    type="BANK_ACCOUNT",
    category=Category.FINANCIAL,
    pattern=(
        r"(?i)sort[\s\-]?code(?:\s*(?:and|&|/)\s*(?:account|a/c)(?:\s*(?:number|no\.?))?)?"
        r"[\s:#=|.\-]{0,6}(?P<v>\d{2}[\- ]?\d{2}[\- ]?\d{2}"
        r"(?:\s{0,3}[,;/|]?\s{0,3}(?:(?:account|acc|a/c)(?:\s*(?:number|no\.?|#))?"
        r"[\s:#]{0,3})?\d{8})?)"
    ),
    keywords=("sort code", "sort-code", "sortcode"),
    score=0.85,
    filters=NUMBER_FILTERS,
    window=(16, 128),
    note="UK sort code (and account number)",
)

# ---- Mexican CLABE ----------------------------------------------------------------------

_CLABE = Rule(
    id="mx-clabe",
    type="BANK_ACCOUNT",
    category=Category.FINANCIAL,
    pattern=r"\d{3}[ \-]?\d{3}[ \-]?\d{11}[ \-]?\d",
    keywords=("clabe",),
    score=0.9,
    validators=(clabe_checksum,),
    filters=NUMBER_FILTERS,
    context=("clabe",),
    context_window=48,
    requires_context=True,
    window=(16, 96),
    note="Mexican CLABE interbank account number (checksum)",
)

# ---- SWIFT / BIC --------------------------------------------------------------------------

_BIC_RX = compile_re2(
    r"(?P<label>(?i:swift|bic)(?:[ \t]*[/\-(][ \t]*(?i:swift|bic)\)?)?)"
    r"(?P<word>[ \t\-]*(?i:code|address|adresse|id|no\.?|number|nummer)\b)?"
    r"(?P<sep>[ \t]*[:：#=|][ \t]*|\s{1,4})"
    r"(?P<v>[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)"
)
_G_LABEL, _G_WORD, _G_SEP, _G_V = (_BIC_RX.groupindex[g] for g in ("label", "word", "sep", "v"))


def bic_country(value: str) -> bool:
    """ISO 9362 structure with a real ISO 3166 country code (python-stdnum)."""
    return bool(_bic.is_valid(value))


def is_test_bic(value: str) -> bool:
    """A '0' as the second location character marks a test-and-training BIC."""
    return value[7] == "0"


class BicDetector:
    """SWIFT/BIC codes after their label. An upper-case word after "SWIFT" is only taken
    when the label is followed by punctuation or a word such as "code", or when the value
    has a digit, a branch code, or an IBAN nearby: "SWIFT CONFIRMS" is not a BIC."""

    id = "swift-bic"
    keywords = ("swift", "bic")
    context_words = ("iban",)
    _note = "SWIFT/BIC code after its label"

    def detect(self, doc: Document) -> Iterator[Finding]:
        data = doc.data
        for lo, hi in keyword_windows(doc, self.keywords, 0, 64):
            for m in _BIC_RX.finditer(data, lo, hi):
                finding = self._judge(doc, m)
                if finding is not None:
                    yield finding

    def _judge(self, doc: Document, m: Any) -> Finding | None:
        start, end = m.span(_G_V)
        if doc.is_word_byte(m.start() - 1) or doc.is_word_byte(end):
            return None
        value = doc.value(start, end)
        if not bic_country(value) or not self._labelled(doc, m, value, start, end):
            return None
        return Finding(
            start=start,
            end=end,
            type="BANK_ACCOUNT",
            category=Category.FINANCIAL,
            detector=self.id,
            score=0.9,
            explanation=Explanation(
                pattern=self.id,
                validators=(("bic_country", True),),
                context=(m.group(_G_LABEL).decode("utf-8", "replace").lower(),),
                note=self._note,
                test_data=is_test_bic(value),
            ),
        )

    @staticmethod
    def _labelled(doc: Document, m: Any, value: str, start: int, end: int) -> bool:
        if m.group(_G_WORD) or m.group(_G_SEP).strip():
            return True
        if m.group(_G_LABEL) == b"BIC" or len(value) == 11:
            return True
        return any(c.isdigit() for c in value) or bool(doc.near(("iban",), start, end, 160))


RULES = [_ACCOUNT, _ABA, _SORT_CODE, _CLABE]
DETECTORS = [BicDetector()]
