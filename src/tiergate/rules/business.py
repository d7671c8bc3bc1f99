"""Internal business context (type ``BUSINESS_CONTEXT``, category BUSINESS, tier 2): meeting
notes, plans and roadmaps, revenue figures, customer correspondence, internal host names.

No single word makes a text internal ("pipeline", "roadmap" and "Dear" are everywhere), so
each :class:`Cue` is one piece of evidence with a weight below the reporting threshold, and
:class:`BusinessContext` combines the distinct cues of a text by noisy-OR
(``1 - Π(1 - weight)``): two agreeing cues fire, one never does. Cues near explainer words
("template", "what is") do not count.

A learned classifier plugs in as one more cue source: anything with ``name``, ``keywords``
(empty: runs on every text) and ``find(doc)`` yielding ``(start, end, weight)``, where the
weight is the model's probability. Its evidence then combines with the rules', and the output
stays the same ``BUSINESS_CONTEXT`` findings; or it can be registered as its own detector
that emits those findings directly.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from tiergate.detect.document import Document
from tiergate.detect.rule import compile_re2
from tiergate.findings import Category, Explanation, Finding
from tiergate.rules._layout import EXPLAINER, LABEL_ONLY, NEARBY_DISCUSSION, MarkingRule


class CueSource(Protocol):
    """What :class:`BusinessContext` needs from a source of evidence (a rule or a model)."""

    @property
    def name(self) -> str: ...

    @property
    def keywords(self) -> tuple[str, ...]: ...

    def find(self, doc: Document) -> Iterator[tuple[int, int, float]]: ...


@dataclass(frozen=True, eq=False)
class Cue:
    """One kind of evidence: an RE2 ``pattern`` run around its ``keywords``; ``accept`` may
    veto a match (a host name that is really ``self.internal`` in code)."""

    name: str
    weight: float
    pattern: str
    keywords: tuple[str, ...]
    window: tuple[int, int] = (120, 240)
    upper: frozenset[str] = frozenset()  # acronyms: hits that count only in upper case
    again: float = 0.0  # weight of a second, different match (another host, another figure)
    accept: Callable[[Document, Any], bool] | None = None

    @functools.cached_property
    def regex(self) -> Any:
        return compile_re2(self.pattern)

    @functools.cached_property
    def _any_case(self) -> tuple[str, ...]:
        """The keywords that count in any case (all but ``upper``)."""
        return tuple(k for k in self.keywords if k not in self.upper)

    def find(self, doc: Document) -> Iterator[tuple[int, int, float]]:
        positions = doc.positions(self._any_case)[:_MAX_HITS]
        for k in self.upper:  # "ARR" counts, "arr" (an array in code) does not
            hits = doc.hits.get(k, ())[:_MAX_HITS]
            positions.extend(p for p in hits if not doc.data[p : p + len(k)].islower())
        ranges: list[list[int]] = []
        for pos in sorted(positions)[:_MAX_HITS]:
            lo, hi = max(0, pos - self.window[0]), min(len(doc.data), pos + self.window[1])
            if ranges and lo <= ranges[-1][1]:
                ranges[-1][1] = hi
            else:
                ranges.append([lo, hi])
        for lo, hi in ranges:
            for m in self.regex.finditer(doc.data, lo, hi):
                if self.accept is None or self.accept(doc, m):
                    yield m.start(), m.end(), self.weight


_CODE_OWNERS = frozenset({b"self", b"cls", b"this", b"os", b"sys", b"obj", b"ctx", b"threading"})
_TOOL_HOSTS = frozenset(
    {b"jira", b"confluence", b"intranet", b"sharepoint", b"jenkins", b"grafana"}
)
_PUBLIC_HOSTS = (b"atlassian.", b"apache.org", b"jenkins.io", b"grafana.com", b"elastic.co")


def is_internal_host(doc: Document, m: Any) -> bool:
    """A host under an internal suffix, not an attribute chain in code (``self.internal``,
    ``threading.local()``) nor a public tracker (``issues.apache.org``)."""
    host = m.group(0).lstrip(b"/@")
    after = doc.data[m.end() : m.end() + 2]
    if any(h in host for h in _PUBLIC_HOSTS) or after[:1] in (b"(", b"[", b"_", b"="):
        return False
    if after[:1] == b"." and after[1:].isalpha():  # an attribute chain: a.b.local.x
        return False
    labels = host.split(b".")
    if labels[0] in _CODE_OWNERS:
        return False
    return m.group(0)[:1] in (b"/", b"@") or len(labels) >= 3 or labels[0] in _TOOL_HOSTS


_AMOUNT = (
    r"(?:[$€£¥]|\b(?:USD|EUR|GBP|CHF|JPY|CNY|RMB|CAD|AUD) ?)[0-9][0-9,.]{0,12}"
    r"(?: ?(?:[kKmMbB]|mm|MM|bn|million|billion|Mio\.?|Mrd\.?))?"
    r"|\b[0-9][0-9,.]{0,12} ?(?:[kKmM]|Mio\.?|Mrd\.?|million|billion|万|亿)? ?(?:€|EUR|USD|万元|亿元|元)"
)
_METRIC = (
    r"\b(?:ARR|MRR|ACV|TCV|GMV|EBITDA|NRR)\b|(?i:\b(?:revenue|bookings|pipeline|forecast|quota"
    r"|run[- ]rate|gross margin|net new|churn|deal size|burn|Umsatz|Auftragseingang"
    r"|chiffre d'affaires|ingresos|facturación|fatturato|omzet)\b)|营收|营业额|销售额|売上"
)
_LINE = r"(?m)^[ \t#*>\-•]{0,8}"
_ACRONYM_KEYWORDS = (
    "arr $", "arr €", "arr £", "arr of", "arr:", "arr is", "arr was", "arr at", "arr reached",
    "arr grew", "m arr", "k arr", "mrr", "acv", "tcv", "gmv", "ebitda", "nrr",
)  # fmt: skip


def _cue(name: str, weight: float, pattern: str, keywords: str, **kw: Any) -> Cue:
    """A cue whose keywords are given as one ``|``-separated string."""
    return Cue(name, weight, pattern, tuple(keywords.split("|")), **kw)


CUES: tuple[Cue, ...] = (
    _cue(
        "meeting-attendees",
        0.35,
        _LINE + r"(?i:attendees|participants|present|invitees|teilnehmer(?:innen)?|anwesend"
        r"|présents|asistentes|participantes|partecipanti|aanwezig|deelnemers)[ \t]*:"
        r"|(?:参会人员|与会人员|出席人员|参加者|出席者)[ \t]*[:：]",
        "attendees|participants|present:|present :|invitees|teilnehmer|anwesend|présents"
        "|asistentes|participantes|partecipanti|aanwezig|deelnemers|参会人员|与会人员|出席人员"
        "|参加者|出席者",
    ),
    _cue(
        "meeting-actions",
        0.35,
        _LINE + r"(?i:action items?|next steps|to-?dos|follow-?ups|decisions(?: made)?|aufgaben"
        r"|nächste schritte|beschlüsse|actions à mener|prochaines étapes|décisions|acciones"
        r"|próximos pasos|acuerdos|azioni|actiepunten|besluiten)[ \t]*(?::|$)"
        r"|(?:待办事项|行动项|后续步骤|决议|決定事項|アクションアイテム)[ \t]*(?:[:：]|$)",
        "action item|next steps|todos|to-dos|follow-up|followup|decisions|aufgaben"
        "|nächste schritte|beschlüsse|actions à mener|prochaines étapes|décisions|acciones"
        "|próximos pasos|acuerdos|azioni|actiepunten|besluiten|待办事项|行动项|后续步骤|决议"
        "|決定事項|アクションアイテム",
    ),
    _cue(
        "meeting-title",
        0.35,
        _LINE + r"(?i:meeting (?:notes|minutes)|minutes of|(?:weekly|daily|monthly) (?:sync"
        r"|stand-?up)|agenda|sitzungsprotokoll|besprechungsprotokoll|protokoll|tagesordnung"
        r"|compte[- ]rendu|ordre du jour|acta de (?:la )?reunión|orden del día|verbale"
        r"|ordine del giorno|notulen)\b|会议纪要|会议记录|议程|議事録|アジェンダ",
        "meeting notes|meeting minutes|minutes of|weekly sync|daily sync|monthly sync|standup"
        "|stand-up|agenda|protokoll|tagesordnung|compte rendu|compte-rendu|ordre du jour|acta de"
        "|orden del día|verbale|ordine del giorno|notulen|会议纪要|会议记录|议程|議事録|アジェンダ",
    ),
    _cue(
        "plan",
        0.35,
        r"(?i)\b(?:Q[1-4]|H[12]|FY ?[0-9]{2,4})(?:[ /']?(?:FY)?[0-9]{2,4})? (?:product )?(?:roadmap"
        r"|plan|planning|okrs?|goals|targets|priorities|objectives|budget|launch|hiring"
        r"|headcount)\b|\b(?:launch plan|go-to-market|gtm (?:plan|strategy)|okrs|key results"
        r"|hiring plan|headcount plan|product roadmap|quartalsziele|jahresplanung"
        r"|feuille de route|plan de lancement|hoja de ruta|plan de lanzamiento)\b"
        r"|路线图|季度目标|上市计划|ロードマップ",
        "q1 |q2 |q3 |q4 |h1 |h2 |fy2|fy 2|launch plan|go-to-market|gtm |okrs|key results"
        "|hiring plan|headcount plan|product roadmap|quartalsziele|jahresplanung"
        "|feuille de route|plan de lancement|hoja de ruta|plan de lanzamiento|路线图|季度目标"
        "|上市计划|ロードマップ",
    ),
    _cue(
        "revenue-figure",
        0.4,
        f"(?:{_METRIC})[^\\n]{{0,60}}?(?:{_AMOUNT})|(?:{_AMOUNT})[^\\n]{{0,40}}?(?:{_METRIC})",
        "arr $|arr €|arr £|arr of|arr:|arr is|arr was|arr at|arr reached|arr grew|m arr|k arr|mrr"
        "|acv|tcv|gmv|ebitda|nrr|revenue|bookings|pipeline|forecast|run rate"
        "|run-rate|gross margin|net new|churn|deal size|burn|umsatz|auftragseingang"
        "|chiffre d'affaires|ingresos|facturación|fatturato|omzet|营收|营业额|销售额|売上",
        upper=frozenset(_ACRONYM_KEYWORDS),
        again=0.25,
    ),
    _cue(
        "customer-greeting",
        0.3,
        r"(?im)^[ \t]*(?:dear (?:valued )?(?:customer|client|member|subscriber|user|sir or madam)"
        r"|sehr geehrte[rs]? (?:kundin|kunde|damen und herren)|liebe kundin|lieber kunde"
        r"|cher client|chère cliente|madame, monsieur|estimad[oa] client[ea]|gentile cliente"
        r"|beste klant)|尊敬的(?:客户|用户)|亲爱的(?:客户|用户)|お客様各位",
        "dear |sehr geehrte|liebe kundin|lieber kunde|cher client|chère cliente"
        "|madame, monsieur|estimad|gentile cliente|beste klant|尊敬的|亲爱的|お客様各位",
    ),
    _cue(
        "support-signature",
        0.3,
        r"(?im)^[ \t]*(?:(?:the )?(?:customer|client) (?:support|success|service|care)(?: team)?"
        r"|support team|(?:ihr )?kundenservice(?:-team)?|service client(?:s|èle)?"
        r"|atención al cliente|servizio clienti|klantenservice)[ \t]*[,.]?[ \t]*$|客服中心|客户服务部",
        "customer support|client support|support team|customer service|customer success"
        "|customer care|client service|kundenservice|service client|atención al cliente"
        "|servizio clienti|klantenservice|客服中心|客户服务部",
    ),
    _cue(
        "named-greeting",
        0.2,
        r"(?m)^(?:Hi|Hello|Dear|Hallo|Liebe[r]?|Bonjour|Hola|Ciao|Beste) [A-Z][a-zé]+"
        r"(?: [A-Z][a-zé]+)?,[ \t]*$",
        "hi |hello |dear |hallo |liebe|bonjour |hola |ciao |beste ",
    ),
    _cue(
        "customer-reference",
        0.35,
        r"(?i)\b(?:ticket|case|incident|order|invoice|request|bestellung|auftrag|rechnung"
        r"|commande|facture|pedido|factura|ordine|fattura)[ \t]*(?:no\.?|nr\.?|number|n°|id"
        r"|nummer|numéro|número)?[ \t]*[:#]?[ \t]*#?[A-Z]{0,5}-?[0-9]{4,12}\b"
        r"|(?:工单|订单|注文)(?:号|番号)?[ \t]*[:：#]?[ \t]*[A-Z]{0,5}-?[0-9]{4,12}",
        "ticket|case #|case no|case number|case id|incident|order #|order no|order number"
        "|order id|your order|invoice|request #|bestellung|auftrag|rechnung|commande|facture"
        "|pedido|factura|ordine|fattura|工单|订单|注文",
    ),
    _cue(
        "email-headers",
        0.35,
        r"(?im)^(?:from|von|de|发件人)[ \t]*[:：][^\n]{1,200}\n(?:[^\n]{0,200}\n){0,3}"
        r"(?:to|sent|date|an|gesendet|à|para|envoyé|enviado|收件人|subject|betreff|objet|asunto)"
        r"[ \t]*[:：]",
        "from:|von:|de :|发件人",
        window=(10, 1200),
    ),
    _cue(
        "email-disclaimer",
        0.3,
        r"(?i)\bthis (?:e-?mail|message)(?: and any (?:attachments|files)[a-z ]{0,30})?,? (?:is|are"
        r"|may contain) (?:strictly )?(?:confidential|privileged|intended (?:solely |only )?for)"
        r"|(?i)\bif you (?:have )?received this (?:e-?mail|message) (?:in error|by mistake)"
        r"|(?i)diese e-?mail (?:enthält|ist) vertraulich|(?i)ce (?:message|courriel) (?:est|et"
        r" ses pièces jointes)|(?i)este (?:correo|mensaje) (?:es|y sus anexos)",
        "this email|this e-mail|this message|received this|diese e-mail|diese email|ce message"
        "|ce courriel|este correo|este mensaje",
    ),
    _cue(
        "internal-host",
        0.4,
        r"(?://|@|\b)(?:[a-z0-9][a-z0-9-]{0,62}\.){1,6}(?:internal|corp|intranet|intra|lan|local)\b"
        r"|\b(?:jira|confluence|intranet|sharepoint|jenkins|grafana|kibana|artifactory|sonarqube)"
        r"\.[a-z0-9-]{2,63}\.(?:com|net|org|io|co\.uk|[a-z]{2})\b",
        ".internal|.corp|.intranet|.intra|.lan|.local|jira.|confluence.|intranet.|sharepoint"
        "|jenkins.|grafana.|kibana.|artifactory.|sonarqube.",
        accept=is_internal_host,
        again=0.25,
    ),
)

_EXPLAINER = (*EXPLAINER, *NEARBY_DISCUSSION, "how to", "how do i")


@dataclass(frozen=True, eq=False)
class BusinessContext:
    """Combines the cues found in a text; reports each agreeing cue once, at the text's
    score, when at least ``min_cues`` distinct cues agree."""

    id: str = "business-context"
    cues: tuple[CueSource, ...] = CUES
    min_cues: int = 2

    @property
    def keywords(self) -> tuple[str, ...]:
        if any(not c.keywords for c in self.cues):
            return ()
        return tuple(sorted({k for c in self.cues for k in c.keywords}))

    @property
    def context_words(self) -> frozenset[str]:
        # the cues' own keywords too: without them in the keyword pass, a keyword-less source
        # (a model) would leave the rule cues blind
        return frozenset(_EXPLAINER).union(*(c.keywords for c in self.cues))

    def detect(self, doc: Document) -> Iterator[Finding]:
        seen: list[tuple[int, int, str, float]] = []
        for cue in self.cues:
            if cue.keywords and not doc.has_any(cue.keywords):
                continue
            n, first = 0, b""
            again = getattr(cue, "again", 0.0)
            for start, end, weight in cue.find(doc):
                if doc.near(_EXPLAINER, start, end, 150):
                    continue
                value = doc.data[start:end]
                if not n:
                    first = value
                if again and n and value != first:
                    seen.append((start, end, cue.name + "+", again))
                else:
                    seen.append((start, end, cue.name, weight))
                n += 1
                if n >= _MAX_PER_CUE:
                    break
        if len({name for _, _, name, _ in seen}) < self.min_cues:
            return
        best = _best_cluster(sorted(seen))
        if len(best) < self.min_cues:
            return
        miss = 1.0
        for _, _, weight in best.values():
            miss *= 1.0 - weight
        names = tuple(sorted(best))
        for start, end, _ in best.values():
            yield Finding(
                start, end, "BUSINESS_CONTEXT", Category.BUSINESS, self.id, 1.0 - miss,
                Explanation(pattern=self.id, context=names, note="internal business context"),
            )  # fmt: skip


_MAX_PER_CUE = 100
_MAX_HITS = 5000  # keyword hits looked at per cue: plenty to find a hundred matches
_SPAN = 8000  # cues further apart than this are not one context


def _best_cluster(seen: list[tuple[int, int, str, float]]) -> dict[str, tuple[int, int, float]]:
    """The cues of the ``_SPAN``-byte stretch whose distinct cues weigh the most (each cue
    at its highest weight), with the first place each occurs there."""
    weight: dict[str, float] = {}
    for _, _, name, w in seen:
        weight[name] = max(w, weight.get(name, 0.0))
    counts: dict[str, int] = {}
    best_miss, best_lo, best_hi, lo = 1.0, 0, -1, 0
    for hi, (start, _, name, _) in enumerate(seen):
        counts[name] = counts.get(name, 0) + 1
        while start - seen[lo][0] > _SPAN:
            gone = seen[lo][2]
            counts[gone] -= 1
            if not counts[gone]:
                del counts[gone]
            lo += 1
        miss = 1.0
        for present in counts:
            miss *= 1.0 - weight[present]
        if miss < best_miss:
            best_miss, best_lo, best_hi = miss, lo, hi
    best: dict[str, tuple[int, int, float]] = {}
    for start, end, name, _ in seen[best_lo : best_hi + 1]:
        best.setdefault(name, (start, end, weight[name]))
    return best


_CLASSIFICATION_LABELS = (
    "classification", "data classification", "information classification",
    "document classification", "sensitivity", "sensitivity label", "klassifizierung",
    "einstufung", "vertraulichkeit", "schutzstufe", "classification", "confidentialité",
    "clasificación", "classificazione", "classificatie", "文件分类", "密级", "機密区分",
)  # fmt: skip

_LABEL_KEYWORDS = (
    "classification", "sensitivity", "klassifizierung", "einstufung", "vertraulichkeit",
    "schutzstufe", "confidentialit", "clasificaci", "classificazione", "classificatie",
    "文件分类", "密级", "機密区分",
)  # fmt: skip

DETECTORS: list[Any] = [
    BusinessContext(),
    MarkingRule(
        "internal-classification-label",
        "BUSINESS_CONTEXT",
        Category.BUSINESS,
        r"(?i:internal|general|intern|interne|interno|intern gebruik)|内部|社内",
        _LABEL_KEYWORDS,
        grade=lambda _text: LABEL_ONLY,
        labels=_CLASSIFICATION_LABELS,
        note='a document labelled "Internal": internal, not secret (confidential is tier 3)',
    ),
]
