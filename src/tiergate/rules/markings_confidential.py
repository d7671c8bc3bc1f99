"""Confidentiality legends: "Company Confidential", "Attorney-Client Privileged", "Internal use
only", "Vertraulich", "Diffusion interne", "Uso interno", "内部资料", "社外秘" and their
kin in English, German, French, Spanish/Portuguese, Italian, Dutch, Chinese, Japanese and
Korean (type ``CONFIDENTIALITY_MARKING``).

A legend is a header, footer, label or stamp, or a sentence about the document itself ("This
presentation is confidential and proprietary to Acme"). The same words in prose — "our
confidential hotline", "keep your password confidential", "an NDA template", "what is
attorney-client privilege?" — are not legends; the layout test of
:mod:`tiergate.rules._layout` tells them apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from tiergate.detect.document import Document
from tiergate.detect.rule import Rule, compile_re2
from tiergate.findings import Category, Finding
from tiergate.rules._layout import (
    BARE,
    DISCUSSION,
    LABEL_ONLY,
    NEARBY_DISCUSSION,
    STRONG,
    MarkingRule,
)

_LEGEND = (
    # English: multi-word legends first (leftmost-first alternation)
    r"(?:company|strictly|highly|business|commercial|client|customer|internal)[ -]confidential"
    r"|confidential (?:and|&) (?:proprietary|privileged)|proprietary (?:and|&) confidential"
    r"|privileged (?:and|&) confidential|private (?:and|&) confidential|confidential treatment requested"
    r"|(?:attorneys?'?|outside counsel)(?:'s)? eyes only|outside counsel only|without prejudice"
    r"|not for circulation|for internal discussion only|(?:for )?internal use only|internal only"
    r"|(?:attorney|lawyer|solicitor)[ -]client (?:privileged?|communication)(?: (?:and|&) confidential)?"
    r"|(?:attorney|legal) work product|legally privileged|(?:subject to|under|covered by) (?:an? )?nda"
    r"|trade secrets?|do not (?:distribute|forward|copy|share(?: externally)?)"
    r"|not for (?:external |public )?(?:distribution|release)|confidential|proprietary|privileged"
    r"|restricted"
    # German
    r"|streng vertraulich|vertraulich|nur für den (?:internen|dienstlichen) gebrauch"
    r"|nur (?:zur|für die) interne[n]? (?:verwendung|nutzung)|interne verwendung"
    r"|nicht zur weitergabe|(?:geschäfts|betriebs)geheimnis(?:se)?"
    # French
    r"|strictement confidentiel(?:le)?|confidentiel(?:le)?|diffusion (?:interne|limitée)"
    r"|usage (?:strictement )?interne(?: uniquement| seulement)?|document interne"
    r"|ne pas diffuser|secret des affaires"
    # Spanish, Portuguese
    r"|estrictamente confidencial|estritamente confidencial|información confidencial|confidencial"
    r"|(?:sólo |solo |únicamente |apenas )?(?:para )?uso (?:exclusivamente |exclusivo )?(?:interno|restrito)"
    r"|no distribuir|no divulgar|secreto (?:comercial|empresarial|industrial)"
    # Italian, Dutch
    r"|strettamente (?:riservato|confidenziale)|riservato(?: e confidenziale)?|confidenziale"
    r"|non divulgare|segreto industriale|strikt vertrouwelijk|vertrouwelijk"
    r"|(?:alleen )?voor intern gebruik|intern gebruik|niet verspreiden|bedrijfsgeheim"
    # Chinese, Japanese, Korean
    r"|公司机密|商业机密|内部资料|内部文件|仅供内部使用|仅限内部使用|内部使用|请勿外传|严格保密"
    r"|机密|保密|㊙|社外秘|部外秘|社内秘|極秘|社内限り|関係者外秘|取扱注意|機密|대외비|사내한정|기밀"
)
_BARE = frozenset(
    {
        "confidential", "proprietary", "privileged", "trade secret", "trade secrets",
        "vertraulich", "confidentiel", "confidentielle", "confidencial", "riservato", "without prejudice",
        "confidenziale", "vertrouwelijk", "机密", "保密", "機密", "기밀",
    }
)  # fmt: skip
_LABEL_ONLY = frozenset({"restricted"})  # "Internal" is tier 2: see business.py
_LABELS = (
    "classification", "data classification", "information classification",
    "document classification", "security classification", "sensitivity", "sensitivity label",
    "label", "marking", "status", "subject", "re", "fw", "fwd", "betreff", "aw", "wg", "objet",
    "tr", "asunto", "oggetto", "onderwerp", "klassifizierung", "einstufung", "vertraulichkeit",
    "vertraulichkeitsstufe", "schutzstufe", "schutzklasse", "niveau de confidentialité",
    "confidentialité", "clasificación", "clasificacion", "confidencialidad", "classificação",
    "classificazione", "riservatezza", "classificatie", "vertrouwelijkheid", "密级", "保密级别",
    "文件密级", "文件分类", "機密区分", "機密性", "기밀등급", "보안등급",
)  # fmt: skip
_KEYWORDS = (
    "confidential", "proprietary", "privileged", "internal use", "internal only", "eyes only",
    "counsel only", "without prejudice", "not for circulation", "internal discussion", "㊙",
    "work product", "under nda", "under an nda", "subject to nda", "subject to an nda",
    "covered by nda", "trade secret", "do not distribute", "do not forward", "do not copy",
    "do not share", "not for distribution", "not for external", "not for public",
    "vertraulich", "internen gebrauch", "dienstlichen gebrauch", "interne verwendung",
    "internen verwendung", "internen nutzung", "zur weitergabe", "geheimnis", "confidentiel",
    "diffusion interne", "diffusion limit", "usage interne", "usage strictement",
    "document interne", "pas diffuser", "secret des affaires", "confidencial", "uso interno",
    "uso exclusivo", "uso restrito", "no distribuir", "no divulgar", "secreto comercial",
    "secreto empresarial", "secreto industrial", "riservat", "confidenzial", "non divulgare",
    "segreto industriale", "vertrouwelijk", "intern gebruik", "niet verspreiden",
    "bedrijfsgeheim", "机密", "保密", "内部资料", "内部文件", "内部使用", "请勿外传",
    "社外秘", "部外秘", "社内秘", "極秘", "社内限り", "関係者外秘", "取扱注意", "機密", "대외비",
    "사내한정", "기밀", "classification", "sensitivity", "klassifizierung", "einstufung",
    "vertraulichkeit", "confidentialit", "clasificaci", "classificazione", "classificatie",
    "密级", "機密区分",
)  # fmt: skip
_OWNED = compile_re2(
    r"^ (?i:information |material |data )?(?i:of|to|for|belonging to|property of) "
    r"[A-Z0-9][\w&.,'-]{0,30}(?: [A-Z0-9][\w&.,'-]{0,30}){0,4}\.?[ \t]*$"
)


def _grade(text: str) -> int:
    low = " ".join(text.lower().split())
    if low in _LABEL_ONLY:
        return LABEL_ONLY
    if low in _BARE:
        return STRONG if text.isupper() and len(text) >= 6 else BARE
    # "(internal use only)" in a code comment is about an API; legends are capitalised
    return BARE if text.islower() and " " in text else STRONG


def _owned(line: str, end: int) -> int:
    """Take in "of Acme Corp." after a legend (``Confidential Information of Acme Corp.``)."""
    if not line.startswith(" ", end):  # _OWNED starts with a space
        return end
    return len(line.rstrip()) if _OWNED.search(line[end:]) else end


_NEGATED = compile_re2(r"^[ \t]*[:=][ \t]*(?i:no|false|none|n/?a|0)\b")
_KEY = compile_re2(r"^[\"']?[ \t]*\??[:=]")
_PRODUCT = compile_re2(
    r"^[ \t]+(?i:comput\w*|vms?|virtual machines?|containers?|space|nodes?|gke)\b"
)
# the characters each of these patterns can start with (non-empty: "" is not in them)
_NEGATED_FIRST = (" ", "\t", ":", "=")
_KEY_FIRST = ('"', "'", " ", "\t", "?", ":", "=")
_PRODUCT_FIRST = (" ", "\t")


def _other_scheme(line: str, a: int, b: int) -> bool:
    """A word of a government marking (``CONFIDENTIAL//NOFORN``, ``VS-VERTRAULICH``), a
    form field that says the text is not confidential (``Confidential: No``), a key or a
    parameter in code or configuration (``privileged: bool = False``, ``"confidential":
    true``), or a product name (``Confidential Computing``)."""
    # the first character after the word rules out each pattern without running it
    after = line[b : b + 1]
    return (
        (after in _NEGATED_FIRST and _NEGATED.search(line[b:]) is not None)
        or line.startswith("//", b)
        or line[max(0, a - 2) : a] == "//"
        or line[:a].rstrip(" -–—").endswith(("VS", "NATO", "COSMIC"))
        or line.startswith((" UE", " DÉFENSE", " DEFENSE"), b)
        or (after in _KEY_FIRST and line[a:b].islower() and _KEY.search(line[b:]) is not None)
        or (after in _PRODUCT_FIRST and _PRODUCT.search(line[b:]) is not None)
    )


_INTERNAL_USE = compile_re2(r"^(?i:(?:for )?internal (?:use )?only)$")
_CODE_DOC = (b'"""', b"'''", b"/**", b"*/", b"@internal", b":meta private:")


def is_api_note(doc: Document, start: int, end: int) -> bool:
    """ "For internal use only." in a docstring, or "(internal use only)" in parentheses: a
    note on a function or a constant, not a legend on the document."""
    if _INTERNAL_USE.search(doc.data[start:end]) is None:
        return False
    data = doc.data
    lo, hi = doc.line_bounds(start, 400)
    if b"(" in data[lo:start] and b")" in data[end:hi]:
        return True
    around = data[max(0, lo - 400) : min(len(data), hi + 120)]
    return any(d in around for d in _CODE_DOC)


@dataclass(frozen=True, eq=False)
class LegendRule(MarkingRule):
    """A :class:`MarkingRule` that leaves out notes on code (:func:`is_api_note`)."""

    def detect(self, doc: Document) -> Iterator[Finding]:
        for f in super().detect(doc):
            if not is_api_note(doc, f.start, f.end):
                yield f


DETECTORS: list[Any] = [
    LegendRule(
        "confidentiality-legend",
        "CONFIDENTIALITY_MARKING",
        Category.PROPRIETARY,
        "(?i:" + _LEGEND + ")",
        _KEYWORDS,
        grade=_grade,
        extend=_owned,
        veto=_other_scheme,
        labels=_LABELS,
        inline_score=0.0,
        owner=True,
        note="confidentiality legend, header, footer or label",
    ),
]

# ---- legends written as a sentence about the document itself -------------------------------

_SUBJECT_EN = (
    r"(?:this|these|the (?:enclosed|attached|following)) (?:document|presentation|deck|slide"
    r"|material|report|memo|memorandum|file|drawing|specification|spreadsheet|information"
    r"|content|page|data|proposal|plan|design|source code)s?"
)
_SENTENCES = (
    r"(?i)\b" + _SUBJECT_EN + r"(?: and (?:any|all|its) [a-z ]{1,30})?,? (?:is|are|contains?"
    r"|includes?) (?:strictly |highly |company |considered |deemed )?(?:confidential|proprietary"
    r"|privileged|trade secrets?)"
    r"|(?i)\b(?:information|material|data|contents?) (?:contained |disclosed |included )?herein"
    r" (?:is|are) (?:strictly )?(?:confidential|proprietary)"
    r"|(?i)\bcontains? (?:confidential|proprietary) (?:and (?:confidential|proprietary"
    r"|privileged) )?information (?:of|belonging to|owned by)"
    r"|(?i)\b(?:shared|provided|disclosed|furnished) (?:to you )?(?:in confidence )?(?:under"
    r"|pursuant to|subject to) (?:the |our |your |an? |a mutual )?(?:nda|non-disclosure agreement"
    r"|confidentiality agreement)"
    r"|(?i)\b(?:dieses|diese|das vorliegende|die vorliegende) (?:dokument|unterlage|präsentation"
    r"|datei|bericht|material|information)(?:en)? (?:ist|sind|enthält|enthalten) (?:streng )?"
    r"vertraulich"
    r"|(?i)\b(?:ce|cette|le présent|la présente) (?:document|présentation|fichier|rapport|note"
    r"|support|dossier)s? (?:est|sont|contient|contiennent) (?:strictement )?(?:confidentiel"
    r"|des informations confidentielles)"
    r"|(?i)\b(?:este|esta|el presente|la presente) (?:documento|presentación|archivo|informe"
    r"|material)s? (?:es|son|contiene) (?:estrictamente )?(?:confidencial|información confidencial)"
    r"|(?i)\b(?:questo|questa|il presente) (?:documento|presentazione|file|rapporto) (?:è|e'"
    r"|contiene) (?:strettamente )?(?:riservat|confidenzial|informazioni riservate)"
    r"|(?i)\b(?:dit|deze) (?:document|presentatie|bestand|rapport) (?:is|bevat) (?:strikt )?"
    r"vertrouwelijk"
    r"|本(?:文件|文档|资料|材料|报告|手册)[^。\n]{0,10}(?:机密|保密|内部资料|内部使用|请勿外传|不得外传)"
    r"|本(?:資料|書|文書)[^。\n]{0,10}(?:社外秘|機密|部外秘|取扱注意)"
)
_DRAFTING = (
    "template", "draft", "sample", "wording", "clause", "write a", "footer", "disclaimer",
    "legend", "should i", "add a", "how to", "vorlage", "modèle", "plantilla", "模板", "范本",
)  # fmt: skip

_NOTICE_KEYWORDS = (
    "confidential", "proprietary", "privileged", "trade secret", "herein", "under nda",
    "to nda", "an nda", "the nda", "our nda", "mutual nda", "non-disclosure",
    "confidentiality agreement", "vertraulich", "confidentiel", "confidencial", "riservat",
    "confidenzial", "vertrouwelijk", "本文件", "本文档", "本资料", "本材料", "本报告", "本手册", "本資料", "本書",
    "本文書",
)  # fmt: skip

RULES = [
    Rule(
        id="confidentiality-notice",
        type="CONFIDENTIALITY_MARKING",
        category=Category.PROPRIETARY,
        pattern=_SENTENCES,
        keywords=_NOTICE_KEYWORDS,
        score=0.8,
        anti_context=(*DISCUSSION, *NEARBY_DISCUSSION, *_DRAFTING),
        context_window=200,
        context_boost=0.35,
        filters=(),
        note="a sentence declaring the document confidential or proprietary",
    ),
]
