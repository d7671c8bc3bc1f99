import random
import string

import pytest

import tiergate
from _util import found
from tiergate.findings import Finding
from tiergate.rules.health_ids import kvnr_check, npi_luhn

rng = random.Random(3)
MBI_LETTERS = "ACDEFGHJKMNPQRTUVWXY"


def luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str(-total % 10)


def make_npi() -> str:
    body = rng.choice("12") + "".join(rng.choice(string.digits) for _ in range(8))
    return body + luhn_digit("80840" + body)


def make_kvnr() -> str:
    letter = rng.choice(string.ascii_uppercase)
    body = "".join(rng.choice(string.digits) for _ in range(8))
    digits = f"{ord(letter) - 64:02d}" + body
    total = sum(sum(divmod(int(c) * (1 if i % 2 == 0 else 2), 10)) for i, c in enumerate(digits))
    return letter + body + str(total % 10)


def make_mbi() -> str:
    def a() -> str:
        return rng.choice(MBI_LETTERS)

    def an() -> str:
        return rng.choice(MBI_LETTERS + string.digits)

    def n() -> str:
        return rng.choice(string.digits)

    return rng.choice("123456789") + a() + an() + n() + a() + an() + n() + a() + a() + n() + n()


def mrn() -> str:
    return str(rng.randrange(10**7, 10**8))


def bad_check(value: str) -> str:
    return value[:-1] + str((int(value[-1]) + 1) % 10)


NPI, KVNR, MBI, MRN = make_npi(), make_kvnr(), make_mbi(), mrn()


@pytest.mark.parametrize(
    ("text", "detector", "value"),
    [
        (f"Patient: A. Example, MRN: {MRN}", "medical-record-number", MRN),
        (f"Medical record number {MRN}", "medical-record-number", MRN),
        (f"Patienten-ID: {MRN}", "medical-record-number", MRN),
        (f"Fallnummer {MRN}", "medical-record-number", MRN),
        (f"Numéro de dossier : {MRN}", "medical-record-number", MRN),
        (f"Número de historia clínica: HC-{MRN}", "medical-record-number", f"HC-{MRN}"),
        (f"病历号：{MRN}", "medical-record-number", MRN),
        (f"住院号 ZY{MRN}", "medical-record-number", f"ZY{MRN}"),
        (f"Attending physician NPI: {NPI}", "us-npi", NPI),
        (f"National Provider Identifier {NPI}", "us-npi", NPI),
        (f"Krankenversichertennummer: {KVNR}", "de-kvnr", KVNR),
        (f"Versichertennummer {KVNR} (Krankenkasse)", "de-kvnr", KVNR),
        (f"Medicare MBI: {MBI}", "us-medicare-mbi", MBI),
        (
            f"Medicare number {MBI[:4]}-{MBI[4:7]}-{MBI[7:]}",
            "us-medicare-mbi",
            f"{MBI[:4]}-{MBI[4:7]}-{MBI[7:]}",
        ),
        (
            f"Health insurance ID: XGH{MRN}",
            "health-insurance-number",
            f"XGH{MRN}",
        ),
        (f"Member ID: W{MRN}01 (dental plan)", "health-insurance-number", f"W{MRN}01"),
        (f"医保卡号：{MRN}{MRN[:2]}", "health-insurance-number", f"{MRN}{MRN[:2]}"),
    ],
)
def test_finds_medical_ids(text: str, detector: str, value: str) -> None:
    assert (detector, value) in found(text, "HEALTH")
    assert tiergate.classify(text).tier == 3


@pytest.mark.parametrize(
    "text",
    [
        MRN,  # a number alone
        f"Order {MRN} shipped",
        "MRN: 123",  # too short
        "MRN: 12345678",  # counting up
        f"NPI: {bad_check(NPI)}",  # Luhn fails
        f"Invoice {NPI}",  # no context
        f"Krankenversichertennummer: {bad_check(KVNR)}",
        f"Ticket {KVNR}",
        f"Medicare {MBI[:3]}S{MBI[4:]}",  # S is not used in MBIs
        f"Serial {MBI}",  # no context
        f"Member ID: {MRN}",  # a gym or a shop: no health context
        "Policy number: 00000000 for the car insurance",
    ],
)
def test_ignores_medical_ids(text: str) -> None:
    assert [d for d, _ in found(text, "HEALTH")] == []


def test_checksums() -> None:
    assert npi_luhn(NPI) and not npi_luhn(bad_check(NPI))
    assert kvnr_check(KVNR) and not kvnr_check(bad_check(KVNR))
    assert kvnr_check("A123456780")  # the documented example


def diagnoses(text: str) -> list[Finding]:
    return [f for f in tiergate.classify(text).findings if f.type == "DIAGNOSIS"]


