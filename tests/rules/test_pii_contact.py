import random

import phonenumbers
import pytest
from phonenumbers import PhoneNumberFormat, PhoneNumberType

import tiergate
from _util import found
from tiergate.rules.pii_contact import international_valid, is_sequential_digits, phone_shape


def of(text: str, detector: str) -> list[str]:
    return [value for det, value in found(text) if det == detector]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("write to jane.doe@acme-corp.com today", "jane.doe@acme-corp.com"),
        ("<J.O'Brien+news@mail.co.uk>", "J.O'Brien+news@mail.co.uk"),
        ("contact: müller@straße.de", "müller@straße.de"),
        ("mailto:ops_team-2@sub.domain.example.org", "ops_team-2@sub.domain.example.org"),
        ("jane.doe@localhost wrote", "jane.doe@localhost"),
        ("用户 zhang.wei@公司.cn", "zhang.wei@公司.cn"),
    ],
)
def test_finds_email_addresses(text: str, value: str) -> None:
    assert of(text, "email-address") == [value]


@pytest.mark.parametrize(
    "text",
    [
        "@decorator\ndef f(): pass",
        "background: url(icon@2x.png)",
        "logo@3x.webp",
        "git@github.com:org/repo.git",
        "user@localhost",
        "noreply@example.com",
        "npm i lodash@4.17.21",
        "%s@%s.com",
    ],
)
def test_ignores_non_addresses(text: str) -> None:
    assert of(text, "email-address") == []


def test_documentation_domains_are_test_data() -> None:
    (f,) = tiergate.classify("mail jane@example.com").findings
    assert f.explanation.test_data
    (g,) = tiergate.classify("mail jane@acme.io").findings
    assert not g.explanation.test_data


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Call me at +44 20 7946 0958 tomorrow", "+44 20 7946 0958"),
        ("Phone: 0496 46 46 70", "0496 46 46 70"),
        ("Tel. (030) 1234567", "(030) 1234567"),
        ("Desk: +1-903-140-4508x769", "+1-903-140-4508x769"),
        ("Can someone call me on 01.84.17.61.18?", "01.84.17.61.18"),
        ("Fax: +46 (0)8 928 571 38", "+46 (0)8 928 571 38"),
        ("Telefon: 0171 2345678", "0171 2345678"),
        ("电话：+86 138 0013 8000", "+86 138 0013 8000"),
        ("Handy 0151 23456789 erreichbar", "0151 23456789"),
        ("mobile: 5403926876", "5403926876"),
        ("please ring 020 7946 0958", "020 7946 0958"),
    ],
)
def test_finds_phone_numbers(text: str, value: str) -> None:
    assert of(text, "phone-number") == [value]


@pytest.mark.parametrize(
    "text",
    [
        "version 1.2.3.4",
        "released 2018-01-14 03:07:43",
        "server at 192.168.10.20",
        "order id 4454794511390933",
        "Copyright (C) 2001-2007 Python Software Foundation",
        "x = 3660170548",
        "the values 1 2 3 13 14 15",
        "26 27 28 29 30 31",
        "Here's my SSN: 460-89-9847",
        "my credit card number is 180045984582343",
        "my driver's license number is 2270-66-1551",
        "checksum 123 456 789",
        "pi is 3.14159265358",
    ],
)
def test_ignores_non_phones(text: str) -> None:
    assert of(text, "phone-number") == []


def test_context_raises_the_score() -> None:
    bare = tiergate.classify("reach 020 7946 0958").findings[0].score
    labelled = tiergate.classify("phone: 020 7946 0958").findings[0].score
    assert labelled > bare


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2019-12-31", "date"),
        ("10.0.0.1", "length"),
        ("192.168.100.200", "version or ip address"),
        ("123-45-6789", "ssn shape"),
        ("1999-2004", "year range"),
        ("0 1 2 3 4 5 6", "digit list"),
        ("0496 46 46 70", None),
    ],
)
def test_phone_shape(value: str, reason: str | None) -> None:
    assert phone_shape(value) == reason


def test_sequential_digits() -> None:
    assert is_sequential_digits("123456789")
    assert is_sequential_digits("5555555")
    assert not is_sequential_digits("4969464670")


def parsed_validity(text: str) -> bool | None:
    """What phonenumbers itself says of a number written with + or 00."""
    text = text.replace("(0)", "")
    if text.startswith("00"):
        text = "+" + text[2:].lstrip(" .-")
    try:
        return bool(phonenumbers.is_valid_number(phonenumbers.parse(text, None)))
    except phonenumbers.NumberParseException:
        return None


def international_forms() -> list[str]:
    out = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in (PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE, PhoneNumberType.TOLL_FREE):
            example = phonenumbers.example_number_for_type(region, kind)
            if example is None:
                continue
            national = phonenumbers.format_number(example, PhoneNumberFormat.NATIONAL)
            out += [
                phonenumbers.format_number(example, PhoneNumberFormat.INTERNATIONAL),
                phonenumbers.format_number(example, PhoneNumberFormat.E164),
                f"+{example.country_code} {national}",  # with the trunk prefix: parse strips it
                f"00{example.country_code} {national}",
                f"+{example.country_code} (0){national.lstrip('0')}",
            ]
    rng = random.Random(4412)
    out += ["+" + "".join(rng.choices("0123456789", k=rng.randint(5, 18))) for _ in range(3000)]
    return out


def test_international_numbers_are_judged_as_phonenumbers_parses_them() -> None:
    """The digits are read without ``phonenumbers.parse`` where that reading is certainly
    parse's; every example number of every region, written every way, and random digits
    get the same answer as parse + is_valid_number."""
    differ = [v for v in international_forms() if international_valid(v) != parsed_validity(v)]
    assert differ == []
