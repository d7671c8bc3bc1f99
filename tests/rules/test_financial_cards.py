import random

import pytest
from _id_numbers import digits, luhn_complete

import tiergate
from _util import found
from tiergate.detect.validators import luhn
from tiergate.rules.financial_cards import TEST_NUMBERS, brand_of, is_test_card, luhn_digits

rng = random.Random(5)


def card(prefix: str, length: int) -> str:
    """A Luhn-valid number that is not a published test number."""
    while True:
        value = luhn_complete(prefix + digits(rng, length - len(prefix) - 1))
        if not is_test_card(value):
            return value


def grouped(value: str, sizes: tuple[int, ...] = (4, 4, 4, 4, 3), sep: str = " ") -> str:
    out, i = [], 0
    for size in sizes:
        if i < len(value):
            out.append(value[i : i + size])
            i += size
    return sep.join(out)


def cards(text: str) -> list[str]:
    return [v for d, v in found(text) if d == "credit-card"]


BRANDS = [
    ("Visa", "4", 16),
    ("Mastercard", "53", 16),
    ("Mastercard", "2720", 16),
    ("American Express", "37", 15),
    ("Discover", "6011", 16),
    ("Discover", "65", 16),
    ("JCB", "3530", 16),
    ("Diners Club", "36", 14),
    ("UnionPay", "62", 19),
    ("Mir", "2201", 16),
]


@pytest.mark.parametrize(("brand", "prefix", "length"), BRANDS)
def test_brands_are_found_without_context(brand: str, prefix: str, length: int) -> None:
    value = card(prefix, length)
    b = brand_of(value)
    assert b is not None and b.name == brand
    assert cards(f"ref: {value}") == [value]


@pytest.mark.parametrize(
    ("prefix", "length", "sizes"),
    [("4", 16, (4, 4, 4, 4)), ("37", 15, (4, 6, 5)), ("36", 14, (4, 6, 4)), ("4", 13, (4, 4, 5))],
)
@pytest.mark.parametrize("sep", [" ", "-"])
def test_printed_groupings(prefix: str, length: int, sizes: tuple[int, ...], sep: str) -> None:
    value = grouped(card(prefix, length), sizes, sep)
    assert cards(f"Karte: {value}.") == [value]


@pytest.mark.parametrize(
    "template",
    [
        "{v} 12/27",  # followed by the expiry date
        "Order 2025 {v}",  # after a number that is not part of it
        "{v} 2031",
        "cards: {v}, {w}",
        "[{v}]",
    ],
)
def test_card_picked_out_of_surrounding_numbers(template: str) -> None:
    v, w = grouped(card("4", 16)), card("51", 16)
    text = template.format(v=v, w=w)
    assert v in cards(text)


@pytest.mark.parametrize(
    ("prefix", "length"),
    [("6759", 12), ("5018", 12), ("4", 19), ("1800", 15), ("2131", 15), ("0604", 12)],
)
def test_unusual_lengths_and_ranges_need_a_card_word(prefix: str, length: int) -> None:
    value = card(prefix, length)
    assert cards(f"ref {value}") == []
    for word in ("card", "Kreditkarte", "carte bancaire", "tarjeta", "信用卡", "cc#"):
        assert cards(f"{word} {value}") == [value], word


VISA = card("4", 16)
GLUED = [
    VISA[:-1] + str((int(VISA[-1]) + 1) % 10),  # Luhn fails
    "ref " + luhn_complete("911111111111111"),  # no issuer starts with 91
    "+" + VISA,  # a phone number
    "v1." + VISA,  # a version or decimal
    VISA + ".5",
    "id_" + VISA,
    VISA + "1234",  # 20 digits
    grouped(VISA, (4, 4, 4, 3)) + "1",  # a group too long
    f"{VISA[:4]} {VISA[4:8]}-{VISA[8:12]} {VISA[12:]}",  # mixed separators
    "IMEI " + luhn_complete("35693803564380"),  # Luhn-valid, but a phone's serial number
]


