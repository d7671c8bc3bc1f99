"""Identity and tax numbers of Asia, the Pacific, the Middle East and Africa.

The Chinese resident identity number (18 characters with region, birth date and an ISO 7064
check) and the dashed Korean resident registration number are distinctive on their own;
the other numbers need a word that names the document nearby.
"""

from __future__ import annotations

from stdnum.au import tfn as au_tfn
from stdnum.cn import ric as cn_ric
from stdnum.il import idnr as il_idnr
from stdnum.in_ import aadhaar as in_aadhaar
from stdnum.in_ import pan as in_pan
from stdnum.jp import in_ as jp_in
from stdnum.kr import rrn as kr_rrn
from stdnum.tr import tckimlik as tr_tckimlik
from stdnum.za import idnr as za_idnr

from tiergate.rules._idrule import (
    NATIONAL_ID_WORDS,
    TAX_WORDS,
    IdRule,
    compact,
    distinctive,
    has_separators,
    known,
    national_id,
    stdnum_check,
    words,
)

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Taiwan: the letter's two-digit area code (I, O, W, X, Y, Z were added last)
_TW_CODE_LIST = (10, 11, 12, 13, 14, 15, 16, 17, 34, 18, 19, 20, 21, 22, 35, 23, 24, 25, 26, 27)
_TW_CODES: dict[str, int] = dict(
    zip(_LETTERS, (*_TW_CODE_LIST, 28, 29, 32, 30, 31, 33), strict=True)
)


def sg_nric_check(value: str) -> bool:
    """Singapore NRIC/FIN (S, T, F, G series): weighted digits and a check letter."""
    v = compact(value)
    if len(v) != 9 or v[0] not in "STFG" or not v[1:8].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(v[1:8], (2, 7, 6, 5, 4, 3, 2), strict=True))
    total += 4 if v[0] in "TG" else 0
    table = "JZIHGFEDCBA" if v[0] in "ST" else "XWUTRQPNMLK"
    return table[total % 11] == v[8]


