"""Government handling notices and designation blocks: the US classification authority
block (``Classified By:`` …), the CUI designation indicator, ITAR and EAR export-control
notices and DoD distribution statements B-F.

A block counts on two distinct labels of it, and a notice scores high only where it speaks
of the document it stands in (``this document``, ``prior written``); talk about the rules
("what does ITAR-controlled mean?") lowers it (see :mod:`tiergate.rules._layout`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tiergate.detect.document import Document
from tiergate.detect.rule import Rule, compile_re2
from tiergate.findings import Category, Explanation, Finding
from tiergate.rules._layout import DISCUSSION, MAX_CANDIDATES, NEARBY_DISCUSSION, discussed

_BLOCK_LINE = compile_re2(
    r"(?im)^[ \t*>]*(classified by|derived from|declassify on|reason|controlled by|cui category"
    r"|(?:limited )?dissemination control|distribution/dissemination control|poc)[ \t]*:[ \t]*\S"
)


@dataclass(frozen=True, eq=False)
class DesignationBlock:
    """A block of labelled lines that only marked documents carry: the classification
    authority block (``Classified By:``, ``Derived From:``, ``Declassify On:``) or the CUI
    designation indicator (``Controlled by:``, ``CUI Category:``, ``POC:``). Fires on two
    distinct labels of the block, so one "Derived from:" in a changelog does not."""

    id: str
    keywords: tuple[str, ...]
    labels: frozenset[str]
    note: str

    @property
    def context_words(self) -> frozenset[str]:
        return frozenset(DISCUSSION + NEARBY_DISCUSSION)

    def detect(self, doc: Document) -> Iterator[Finding]:
        pos = doc.positions(self.keywords)
        if not pos:
            return
        lo, hi = max(0, pos[0] - 1500), min(len(doc.data), pos[0] + 3000)  # a block is compact
        lines = [
            (m.span(1), m.group(1).decode().lower()) for m in _BLOCK_LINE.finditer(doc.data, lo, hi)
        ]
        lines = [(span, label) for span, label in lines if label in self.labels]
        kinds = {label for _, label in lines}
        if len(kinds) < 2 or kinds <= {"reason", "poc", "derived from"}:
            return
        for (start, end), _ in lines[:MAX_CANDIDATES]:
            cues = discussed(doc, start, end)
            if not cues:
                yield Finding(
                    start, end, "CLASSIFICATION_MARKING", Category.GOVERNMENT, self.id, 0.85,
                    Explanation(pattern=self.id, context=tuple(sorted(kinds)), note=self.note),
                )  # fmt: skip


DETECTORS = [
    DesignationBlock(
        "us-classification-authority-block",
        ("classified by", "declassify on"),
        frozenset({"classified by", "derived from", "declassify on", "reason"}),
        "classification authority block",
    ),
    DesignationBlock(
        "us-cui-designation-block",
        ("controlled by", "cui category"),
        frozenset(
            {
                "controlled by",
                "cui category",
                "limited dissemination control",
                "dissemination control",
                "distribution/dissemination control",
                "poc",
            }
        ),
        "CUI designation indicator",
    ),
]

_LEGEND_CUES = (
    "this document", "this drawing", "this data", "this information", "this material",
    "this file", "this presentation", "this report", "this specification", "herein",
    "attached", "the recipient", "without prior", "without the prior", "prior written",
    "may not be exported", "shall not be exported", "must not be exported",
    "contains technical data",
)  # fmt: skip


def _notice(id_: str, pattern: str, keywords: tuple[str, ...], note: str) -> Rule:
    return Rule(
        id=id_, type="EXPORT_CONTROL", category=Category.GOVERNMENT, pattern=pattern,
        keywords=keywords, score=0.45, context=_LEGEND_CUES, anti_context=DISCUSSION,
        context_window=300, context_boost=0.35, filters=(), note=note,
    )  # fmt: skip


RULES = [
    _notice(
        "itar-notice",
        r"(?i)\bITAR[- ](?:controlled|restricted|regulated)\b|subject to (?:the )?(?:U\.?S\.? )?"
        r"International Traffic in Arms Regulations|\b22 C\.?F\.?R\.? ?(?:Parts? |§ ?)?12[0-9]"
        r"(?:\.[0-9]{1,3})?(?: ?(?:-|–|through|to) ?130)?|Arms Export Control Act",
        ("itar", "traffic in arms", "22 cfr", "22 c.f.r", "arms export control"),
        "ITAR export-control notice",
    ),
    _notice(
        "ear-notice",
        r"(?i)subject to (?:the )?(?:U\.?S\.? )?Export Administration Regulations"
        r"|\b15 C\.?F\.?R\.? ?(?:Parts? )?7[3-7][0-9](?: ?(?:-|–|through|to) ?774)?"
        r"|Export Administration (?:Act|Regulations) \(EA[AR]\)",
        ("export administration", "15 cfr", "15 c.f.r"),
        "EAR export-control notice",
    ),
    Rule(
        id="us-dod-distribution-statement",
        type="CLASSIFICATION_MARKING",
        category=Category.GOVERNMENT,
        pattern=r"(?i)distribution statement [B-F]\b[.:]?[ \t\r\n]{0,4}(?:\()?distribution authorized to",
        keywords=("distribution statement",),
        score=0.9,
        anti_context=DISCUSSION,
        context_boost=0.45,
        filters=(),
        note="DoD distribution statement B-F (limited distribution)",
    ),
]
