"""Driver's licence numbers: after a label naming them, and the UK DVLA layout.

US states, German and French authorities and most others issue licence numbers without a
public checksum and in dozens of layouts (``F162823540116``, ``5130634``, ``B072RRE2I55``),
so a number counts only right after a word naming the licence, in English, German, French,
Spanish, Italian, Portuguese, Dutch, Polish, Swedish, Chinese, Japanese or Korean. The UK
licence encodes the holder's surname, birth date and initials, which is checked.
"""

from __future__ import annotations

from tiergate.findings import Category
from tiergate.rules._idrule import IdRule, compact, id_rule, labelled_rule, words

LICENCE_LABELS = words(
    "driver's license|drivers license|driver license|driver's licence|drivers licence"
    "|driver licence|driving licence|driving license|driver's lic|drivers lic|dl#|dl #"
    "|dl no|dl number|d/l no|license to drive|führerschein|führerscheinnummer"
    "|führerschein-nr|fahrerlaubnis|permis de conduire|numéro de permis|licencia de conducir"
    "|licencia de conducción|permiso de conducir|carnet de conducir|patente di guida"
    "|numero patente|carteira de motorista|carteira de habilitação|cnh|rijbewijs"
    "|rijbewijsnummer|prawo jazdy|körkort|körkortsnummer|驾驶证|驾驶证号|驾照|駕照|駕駛執照"
    "|運転免許証|免許証番号|운전면허|운전면허번호"
)


def licence_shape(value: str) -> bool:
    """5–20 characters with at least 4 digits, not a date (``2024-05-06``)."""
    digits = sum(ch.isdigit() for ch in value)
    parts = value.split("-")
    is_date = [len(p) for p in parts] == [4, 2, 2] and value.replace("-", "").isdigit()
    return 5 <= len(value) <= 20 and digits >= 4 and not is_date


def dvla_layout(value: str) -> bool:
    """UK licence: surname (5, padded with 9), decade, month (+50 for women), day, year,
    initials (padded with 9), a digit and two check letters."""
    v = compact(value)
    surname, initials = v[:5], v[11:13]
    month, day = int(v[6:8]), int(v[8:10])
    return (
        surname.rstrip("9").isalpha()
        and (initials.rstrip("9").isalpha() or initials == "99")
        and (1 <= month <= 12 or 51 <= month <= 62)
        and 1 <= day <= 31
    )


RULES: list[IdRule] = [
    labelled_rule(
        LICENCE_LABELS,
        r"[A-Z0-9](?:[A-Z0-9]|-[A-Z0-9]){3,19}",
        id="driver-license",
        type="DRIVER_LICENSE",
        category=Category.PII,
        validators=(licence_shape,),
        note="driver's licence number after a label naming it",
    ),
    id_rule(
        id="gb-driving-licence",
        type="DRIVER_LICENSE",
        category=Category.PII,
        pattern=r"\b[A-Z][A-Z9]{4}[0-9][0156][0-9][0-3][0-9][0-9][A-Z9]{2}[0-9][A-Z]{2}\b",
        validators=(dvla_layout,),
        score=0.64,  # above the generic labelled rule when both see the value
        context=words(
            "driving licence|driving license|licence number|licence no|dvla|driver number"
            "|driver's licence|permis de conduire britannique|britischer führerschein"
        ),
        weak_context=words("licence|license|driver|driving"),
        note="UK driving licence number (DVLA layout)",
    ),
]
