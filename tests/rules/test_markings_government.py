import pytest

import tiergate
from _util import assert_linear, found
from tiergate.detect import Scanner
from tiergate.rules import markings_government, markings_notices

US_TS = """TOP SECRET//SI//NOFORN

(TS//SI//NF) The source reported that the facility at the northern site was expanded during
the spring.
(S//NF) Satellite imagery confirms new construction near the river crossing.
(U) The weather during the collection period was clear.

Classified By: Deputy Director, Collection
Derived From: Multiple Sources
Declassify On: 20500101

TOP SECRET//SI//NOFORN
"""

CUI_DOC = """CUI

Controlled by: Department of Defense
Controlled by: Office of Personnel Readiness
CUI Category: PRVCY
POC: Records Office

Readiness review of the training schedule for the second quarter.

CUI
"""

POSITIVES = [
    (US_TS, "classification-banner", "TOP SECRET//SI//NOFORN"),
    (US_TS, "capco-portion-marking", "(TS//SI//NF)"),
    (US_TS, "capco-portion-marking", "(S//NF)"),
    (US_TS, "us-classification-authority-block", "Declassify On"),
    (
        "SECRET//REL TO USA, GBR\n\nSubject: exercise plan\nThe convoy departs at first light.",
        "classification-banner",
        "SECRET//REL TO USA, GBR",
    ),
    (
        "UNCLASSIFIED//FOR OFFICIAL USE ONLY\n\nGuidance on visitor badges for the annex.",
        "classification-banner",
        "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
    ),
    (
        "CONFIDENTIAL//NOFORN\n\nAssessment of the port upgrade.\n\nCONFIDENTIAL//NOFORN",
        "classification-banner",
        "CONFIDENTIAL//NOFORN",
    ),
    (
        "Classification: SECRET\n\nPlease review the attached movement order before Friday.",
        "classification-banner",
        "SECRET",
    ),
    (
        "TOP SECRET\n\nThe plan for the operation is as follows.",
        "classification-banner",
        "TOP SECRET",
    ),
    ("TS//SCI\n\nBriefing for the committee.", "classification-banner", "TS//SCI"),
    (
        "FOR OFFICIAL USE ONLY\n\nVisitor procedures.",
        "classification-banner",
        "FOR OFFICIAL USE ONLY",
    ),
    (
        "SECRET//NOFORN The talks ended without agreement on the border question.",
        "classification-banner",
        "SECRET//NOFORN",
    ),
    ("PROTECTED B\n\nEmployee assessment.", "uk-classification", "PROTECTED B"),
    (
        "(S) The delegation arrived on Tuesday.\n(C) Talks focused on logistics.\n"
        "(U) The weather was fair.",
        "capco-portion-marking",
        "(S)",
    ),
    (
        "SUBJECT: (S//NF) Border crossing assessment\n\nSee the attached annex.",
        "capco-portion-marking",
        "(S//NF)",
    ),
    (
        "UNCLASSIFIED//FOR OFFICIAL USE ONLY\nSUBJECT: Port visit logistics\n1. (SBU) Summary: "
        "the embassy requests support for the visit.\n2. (U) Background follows.",
        "capco-portion-marking",
        "(SBU)",
    ),
    (
        "(U//FOUO) Staff should badge in at the north entrance during the renovation.",
        "capco-portion-marking",
        "(U//FOUO)",
    ),
    (CUI_DOC, "us-cui-banner", "CUI"),
    (CUI_DOC, "us-cui-designation-block", "CUI Category"),
    (
        "CUI//SP-PRVCY\n\nPersonnel file prepared for the promotion board.",
        "us-cui-banner",
        "CUI//SP-PRVCY",
    ),
    (
        "OFFICIAL-SENSITIVE: PERSONAL\n\nThe attached case notes concern a staff grievance.",
        "uk-classification",
        "OFFICIAL-SENSITIVE: PERSONAL",
    ),
    (
        "Classification: OFFICIAL-SENSITIVE\nHandling: no onward distribution.",
        "uk-classification",
        "OFFICIAL-SENSITIVE",
    ),
    ("SECRET UK EYES ONLY\n\nDeployment timetable.", "uk-classification", "SECRET UK EYES ONLY"),
    (
        "NATO RESTRICTED\n\nExercise schedule for the brigade.",
        "nato-eu-classification",
        "NATO RESTRICTED",
    ),
    ("COSMIC TOP SECRET\n\nAnnex B.", "nato-eu-classification", "COSMIC TOP SECRET"),
    (
        "RESTREINT UE/EU RESTRICTED\n\nCouncil working paper.",
        "nato-eu-classification",
        "RESTREINT UE/EU RESTRICTED",
    ),
    (
        "VS-NUR FÜR DEN DIENSTGEBRAUCH\n\nLagebericht Nr. 14 zur Hafenlogistik.",
        "de-vs-marking",
        "VS-NUR FÜR DEN DIENSTGEBRAUCH",
    ),
    (
        "VS – Nur für den Dienstgebrauch\nBericht",
        "de-vs-marking",
        "VS – Nur für den Dienstgebrauch",
    ),
    ("VS-VERTRAULICH\n\nEinsatzplanung", "de-vs-marking", "VS-VERTRAULICH"),
    ("GEHEIM\n\nBericht über die Lage.\n\nGEHEIM", "de-vs-marking", "GEHEIM"),
    (
        "DIFFUSION RESTREINTE\n\nNote sur la situation portuaire.",
        "fr-classification",
        "DIFFUSION RESTREINTE",
    ),
    ("SECRET DÉFENSE\n\nNote au ministre.", "fr-classification", "SECRET DÉFENSE"),
    ("TRÈS SECRET\n\nPlan de déploiement.", "fr-classification", "TRÈS SECRET"),
    ("DIFUSIÓN LIMITADA\n\nInforme de situación.", "es-it-classification", "DIFUSIÓN LIMITADA"),
    ("RESERVADO\n\nInforme de situación del puerto.", "es-it-classification", "RESERVADO"),
    ("RISERVATISSIMO\n\nRelazione sulla situazione.", "es-it-classification", "RISERVATISSIMO"),
    ("绝密★长期\n关于某项目的报告", "cn-classification", "绝密★长期"),
    ("机密★10年\n会议纪要", "cn-classification", "机密★10年"),
    ("密级：秘密\n关于调整工作安排的通知", "cn-classification", "秘密"),
    (
        "This document contains technical data subject to the International Traffic in Arms "
        "Regulations (ITAR), 22 CFR 120-130. Export without prior authorization is prohibited.",
        "itar-notice",
        "22 CFR 120-130",
    ),
    (
        "ITAR CONTROLLED\n\nDrawing 44-118 rev C, actuator housing.",
        "export-control-marking",
        "ITAR CONTROLLED",
    ),
    (
        "This information is subject to the Export Administration Regulations (EAR) and may not "
        "be exported without the prior approval of the export control office.",
        "ear-notice",
        "subject to the Export Administration Regulations",
    ),
    ("Part: secure router X1\nECCN: 5A002\nOrigin: US", "export-control-marking", "5A002"),
    ("Export classification: EAR99\nShip to: warehouse 4", "export-control-marking", "EAR99"),
    (
        "DISTRIBUTION STATEMENT D. Distribution authorized to the Department of Defense and U.S. "
        "DoD contractors only.",
        "us-dod-distribution-statement",
        "DISTRIBUTION STATEMENT D. Distribution authorized to",
    ),
]


