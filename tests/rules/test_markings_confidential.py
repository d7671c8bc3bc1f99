import pytest

import tiergate
from _util import assert_linear, found
from tiergate.detect import Scanner
from tiergate.rules import markings_confidential

POSITIVES = [
    (
        "Acme Corp | Company Confidential | Page 3 of 12\n\nQ3 pricing strategy and discounts.",
        "confidentiality-legend",
        "Company Confidential",
    ),
    ("CONFIDENTIAL\n\nBoard minutes, 12 March.", "confidentiality-legend", "CONFIDENTIAL"),
    (
        "CONFIDENTIAL\n\nPublic launch is planned for May.\nInternal review found no issues.",
        "confidentiality-legend",
        "CONFIDENTIAL",
    ),
    (
        "Confidential\nDraft acquisition memo for the board.",
        "confidentiality-legend",
        "Confidential",
    ),
    (
        "PRIVILEGED & CONFIDENTIAL – ATTORNEY-CLIENT COMMUNICATION\n\nRegarding the pending "
        "litigation, our assessment of the exposure follows.",
        "confidentiality-legend",
        "PRIVILEGED & CONFIDENTIAL",
    ),
    (
        "Attorney-Client Privileged\n\nSummary of the settlement options.",
        "confidentiality-legend",
        "Attorney-Client Privileged",
    ),
    (
        "Subject: [Confidential] Revised offer\nPlease find the revised terms attached.",
        "confidentiality-legend",
        "Confidential",
    ),
    (
        "This presentation is confidential and proprietary to Acme Corp and may not be "
        "reproduced without written consent.",
        "confidentiality-notice",
        "This presentation is confidential",
    ),
    (
        "The information contained herein is proprietary and shall not be disclosed.",
        "confidentiality-notice",
        "information contained herein is proprietary",
    ),
    (
        "These slides are shared under NDA with the evaluation partners.",
        "confidentiality-notice",
        "shared under NDA",
    ),
    (
        "Internal Use Only — Do Not Distribute\nRelease plan for version two.",
        "confidentiality-legend",
        "Internal Use Only",
    ),
    (
        "PRIVATE & CONFIDENTIAL\n\nYour salary review for the coming year.",
        "confidentiality-legend",
        "PRIVATE & CONFIDENTIAL",
    ),
    (
        "Highly Confidential – Attorneys' Eyes Only\n\nDeposition exhibit 12.",
        "confidentiality-legend",
        "Attorneys' Eyes Only",
    ),
    ("WITHOUT PREJUDICE\n\nSettlement proposal.", "confidentiality-legend", "WITHOUT PREJUDICE"),
    ("㊙\n新製品の価格表", "confidentiality-legend", "㊙"),
    (
        "Data classification: Restricted\nVendor scoring sheet.",
        "confidentiality-legend",
        "Restricted",
    ),
    (
        "Proprietary and Confidential Information of Acme Corp.\nRoadmap for next year.",
        "confidentiality-legend",
        "Proprietary and Confidential Information of Acme Corp.",
    ),
    ("Acme Confidential\nRoadmap for next year.", "confidentiality-legend", "Confidential"),
    (
        "For internal use only.\n\nPricing for the Q3 renewal of the Acme account.",
        "confidentiality-legend",
        "For internal use only",
    ),
    (
        '"""Acme billing service.\n\nCOMPANY CONFIDENTIAL - do not distribute.\n"""\n',
        "confidentiality-legend",
        "COMPANY CONFIDENTIAL",
    ),
    (
        "Pricing tiers for the renewal.\n\n© 2024 Acme Inc. All rights reserved. Confidential.",
        "confidentiality-legend",
        "Confidential",
    ),
    (
        "TRADE SECRET\n\nFormulation sheet for the coating.",
        "confidentiality-legend",
        "TRADE SECRET",
    ),
    (
        "Streng vertraulich\nProtokoll der Vorstandssitzung",
        "confidentiality-legend",
        "Streng vertraulich",
    ),
    (
        "Nur für den internen Gebrauch\nPlanung für das nächste Quartal",
        "confidentiality-legend",
        "Nur für den internen Gebrauch",
    ),
    (
        "Dieses Dokument ist vertraulich und darf nicht weitergegeben werden.",
        "confidentiality-notice",
        "Dieses Dokument ist vertraulich",
    ),
    (
        "CONFIDENTIEL – Diffusion interne\nCompte rendu du comité",
        "confidentiality-legend",
        "Diffusion interne",
    ),
    (
        "Ce document est strictement confidentiel.\nMerci de ne pas le transférer.",
        "confidentiality-notice",
        "Ce document est strictement confidentiel",
    ),
    ("Confidencial - Uso interno\nActa de la reunión", "confidentiality-legend", "Uso interno"),
    (
        "Estrictamente confidencial\n\nPlan comercial.",
        "confidentiality-legend",
        "Estrictamente confidencial",
    ),
    ("Riservato\nVerbale della riunione", "confidentiality-legend", "Riservato"),
    (
        "Strikt vertrouwelijk\nNotulen van het overleg",
        "confidentiality-legend",
        "Strikt vertrouwelijk",
    ),
    ("【内部资料，注意保密】\n年度销售计划", "confidentiality-legend", "内部资料"),
    ("仅供内部使用\n产品规划", "confidentiality-legend", "仅供内部使用"),
    (
        "本文件为公司机密，未经许可不得外传。",
        "confidentiality-notice",
        "本文件为公司机密，未经许可不得外传",
    ),
    ("社外秘\n年度事業計画", "confidentiality-legend", "社外秘"),
    ("대외비\n사업 계획", "confidentiality-legend", "대외비"),
]


