import random

import pytest
from _id_numbers import UPPER, birth, corrupt, digits, make
from stdnum.au import tfn
from stdnum.cn import ric
from stdnum.il import idnr as il_idnr
from stdnum.in_ import aadhaar, pan
from stdnum.jp import in_ as my_number
from stdnum.kr import rrn
from stdnum.tr import tckimlik
from stdnum.za import idnr as za_idnr

import tiergate
from _util import found
from tiergate.rules.pii_ids_asia import hk_hkid_check, sg_nric_check, tw_id_check

rng = random.Random(8086)


def _spaced4(v: str) -> str:
    return " ".join(v[i : i + 4] for i in range(0, len(v), 4))


VALUES = {
    "cn-resident-id": make(rng, lambda r: "110105" + birth(r, century=True) + digits(r, 3),
                           ric.is_valid, alphabet="0123456789X"),
    "in-aadhaar": make(rng, lambda r: digits(r, 11, "23456789"), aadhaar.is_valid, fmt=_spaced4),
    "in-pan": "ABCPK" + digits(rng, 4) + "Q",
    "jp-my-number": make(rng, lambda r: digits(r, 11), my_number.is_valid, fmt=_spaced4),
    "kr-rrn": make(rng, lambda r: birth(r) + "-" + r.choice("12") + digits(r, 5), rrn.is_valid),
    "au-tfn": make(rng, lambda r: digits(r, 8, "123456789"), tfn.is_valid),
    "sg-nric": make(rng, lambda r: "S" + digits(r, 7), sg_nric_check, alphabet=UPPER),
    "hk-hkid": make(rng, lambda r: r.choice(UPPER) + digits(r, 6), hk_hkid_check,
                    alphabet="0123456789A", fmt=lambda v: f"{v[:-1]}({v[-1]})"),
    "tw-national-id": make(rng, lambda r: r.choice(UPPER) + r.choice("12") + digits(r, 7),
                           tw_id_check),
    "tr-tckimlik": make(rng, lambda r: digits(r, 9, "123456789"), tckimlik.is_valid, width=2),
    "il-teudat-zehut": make(rng, lambda r: digits(r, 8), il_idnr.is_valid),
    "za-id-number": make(rng, lambda r: birth(r) + digits(r, 4) + "08", za_idnr.is_valid),
}  # fmt: skip

CONTEXTS = [
    ("cn-resident-id", "身份证号码：{v}"),
    ("cn-resident-id", "Resident identity card {v}"),
    ("in-aadhaar", "Aadhaar no. {v}"),
    ("in-aadhaar", "आधार {v}"),
    ("in-pan", "PAN card: {v}"),
    ("in-pan", "permanent account number {v}"),
    ("jp-my-number", "マイナンバー：{v}"),
    ("jp-my-number", "個人番号 {v}"),
    ("kr-rrn", "주민등록번호 {v}"),
    ("au-tfn", "Tax file number: {v}"),
    ("sg-nric", "NRIC no: {v}"),
    ("hk-hkid", "HKID {v}"),
    ("hk-hkid", "香港身份證 {v}"),
    ("tw-national-id", "身分證字號：{v}"),
    ("tr-tckimlik", "T.C. Kimlik No: {v}"),
    ("il-teudat-zehut", "תעודת זהות {v}"),
    ("za-id-number", "South African ID {v}"),
]
VALIDATORS = {
    "cn-resident-id": ric.is_valid,
    "in-aadhaar": aadhaar.is_valid,
    "jp-my-number": my_number.is_valid,
    "kr-rrn": rrn.is_valid,
    "au-tfn": tfn.is_valid,
    "sg-nric": sg_nric_check,
    "hk-hkid": hk_hkid_check,
    "tw-national-id": tw_id_check,
    "tr-tckimlik": tckimlik.is_valid,
    "il-teudat-zehut": il_idnr.is_valid,
    "za-id-number": za_idnr.is_valid,
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


@pytest.mark.parametrize("detector", sorted(set(VALUES) - {"cn-resident-id", "kr-rrn"}))
def test_no_context_no_finding(detector: str) -> None:
    assert ids(f"invoice {VALUES[detector]} paid") == []


@pytest.mark.parametrize("detector", ["cn-resident-id", "kr-rrn"])
def test_distinctive_formats_need_no_context(detector: str) -> None:
    assert (detector, VALUES[detector]) in ids(f"客户 {VALUES[detector]} 北京")


def test_cn_resident_id_checks_the_birth_date() -> None:
    value = VALUES["cn-resident-id"]
    bad_date = value[:10] + "13" + value[12:]  # month 13
    assert not ric.is_valid(bad_date)
    assert ids(f"身份证号码：{bad_date}") == []


def test_compact_kr_rrn_needs_context() -> None:
    compact = VALUES["kr-rrn"].replace("-", "")
    assert ids(f"order {compact}") == []
    assert ("kr-rrn", compact) in ids(f"주민등록번호 {compact}")


@pytest.mark.parametrize(
    ("check", "good", "bad"),
    [
        (sg_nric_check, "S1234567D", "S1234567E"),
        (hk_hkid_check, "A123456(3)", "A123456(4)"),
        (tw_id_check, "A123456789", "A123456788"),
    ],
)
def test_check_digits_by_hand(check: object, good: str, bad: str) -> None:
    assert callable(check)
    assert check(good) and not check(bad)


def test_pan_structure() -> None:
    assert pan.is_valid(VALUES["in-pan"])
    assert ids("PAN card: ABCXK1234Q") == []  # X is not a holder type


@pytest.mark.parametrize(
    ("detector", "text"),
    [("cn-resident-id", "身份证号码：11010519491231002X"), ("tw-national-id", "身分證 A123456789")],
)
def test_published_examples_are_test_data(detector: str, text: str) -> None:
    (f,) = [f for f in tiergate.classify(text).findings if f.detector == detector]
    assert f.explanation.test_data
