"""Diagnoses tied to a person (``DIAGNOSIS`` signals): ICD-10 codes after a diagnosis label
(or near one, in a patient record), and statements that tie a condition or treatment to a
person ("the patient was diagnosed with …", "Patientin leidet an …", "患者…诊断为…").
Talking about medicine in general ("diabetes is a chronic disease", "patients are often
prescribed …") is not. (Medical identifiers: :mod:`tiergate.rules.health_ids`.)
"""

from __future__ import annotations

import bisect
import functools
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from tiergate.detect.document import WORD_BYTES, Document
from tiergate.detect.rule import compile_re2
from tiergate.findings import Category, Finding
from tiergate.rules._region import signal
from tiergate.rules._scan import windows

_PATIENT_RX = compile_re2(
    r"\b(?i:patient(?:in|e|en)?|pt|mrn|dob|date of birth|geb\.|geboren|n[ée]e? le|paciente"
    r"|fecha de nacimiento|admitted|admission|discharged?|entlassung|aufnahme|ingreso)\b"
    r"|患者|病人|姓名|出生日期|入院"
)
_ICD_CODE = r"[A-Z]\d[0-9A-Z](?:\.[0-9A-Z]{1,4})?"
_ICD_LABELLED_RX = compile_re2(
    r"(?:\b(?i:icd(?:-?1[01])?(?:-(?:cm|gm))?(?:[ -]codes?)?|diagnos(?:is|es|e|tic|tique)"
    r"(?:[ -]?codes?)?|diagn[óo]stico|dx|(?:haupt|neben|entlassungs)-?diagnosen?)"
    r"|诊断(?:编码|代码)?)"
    r"\s*(?:\(\s*(?i:icd)[^)\n]{0,12}\)\s*)?[:：=|]\s*"
    rf"(?P<v>{_ICD_CODE}(?:\s*[,;/]\s*{_ICD_CODE}){{0,12}})"
)
_ICD_BARE_RX = compile_re2(rf"\b{_ICD_CODE}\b")
_DIAGNOSIS_FIELD_RX = compile_re2(
    r"(?m)^[ \t]*(?:(?i:diagnos(?:is|es|e|tic)|diagn[óo]stico|dx|(?:haupt|entlassungs)"
    r"-?diagnosen?|diagnostic principal)|初步诊断|出院诊断|诊断)[ \t]*[:：][ \t]*[^\s\d][^\n]{2,200}"
)


_DIAGNOSIS_WORDS = ("diagnos", "diagnóstico", "diagnostico", "dx:", "dx :", "诊断")


def _finding(detector: str, start: int, end: int, note: str) -> Finding:
    return signal(detector, "DIAGNOSIS", Category.HEALTH, (start, end), note)


class _PatientCues:
    """Where patient cues (patient, MRN, DOB, 患者 …) occur around some ranges: one RE2 pass
    over the ranges widened by ``reach``, then a bisect per question."""

    def __init__(self, doc: Document, ranges: list[tuple[int, int]], reach: int) -> None:
        self.reach = reach
        wide: list[list[int]] = []
        for lo, hi in ranges:  # sorted and disjoint
            if wide and lo - reach <= wide[-1][1]:
                wide[-1][1] = hi + reach
            else:
                wide.append([max(0, lo - reach), hi + reach])
        data = doc.data
        self.starts = [
            m.start() for lo, hi in wide for m in _PATIENT_RX.finditer(data, lo, min(hi, len(data)))
        ]

    def near(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, start - self.reach)
        return i < len(self.starts) and self.starts[i] <= end + self.reach


def _word_starts(doc: Document, keywords: tuple[str, ...]) -> list[int]:
    """Hits of ``keywords`` that start a word ("diagnos" in "Diagnosis", not "xdiagnos")."""
    data, out = doc.data, list[int]()
    for k in keywords:
        hits = doc.hits.get(k, ())
        out.extend(
            hits
            if not k.isascii()
            else (p for p in hits if data[p - 1] not in WORD_BYTES or p == 0)
        )
    out.sort()
    return out


class IcdCodeDetector:
    """ICD-10 codes as a diagnosis: after a label ("Diagnosis: E11.9", "诊断：I10"), or near
    "ICD"/"diagnosis" in a text about a patient. "ICD-10 has 70,000 codes" is not one."""

    id = "icd10-code"
    keywords = ("icd", *_DIAGNOSIS_WORDS)
    context_words = ()

    def detect(self, doc: Document) -> Iterator[Finding]:
        data = doc.data
        ranges = windows(_word_starts(doc, self.keywords), 48, 160, len(data))
        cues: _PatientCues | None = None
        for lo, hi in ranges[:_MAX_SIGNALS]:
            seen = lo
            for m in itertools.islice(_ICD_LABELLED_RX.finditer(data, lo, hi), _MAX_SIGNALS):
                if not doc.is_word_byte(m.end(1)):
                    seen = m.end(1)
                    yield _finding(self.id, m.start(1), m.end(1), "ICD-10 code after its label")
            for c in itertools.islice(_ICD_BARE_RX.finditer(data, seen, hi), _MAX_SIGNALS):
                cues = cues or _PatientCues(doc, ranges, 300)
                if cues.near(c.start(), c.end()):
                    yield _finding(self.id, c.start(), c.end(), "ICD-10 code in a patient text")


