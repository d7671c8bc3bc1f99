import pytest

import tiergate
from _util import found


def addresses(text: str) -> list[str]:
    return [value for det, value in found(text) if det == "postal-address"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            "I live at 221B Baker Street, London NW1 6XE, United Kingdom.",
            "221B Baker Street, London NW1 6XE, United Kingdom",
        ),
        (
            "Ship to 1600 Pennsylvania Ave NW, Washington, DC 20500 asap",
            "1600 Pennsylvania Ave NW, Washington, DC 20500",
        ),
        (
            "Send it to 10 Main Street, Springfield, IL 62704 please",
            "10 Main Street, Springfield, IL 62704",
        ),
        ("Wohnhaft in der Hauptstraße 5, 10115 Berlin", "Hauptstraße 5, 10115 Berlin"),
        ("Adresse: Koepenicker Str. 74, 10179 Berlin", "Koepenicker Str. 74, 10179 Berlin"),
        ("12 rue de la Paix, 75002 Paris", "12 rue de la Paix, 75002 Paris"),
        ("Calle Mayor 5, 28013 Madrid, España", "Calle Mayor 5, 28013 Madrid, España"),
        ("Via Roma 131, 00184 Roma", "Via Roma 131, 00184 Roma"),
        ("ul. Jarzębinowa 5\n00-001 Warszawa", "ul. Jarzębinowa 5\n00-001 Warszawa"),
        ("Rákóczi út 66. Apt. 268, Budapest", "Rákóczi út 66. Apt. 268, Budapest"),
        ("Søndergade 52\n Apt. 656\n Brønderslev", "Søndergade 52\n Apt. 656\n Brønderslev"),
        ("P.O. Box 149, Anchorage, AK 99501", "P.O. Box 149, Anchorage, AK 99501"),
        ("Unit 7194 Box 5854\nDPO AE 73472", "Unit 7194 Box 5854\nDPO AE 73472"),
        ("ZIP: 94107", "94107"),
    ],
)
def test_finds_addresses(text: str, value: str) -> None:
    assert addresses(text) == [value]


@pytest.mark.parametrize(
    "text",
    [
        "f.close()  # close the file",
        "a 3 Way handshake",
        "import zipfile",
        "The street was empty.",
        "see section 4 of the road map",
    ],
)
def test_ignores(text: str) -> None:
    assert addresses(text) == []


def test_the_span_stops_at_the_sentence_or_a_field() -> None:
    text = "Our office is at 5 Main Street, Springfield. It is nice.\nPhone: 555-0100"
    assert addresses(text) == ["5 Main Street, Springfield"]
    text = "5 Main Street\nSpringfield\nMobile: 0490 39 07 81"
    assert addresses(text) == ["5 Main Street\nSpringfield"]


def test_context_raises_the_score() -> None:
    (bare,) = tiergate.classify("10 Main Street").findings
    (labelled,) = tiergate.classify("Address: 10 Main Street").findings
    assert labelled.score > bare.score


def test_name_and_address_is_tier_3() -> None:
    result = tiergate.classify("Mr. Jonas Keller lives at 10 Main Street, Springfield, IL 62704")
    assert {f.type for f in result.findings} == {"PERSON", "ADDRESS"}
    assert result.tier == 3
