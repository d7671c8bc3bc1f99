"""Government and defence markings: classification banners and portion marks (US CAPCO, CUI,
UK, NATO/EU, German, French, Spanish, Italian, Chinese) and export-control banners. (Notices
and designation blocks: :mod:`tiergate.rules.markings_notices`.)

A marking is a label *on* a document, so layout decides, not the words (see
:mod:`tiergate.rules._layout`): a banner on its own line, repeated top and bottom, a portion
mark opening a paragraph, ``//`` followed by valid control markings. "The file was stamped TOP
SECRET" or "what does NOFORN mean?" is talk about markings and does not fire.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from tiergate.detect.document import Document
from tiergate.detect.rule import compile_re2
from tiergate.findings import Category, Explanation, Finding
from tiergate.rules._layout import (
    BARE,
    DISCUSSION,
    DROP,
    LABEL_ONLY,
    MAX_CANDIDATES,
    MAX_HITS,
    NEARBY_DISCUSSION,
    STRONG,
    MarkingRule,
    discussed,
)

GOV_LABELS = (
    "classification", "security classification", "protective marking", "marking", "caveat",
    "handling", "subject", "subj", "re", "betreff", "einstufung", "geheimhaltungsgrad",
    "objet", "asunto", "clasificación", "classificazione", "密级", "密級", "export classification",
    "export control", "eccn", "export control classification number", "jurisdiction",
)  # fmt: skip
_CORROBORATION = (
    "noforn", "(s//", "(ts//", "(c//", "(u//", "declassify on", "classified by", "orcon",
    "eyes only", "rel to ", "controlled by", "cui//",
)  # fmt: skip
# ---- US CAPCO ------------------------------------------------------------------------------

_CONTROLS = frozenset(
    {
        "NOFORN", "NF", "ORCON", "OC", "ORCON-USGOV", "OC-USGOV", "IMCON", "IMC", "RELIDO",
        "PROPIN", "PR", "FISA", "FOUO", "LES", "SBU", "EXDIS", "NODIS", "LIMDIS", "DSEN", "RD",
        "FRD", "CNWDI", "TFNI", "NNPI", "UCNI", "SSI", "FVEY", "FEDCON", "NOCON", "ATOMAL",
        "HVSACO", "WAIVED", "SPECAT", "RSEN", "FGI", "SI", "TK", "HCS", "KDK", "RSV", "BUR", "G", "SCI",
        "COMINT", "GAMMA", "ECI", "REL", "FOR OFFICIAL USE ONLY", "LAW ENFORCEMENT SENSITIVE",
        "SBU NOFORN", "LES NOFORN", "RESTRICTED DATA", "FORMERLY RESTRICTED DATA",
        "DEA SENSITIVE", "DOD UCNI", "DOE UCNI", "TALENT KEYHOLE", "DL ONLY", "FED ONLY",
        "EYES ONLY",
    }
)  # fmt: skip
_CONTROL_RX = compile_re2(
    r"REL(?: TO)? [A-Z]{3,4}(?:, ?[A-Z]{3,4}){0,30}|DISPLAY ONLY [A-Z]{3,4}(?:, ?[A-Z]{3,4}){0,30}"
    r"|SAR-[A-Z0-9][A-Z0-9 -]{1,30}|FGI(?: [A-Z]{3,4}){1,10}|(?:SI|TK|HCS|KDK|RSV)(?:-[A-Z]{1,5})?"
    r"(?: [A-Z0-9]{2,8}){0,3}|RD-[A-Z]{2,8}(?: [0-9]{1,2})?|[A-Z]{3} EYES ONLY"
)
_CUI_CONTROL_RX = compile_re2(r"(?:SP-)?[A-Z]{2,12}(?:-[A-Z]{2,8})?")


def _valid_control(token: str, cui: bool) -> bool:
    if token in _CONTROLS or _CONTROL_RX.fullmatch(token) is not None:
        return True
    return cui and _CUI_CONTROL_RX.fullmatch(token) is not None


def _valid_prefix(segment: str, cui: bool) -> int:
    """Length of the longest prefix of a ``//`` segment made of valid ``/``-separated controls
    (trailing text such as ``NOFORN  Page 2`` stops the marking)."""
    used = 0
    for i, token in enumerate(segment.split("/")):
        offset = used + (1 if i else 0)
        if _valid_control(token, cui):
            used = offset + len(token)
            continue
        words = token.split(" ")
        for k in range(len(words) - 1, 0, -1):
            head = " ".join(words[:k])
            if _valid_control(head, cui):
                return offset + len(head)
        return used
    return used


def _valid_controls(text: str, cui: bool) -> bool:
    """Whether ``SI//NF`` (what follows the level in a portion mark) is all valid controls."""
    return all(_valid_prefix(seg.strip(), cui) == len(seg.strip()) > 0 for seg in text.split("//"))


