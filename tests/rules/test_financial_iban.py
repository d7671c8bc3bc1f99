import random
import re
from pathlib import Path

import pytest
import stdnum
from _id_numbers import DIGITS, UPPER
from stdnum import iban as stdnum_iban

import tiergate
from _util import found
from tiergate.rules.financial_iban import IBAN_LENGTHS, TEST_IBANS, iban_layout

rng = random.Random(13616)

# BBAN layouts to generate from: (country, layout) with n = digit, a = letter, c = either
LAYOUTS = {
    "DE": "n" * 18,
    "GB": "aaaa" + "n" * 14,
    "FR": "n" * 10 + "c" * 11 + "nn",
    "NL": "aaaa" + "n" * 10,
    "ES": "n" * 20,
    "IT": "a" + "n" * 10 + "c" * 12,
    "CH": "n" * 5 + "c" * 12,
    "PL": "n" * 24,
    "NO": "n" * 11,
    "SA": "nn" + "c" * 18,
    "BR": "n" * 23 + "ac",
    "MT": "aaaa" + "n" * 5 + "c" * 18,
}


def make_iban(country: str) -> str:
    pool = {"n": DIGITS, "a": UPPER, "c": DIGITS + UPPER}
    while True:
        bban = "".join(rng.choice(pool[kind]) for kind in LAYOUTS[country])
        check = stdnum_iban.calc_check_digits(country + "00" + bban)
        value = country + check + bban
        if stdnum_iban.is_valid(value, check_country=False) and value not in TEST_IBANS:
            return value


def spaced(value: str) -> str:
    return " ".join(value[i : i + 4] for i in range(0, len(value), 4))


def ibans(text: str) -> list[str]:
    return [v for d, v in found(text) if d == "iban"]


@pytest.mark.parametrize("country", sorted(LAYOUTS))
@pytest.mark.parametrize("layout", ["compact", "spaced", "lower"])
def test_finds_ibans(country: str, layout: str) -> None:
    value = make_iban(country)
    value = {"compact": value, "spaced": spaced(value), "lower": value.lower()}[layout]
    assert ibans(f"Please transfer to {value}.") == [value]
    assert ibans(f"{value}") == [value]  # no context needed


@pytest.mark.parametrize(
    "template",
    ["IBAN: {v}", "Kontonummer (IBAN) {v} bei der Bank", "virement sur {v}", "账号：{v}"],
)
def test_context_words_raise_the_score(template: str) -> None:
    value = make_iban("DE")
    (f,) = [f for f in tiergate.classify(template.format(v=value)).findings if f.detector == "iban"]
    (bare,) = [f for f in tiergate.classify(value).findings if f.detector == "iban"]
    assert f.score > bare.score >= 0.9


def test_cut_at_the_country_length() -> None:
    value = spaced(make_iban("DE"))
    assert ibans(f"IBAN {value} BIC COBADEFFXXX") == [value]
    assert ibans(f"Ref AB12 {value}") == [value]  # a code before it that is not a country
    assert ibans(f"IBAN {value}7") == []  # one character too many


def bad_check(value: str) -> str:
    check = int(value[2:4])
    return value[:2] + f"{(check + 1) % 97 or 2:02d}" + value[4:]


@pytest.mark.parametrize(
    "text",
    [
        bad_check(make_iban("DE")),  # mod 97 fails
        make_iban("DE")[:-1],  # too short for DE
        make_iban("GB") + "1",  # too long
        "QQ" + make_iban("DE")[2:],  # not a country
        "x" + make_iban("NL"),  # glued to a word
        make_iban("NL") + "x",
        "Gb" + make_iban("GB")[2:].lower(),  # mixed case
        make_iban("DE")[:4] + "  " + make_iban("DE")[4:],  # two spaces
    ],
)
def test_ignores(text: str) -> None:
    assert ibans(text) == []


@pytest.mark.parametrize("value", sorted(TEST_IBANS))
def test_documented_examples_are_test_data(value: str) -> None:
    assert (
        stdnum_iban.is_valid(value, check_country=False) and len(value) == IBAN_LENGTHS[value[:2]]
    )
    c = tiergate.classify(f"IBAN {spaced(value)}")
    (f,) = [f for f in c.findings if f.detector == "iban"]
    assert f.explanation.test_data and c.tier == 1


def test_real_looking_iban_is_tier_3_and_redacted() -> None:
    value = make_iban("FR")
    c = tiergate.classify(f"IBAN {value}")
    assert c.tier == 3 and value not in tiergate.redact(f"IBAN {value}")
    assert {(f.type, f.category) for f in c.findings} == {("IBAN", "FINANCIAL")}


def test_length_table_matches_the_swift_registry() -> None:
    registry = Path(stdnum.__file__).with_name("iban.dat").read_text()
    for country, layout in re.findall(r'^([A-Z]{2}) .*bban="([^"]+)"', registry, re.M):
        assert IBAN_LENGTHS[country] == 4 + sum(int(n) for n in re.findall(r"(\d+)!", layout))


def test_layout_is_checked_not_the_bank_list() -> None:
    assert iban_layout("BE68539007547034")  # a bank code missing from stdnum's list
    assert not iban_layout("GB82123412345698765432")  # GB wants four letters for the bank


def test_layout_agrees_with_stdnum_for_every_country() -> None:
    pools = (DIGITS, UPPER, DIGITS + UPPER, DIGITS * 6 + UPPER)
    for country, length in sorted(IBAN_LENGTHS.items()):
        for _ in range(40):
            pool = rng.choice(pools)
            bban = "".join(rng.choice(pool) for _ in range(length - 4))
            value = country + stdnum_iban.calc_check_digits(country + "00" + bban) + bban
            expected = stdnum_iban.is_valid(value, check_country=False)
            assert iban_layout(value) == expected, (country, pool)
            assert iban_layout(spaced(value).lower()) == expected