class DiagnosisFieldDetector:
    """A "Diagnosis: …" line of a patient record (a patient cue nearby)."""

    id = "diagnosis-field"
    keywords = _DIAGNOSIS_WORDS
    context_words = ()

    def detect(self, doc: Document) -> Iterator[Finding]:
        data = doc.data
        ranges = windows(_word_starts(doc, self.keywords), 64, 256, len(data))
        cues: _PatientCues | None = None
        for lo, hi in ranges[:_MAX_SIGNALS]:
            for m in itertools.islice(_DIAGNOSIS_FIELD_RX.finditer(data, lo, hi), _MAX_SIGNALS):
                cues = cues or _PatientCues(doc, ranges, 400)
                if cues.near(m.start(), m.end()):
                    yield _finding(self.id, m.start(), m.end(), "diagnosis field of a record")


# ---- statements tying a diagnosis or treatment to a person --------------------------------

_GAP = r"[^.\n;!?。；！？]{0,60}?"
_EN = (
    r"(?:\b(?i:the|this|our|my|a|an)\s+)?(?:\b(?i:patient|pt|client|resident|he|she"
    r"|my\s+(?:mother|father|mom|mum|dad|wife|husband|son|daughter|brother|sister|partner"
    r"|friend|grand(?:mother|father|ma|pa)|aunt|uncle|colleague|boss|child|baby))\b|\bI\b"
    r"|\b(?i:mr|mrs|ms|miss|dr)\.?\s+[A-Z][a-z]+|\b[A-Z][a-z]+[ \t]+[A-Z][a-z]+\b"
    r"|\b\d{1,3}[- ]?(?i:years?[- ]old|yo|y/o)\b)" + _GAP + r"\b(?i:(?:was|has\s+been|had\s+been"
    r"|got|is\s+being|have\s+been|'s\s+been|'ve\s+been)\s+(?:\w+\s+){0,2}?(?:diagnosed\s+"
    r"(?:with|as)|prescribed|started\s+on|treated\s+for|admitted\s+(?:for|with)"
    r"|hospitali[sz]ed|tested\s+positive\s+for)|(?:presents|presented|admitted)\s+(?:with|for))\b"
)
_DE = (
    r"\b(?i:patient(?:in|en)?|herrn?\s+\w+|frau\s+\w+|er|sie|ich|ihm|ihr|mir"
    r"|mein(?:e|er|em)?\s+(?:mutter|vater|frau|mann|sohn|tochter|bruder|schwester|kind))\b"
    + _GAP
    + r"(?i:leidet\s+(?:an|unter)|wurde(?:\s+[^\s.,;]+){0,5}?\s+(?:diagnostiziert"
    r"|verschrieben|verordnet|eingewiesen)|ist\s+an\s+[^\s.]+\s+erkrankt)"
)
_FR = (
    r"(?:\b(?i:patiente?|il|elle|je|j['’]ai|m\.\s*\w+|mme\.?\s+\w+|monsieur\s+\w+"
    r"|madame\s+\w+|mon\s+(?:p[èe]re|mari|fils|fr[èe]re|enfant)"
    r"|ma\s+(?:m[èe]re|femme|fille|s(?:œ|oe)ur))\b" + _GAP + r"(?i:(?:a\s+été|été|est|était)"
    r"\s+(?:\S+\s+){0,2}?(?:diagnostiquée?|hospitalisée?|traitée?\s+(?:pour|par))"
    r"|est\s+atteinte?\s+d|souffre\s+d|s['’]est\s+vu\s+prescrire)"
    r"|\b(?i:on|le\s+médecin|la\s+médecin)\s+lui\s+a\s+(?i:diagnostiqué|prescrit))"
)
_ES = (
    r"(?:(?:\b(?i:paciente|ella|yo|sr\.?\s+\w+|sra\.?\s+\w+|señora?\s+\w+"
    r"|mi\s+(?:madre|padre|esposa?|marido|hij[oa]|herman[oa]|abuel[oa]))\b|(?i:él)\b)"
    + _GAP
    + r"(?i:fue\s+(?:\S+\s+){0,2}?(?:diagnosticad[oa]|hospitalizad[oa]|ingresad[oa]"
    r"|tratad[oa]\s+(?:de|por|con))|padece|sufre\s+de|est[áa]\s+en\s+tratamiento)"
    r"|\b(?i:se\s+le\s+(?:diagnosticó|recetó|prescribió)|le\s+(?:diagnosticaron|recetaron)))"
)
_ZH = (
    r"(?:该患者|患者|病人|病患|该病人|我的?(?:母亲|父亲|妈妈|爸爸|妻子|丈夫|老公|老婆|儿子|女儿)?"
    r"|他|她|\p{Han}{1,3}(?:先生|女士))[^。\n；！？]{0,30}?(?:被?(?:诊断|确诊)为|被?确诊"
    r"|患有|罹患|诊断出|服用[^。\n]{0,12}?\d+\s*(?:mg|毫克|片)|入院治疗|住院治疗)"
)
_GENERIC_RX = compile_re2(
    r"\b(?i:if|suppose|imagine|whether|often|usually|typically|commonly|generally|frequently"
    r"|many|most|every|each|any|for example|hypothetical|wenn|falls|oft|häufig|meist(?:ens)?|viele"
    r"|typischerweise|zum beispiel|beispielsweise|si|souvent|généralement|fréquemment|beaucoup|plupart|par exemple"
    r"|suele[n]?|normalmente|frecuentemente|menudo|muchos|muchas|mayoría|por ejemplo)\b"
    r"|通常|一般|往往|如果|若|许多|很多|大多数|多数|常常|可能|需要|应该|应|可以"
)
_TECHNICAL_RX = compile_re2(
    r"\b(?i:bugs?|issues?|crash(?:es)?|leaks?|servers?|regressions?|kernel|compiler|pipeline"
    r"|database|debugger|gdb|strace|profiler|logs?)\b"
)
_SENTENCE_END = compile_re2(r"[.!?。！？\n]")
_MAX_SIGNALS = 256  # per detector and text: the region is flagged long before that