def control_extent(line: str, end: int) -> int:
    """Extend a level word over ``//``-separated control markings (``//SI/TK//NOFORN``)."""
    cui = line[:end].endswith(("CUI", "CONTROLLED"))
    pos = end
    while True:
        j = pos + (1 if line.startswith(" //", pos) else 0)
        if not line.startswith("//", j):
            return pos
        j += 3 if line.startswith("// ", j) else 2
        nxt = line.find("//", j)
        seg = line[j : nxt if nxt >= 0 else min(len(line), j + 160)].rstrip()
        used = _valid_prefix(seg, cui)
        if not used:
            return pos
        pos = j + used
        if nxt < 0 or line[pos:nxt].strip():
            return pos


def _capco_grade(text: str) -> int:
    level, sep, _ = text.partition("//")
    level = level.strip()
    if sep or level in _DISSEMINATION:
        return STRONG
    return BARE if level in ("TOP SECRET", "SECRET") else DROP


_DISSEMINATION = (
    "FOR OFFICIAL USE ONLY", "LAW ENFORCEMENT SENSITIVE", "SENSITIVE BUT UNCLASSIFIED",
    "LIMITED OFFICIAL USE", "NOFORN",
)  # fmt: skip


def _cui_grade(text: str) -> int:
    if "//" in text or text == "CONTROLLED UNCLASSIFIED INFORMATION":
        return STRONG
    return BARE if text == "CUI" else DROP


def _cn_grade(text: str) -> int:
    if "启用前" in text:  # printed on every published exam paper: public once the exam is over
        return DROP
    if "★" in text or "☆" in text:
        return STRONG
    return BARE if text in ("绝密", "絕密") else LABEL_ONLY


def _bare_words(*bare: str) -> Callable[[str], int]:
    return lambda text: BARE if " ".join(text.split()) in bare else STRONG


def _marking(
    id_: str, pattern: str, keywords: tuple[str, ...], note: str, **kw: Any
) -> MarkingRule:
    kw.setdefault("labels", GOV_LABELS)
    kw.setdefault("corroboration", _CORROBORATION)
    kw.setdefault("type", "CLASSIFICATION_MARKING")
    return MarkingRule(
        id_, category=Category.GOVERNMENT, pattern=pattern, keywords=keywords, note=note, **kw
    )


