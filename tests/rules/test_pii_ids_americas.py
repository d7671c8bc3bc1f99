import random

import pytest
from _id_numbers import UPPER, birth, corrupt, digits, luhn_complete, make
from stdnum.ar import cuit
from stdnum.br import cnpj, cpf
from stdnum.ca import sin
from stdnum.cl import rut
from stdnum.mx import curp
from stdnum.us import itin

import tiergate
from _util import found
from tiergate.rules.pii_ids_americas import mx_rfc_check, us_ssn_ranges

rng = random.Random(4242)


def _ssn(r: random.Random) -> str:
    area = r.choice([a for a in range(1, 900) if a != 666])
    return f"{area:03d}-{r.randint(1, 99):02d}-{r.randint(1, 9999):04d}"


def _dotted_cpf(v: str) -> str:
    return f"{v[:3]}.{v[3:6]}.{v[6:9]}-{v[9:]}"


VALUES = {
    "us-ssn": _ssn(rng),
    "us-itin": make(rng, lambda r: "9" + digits(r, 2) + "-7" + digits(r, 1) + "-" + digits(r, 3), itin.is_valid),
    "ca-sin": luhn_complete("1" + digits(rng, 7)),
    "mx-rfc": make(
        rng, lambda r: "".join(r.choice(UPPER) for _ in range(4)) + birth(r) + "H7",
        mx_rfc_check, alphabet="0123456789A",
    ),
    "cl-rut": make(rng, lambda r: digits(r, 8, "123456789"), rut.is_valid, alphabet="0123456789K",
                   fmt=lambda v: f"{v[:2]}.{v[2:5]}.{v[5:8]}-{v[8:]}"),
    "ar-cuit": make(rng, lambda r: "20" + digits(r, 8), cuit.is_valid,
                    fmt=lambda v: f"{v[:2]}-{v[2:10]}-{v[10:]}"),
    "br-cpf": make(rng, lambda r: digits(r, 9, "123456789"), cpf.is_valid, width=2, fmt=_dotted_cpf),
    "mx-curp": make(
        rng, lambda r: "".join(r.choice("BCDFGHJKLMNPRSTVWXYZ") for _ in range(4)) + birth(r)
        + "HNERXN0", curp.is_valid,
    ),
    "br-cnpj": make(rng, lambda r: digits(r, 8, "123456789") + "0001", cnpj.is_valid, width=2,
                    fmt=lambda v: f"{v[:2]}.{v[2:5]}.{v[5:8]}/{v[8:12]}-{v[12:]}"),
}  # fmt: skip

CONTEXTS = [
    ("us-ssn", "Here's my SSN: {v}"),
    ("us-ssn", "His social security number is {v}"),
    ("us-ssn", "número de seguro social: {v}"),
    ("us-ssn", "社会安全号码：{v}"),
    ("us-ssn", "US-Sozialversicherungsnummer {v}"),
    ("us-itin", "ITIN: {v}"),
    ("us-itin", "individual taxpayer identification number {v}"),
    ("ca-sin", "Social Insurance Number: {v}"),
    ("ca-sin", "numéro d'assurance sociale : {v}"),
    ("mx-rfc", "Registro Federal de Contribuyentes: {v}"),
    ("cl-rut", "RUT {v}"),
    ("ar-cuit", "CUIT {v}"),
    ("br-cpf", "CPF: {v}"),
    ("mx-curp", "CURP: {v}"),
    ("br-cnpj", "CNPJ {v}"),
]
VALIDATORS = {
    "ca-sin": sin.is_valid,
    "mx-rfc": mx_rfc_check,
    "cl-rut": rut.is_valid,
    "ar-cuit": cuit.is_valid,
    "br-cpf": cpf.is_valid,
    "mx-curp": curp.is_valid,
    "br-cnpj": cnpj.is_valid,
}


def ids(text: str) -> list[tuple[str, str]]:
    return [(d, v) for d, v in found(text) if d in VALUES]


@pytest.mark.parametrize(("detector", "template"), CONTEXTS)
def test_finds_with_context(detector: str, template: str) -> None:
    assert (detector, VALUES[detector]) in ids(template.format(v=VALUES[detector]))


