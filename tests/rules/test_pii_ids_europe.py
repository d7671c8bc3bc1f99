import random

import pytest
from _id_numbers import DIGITS, UPPER, birth, complete, corrupt, digits, make
from stdnum.at import vnr
from stdnum.be import nn
from stdnum.ch import ssn as ch_ssn
from stdnum.de import idnr
from stdnum.dk import cpr
from stdnum.es import dni, nie
from stdnum.fi import hetu
from stdnum.fr import nif, nir
from stdnum.gb import nhs
from stdnum.ie import pps
from stdnum.it import codicefiscale
from stdnum.nl import bsn
from stdnum.no import fodselsnummer
from stdnum.pl import pesel
from stdnum.pt import nif as pt_nif
from stdnum.se import personnummer

import tiergate
from _util import found
from tiergate.rules.pii_ids_europe import de_ausweis_check, gb_nino_prefix

rng = random.Random(20261128)
AUSWEIS = "CFGHJKLMNPRTVWXYZ0123456789"


def _ddmmyy(r: random.Random) -> str:
    yymmdd = birth(r)
    return yymmdd[4:] + yymmdd[2:4] + yymmdd[:2]


def _at_svnr(r: random.Random) -> str:
    serial, born = digits(r, 3, "123456789"), _ddmmyy(r)
    value = next((v for c in DIGITS if vnr.is_valid(v := f"{serial}{c} {born}")), None)
    return value or _at_svnr(r)


def _nir(r: random.Random) -> str:
    body = f"{r.choice('12')}{birth(r)[:4]}{r.randint(1, 95):02d}{digits(r, 6)}"
    key = nir.calc_check_digits(body)
    return " ".join((body[0], body[1:3], body[3:5], body[5:7], body[7:10], body[10:13], key))


def _codice_fiscale(r: random.Random) -> str:
    yymmdd = birth(r)
    body = (
        "".join(r.choice(UPPER) for _ in range(6))
        + yymmdd[:2]
        + r.choice("ABCDEHLMPRST")
        + f"{r.randint(1, 28) + r.choice((0, 40)):02d}"
        + r.choice("ABCDEFGHILM")
        + digits(r, 3)
    )
    return body + codicefiscale.calc_check_digit(body)


def _ahv(r: random.Random) -> str:
    v = make(r, lambda q: "756" + digits(q, 9), ch_ssn.is_valid)
    return f"{v[:3]}.{v[3:7]}.{v[7:11]}.{v[11:]}"


def _be_nn(r: random.Random) -> str:
    v = make(r, lambda q: birth(q) + digits(q, 3), nn.is_valid, width=2)
    return f"{v[:2]}.{v[2:4]}.{v[4:6]}-{v[6:9]}.{v[9:]}"


def _nino(r: random.Random) -> str:
    first, second = r.choice("ACEHJKLMNPRSTWY"), r.choice("ACEHJKLMPRSTWXY")
    return f"{first}{second} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)} A"


VALUES = {
    "de-steuer-id": make(rng, lambda r: digits(r, 10, "123456789"), idnr.is_valid),
    "de-personalausweis": make(
        rng, lambda r: r.choice(AUSWEIS[:17]) + "".join(r.choice(AUSWEIS) for _ in range(8)),
        de_ausweis_check,
    ),
    "fr-nif": make(rng, lambda r: digits(r, 10, "0123"), nif.is_valid, width=3),
    "gb-nino": _nino(rng),
    "gb-nhs-number": make(
        rng, lambda r: digits(r, 9, "12345678"), nhs.is_valid,
        fmt=lambda v: f"{v[:3]} {v[3:6]} {v[6:]}",
    ),
    "nl-bsn": make(rng, lambda r: digits(r, 8, "123456789"), bsn.is_valid),
    "pl-pesel": make(rng, lambda r: birth(r) + digits(r, 4), pesel.is_valid),
    "se-personnummer": make(rng, lambda r: birth(r) + "-" + digits(r, 3), personnummer.is_valid),
    "no-fodselsnummer": make(rng, lambda r: _ddmmyy(r) + digits(r, 3), fodselsnummer.is_valid, width=2),
    "dk-cpr": make(rng, lambda r: _ddmmyy(r) + "-" + digits(r, 3), cpr.is_valid),
    "at-svnr": _at_svnr(rng),
    "pt-nif": make(rng, lambda r: digits(r, 8, "123"), pt_nif.is_valid),
    "ie-ppsn": make(rng, lambda r: digits(r, 7), pps.is_valid, alphabet=UPPER[:23]),
    "fr-nir": _nir(rng),
    "it-codice-fiscale": _codice_fiscale(rng),
    "es-dni": make(rng, lambda r: digits(r, 8), dni.is_valid, alphabet=UPPER),
    "es-nie": make(rng, lambda r: r.choice("XYZ") + digits(r, 7), nie.is_valid, alphabet=UPPER),
    "fi-hetu": make(
        rng, lambda r: _ddmmyy(r) + "-" + digits(r, 3), hetu.is_valid,
        alphabet="0123456789ABCDEFHJKLMNPRSTUVWXY",
    ),
    "ch-ahv": _ahv(rng),
    "be-national-number": _be_nn(rng),
}  # fmt: skip

