"""International Bank Account Numbers: country length table, BBAN layout and mod-97.

IBANs are pasted without a label, so there is no keyword gate: the one RE2 pass of
:mod:`tiergate.rules.ungated_values` proposes a
country code, two check digits and up to 34 letters or digits (in groups or not), Python
cuts the candidate at the length the country's IBAN has, and the ISO 7064 mod-97 check and
the country's BBAN layout decide. The example IBANs of the ISO 13616 standard, the SWIFT
registry and banks' documentation are reported as test data.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stdnum import numdb

from tiergate.detect.document import Document
from tiergate.detect.rule import compile_re2
from tiergate.detect.validators import iban_mod97
from tiergate.findings import Category, Explanation, Finding
from tiergate.rules._idrule import words

# Length of the whole IBAN per country (SWIFT IBAN registry).
_LENGTHS = """AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24
DE22 DJ27 DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28
HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27
MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22
RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20
YE30"""
IBAN_LENGTHS = {item[:2]: int(item[2:]) for item in _LENGTHS.split()}

_EXAMPLES = """GB82WEST12345698765432 GB29NWBK60161331926819 DE89370400440532013000
FR1420041010050500013M02606 NL91ABNA0417164300 BE68539007547034 CH9300762011623852957
ES9121000418450200051332 IT60X0542811101000000123456 AT611904300234573201
PL61109010140000071219812874 SE4550000000058398257466 NO9386011117947 DK5000400440116243
FI2112345600000785 IE29AIBK93115212345678 PT50000201231234567890154 LU280019400644750000
CZ6508000000192000145399 SK3112000000198742637541 SI56263300012039086
HR1210010051863000160 BG80BNBG96611020345678 GR1601101250000000012300695
CY17002001280000001200527600 MT84MALT011000012345MTLCAST001S EE382200221020145685
LV80BANK0000435195001 LT121000011101001000 IS140159260076545510730339
LI21088100002324013AA MC5811222000010123456789030 SM86U0322509800000000270100
AD1200012030200359100100 GI75NWBK000000007099453 TR330006100519786457841326
SA0380000000608010167519 AE070331234567890123456 IL620108000000099999999
HU42117730161111101800000000 RO49AAAA1B31007593840000 DE02120300000000202051"""
TEST_IBANS = frozenset(_EXAMPLES.split())

IBAN_WORDS = words(
    "iban|bic:|bic code|swift|sepa-|sepa transfer|account|bank account|wire|transfer|bank|konto"
    "|kontonummer|bankverbindung|überweisung|compte|virement|r.i.b.|rib:|cuenta|transferencia"
    "|conto|bonifico|rekening|rekeningnummer|conta bancária|número da conta|银行账户|账号"
    "|银行账号|口座"
)

CANDIDATE_PATTERN = r"\b[A-Za-z]{2}[0-9]{2}(?: ?[A-Za-z0-9]){11,44}"
_CANDIDATE = compile_re2(CANDIDATE_PATTERN)
_ALNUM = frozenset(b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


_FIELD = re.compile(r"([1-9][0-9]*)!?([nac])")
_CLASS = {"n": "[0-9]", "a": "[A-Z]", "c": "[A-Za-z0-9]"}


def _bban_layouts() -> dict[str, re.Pattern[str]]:
    """Each country's BBAN structure from python-stdnum's copy of the SWIFT registry
    (``8!n10!n``: eight digits, then ten), as one pattern per country, built once: looking
    the country up in stdnum's database for every candidate cost 25 µs."""
    registry = numdb.get("iban")
    out = {}
    for cc in IBAN_LENGTHS:
        structure = registry.info(cc)[0][1].get("bban")
        if structure:
            fields = _FIELD.sub(lambda m: f"{_CLASS[m[2]]}{{{m[1]}}}", structure)
            out[cc] = re.compile(fields)
    return out


BBAN_LAYOUTS = _bban_layouts()


def iban_layout(value: str) -> bool:
    """The country's BBAN layout (what python-stdnum's ``iban.is_valid`` checks besides
    mod-97). National bank lists are not consulted: they go stale, and a new bank's IBAN is
    still an IBAN."""
    compact = "".join(value.split()).upper()
    layout = BBAN_LAYOUTS.get(compact[:2])
    return layout is not None and layout.fullmatch(compact[4:]) is not None


def _cut(data: bytes, start: int) -> int | None:
    """End offset of an IBAN that starts at ``start``: as many letters and digits as the
    country's IBAN has (single spaces allowed between groups), ending where a group ends.
    None if the country is unknown or the value does not fit."""
    length = IBAN_LENGTHS.get(data[start : start + 2].decode("latin-1").upper())
    if length is None:
        return None
    total, pos = 0, start
    for group in data[start : start + 2 * length + 2].split(b" "):
        size = len(group) if group.isalnum() else _alnum_prefix(group)
        total += size
        pos += size
        if total >= length or size < len(group) or not size:
            break
        pos += 1
    if total != length or (pos < len(data) and data[pos] in _ALNUM):
        return None
    return pos


def _alnum_prefix(chunk: bytes) -> int:
    for i, b in enumerate(chunk):
        if b not in _ALNUM:
            return i
    return len(chunk)


def _starts(data: bytes, start: int, end: int) -> Iterator[int]:
    """Where an IBAN may start inside one match: at its start, and after a space when the
    match began with something that is not a country code (``Ref AB12 DE89 3704 …``);
    at most three places, so that hostile text costs a bounded amount per match."""
    for _ in range(3):
        yield start
        if data[start : start + 2].decode("latin-1").upper() in IBAN_LENGTHS:
            return
        start = data.find(b" ", start + 1, end) + 1
        head = data[start : start + 4]
        if not start or len(head) < 4 or not (head[:2].isalpha() and head[2:].isdigit()):
            return


class IbanDetector:
    """IBANs with and without spaces (no keyword gate: one cheap RE2 pass)."""

    id = "iban"
    keywords: tuple[str, ...] = ()
    pattern = CANDIDATE_PATTERN
    context_words = frozenset(IBAN_WORDS)
    context_window = 64

    def detect(self, doc: Document) -> Iterator[Finding]:
        return self.scan(doc, 0, len(doc.data))

    def scan(self, doc: Document, lo: int, hi: int) -> Iterator[Finding]:
        """IBANs that start in ``data[lo:hi]``."""
        data = doc.data
        for m in _CANDIDATE.finditer(data, lo, hi):
            for start in _starts(data, *m.span()):
                cut = _cut(data, start)
                if cut is not None:
                    finding = self.judge(doc, start, cut)
                    if finding is not None:
                        yield finding

    def judge(self, doc: Document, start: int, end: int) -> Finding | None:
        value = doc.value(start, end)
        if value != value.upper() and value != value.lower():
            return None
        if not iban_mod97(value) or not iban_layout(value):
            return None
        context = doc.near(IBAN_WORDS, start, end, self.context_window)
        compact = "".join(value.split()).upper()
        return Finding(
            start=start,
            end=end,
            type="IBAN",
            category=Category.FINANCIAL,
            detector=self.id,
            score=0.99 if context else 0.9,
            explanation=Explanation(
                pattern=self.id,
                validators=(("iban_mod97", True), ("iban_layout", True)),
                context=tuple(context),
                note=f"IBAN ({compact[:2]})",
                test_data=compact in TEST_IBANS,
            ),
        )
