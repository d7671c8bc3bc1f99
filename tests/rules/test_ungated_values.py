import random
import time
from collections.abc import Iterable

import pytest
from _id_numbers import digits, luhn_complete

import tiergate
from tiergate.detect.document import Document
from tiergate.findings import Finding
from tiergate.rules.ungated_values import DETECTORS, UngatedValues

(SCAN,) = DETECTORS
assert isinstance(SCAN, UngatedValues)


def spans(findings: Iterable[Finding]) -> list[tuple[int, int, str]]:
    return sorted((f.start, f.end, f.detector) for f in findings)


PIECES = [
    lambda r: luhn_complete("4" + digits(r, 14)),
    lambda r: " ".join(luhn_complete("5" + digits(r, 14))[i : i + 4] for i in range(0, 16, 4)),
    lambda r: "DE89 3704 0044 0532 0130 00",
    lambda r: "GB82WEST12345698765432",
    lambda r: "RSSMRA85T10A562S",
    lambda r: "111.444.777-35",
    lambda r: "11010519491231002X",
    lambda r: digits(r, r.randint(1, 30)),
    lambda r: r.choice([" ", "\n", ", ", "-", "x", "ab12 ", "card ", "IBAN "]),
]


@pytest.mark.parametrize("seed", range(40))
def test_one_pass_finds_what_each_detector_finds_alone(seed: int) -> None:
    r = random.Random(seed)
    text = "".join(r.choice(PIECES)(r) for _ in range(r.randint(1, 60)))
    doc = Document(text)
    alone = [f for part in SCAN.parts for f in part.scan(doc, 0, len(doc.data))]
    assert spans(SCAN.detect(doc)) == spans(alone)


def test_a_format_listed_first_does_not_hide_another() -> None:
    # an 11-digit CPF has the shape of a compact Belgian national number (listed first)
    found = [f.detector for f in tiergate.classify("CPF 11144477735").findings]
    assert found == ["br-cpf"]


HOSTILE = {  # a unit and how many times it is repeated (about 1 MB)
    "digit groups": ("1234 ", 200_000),
    "four groups": ("1234 1234 1234 1234 x ", 45_000),
    "cards": ("4111 1111 1111 1111 ", 50_000),
    "dashes": ("1-", 500_000),
    "digits": ("9", 1_000_000),
    "iban heads": ("DE12 ", 200_000),
    "letter digit": ("ab12 ", 200_000),
    "valid ibans": ("DE89 3704 0044 0532 0130 00 ", 36_000),
    "codici fiscali": ("RSSMRA85T10A562S ", 60_000),
}


def scan_cost(text: str) -> float:
    """CPU seconds of one scan (CPU time: what a busy machine does to wall time is left out)."""
    doc = Document(text)
    t0 = time.process_time()
    for _ in SCAN.detect(doc):
        pass
    return time.process_time() - t0


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_stays_linear(name: str) -> None:
    """Four times the text costs about four times as much (a scan that is quadratic would
    cost sixteen times as much, a backtracking one far more). The bound leaves room for a
    noisy machine rather than naming seconds, which depend on the machine."""
    unit, count = HOSTILE[name]
    quarter, whole = scan_cost(unit * (count // 4)), scan_cost(unit * count)
    assert whole < 8 * quarter + 0.25, f"{name}: {quarter:.2f} s for a quarter, {whole:.2f} s"