@pytest.mark.parametrize(("detector", "template"), [c for c in CONTEXTS if c[0] in VALIDATORS])
def test_checksum_failure_is_dropped(detector: str, template: str) -> None:
    bad = corrupt(VALUES[detector], VALIDATORS[detector])
    assert ids(template.format(v=bad)) == []


@pytest.mark.parametrize("detector", ["us-ssn", "us-itin", "ca-sin", "cl-rut", "ar-cuit"])
def test_no_context_no_finding(detector: str) -> None:
    assert ids(f"ticket {VALUES[detector]} closed") == []


@pytest.mark.parametrize(
    ("detector", "value"),
    [("br-cpf", VALUES["br-cpf"]), ("mx-curp", VALUES["mx-curp"])],
)
def test_distinctive_formats_need_no_context(detector: str, value: str) -> None:
    assert (detector, value) in ids(f"cliente: {value}")


def test_compact_cpf_needs_context() -> None:
    compact = VALUES["br-cpf"].replace(".", "").replace("-", "")
    assert ids(f"pedido {compact}") == []
    assert ("br-cpf", compact) in ids(f"CPF {compact}")


@pytest.mark.parametrize(
    "ssn",
    ["000-12-3456", "666-12-3456", "900-12-3456", "987-65-4321", "123-00-4567", "123-45-0000"],
)
def test_ssn_ranges_never_issued(ssn: str) -> None:
    assert not us_ssn_ranges(ssn)
    assert ids(f"SSN: {ssn}") == []


@pytest.mark.parametrize("ssn", ["123 45 6789", "123456789", "536-22-1234"])
def test_ssn_layouts(ssn: str) -> None:
    assert ("us-ssn", ssn) in ids(f"SSN: {ssn}")


def test_itin_needs_its_group_ranges() -> None:
    assert ids("ITIN: 912-40-1234") == []


def test_ssn_separators_must_agree() -> None:
    assert not us_ssn_ranges("123-45 6789")
    assert ids("SSN: 123-45 6789") == []


@pytest.mark.parametrize("ssn", ["078-05-1120", "219-09-9999", "123-45-6789", "111-11-1111"])
def test_published_ssns_are_test_data(ssn: str) -> None:
    c = tiergate.classify(f"SSN: {ssn}")
    (f,) = [f for f in c.findings if f.detector == "us-ssn"]
    assert f.explanation.test_data and f.type == "SSN"
    assert c.tier == 1


def test_real_looking_ssn_is_tier_3_and_redacted() -> None:
    text = f"SSN: {VALUES['us-ssn']}"
    assert tiergate.classify(text).tier == 3
    assert VALUES["us-ssn"] not in tiergate.redact(text)


@pytest.mark.parametrize(
    "template",
    [
        "SSN hotline +1 {v}",
        "SSN: {v}-01",
        "SSN ref 4.{v}",
        "SSN: {v}.5",
        "SSN: v{v}",
    ],
)
def test_ssn_inside_other_numbers_is_ignored(template: str) -> None:
    assert ids(template.format(v=VALUES["us-ssn"])) == []


def test_company_number_is_not_personal() -> None:
    text = f"CNPJ {VALUES['br-cnpj']}"
    (f,) = [f for f in tiergate.classify(text).findings if f.detector == "br-cnpj"]
    assert (f.type, f.category) == ("ORGANIZATION", "BUSINESS")


@pytest.mark.parametrize("ssn", ["111-22-3333", "555-44-3333", "222-33-4444"])
def test_documentation_ssns_are_test_data(ssn: str) -> None:
    c = tiergate.classify(f"ssn : {ssn}")
    assert [f.explanation.test_data for f in c.findings] == [True] and c.tier == 1


def test_run_in_english_is_no_context_for_a_rut() -> None:
    value = VALUES["cl-rut"]
    assert ids(f"To resume rollout {value} in the region, run:\n\n  rollouts resume {value}") == []
    assert ("cl-rut", value) in ids(f"RUT {value}")


def test_a_decimal_is_no_cpf_layout() -> None:
    assert ids("the optimum lies at 361.66623976 after ten steps") == []
    assert ids("    [ 361.66623976, -106.96493868],") == []
    assert ("br-cpf", VALUES["br-cpf"]) in ids(f"cliente: {VALUES['br-cpf']}")
