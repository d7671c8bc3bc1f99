"""Dates of birth: a date is personal data here only when something says it is a birth date.

The rule is gated by birth-date labels in several languages (``DOB``, ``date of birth``,
``born on``, ``Geburtsdatum``, ``geboren am``, ``date de naissance``, ``né le``, ``fecha de
nacimiento``, ``出生日期``…) and reads the date next to the label in the usual numeric and
written-out formats. A validator checks that it is a real calendar date in the past.
"""

from __future__ import annotations

import datetime as dt
import re

from tiergate.detect.rule import Rule
from tiergate.findings import Category

DOB_LABELS = (
    "dob", "d.o.b", "date of birth", "birth date", "birthdate", "birthday", "born",
    "geburtsdatum", "geburtstag", "geboren", "geb.", "date de naissance", "né le", "née le",
    "fecha de nacimiento", "fecha nacimiento", "f. nac", "nacido el",
    "nacida el", "nacimiento", "data di nascita", "nato il", "nata il", "data de nascimento",
    "nascido em", "nascida em", "geboortedatum", "geboren op", "födelsedatum", "fødselsdato",
    "født", "syntymäaika", "data urodzenia", "urodzony", "urodzona", "дата рождения",
    "出生日期", "出生年月日", "生日", "生年月日", "생년월일",
)  # fmt: skip

_MONTHS = {
    # English, German, French, Spanish, Italian, Portuguese, Dutch (full and short forms)
    1: "january jan januar janvier enero gennaio janeiro januari jän",
    2: "february feb februar février fevrier febrero febbraio fevereiro februari",
    3: "march mar märz maerz mars marzo março maart",
    4: "april apr avril abril aprile",
    5: "may mai mayo maggio maio mei",
    6: "june jun juni juin junio giugno junho",
    7: "july jul juli juillet julio luglio julho",
    8: "august aug août aout agosto augustus",
    9: "september sep sept septembre septiembre settembre setembro",
    10: "october oct oktober octobre octubre ottobre outubro okt",
    11: "november nov novembre noviembre novembro",
    12: "december dec dezember décembre decembre diciembre dicembre dezembro dez",
}
_MONTH_OF = {name: n for n, names in _MONTHS.items() for name in names.split()}
_MONTH_RX = "|".join(sorted(_MONTH_OF, key=len, reverse=True))

_NUMERIC = r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})"
_DAY = r"\d{1,2}(?:st|nd|rd|th|er|º|°)?\.?"
_WRITTEN = (
    rf"{_DAY}[ ]?(?:de[ ])?(?i:{_MONTH_RX})\.?,?[ ]?(?:de[ ]|del[ ])?\d{{4}}"
    rf"|(?i:{_MONTH_RX})\.?[ ]{_DAY},?[ ]\d{{4}}"
)
_CJK = r"\d{4}[年.][ ]?\d{1,2}[月.][ ]?\d{1,2}[日号]?"
DATE_PATTERN = rf"(?:{_CJK}|{_NUMERIC}|{_WRITTEN})"

_PARTS = re.compile(r"\d+|[^\W\d_]+")


def _ymd(value: str) -> tuple[int, int, int] | None:
    """(year, month, day) read from a date in any of the accepted formats."""
    parts = _PARTS.findall(value.lower())
    nums = [int(p) for p in parts if p.isdigit()]
    months = [_MONTH_OF[p] for p in parts if p in _MONTH_OF]
    if months and len(nums) == 2:
        day, year = (nums[0], nums[1]) if nums[1] > 31 else (nums[1], nums[0])
        return year, months[0], day
    if len(nums) != 3:
        return None
    a, b, c = nums
    if a > 31:  # year first (ISO, CJK)
        return a, b, c
    year = c if c > 99 else (1900 + c if c > dt.date.today().year % 100 else 2000 + c)
    if a > 12:  # day first
        return year, b, a
    return (year, a, b) if b > 12 else (year, b, a)  # US order only when day-first is impossible


def plausible_birth_date(value: str) -> bool:
    """A real calendar date between 1900 and today."""
    ymd = _ymd(value)
    if ymd is None:
        return False
    try:
        date = dt.date(*ymd)
    except ValueError:
        return False
    return dt.date(1900, 1, 1) <= date <= dt.date.today()


RULES = [
    Rule(
        id="date-of-birth",
        type="DATE_OF_BIRTH",
        category=Category.PII,
        pattern=DATE_PATTERN,
        keywords=DOB_LABELS,
        score=0.65,
        validators=(plausible_birth_date,),
        filters=(),
        context=DOB_LABELS,
        context_window=48,
        requires_context=True,
        word_boundary=True,
        window=(40, 80),
        note="date of birth (a date next to a birth-date label)",
    ),
]
