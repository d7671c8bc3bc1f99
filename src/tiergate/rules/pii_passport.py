"""Passport numbers after a label (in many languages), and machine-readable zones (MRZ).

A passport number has no checksum of its own outside the MRZ, so it is found only right
after a word naming it ("Passport No.: X1234567", "Reisepassnummer C01X00T47", "护照号码：
E12345678"). An MRZ (ICAO 9303: TD3 passports, TD2 and TD1 identity cards, MRV visas) is
found wherever it stands and is confirmed by its check digits; it is one finding, typed
PASSPORT for passports and visas and NATIONAL_ID for identity cards.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from tiergate.detect.document import Document
from tiergate.detect.rule import compile_re2
from tiergate.findings import Category, Explanation, Finding
from tiergate.rules._idrule import IdRule, icao_check, labelled_rule, words

PASSPORT_LABELS = words(
    "passport|passport no|passport number|passport#|passport id|travel document"
    "|reisepass|reisepassnummer|passnummer|pass-nr|passnr|passeport|numéro de passeport"
    "|n° de passeport|pasaporte|número de pasaporte|passaporto|numero di passaporto"
    "|passaporte|número do passaporte|paspoort|paspoortnummer|paszport|numer paszportu"
    "|pass nr|passinumero|護照|护照|护照号|护照号码|旅券|旅券番号|パスポート"
    "|パスポート番号|여권|여권번호|паспорт|номер паспорта"
)


def passport_shape(value: str) -> bool:
    """6–10 letters and digits with at least 3 digits and at most 5 letters (a word such
    as ``expired`` or ``REQUIRED`` is not a passport number)."""
    digits = sum(ch.isdigit() for ch in value)
    return 6 <= len(value) <= 10 and digits >= 3 and len(value) - digits <= 5


RULES: list[IdRule] = [
    labelled_rule(
        PASSPORT_LABELS,
        r"[A-Z0-9]{6,10}",
        id="passport-number",
        type="PASSPORT",
        category=Category.PII,
        validators=(passport_shape,),
        note="passport number after a label naming it",
    ),
]

# ---- machine-readable zones ----------------------------------------------------------------

_NL = r"[ \t]*\r?\n[ \t]*"
_TD3 = (
    r"(?P<td3>[PV][A-Z<][A-Z<]{3}[A-Z<]{39}" + _NL + r"[A-Z0-9<]{9}[0-9][A-Z<]{3}"
    r"[0-9<]{6}[0-9][MFX<][0-9<]{6}[0-9][A-Z0-9<]{14}[0-9<][0-9<])"
)
_TD2 = (
    r"(?P<td2>[ACIPV][A-Z<][A-Z<]{3}[A-Z<]{31}" + _NL + r"[A-Z0-9<]{9}[0-9<][A-Z<]{3}"
    r"[0-9<]{6}[0-9][MFX<][0-9<]{6}[0-9][A-Z0-9<]{7}[0-9<])"
)
_TD1 = (
    r"(?P<td1>[ACI][A-Z<][A-Z<]{3}[A-Z0-9<]{9}[0-9<][A-Z0-9<]{15}" + _NL + r"[0-9<]{6}[0-9]"
    r"[MFX<][0-9<]{6}[0-9][A-Z<]{3}[A-Z0-9<]{11}[0-9]" + _NL + r"[A-Z<]{30})"
)
_MRZ = compile_re2(rf"\b(?:{_TD3}|{_TD2}|{_TD1})")
_SPECIMEN_NAMES = ("MUSTERMANN", "SPECIMEN", "SAMPLE", "ERIKSSON<<ANNA", "MUESTRA")


def mrz_valid(kind: str, lines: list[str]) -> bool:
    """All check digits of one MRZ (document number, birth, expiry, composite)."""
    if kind == "td1":
        a, b = lines[0], lines[1]
        return (
            icao_check(a[5:14], a[14])
            and icao_check(b[0:6], b[6])
            and icao_check(b[8:14], b[14])
            and icao_check(a[5:30] + b[0:7] + b[8:15] + b[18:29], b[29])
        )
    line = lines[1]
    checks = (
        icao_check(line[0:9], line[9])
        and icao_check(line[13:19], line[19])
        and icao_check(line[21:27], line[27])
    )
    if lines[0][0] == "V":  # visas carry no composite check digit
        return checks
    if kind == "td3":
        return (
            checks
            and icao_check(line[28:42], line[42])
            and icao_check(line[0:10] + line[13:20] + line[21:43], line[43])
        )
    return checks and icao_check(line[0:10] + line[13:20] + line[21:35], line[35])


def is_specimen(lines: list[str]) -> bool:
    """ICAO's fictional state Utopia, or a specimen name."""
    text = "".join(lines)
    return text[2:5] == "UTO" or any(name in text for name in _SPECIMEN_NAMES)


class MrzDetector:
    """Machine-readable zones of passports, identity cards and visas."""

    id = "mrz"
    keywords = ("<<",)
    context_words: frozenset[str] = frozenset()
    window = (240, 240)

    def detect(self, doc: Document) -> Iterator[Finding]:
        seen: set[int] = set()
        for lo, hi in self._ranges(doc):
            for m in _MRZ.finditer(doc.data, lo, hi):
                kind = m.lastgroup.decode() if isinstance(m.lastgroup, bytes) else m.lastgroup
                start, end = m.span()
                if start in seen or kind is None:
                    continue
                lines = doc.value(start, end).split()
                if not mrz_valid(kind, lines):
                    continue
                seen.add(start)
                yield self._finding(kind, lines, start, end)

    def _ranges(self, doc: Document) -> list[tuple[int, int]]:
        """Merged windows around the ``<<`` hits; a dense run of hits is crossed with a
        bisection per window rather than one step per hit."""
        before, after = self.window
        positions, size = doc.positions(self.keywords), len(doc.data)
        ranges: list[tuple[int, int]] = []
        i = 0
        while i < len(positions):
            lo, hi = max(0, positions[i] - before), positions[i] + after
            while True:  # take in every hit whose window touches this one
                j = bisect.bisect_right(positions, hi + before) - 1
                if positions[j] + after <= hi:
                    break
                hi = positions[j] + after
            ranges.append((lo, min(size, hi)))
            i = j + 1
        return ranges

    def _finding(self, kind: str, lines: list[str], start: int, end: int) -> Finding:
        passport = lines[0][0] in "PV"
        label = {"td1": "TD1", "td2": "TD2", "td3": "TD3"}[kind]
        return Finding(
            start=start,
            end=end,
            type="PASSPORT" if passport else "NATIONAL_ID",
            category=Category.PII,
            detector=self.id,
            score=0.99,
            explanation=Explanation(
                pattern=f"{self.id}-{kind}",
                validators=(("icao_check_digits", True),),
                note=f"machine-readable zone ({label}, "
                f"{'passport or visa' if passport else 'identity card'})",
                test_data=is_specimen(lines),
            ),
        )


DETECTORS = [MrzDetector()]