@pytest.mark.parametrize(
    ("text", "detector", "trigger"),
    [
        ("Diagnosis: E11.9, I10", "icd10-code", "E11.9, I10"),
        ("Dx: J45.909", "icd10-code", "J45.909"),
        ("ICD-10-GM: F32.1", "icd10-code", "F32.1"),
        ("Diagnose (ICD-10): M54.5", "icd10-code", "M54.5"),
        ("Diagnostic : C50.9", "icd10-code", "C50.9"),
        ("诊断编码：E11.9", "icd10-code", "E11.9"),
        ("Patient seen today; ICD code I10 recorded for follow-up.", "icd10-code", "I10"),
        (
            "Name: A. Example   DOB: 02/04/1961\nDiagnosis: Major depressive disorder\n",
            "diagnosis-field",
            "Major depressive disorder",
        ),
        (
            "The patient was diagnosed with type 2 diabetes in 2019 and was prescribed metformin.",
            "diagnosis-statement-en",
            "diagnosed with type 2 diabetes",
        ),
        ("My mother was diagnosed with breast cancer.", "diagnosis-statement-en", "cancer"),
        ("I have been diagnosed with ADHD.", "diagnosis-statement-en", "ADHD"),
        ("A 54-year-old man was admitted with chest pain.", "diagnosis-statement-en", "chest"),
        ("Pt is a 67 yo M, admitted for dyspnea.", "diagnosis-statement-en", "dyspnea"),
        ("A 45-year-old woman presents with fever.", "diagnosis-statement-en", "fever"),
        ("Maria Jensen presented with a dry cough.", "diagnosis-statement-en", "dry cough"),
        ("Last spring I was diagnosed with asthma.", "diagnosis-statement-en", "asthma"),
        ("Die Patientin leidet an einer Depression.", "diagnosis-statement-de", "Depression"),
        (
            "Bei Herrn Beispiel wurde im März ein Karzinom diagnostiziert.",
            "diagnosis-statement-de",
            "Karzinom",
        ),
        (
            "La patiente a été diagnostiquée avec un cancer du sein.",
            "diagnosis-statement-fr",
            "cancer du sein",
        ),
        ("On lui a diagnostiqué une sclérose en plaques.", "diagnosis-statement-fr", "sclérose"),
        (
            "El paciente fue diagnosticado con hepatitis C.",
            "diagnosis-statement-es",
            "hepatitis",
        ),
        ("Al paciente se le diagnosticó asma.", "diagnosis-statement-es", "asma"),
        ("患者于2023年3月被诊断为2型糖尿病。", "diagnosis-statement-zh", "糖尿病"),
        ("我妈妈患有高血压。", "diagnosis-statement-zh", "高血压"),
    ],
)
def test_finds_diagnoses(text: str, detector: str, trigger: str) -> None:
    hits = [f for f in diagnoses(text) if f.detector == detector]
    assert hits, detector
    assert any(trigger in f.value(text) for f in hits)
    result = tiergate.classify(text)
    assert result.tier == 3 and "HEALTH" in result.reasons


@pytest.mark.parametrize(
    "text",
    [
        "Diabetes is a chronic disease that affects how the body turns food into energy.",
        "ICD-10 has about 70,000 codes; E11.9 stands for type 2 diabetes without complications.",
        "Patients with diabetes are often prescribed metformin.",
        "If a patient is diagnosed with diabetes, they should monitor their blood glucose.",
        "Doctors usually diagnose asthma with a lung function test.",
        "He was admitted to the university in 2010.",
        "In the trial, 120 patients were diagnosed with early-stage disease.",
        "Each patient was prescribed either placebo or the study drug.",
        "Diabetes mellitus Typ 2 ist eine häufige Erkrankung; viele Patienten leiden an Folgeschäden.",
        "Le diabète est une maladie chronique ; les patients sont souvent traités par metformine.",
        "La diabetes es una enfermedad crónica que padecen muchas personas.",
        "糖尿病患者通常需要长期服用药物。",
        "诊断标准包括空腹血糖和糖化血红蛋白。",
        "def diagnose(self, dx: int) -> None: ...",
        "He said the memory leak was diagnosed with gdb on the build server.",
        # "represented with", "presented within", a lower-case "i": docstrings, not patients
        "    The jth vertex\n    corners[j] is represented with the index j.",
        "    TensorExprs represent abstract tensors, multilinear maps represented\n"
        "    within a chosen basis.",
        "List TagKeys under a TagParent. The TagParent can be represented with its id.",
    ],
)
def test_general_medicine_is_tier_1(text: str) -> None:
    result = tiergate.classify(text)
    assert [f.detector for f in result.findings] == []
    assert result.tier == 1


def test_diagnosis_is_a_signal_kept_in_the_text() -> None:
    text = "Die Patientin leidet an einer Depression."
    assert tiergate.redact(text) == text


@pytest.mark.parametrize(
    "unit", ["dx: A12 ", "patient was diagnosed with ", "患者被诊断为", "Diagnosis: x\n"]
)
def test_repetitive_input_is_bounded(unit: str) -> None:
    text = unit * (200_000 // len(unit.encode()))
    assert len(tiergate.classify(text).findings) < 1000