@pytest.mark.parametrize(("text", "detector", "value"), POSITIVES)
def test_finds_legends(text: str, detector: str, value: str) -> None:
    assert (detector, value) in found(text, "PROPRIETARY")
    assert tiergate.classify(text).tier == 3


NEGATIVES = [
    "Call our confidential hotline at any time if you need help.",
    "Please keep your password confidential and never share it.",
    "Can you write an NDA template for a freelance designer?",
    "What is attorney-client privilege and when does it apply?",
    "Trade secret law protects formulas like the recipe of a soft drink.",
    'Add a footer that says "This document is confidential" to my slides.',
    "The internal combustion engine was invented in the nineteenth century.",
    "Proprietary software is software that is not open source.",
    "Restricted",
    "Internal",
    "Classification: Public\nNotes from the open community call.",
    "Confidential: No\nPublic: Yes",
    "| Level | Description |\n|---|---|\n| Public | Anyone |\n| Internal | Employees |\n"
    "| Confidential | Customer data, contracts |\n| Restricted | Credentials |",
    "Should I put 'This document is confidential' on every slide of the deck?",
    "The offer was made without prejudice to the rights of either party.",
    "Sensitivity: Internal\nNotes from the planning session.",  # tier 2, see test_business
    "##### Useful constants (internal use only) #####\nPI = 3.14159",
    # notes on code: a docstring, a parenthesised note, keys and parameters, a product
    'def is_token(value):\n    """Return whether value is a Token.\n\n    For internal use only.\n'
    '    """\n    return isinstance(value, Token)\n',
    '    def build_context(self):\n        """Build the context object.\n\n'
    '        For internal use only."""\n',
    "### Type variables  (for internal use only)\n\n_K = TypeVar('_K')\n",
    "    def run(self, image: str, privileged: bool = False,\n            tty: bool = False):",
    "spec:\n  containers:\n  - name: agent\n    securityContext:\n      privileged: true\n",
    '{"title": "Fix login bug", "confidential": false, "labels": ["bug"]}',
    "The new VM boots with Confidential Computing enabled by default.",
    "Ihre Angaben werden selbstverständlich vertraulich behandelt.",
    "Vos données restent confidentielles et ne sont jamais revendues.",
    "La información confidencial debe protegerse con contraseñas seguras.",
    "我们会对您的个人信息严格保密。",
    "商业机密是指不为公众所知悉的技术信息和经营信息。",
    "社外秘とは、社外に持ち出してはいけない情報のことです。",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores_prose_about_confidentiality(text: str) -> None:
    assert found(text, "PROPRIETARY") == []
    assert tiergate.classify(text).tier == (2 if "Sensitivity: Internal" in text else 1)


def test_government_words_are_left_to_the_government_rules() -> None:
    text = "CONFIDENTIAL//NOFORN\n\nAssessment.\n\nVS-VERTRAULICH"
    assert found(text, "PROPRIETARY") == []


@pytest.mark.parametrize(
    "text",
    [
        "CONFIDENTIAL\n" * 80_000,
        "Confidential " * 80_000,
        ("Acme " * 20 + "Confidential\n") * 8_000,
        "this document is " * 60_000,
        "内部资料" * 100_000,
    ],
)
def test_linear_on_pathological_input(text: str) -> None:
    detectors = [*markings_confidential.DETECTORS, *markings_confidential.RULES]
    scanner = Scanner(detectors)
    assert_linear(lambda t: [list(d.detect(scanner.document(t))) for d in detectors], text)