_BANNERS = [
    _marking(
        "classification-banner",
        r"TOP SECRET|SECRET|CONFIDENTIAL|UNCLASSIFIED|TS|" + "|".join(_DISSEMINATION),
        (
            "secret",
            "confidential//",
            "confidential //",
            "unclassified//",
            "unclassified //",
            "ts//",
            "ts //",
            "for official use only",
            "law enforcement sensitive",
            "sensitive but unclassified",
            "limited official use",
            "noforn",
        ),
        "US/UK classification banner (CAPCO syntax)",
        grade=_capco_grade,
        extend=control_extent,
    ),
    _marking(
        "us-cui-banner",
        r"CUI|CONTROLLED UNCLASSIFIED INFORMATION|CONTROLLED",
        ("cui", "controlled unclassified", "controlled//", "controlled //"),
        "US Controlled Unclassified Information",
        grade=_cui_grade,
        extend=control_extent,
    ),
    _marking(
        "uk-classification",
        r"(?i:OFFICIAL ?[-–—:]? ?SENSITIVE(?: ?[-–—:]? ?\[?(?:COMMERCIAL|PERSONAL|LOCSEN)\]?)?)"
        r"|(?:SECRET |TOP SECRET )?UK EYES ONLY|PROTECTED(?: [ABC])?",
        (
            "official-sensitive",
            "official sensitive",
            "official - sensitive",
            "official – sensitive",
            "official: sensitive",
            "uk eyes only",
            "protected",
        ),
        "UK/Commonwealth security classification",
        grade=lambda text: BARE if text == "PROTECTED" else STRONG,
    ),
    _marking(
        "nato-eu-classification",
        r"(?:NATO|COSMIC) (?:RESTRICTED|CONFIDENTIAL|SECRET|TOP SECRET)(?: ATOMAL)?"
        r"|(?:RESTREINT|CONFIDENTIEL|SECRET|TRÈS SECRET) UE/EU (?:RESTRICTED|CONFIDENTIAL|SECRET|TOP SECRET)",
        ("nato ", "cosmic top secret", "ue/eu"),
        "NATO or EU classification",
    ),
    _marking(
        "de-vs-marking",
        r"(?i:VS ?[-–—] ?(?:NUR FÜR DEN DIENSTGEBRAUCH|VERTRAULICH)|VS-NfD)|STRENG GEHEIM|GEHEIM",
        ("dienstgebrauch", "vs-nfd", "vertraulich", "geheim"),
        "German Verschlusssache marking",
        grade=_bare_words("GEHEIM"),
    ),
    _marking(
        "fr-classification",
        r"(?i:DIFFUSION RESTREINTE)|(?:TR[ÈE]S SECRET|SECRET|CONFIDENTIEL) D[ÉE]FENSE"
        r"|TR[ÈE]S SECRET|SP[ÉE]CIAL FRANCE",
        ("diffusion restreinte", "secret", "confidentiel d", "cial france"),
        "French classification",
    ),
    _marking(
        "es-it-classification",
        r"(?i:DIFUSI[ÓO]N LIMITADA)|ALTO SECRETO|SECRETO|RESERVADO|SEGRETISSIMO|SEGRETO"
        r"|RISERVATISSIMO",
        ("difusi", "secreto", "reservado", "segret", "riservatissimo"),
        "Spanish, Portuguese or Italian classification",
        grade=_bare_words("SECRETO", "RESERVADO", "SEGRETO"),
    ),
    _marking(
        "cn-classification",
        r"(?:绝密|机密|秘密|絕密|機密)(?:[ \t]*[★☆][ \t]*[0-9一二三四五六七八九十长長年期启用前]{0,6})?",
        ("绝密", "机密", "秘密", "絕密", "機密"),
        "Chinese 密级 classification",
        grade=_cn_grade,
    ),
    _marking(
        "export-control-marking",
        r"(?:ITAR|EAR)[- ](?:CONTROLLED|RESTRICTED)(?: (?:TECHNICAL )?(?:DATA|INFORMATION))?"
        r"|EXPORT[- ]CONTROLLED(?: (?:TECHNICAL )?(?:DATA|INFORMATION))?|EAR99"
        r"|[0-9][A-E][0-9]{3}(?:\.[a-z0-9]{1,3}){0,3}|USML CATEGORY [IVX]{1,5}",
        (
            "itar",
            "ear-controlled",
            "ear controlled",
            "export controlled",
            "export-controlled",
            "ear99",
            "eccn",
            "usml",
        ),
        "ITAR/EAR export-control marking or classification",
        grade=lambda t: LABEL_ONLY if t[0].isdigit() else STRONG,
        type="EXPORT_CONTROL",
    ),
]

# ---- portion marks ---------------------------------------------------

_PORTION = compile_re2(
    r"^[ \t>*•\-]*(?:[0-9]{1,3}(?:\.[0-9]{1,3}){0,3}[.)]?[ \t]+|[a-z][.)][ \t]+)?"
    r"(?:(?i:subject|subj|re)[ \t]*:[ \t]*)?\((TS|S|C|U|CUI|SBU|FOUO|LES|NU|NR|NC|NS|CTS)(//[^()\n]{1,100})?\)"
)
_ENUMERATION = compile_re2(r"(?m)^[ \t]*\(([A-Z]{1,3})\)")
_LEVEL_NAMES = {"TS": "top secret", "S": "secret", "C": "confidential", "U": "unclassified"}
_UNMARKED = ("U", "NU")


