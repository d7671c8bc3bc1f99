import pytest

import tiergate
from _util import found
from tiergate.rules.pii_driver_license import dvla_layout, licence_shape


def licences(text: str) -> list[tuple[str, str]]:
    return [(d, v) for d, v in found(text) if d in ("driver-license", "gb-driving-licence")]


@pytest.mark.parametrize(
    ("template", "value"),
    [
        ("My driver's license number is {v}", "F162823540116"),  # Florida
        ("Driver License #: {v}", "D1234567"),  # California
        ("drivers license {v}", "123456789"),  # New York
        ("DL# {v}", "S530-4567-8901"),  # Wisconsin
        ("driver's licence no. {v}", "A1234-56789-01234"),  # Ontario
        ("Führerscheinnummer: {v}", "B072RRE2I55"),
        ("numéro de permis de conduire : {v}", "123456789012"),
        ("licencia de conducir {v}", "X1234567"),
        ("驾驶证号：{v}", "110105198503151234"),
        ("運転免許証 {v}", "123456789012"),
        ("운전면허번호 {v}", "11-12-345678-90"),
        ("rijbewijsnummer {v}", "5123456789"),
    ],
)
def test_licence_numbers_after_a_label(template: str, value: str) -> None:
    text = template.format(v=value)
    assert ("driver-license", value) in licences(text)
    (f,) = [f for f in tiergate.classify(text).findings if f.detector == "driver-license"]
    assert (f.type, f.category) == ("DRIVER_LICENSE", "PII")


@pytest.mark.parametrize(
    "text",
    [
        "driver license expired",
        "driver's license issued 2024-05-06",  # a date
        "driving licence: valid",
        "driver's license class B",
        "F162823540116",  # no label
        "the license number is 12345678",  # a software or trade licence
    ],
)
def test_ignores(text: str) -> None:
    assert licences(text) == []


@pytest.mark.parametrize(
    "value",
    ["MORGA657054SM9IJ", "SMITH751229JD9AB", "LEE99612180J99CD"],
)
def test_uk_licence_layout(value: str) -> None:
    assert dvla_layout(value)
    assert ("gb-driving-licence", value) in licences(f"DVLA licence: {value}")
    assert ("gb-driving-licence", value) in licences(f"My driving licence {value}")


@pytest.mark.parametrize(
    "value",
    [
        "MORGA613054SM9IJ",  # month 13
        "MORGA657004SM9IJ",  # day 00
        "MOR9A657054SM9IJ",  # padding inside the surname
    ],
)
def test_uk_licence_layout_checks(value: str) -> None:
    assert not dvla_layout(value)
    assert [
        d for d, _ in licences(f"driving licence number {value}") if d != "driver-license"
    ] == []


def test_uk_licence_needs_context() -> None:
    assert licences("ref MORGA657054SM9IJ") == []


def test_shape() -> None:
    assert licence_shape("2270-66-1551") and licence_shape("5130634")
    assert not licence_shape("2024-05-06") and not licence_shape("ABC12")
