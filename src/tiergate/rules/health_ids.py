"""Medical identifiers (type ``MEDICAL_ID``): medical record and health insurance member
numbers after their label ("MRN", "Patienten-ID", "numéro de dossier", "病历号", "Member
ID"), US NPI (Luhn over the 80840 prefix), German KVNR (check digit) and US Medicare MBI
(its format) near their names.
"""

from __future__ import annotations

from tiergate.detect.rule import Rule
from tiergate.detect.validators import digits_of, luhn
from tiergate.findings import Category
from tiergate.rules._labelled import LABEL_SEP, NUMBER_FILTERS


def has_four_digits(value: str) -> bool:
    """At least four digits (a record number, not a word)."""
    return len(digits_of(value)) >= 4


def npi_luhn(value: str) -> bool:
    """US National Provider Identifier: 10 digits starting 1 or 2, Luhn over 80840 + NPI."""
    digits = digits_of(value)
    return len(digits) == 10 and digits[0] in "12" and luhn("80840" + digits)


def kvnr_check(value: str) -> bool:
    """German Krankenversichertennummer: a letter (01–26) and 8 digits, weighted 1-2-1-2…
    with cross sums, mod 10 gives the 10th digit."""
    if len(value) != 10 or not value[0].isalpha() or not value[1:].isdigit():
        return False
    digits = f"{ord(value[0].upper()) - 64:02d}" + value[1:9]
    total = 0
    for i, ch in enumerate(digits):
        product = int(ch) * (1 if i % 2 == 0 else 2)
        total += product // 10 + product % 10
    return total % 10 == int(value[9])


_MRN_LABELS = "|".join(
    [
        r"mrn|medical\s+record(?:\s+(?:number|no\.?|nr\.?|#))?",
        r"patient\s+(?:id|number|no\.?|#)|chart\s+(?:number|no\.?|#)",
        r"patienten-?(?:id|nummer|nr\.?)|fallnummer|fall-nr\.?",
        r"num[ée]ro\s+de\s+dossier(?:\s+(?:m[ée]dical|patient))?|n[°º]\s*(?:de\s+)?dossier",
        r"dossier\s+(?:m[ée]dical|patient)(?:\s+n[°º])?",
        r"n[úu]mero\s+de\s+historia(?:\s+cl[íi]nica)?|historia\s+cl[íi]nica(?:\s+n[°º])?|nhc",
        r"病历号|病案号|住院号|门诊号|患者编号|病人编号|病历编号|病歷號",
    ]
)

_MRN = Rule(
    id="medical-record-number",
    type="MEDICAL_ID",
    category=Category.HEALTH,
    pattern=rf"(?i)(?:{_MRN_LABELS}){LABEL_SEP}(?P<v>[A-Z]{{0,4}}[\-/]?\d{{4}}(?:[\-/.]?[0-9A-Z]){{0,16}})",
    keywords=(
        *("mrn", "medical record", "patient id", "patient number", "patient no", "chart n"),
        *("patient #", "patienten-id", "patientenid", "patientennummer", "patienten-nr"),
        *("fallnummer", "fall-nr", "dossier", "historia", "nhc", "病历号", "病案号", "住院号"),
        *("门诊号", "患者编号", "病人编号", "病历编号", "病歷號"),
    ),
    score=0.85,
    validators=(has_four_digits,),
    filters=NUMBER_FILTERS,
    window=(48, 96),
    note="medical record number after its label",
)

_NPI = Rule(
    id="us-npi",
    type="MEDICAL_ID",
    category=Category.HEALTH,
    pattern=r"[12]\d{9}",
    keywords=("npi", "national provider"),
    score=0.8,
    validators=(npi_luhn,),
    filters=NUMBER_FILTERS,
    context=("npi", "national provider identifier", "national provider id", "provider npi"),
    context_window=48,
    requires_context=True,
    window=(80, 96),
    note="US National Provider Identifier (Luhn with the 80840 prefix)",
)

