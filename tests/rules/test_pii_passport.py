import pytest

import tiergate
from _util import found
from tiergate.rules._idrule import icao_check
from tiergate.rules.pii_passport import passport_shape

VALUES = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def check(field: str) -> str:
    """ICAO 9303 check digit, computed here independently of the detector."""
    total = 0
    for i, ch in enumerate(field):
        total += (0 if ch == "<" else VALUES.index(ch)) * (7, 3, 1)[i % 3]
    return str(total % 10)


def td3(number: str = "C4X7Y9Z20", state: str = "FRA", name: str = "MARTIN<<CLAIRE") -> str:
    line1 = f"P<{state}{name}".ljust(44, "<")
    dob, exp, personal = "880412", "310918", "<" * 14
    body = f"{number}{check(number)}{state}{dob}{check(dob)}F{exp}{check(exp)}{personal}<"
    composite = body[0:10] + body[13:20] + body[21:43]
    return f"{line1}\n{body}{check(composite)}"


def td1(number: str = "X4Y2Z9K71", state: str = "ESP") -> str:
    line1 = f"ID{state}{number}{check(number)}".ljust(30, "<")
    dob, exp = "750101", "300623"
    line2 = f"{dob}{check(dob)}M{exp}{check(exp)}{state}".ljust(29, "<")
    line2 += check(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29])
    return f"{line1}\n{line2}\n" + "GARCIA<<JUAN".ljust(30, "<")


def td2(number: str = "L7X9Y2Z44", state: str = "DEU") -> str:
    line1 = f"I<{state}SCHMIDT<<ANNA".ljust(36, "<")
    dob, exp = "900215", "290101"
    body = f"{number}{check(number)}{state}{dob}{check(dob)}F{exp}{check(exp)}<<<<<<<"
    return f"{line1}\n{body}{check(body[0:10] + body[13:20] + body[21:35])}"


@pytest.mark.parametrize(
    ("text", "kind"),
    [(td3(), "PASSPORT"), (td1(), "NATIONAL_ID"), (td2(), "NATIONAL_ID")],
)
def test_mrz_is_one_finding_confirmed_by_check_digits(text: str, kind: str) -> None:
    doc = f"Scan of the document:\n{text}\nend of scan"
    (f,) = tiergate.classify(doc).findings
    assert (f.detector, f.type, f.value(doc)) == ("mrz", kind, text)
    assert not f.explanation.test_data and f.score >= 0.99


@pytest.mark.parametrize("make", [td3, td1, td2])
def test_mrz_with_a_wrong_check_digit_is_ignored(make: object) -> None:
    assert callable(make)
    text = make()
    lines = text.split("\n")
    broken = lines[1][:9] + str((int(lines[1][9]) + 1) % 10) + lines[1][10:]
    if make is td1:  # TD1 keeps the document number on line 1
        lines[0] = lines[0][:14] + str((int(lines[0][14]) + 1) % 10) + lines[0][15:]
    else:
        lines[1] = broken
    assert [d for d, _ in found("\n".join(lines)) if d == "mrz"] == []


def test_icao_specimens_are_test_data() -> None:
    specimen = (
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
    )
    (f,) = tiergate.classify(specimen).findings
    assert f.explanation.test_data and f.type == "PASSPORT"


def test_icao_check_digit() -> None:
    assert icao_check("L898902C3", "6") and icao_check("740812", "2")
    assert not icao_check("L898902C3", "7")
    assert check("D23145890") == "7"  # the ICAO TD1 specimen


@pytest.mark.parametrize(
    ("template", "value"),
    [
        ("Passport No.: {v}", "X12345678"),
        ("passport number is {v}", "563847291"),
        ("Reisepassnummer: {v}", "C01X00T47"),
        ("Numéro de passeport : {v}", "12AB34567"),
        ("número de pasaporte {v}", "PAA123456"),
        ("护照号码：{v}", "E12345678"),
        ("パスポート番号 {v}", "TK1234567"),
        ("여권번호 {v}", "M12345678"),
        ("paspoortnummer {v}", "NXC4J7R81"),
    ],
)
def test_passport_numbers_after_a_label(template: str, value: str) -> None:
    assert ("passport-number", value) in found(template.format(v=value))


@pytest.mark.parametrize(
    "text",
    [
        "passport expired",
        "Passport: REQUIRED",
        "passport photo 2x2",
        "passport number 12345",  # too short
        "my passport, flight LH4567 and seat 12A",  # no number right after the label
        "X12345678",  # no label
    ],
)
def test_ignores(text: str) -> None:
    assert [d for d, _ in found(text) if d == "passport-number"] == []


def test_shape() -> None:
    assert passport_shape("C01X00T47") and passport_shape("123456789")
    assert not passport_shape("EXPIRED1") and not passport_shape("ABCDEFGH12")