@dataclass(frozen=True, eq=False)
class PortionMarks:
    """Portion marks opening paragraphs: ``(TS//SI)``, ``(S//NF)``, ``(C)``, ``(U//FOUO)``.

    A mark with ``//`` controls is specific; a bare ``(S)`` or ``(C)`` counts only where at
    least two paragraphs are marked and no other parenthesised capital (``(A)``, ``(B)``)
    opens a line (an enumeration), or where the text carries other marking evidence.
    """

    id: str = "capco-portion-marking"
    keywords: tuple[str, ...] = (
        "(ts) ", "(s) ", "(c) ", "(u) ", "(sbu) ", "(ts//", "(s//", "(c//", "(u//", "(cui", "(nr)",
        "(nc)", "(ns)", "(cts)", "(nr//", "(nc//", "(ns//", "(cts//", "(sbu)", "(fouo)", "(les)",
    )  # fmt: skip

    @property
    def context_words(self) -> frozenset[str]:
        return frozenset(DISCUSSION + NEARBY_DISCUSSION + ("copyright",)) | frozenset(
            _CORROBORATION
        )

    def detect(self, doc: Document) -> Iterator[Finding]:
        marks: list[tuple[int, int, str, bool]] = []
        data, last = doc.data, -1
        for pos in doc.positions(self.keywords)[:MAX_HITS]:
            if len(marks) >= MAX_CANDIDATES:
                break
            if pos < last or data[pos + 1 : pos + 2].islower():
                continue
            lo = data.rfind(b"\n", max(0, pos - 48), pos) + 1
            if lo == 0 and pos > 48:
                continue  # deep inside a line: not a paragraph's start
            hi = data.find(b"\n", pos, pos + 120)
            hi = min(len(data), pos + 120) if hi < 0 else hi
            last = hi
            line = data[lo:hi].decode("utf-8", "replace")
            m = _PORTION.search(line)
            if m is None:
                continue
            level, controls = m.group(1), m.group(2)
            rest = line[m.end() :].lstrip(" -–=:").lower()
            if controls and not _valid_controls(controls[2:], level == "CUI"):
                continue
            if rest.startswith(("copyright", "©", "19", "20")) or (
                level in _LEVEL_NAMES and rest.startswith(_LEVEL_NAMES[level])
            ):
                continue  # a copyright line, or a table explaining the marks
            if level == "C" and not controls and _copyright_holder(doc, pos, rest):
                continue  # "(C) Jane Example, 1996, 2001" in a list of copyright holders
            start = lo + len(line[: m.start(1) - 1].encode())
            marks.append((start, lo + len(line[: m.end()].encode()), level, bool(controls)))
        if not marks:
            return
        bare_ok = False
        if not all(specific for *_, specific in marks):
            lo, hi = max(0, marks[0][0] - 2000), min(len(data), marks[-1][1] + 2000)
            letters = {
                m.group(1) for m in _ENUMERATION.finditer(data[lo:hi].decode("utf-8", "replace"))
            }
            enumerated = bool(
                letters - {"TS", "S", "C", "U", "CUI", "NU", "NR", "NC", "NS", "CTS", "SBU"}
            )
            bare_ok = not enumerated and (len(marks) >= 2 or doc.has_any(_CORROBORATION))
        for start, end, level, specific in marks:
            if (level in _UNMARKED and not specific) or not (specific or bare_ok):
                continue
            cues = discussed(doc, start, end)
            score = (0.85 if specific else 0.8) - (0.45 if cues else 0.0)
            if score >= 0.4:
                yield Finding(
                    start, end, "CLASSIFICATION_MARKING", Category.GOVERNMENT, self.id, score,
                    Explanation(pattern=self.id, context=tuple(cues), note="portion marking"),
                )  # fmt: skip


_YEAR = compile_re2(r"\b(?:19|20)[0-9]{2}\b")


def _copyright_holder(doc: Document, pos: int, rest: str) -> bool:
    """A line of a copyright notice: a year on it and "copyright" in the text nearby."""
    if _YEAR.search(rest) is None:
        return False
    return any(abs(p - pos) <= 4000 for p in doc.hits.get("copyright", ()))


DETECTORS = [*_BANNERS, PortionMarks()]