VALIDATORS = {
    "de-steuer-id": idnr.is_valid,
    "de-personalausweis": de_ausweis_check,
    "fr-nif": nif.is_valid,
    "gb-nhs-number": nhs.is_valid,
    "nl-bsn": bsn.is_valid,
    "pl-pesel": pesel.is_valid,
    "se-personnummer": personnummer.is_valid,
    "no-fodselsnummer": fodselsnummer.is_valid,
    "at-svnr": vnr.is_valid,
    "pt-nif": pt_nif.is_valid,
    "fr-nir": nir.is_valid,
    "fi-hetu": hetu.is_valid,
    "ie-ppsn": pps.is_valid,
    "it-codice-fiscale": codicefiscale.is_valid,
    "es-dni": dni.is_valid,
    "es-nie": nie.is_valid,
    "ch-ahv": ch_ssn.is_valid,
    "be-national-number": nn.is_valid,
}

# the document named in its own language (strong context)
OWN = [
    ("de-steuer-id", "Ihre Steuer-ID lautet {v}."),
    ("de-steuer-id", "steueridentifikationsnummer: {v}"),
    ("de-personalausweis", "Personalausweisnummer {v}"),
    ("fr-nif", "Numéro fiscal : {v}"),
    ("gb-nino", "National Insurance number: {v}"),
    ("gb-nhs-number", "NHS number {v}"),
    ("nl-bsn", "Mijn BSN is {v}"),
    ("nl-bsn", "burgerservicenummer {v}"),
    ("pl-pesel", "PESEL: {v}"),
    ("se-personnummer", "Personnummer: {v}"),
    ("no-fodselsnummer", "Fødselsnummer: {v}"),
    ("dk-cpr", "CPR-nr. {v}"),
    ("at-svnr", "Sozialversicherungsnummer {v}"),
    ("pt-nif", "Número de contribuinte: {v}"),
    ("ie-ppsn", "PPSN {v}"),
    ("fr-nir", "numéro de sécurité sociale : {v}"),
    ("it-codice-fiscale", "Codice fiscale: {v}"),
    ("es-dni", "DNI {v}"),
    ("es-nie", "NIE: {v}"),
    ("fi-hetu", "henkilötunnus {v}"),
    ("ch-ahv", "AHV-Nr. {v}"),
    ("be-national-number", "rijksregisternummer {v}"),
]
# a generic word, in English, German, French, Spanish or Chinese (weak context)
GENERIC = [
    ("de-steuer-id", "Tax ID: {v}"),
    ("de-steuer-id", "número de identificación fiscal {v}"),
    ("nl-bsn", "ID number {v}"),
    ("nl-bsn", "numéro d'identité {v}"),
    ("pl-pesel", "documento de identidad: {v}"),
    ("se-personnummer", "Personalausweis {v}"),
    ("dk-cpr", "身份证号码：{v}"),
    ("gb-nino", "Social security: {v}"),
]
# distinctive formats, found without any context
BARE = [
    "fr-nir",
    "it-codice-fiscale",
    "es-dni",
    "es-nie",
    "fi-hetu",
    "ch-ahv",
    "be-national-number",
]


def ids(text: str) -> list[tuple[str, str]]:
    return [(d, v) for d, v in found(text) if d in VALUES]


def score(text: str, detector: str) -> float:
    return max(f.score for f in tiergate.classify(text).findings if f.detector == detector)


@pytest.mark.parametrize(("detector", "template"), OWN + GENERIC)
def test_finds_with_context(detector: str, template: str) -> None:
    value = VALUES[detector]
    assert (detector, value) in ids(template.format(v=value))


