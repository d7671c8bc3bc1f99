import datetime as dt

import pytest

from _util import found
from tiergate.rules.pii_dates import plausible_birth_date


def dobs(text: str) -> list[str]:
    return [value for det, value in found(text) if det == "date-of-birth"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("DOB: 1985-02-10", "1985-02-10"),
        ("D.O.B. 14 Jul 1995", "14 Jul 1995"),
        ("Date of birth: 10/02/1985", "10/02/1985"),
        ("Birthday: 7/14/1995", "7/14/1995"),
        ("born on February 10, 1985 in Ohio", "February 10, 1985"),
        ("Geburtsdatum: 10.02.1985", "10.02.1985"),
        ("geboren am 3. März 1971", "3. März 1971"),
        ("date de naissance : 12 février 1990", "12 février 1990"),
        ("né le 1er mai 1980 à Lyon", "1er mai 1980"),
        ("fecha de nacimiento: 5 de mayo de 1975", "5 de mayo de 1975"),
        ("data di nascita 12/12/1950", "12/12/1950"),
        ("geboortedatum 01-04-1962", "01-04-1962"),
        ("出生日期：1990年5月12日", "1990年5月12日"),
    ],
)
def test_finds_dates_of_birth(text: str, value: str) -> None:
    assert dobs(text) == [value]


@pytest.mark.parametrize(
    "text",
    [
        "released on 2020-01-01",  # no birth label
        "Adobe 2020-01-01",  # "dob" inside a word
        "DOB: 2999-01-01",  # in the future
        "dob 31/02/1990",  # no such day
        "DOB: 1850-01-01",  # before 1900
        "born in 1985",  # a year is not a date
    ],
)
def test_ignores(text: str) -> None:
    assert dobs(text) == []


def test_plausible_birth_date() -> None:
    assert plausible_birth_date("29.02.1996")
    assert not plausible_birth_date("29.02.1997")
    assert not plausible_birth_date((dt.date.today() + dt.timedelta(days=2)).isoformat())