_KVNR_CONTEXT = (
    *("krankenversichertennummer", "versichertennummer", "versicherten-nr", "kvnr", "kv-nr"),
    *("krankenkasse", "krankenversicherung", "gesundheitskarte", "egk", "versichertennr"),
    "versicherungsnummer",
)

_KVNR = Rule(
    id="de-kvnr",
    type="MEDICAL_ID",
    category=Category.HEALTH,
    pattern=r"[A-Z]\d{9}",
    keywords=("versicherten", "kvnr", "kv-nr", "krankenkasse", "krankenversicher", "egk"),
    score=0.8,
    validators=(kvnr_check,),
    filters=NUMBER_FILTERS,
    context=_KVNR_CONTEXT,
    context_window=64,
    requires_context=True,
    window=(96, 128),
    note="German health insurance number (Krankenversichertennummer, check digit)",
)

_MBI_LETTER = "[AC-HJKMNP-RT-Y]"
_MBI_ALNUM = "[AC-HJKMNP-RT-Y0-9]"

_MBI = Rule(
    id="us-medicare-mbi",
    type="MEDICAL_ID",
    category=Category.HEALTH,
    pattern=(
        rf"[1-9]{_MBI_LETTER}{_MBI_ALNUM}\d-?{_MBI_LETTER}{_MBI_ALNUM}\d-?"
        rf"{_MBI_LETTER}{{2}}\d{{2}}"
    ),
    keywords=("medicare", "mbi"),
    score=0.8,
    filters=NUMBER_FILTERS,
    context=("medicare", "mbi", "medicare beneficiary identifier", "medicare number"),
    context_window=64,
    requires_context=True,
    window=(96, 128),
    note="US Medicare Beneficiary Identifier (format)",
)

_INSURANCE_LABELS = "|".join(
    [
        r"(?:health|medical|dental)\s+(?:insurance|plan)\s+(?:id|number|no\.?|#)",
        r"member\s+(?:id|number|no\.?|#)|subscriber\s+(?:id|number|no\.?|#)",
        r"insurance\s+(?:id|number|no\.?|#)|policy\s+(?:number|no\.?|#)",
        r"versicherungsnummer|mitgliedsnummer",
        r"num[ée]ro\s+d['’]adh[ée]rent|n[°º]\s*(?:d['’])?adh[ée]rent",
        r"tarjeta\s+sanitaria(?:\s+individual)?|n[úu]mero\s+de\s+afiliaci[óo]n|\bcip\b",
        r"医保卡号|社保卡号|医保号|医疗保险号|医保编号",
    ]
)

_INSURANCE = Rule(
    id="health-insurance-number",
    type="MEDICAL_ID",
    category=Category.HEALTH,
    pattern=(
        rf"(?i)(?:{_INSURANCE_LABELS}){LABEL_SEP}"
        r"(?P<v>[A-Z]{0,4}[\-/]?\d{4}(?:[\-/.]?[0-9A-Z]){1,18})"
    ),
    keywords=(
        *("member id", "member number", "member no", "subscriber", "insurance id"),
        *("insurance number", "insurance no", "policy number", "policy no"),
        *("plan id", "plan number", "versicherungsnummer", "mitgliedsnummer", "adhérent"),
        *("tarjeta sanitaria", "afiliaci", "cip", "医保", "社保卡号", "医疗保险号"),
    ),
    score=0.8,
    validators=(has_four_digits,),
    filters=NUMBER_FILTERS,
    context=(
        *("health", "medical", "dental", "vision", "patient", "hospital", "clinic"),
        *("medicaid", "medicare", "krankenkasse", "krankenversicherung", "mutuelle"),
        *("assurance maladie", "sanitaria", "médica", "médico", "salud", "医保", "医疗"),
    ),
    context_window=160,
    requires_context=True,
    window=(48, 96),
    note="health insurance member number after its label",
)


RULES = [_MRN, _NPI, _KVNR, _MBI, _INSURANCE]