@pytest.mark.parametrize("detector", BARE)
def test_distinctive_formats_need_no_context(detector: str) -> None:
    value = VALUES[detector]
    text = f"Kunde 4711: {value}, Berlin"
    assert (detector, value) in ids(text)
    own = dict(OWN)[detector].format(v=value)
    assert score(own, detector) > score(text, detector)


def test_own_word_scores_above_generic_word() -> None:
    v = VALUES["nl-bsn"]
    assert score(f"BSN {v}", "nl-bsn") > score(f"ID number {v}", "nl-bsn") >= 0.8


@pytest.mark.parametrize(("detector", "template"), [c for c in OWN if c[0] in VALIDATORS])
def test_checksum_failure_is_dropped(detector: str, template: str) -> None:
    bad = corrupt(VALUES[detector], VALIDATORS[detector])
    assert ids(template.format(v=bad)) == []


@pytest.mark.parametrize(
    "detector", sorted(set(VALUES) - set(BARE) - {"gb-nino", "de-personalausweis", "ie-ppsn"})
)
def test_bare_digits_without_context_are_ignored(detector: str) -> None:
    assert ids(f"order {VALUES[detector]} shipped") == []


@pytest.mark.parametrize(
    "template",
    [
        "Steuer-ID Hotline: +49 {v}",  # a phone number
        "Steuer-ID: {v}-17",  # part of a longer dashed number
        "Steuer-ID: 2024.{v}",  # a decimal or a version
        "Steuer-ID: x_{v}",  # a code identifier
        "Steuer-ID: {v}7",  # a longer digit run
        "Steuer-ID: $ {v}".replace(" ", ""),  # an amount
        "Steuer-ID: 030 {v}",  # after a short digit group
    ],
)
def test_numbers_inside_other_numbers_are_ignored(template: str) -> None:
    assert ids(template.format(v=VALUES["de-steuer-id"])) == []


@pytest.mark.parametrize(
    ("detector", "value"),
    [
        ("it-codice-fiscale", "RSSMRA85T10A562S"),  # the textbook Mario Rossi
        ("es-dni", "12345678Z"),
        ("nl-bsn", "123456782"),
        ("ch-ahv", "756.1234.5678.97"),
        ("gb-nino", "QQ 12 34 56 C"),  # HMRC's example prefix
        ("gb-nhs-number", "999 000 0018"),  # the NHS test range
    ],
)
def test_published_examples_are_test_data(detector: str, value: str) -> None:
    if detector == "gb-nhs-number":
        value = complete("999000001", nhs.is_valid, fmt=lambda v: f"{v[:3]} {v[3:6]} {v[6:]}")
        assert value is not None
    text = f"{dict(OWN)[detector].split('{')[0]}{value}"
    (f,) = [f for f in tiergate.classify(text).findings if f.detector == detector]
    assert f.explanation.test_data


def test_types_and_categories() -> None:
    nhs_text = f"NHS number {VALUES['gb-nhs-number']}"
    (f,) = [f for f in tiergate.classify(nhs_text).findings if f.detector == "gb-nhs-number"]
    assert (f.type, f.category) == ("MEDICAL_ID", "HEALTH")
    bsn_text = f"BSN {VALUES['nl-bsn']}"
    (f,) = [f for f in tiergate.classify(bsn_text).findings if f.detector == "nl-bsn"]
    assert (f.type, f.category) == ("NATIONAL_ID", "PII")
    assert tiergate.classify(bsn_text).tier == 3


def test_validators() -> None:
    assert de_ausweis_check("T220001293")  # the specimen card
    assert not de_ausweis_check("T220001294")
    assert gb_nino_prefix("AB123456C") and not gb_nino_prefix("GB123456A")


def test_unissued_nino_prefix_is_ignored() -> None:
    assert ids("National Insurance number: GB 12 34 56 A") == []


@pytest.mark.parametrize(
    "template",
    [
        "  {a} {b} {c} {d} {e}\n  {a} {b} {c} {d} {e}",  # a table of numbers
        "    q = mpf({v})/10**15 + mpf({w})/10**15 * j",  # code literals
        "    assert area == S({v})/(10**12)",
    ],
)
def test_bare_national_ids_among_numbers_are_ignored(template: str) -> None:
    v = VALUES["fr-nir"]
    groups = [v[i : i + 5] for i in range(0, 15, 5)]
    text = template.format(
        v=v, w=VALUES["fr-nir"][::-1], a=groups[0], b=groups[1], c=groups[2], d="48039", e="48161"
    )
    assert [d for d, _ in ids(text) if d == "fr-nir"] == []
    assert ("fr-nir", v) in ids(f"NIR {v}")