@pytest.mark.parametrize("text", GLUED)
def test_ignores(text: str) -> None:
    assert cards(text) == []


def test_single_digits_around_a_card_do_not_hide_it() -> None:
    assert cards(f"0 {VISA} 0 0") == [VISA]


@pytest.mark.parametrize("number", sorted(TEST_NUMBERS))
def test_published_test_numbers_are_test_data(number: str) -> None:
    assert luhn(number)
    c = tiergate.classify(f"card: {number}")
    (f,) = [f for f in c.findings if f.detector == "credit-card"]
    assert f.explanation.test_data and c.tier == 1


def test_real_looking_number_is_tier_3_and_redacted() -> None:
    value = card("4", 16)
    c = tiergate.classify(f"charge {value}")
    (f,) = c.findings
    assert (f.type, f.category, f.explanation.test_data) == ("CREDIT_CARD", "FINANCIAL", False)
    assert c.tier == 3
    assert value not in tiergate.redact(f"charge {value}")


def test_context_raises_and_anti_context_lowers_the_score() -> None:
    value = card("4", 16)

    def score(text: str) -> float:
        return max(f.score for f in tiergate.classify(text).findings if f.detector == "credit-card")

    assert score(f"credit card {value}") > score(f"x {value}") > 0.5
    assert cards(f"tracking number {card('4', 13)}") == []
    assert score(f"Telefon {value}") < score(f"x {value}")


def test_fast_luhn_agrees_with_the_validator() -> None:
    r = random.Random(9)
    for _ in range(2000):
        number = digits(r, r.randint(2, 19))
        assert luhn_digits(number) == luhn(number)


def _discover() -> str:
    return card("65", 16)


NUMERIC_DATA = [
    # decimal arithmetic test vectors: other long numbers and decimals on the line
    "addx9031 add '{v}' 0.499999999 -> '{v}' Inexact Rounded",
    "dvx4410 divide  {v}   {w}  ->  1.000000000004217  Inexact Rounded",
    "encx512 apply   #{v}       -> 12",  # an encoding in hex notation
    "    h = {v}*x**8 + 3*x**2 - 17",  # a polynomial coefficient
    "    rng = np.random.default_rng({v})",  # a seed passed to a call
    "    seed: {v}",
    "# Serial: {v}\n# SHA1 Fingerprint: 3a:0b:17:c4",
    '# Label: "Example Root 2011"\n# Serial: {v}\n# MD5 Fingerprint: ae:b9:66:cc:77:94',
    "00000000{z} T _init_module_table",  # a zero-padded symbol address, Luhn-valid
    "    z = mpf((0, {v}, -52, 53)) * mpf((1, {w}, -51, 53))",
]


@pytest.mark.parametrize("template", NUMERIC_DATA)
def test_numbers_among_numbers_are_not_cards(template: str) -> None:
    v, w = _discover(), card("4", 16)
    text = template.format(v=v, w=w, z=luhn_complete(digits(rng, 7)))
    assert cards(text) == []


@pytest.mark.parametrize(
    "template",
    [
        "What is the limit for card {v}?",
        "Please charge {v} for the March invoice.",
        "{v}",
        "name,number,expiry\nJane Roe,{v},09/28\nJohn Roe,{w},11/27\n",
        "seed: {v} (my credit card, do not share)",  # a card word wins over the label
        "Ticket 4411, card {v} declined at 12:03.",
    ],
)
def test_cards_in_prose_and_records_are_still_found(template: str) -> None:
    v, w = _discover(), card("4", 16)
    assert v in cards(template.format(v=v, w=w))


def test_cc_as_a_file_extension_is_no_card_word() -> None:
    value = card("0604", 12)
    assert cards(f"{value} t _GLOBAL__sub_I_table_io.cc") == []
    assert cards(f"cc {value}") == [value]