def hk_hkid_check(value: str) -> bool:
    """Hong Kong identity card: one or two letters, six digits, check digit (0-9 or A)."""
    v = compact(value)
    prefix = v[:-7]
    if len(prefix) not in (1, 2) or not prefix.isalpha() or not v[-7:-1].isdigit():
        return False
    values = [36] * (2 - len(prefix)) + [10 + _LETTERS.index(c) for c in prefix]
    values += [int(d) for d in v[-7:-1]]
    total = sum(x * w for x, w in zip(values, range(9, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return v[-1] == ("A" if check == 10 else str(check))


def tw_id_check(value: str) -> bool:
    """Taiwan national identification number: a letter, then 9 digits with a check digit."""
    v = compact(value)
    if len(v) != 10 or v[0] not in _TW_CODES or not v[1:].isdigit():
        return False
    code = _TW_CODES[v[0]]
    total = code // 10 + (code % 10) * 9
    total += sum(int(d) * w for d, w in zip(v[1:9], range(8, 0, -1), strict=True))
    return (total + int(v[9])) % 10 == 0


RULES: list[IdRule] = [
    national_id(
        "in-aadhaar",
        pattern=r"\b[2-9][0-9]{3}[ -]?[0-9]{4}[ -]?[0-9]{4}\b",
        validators=(stdnum_check("in_aadhaar", in_aadhaar.is_valid),),
        context=words("aadhaar|aadhar|adhaar|uidai|aadhaar no|आधार|आधार संख्या"),
        weak_context=NATIONAL_ID_WORDS,
        note="Indian Aadhaar number (Verhoeff)",
    ),
    national_id(
        "in-pan",
        pattern=r"\b[A-Z]{3}[ABCFGHJLPT][A-Z][0-9]{4}[A-Z]\b",
        validators=(stdnum_check("in_pan", in_pan.is_valid),),
        context=words("pan:|pan no|pan card|pan number|pan#|permanent account number|पैन"),
        weak_context=TAX_WORDS,
        test_data=known("ABCPD1234E", "AAAPZ1234C"),
        note="Indian Permanent Account Number (tax)",
    ),
    national_id(
        "jp-my-number",
        pattern=r"\b[0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{4}\b",
        validators=(stdnum_check("jp_in", jp_in.is_valid),),
        context=words(
            "マイナンバー|個人番号|マイナンバーカード|my number|mynumber|individual number"
        ),
        weak_context=NATIONAL_ID_WORDS,
        note="Japanese Individual Number (My Number)",
    ),
    national_id(
        "au-tfn",
        pattern=r"\b[0-9]{3} ?[0-9]{3} ?[0-9]{2,3}\b",
        validators=(stdnum_check("au_tfn", au_tfn.is_valid),),
        context=words("tfn:|tfn no|tfn#|tax file number|tax file no"),
        weak_context=TAX_WORDS,
        test_data=known("123456782"),
        note="Australian Tax File Number",
    ),
    national_id(
        "sg-nric",
        pattern=r"\b[STFG][0-9]{7}[A-Z]\b",
        validators=(sg_nric_check,),
        context=words("nric|nric no|fin no|fin number|ic number|ic no|身份证号码"),
        weak_context=NATIONAL_ID_WORDS,
        test_data=known("S1234567D"),
        note="Singapore NRIC/FIN (check letter)",
    ),
    national_id(
        "hk-hkid",
        pattern=r"\b[A-Z]{1,2}[0-9]{6}(?:\([0-9A]\)|[0-9A]\b)",
        validators=(hk_hkid_check,),
        context=words("hkid|香港身份證|身份證|身份證號碼|hong kong identity card|hk id"),
        weak_context=NATIONAL_ID_WORDS,
        test_data=known("A1234563"),
        note="Hong Kong identity card number (mod 11)",
    ),
    national_id(
        "tw-national-id",
        pattern=r"\b[A-Z][12][0-9]{8}\b",
        validators=(tw_id_check,),
        context=words("身分證|身分證字號|身分證號碼|國民身分證|taiwan id|roc id"),
        weak_context=NATIONAL_ID_WORDS,
        test_data=known("A123456789"),
        note="Taiwan national identification number",
    ),
    national_id(
        "tr-tckimlik",
        pattern=r"\b[1-9][0-9]{10}\b",
        validators=(stdnum_check("tr_tckimlik", tr_tckimlik.is_valid),),
        context=words("tc kimlik|t.c. kimlik|kimlik no|kimlik numarası|tckn|tc no"),
        weak_context=NATIONAL_ID_WORDS,
        note="Turkish identity number (T.C. Kimlik No)",
    ),
    national_id(
        "il-teudat-zehut",
        pattern=r"\b[0-9]{9}\b",
        validators=(stdnum_check("il_idnr", il_idnr.is_valid),),
        context=words("teudat zehut|תעודת זהות|מספר זהות|israeli id"),
        weak_context=NATIONAL_ID_WORDS,
        note="Israeli identity number (Luhn variant)",
    ),
    national_id(
        "za-id-number",
        pattern=r"\b[0-9]{6} ?[0-9]{4} ?[0-9]{3}\b",
        validators=(stdnum_check("za_idnr", za_idnr.is_valid),),
        context=words("south african id|sa id|rsa id|identity number|id number|id no"),
        weak_context=NATIONAL_ID_WORDS,
        note="South African identity number (birth date, Luhn)",
    ),
]

BARE: list[IdRule] = [
    national_id(
        "cn-resident-id",
        pattern=r"\b[1-9][0-9]{16}[0-9Xx]\b",
        validators=(stdnum_check("cn_ric", cn_ric.is_valid),),
        bare=distinctive,
        context=words(
            "身份证|身份证号|身份证号码|公民身份号码|居民身份证|身份证件号码|resident identity card"
            "|chinese id|prc id|chinese identity card"
        ),
        weak_context=NATIONAL_ID_WORDS,
        test_data=known("11010519491231002X"),
        note="Chinese resident identity number (region, birth date, ISO 7064 check)",
    ),
    national_id(
        "kr-rrn",
        pattern=r"\b[0-9]{6}-?[1-8][0-9]{6}\b",
        validators=(stdnum_check("kr_rrn", kr_rrn.is_valid),),
        bare=has_separators,
        context=words(
            "주민등록번호|주민번호|resident registration number|rrn:|rrn no|住民登録番号|居民登记号"
        ),
        weak_context=NATIONAL_ID_WORDS,
        note="Korean resident registration number (birth date, check digit)",
    ),
]