@pytest.mark.parametrize(("text", "detector", "value"), POSITIVES)
def test_finds_markings(text: str, detector: str, value: str) -> None:
    assert (detector, value) in found(text, "GOVERNMENT")
    assert tiergate.classify(text).tier == 3


NEGATIVES = [
    "The file was stamped TOP SECRET and locked in the general's safe.",
    "In the novel, a folder marked TOP SECRET falls out of a briefcase on the train.",
    "CUI stands for Controlled Unclassified Information. What does NOFORN mean? It means no "
    "foreign nationals; a banner such as SECRET//NOFORN appears at the top of each page.",
    "Investigators said the documents, marked SECRET//NOFORN, were found in a storage room.",
    "The classification levels are:\n- TOP SECRET\n- SECRET\n- CONFIDENTIAL",
    "TOP SECRET – exceptionally grave damage\nSECRET – serious damage\nCONFIDENTIAL – damage",
    "The slides, some marked\n\nTOP SECRET//SI-G/OC/NOFORN\n\nappeared on a chat server.",
    "Security clearance: TOP SECRET/SCI (active)",
    "Portion marks explained:\n(U) Unclassified\n(C) Confidential\n(S) Secret\n(TS) Top Secret",
    "Changelog\nDerived from: the upstream parser\nReason: bug fix",
    "(A) Applicants must file on time.\n(B) The board decides.\n(C) Appeals go to the court.",
    "(C) 2023 Acme. All rights reserved.",
    "A leaked NATO SECRET report was discussed in parliament yesterday.",
    "What is ITAR? The International Traffic in Arms Regulations (22 CFR 120-130) control the "
    "export of defense articles.",
    "DISTRIBUTION STATEMENT A. Approved for public release; distribution is unlimited.",
    "2024年普通高等学校招生全国统一考试 绝密★启用前\n数学试卷",
    "这个秘密我不能告诉你，他说这是绝密的事情。",
    "Das bleibt unter uns, das ist streng geheim, sagte sie lachend.",
    "Es un secreto a voces que la mesa está reservada para el viernes.",
    "What does 'Official-Sensitive' mean in the UK classification system?",
    "Le document classé secret défense a été publié par erreur, selon le journal.",
    "The member function is protected by a mutex; PROTECTED mode is on.",
    "The memo was labeled For Official Use Only, a marking the agency retired years ago.",
    # the holders of a package's copyright
    "Files: src/*\nCopyright: 2001-2019 Example Maintainers\n"
    "           (C) Ilse Example, 1997, 2003\n           (C) Example Graphics Inc, May 2001\n"
    "License: GPL-2+\n",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores_talk_about_markings(text: str) -> None:
    assert found(text, "GOVERNMENT") == []
    assert tiergate.classify(text).tier == 1


def test_banner_repeated_top_and_bottom_scores_higher() -> None:
    once = "SECRET\n\nThe convoy departs at first light.\n\nEnd of report."
    twice = "SECRET\n\nThe convoy departs at first light.\n\nSECRET"
    (a,) = [f for f in tiergate.classify(once).findings if f.category == "GOVERNMENT"]
    scores = [f.score for f in tiergate.classify(twice).findings if f.category == "GOVERNMENT"]
    assert scores and min(scores) > a.score


@pytest.mark.parametrize(
    "text",
    [
        "SECRET//" * 125_000,
        "SECRET\n" * 150_000,
        "(S) " * 250_000,
        "(S//NF)\n" * 120_000,
        "Classified By: x\nDeclassify On: y\n" * 30_000,
        "绝密★" * 300_000,
        "VS-" * 330_000,
    ],
)
def test_linear_on_pathological_input(text: str) -> None:
    detectors = [
        *markings_government.DETECTORS,
        *markings_notices.DETECTORS,
        *markings_notices.RULES,
    ]
    scanner = Scanner(detectors)
    assert_linear(lambda t: [list(d.detect(scanner.document(t))) for d in detectors], text)


def test_portion_marks_with_a_year_are_still_marks() -> None:
    text = (
        "(U) The program review is complete.\n(C) The 2019 budget covers three sites.\n"
        "(S) Deployment dates are in annex B."
    )
    assert ("capco-portion-marking", "(C)") in found(text, "GOVERNMENT")