@dataclass(frozen=True, eq=False)
class DiagnosisStatements:
    """A person (a patient, a pronoun, a name, "my mother") and a diagnosis or treatment
    verb in one sentence, with no marker of a generic statement ("if", "often", "通常")."""

    id: str
    keywords: tuple[str, ...]
    pattern: str
    context_words: tuple[str, ...] = ()

    @functools.cached_property
    def regex(self) -> Any:
        return compile_re2(self.pattern)

    def detect(self, doc: Document) -> Iterator[Finding]:
        rx = self.regex
        data, size = doc.data, len(doc.data)
        positions = sorted(p for k in self.keywords for p in doc.hits.get(k, ()))
        found = 0
        for lo_window, hi_window in windows(positions, 160, 64, size):
            at = lo_window
            while found < _MAX_SIGNALS and (m := rx.search(data, at, hi_window)) is not None:
                lo = doc.line_bounds(m.start(), 160)[0]
                head = data[lo : m.start()]
                cut = max(head.rfind(b". "), head.rfind("。".encode()), head.rfind(b"? "))
                dot = _SENTENCE_END.search(data, m.end(), min(size, m.end() + 240))
                end = dot.start() if dot else min(size, m.end() + 240)
                at = max(end, m.end())
                begin = lo + cut + 1 if cut >= 0 else lo
                if not _GENERIC_RX.search(data, begin, m.end()) and not _TECHNICAL_RX.search(
                    data, begin, end
                ):
                    found += 1
                    yield _finding(self.id, m.start(), end, "a diagnosis or treatment of a person")


STATEMENTS = [
    DiagnosisStatements(
        "diagnosis-statement-en",
        (
            "presented",
            "diagnosed",
            "prescribed",
            "started on",
            "treated for",
            "admitted",
            "hospitali",
            "presents",
        ),
        _EN,
    ),
    DiagnosisStatements(
        "diagnosis-statement-de",
        ("diagnostiziert", "leidet", "erkrankt", "verschrieben", "verordnet", "eingewiesen"),
        _DE,
    ),
    DiagnosisStatements(
        "diagnosis-statement-fr",
        ("diagnostiqu", "hospitalis", "atteint", "souffre", "prescri", "traité", "traitée"),
        _FR,
    ),
    DiagnosisStatements(
        "diagnosis-statement-es",
        ("diagnosticad", "diagnostic", "hospitalizad", "ingresad", "padece", "sufre de"),
        _ES,
    ),
    DiagnosisStatements(
        "diagnosis-statement-zh",
        ("诊断为", "诊断出", "确诊", "患有", "罹患", "服用", "入院治疗", "住院治疗"),
        _ZH,
    ),
]

DETECTORS = [IcdCodeDetector(), DiagnosisFieldDetector(), *STATEMENTS]
