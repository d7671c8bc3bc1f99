"""Financial records as regions: payment instructions, SWIFT MT messages, tax records and
payslips (signals ``PAYMENT_INSTRUCTION``, ``TAX_RECORD``, ``PAYROLL``).

A single word never makes a record: "salary" in prose is not a payslip. A region around a
trigger word must show several kinds of cue (what is done, to which account, for how much),
and records must show *values*: ``label: figure`` pairs ("Net pay: 3,120.55") or account
identifiers, which prose about the same topics does not have.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from tiergate.detect.document import Document
from tiergate.detect.rule import compile_re2
from tiergate.findings import Category, Explanation, Finding

FIN = Category.FINANCIAL
_ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def words(*fragments: str) -> str:
    """A case-insensitive RE2 alternation; ``\\b`` is added at ASCII word edges only (RE2's
    ``\\b`` does not see é or 工 as word characters)."""
    parts = []
    for f in fragments:
        lead = r"\b" if f[0].lower() in _ASCII_WORD else ""
        tail = r"\b" if f[-1].lower() in _ASCII_WORD else ""
        parts.append(lead + f + tail)
    return "(?i:" + "|".join(parts) + ")"


FIGURE = (
    r"(?:[$€£¥₹]\s?\d(?:[\d,.' ]{0,14}\d)?"
    r"|\b\d{1,3}(?:[,.' ]\d{3})+(?:[.,]\d{1,2})?\b"
    r"|\b\d{2,}[.,]\d{2}\b"
    r"|\b\d+(?:[.,]\d{1,2})?\s?(?:€|元|円|(?i:eur|usd|gbp|chf|rmb|cny|mxn|inr)\b))"
)
"""A money amount: a currency sign or code, thousands separators, or two decimals."""

_FIGURE_RX = compile_re2(FIGURE)
_DATE_EDGE = frozenset(b".,/-")
_DIGITS = frozenset(b"0123456789")
_CAP = 64  # matches of one cue looked at per region: enough to judge, bounded on odd input


def windows(positions: Iterable[int], before: int, after: int, size: int) -> list[tuple[int, int]]:
    """Merged byte ranges ``[pos - before, pos + after)`` around sorted ``positions``."""
    starts: list[int] = []
    ends: list[int] = []
    for pos in positions:
        if ends and pos - before <= ends[-1]:
            ends[-1] = pos + after
        else:
            starts.append(pos - before if pos > before else 0)
            ends.append(pos + after)
    return [(lo, hi if hi < size else size) for lo, hi in zip(starts, ends, strict=True)]


def _figures(data: bytes, lo: int, hi: int) -> list[tuple[int, int]]:
    """Money amounts in ``data[lo:hi]``, without the parts of dates such as ``12.03.2024``."""
    found = (m.span() for m in itertools.islice(_FIGURE_RX.finditer(data, lo, hi), _CAP))
    return [(s, e) for s, e in found if not is_date_part(data, s, e)]


def is_date_part(data: bytes, start: int, end: int) -> bool:
    """Whether ``data[start:end]`` is glued to more digits by ``.,/-`` (``12.03.2024``)."""
    if end + 1 < len(data) and data[end] in _DATE_EDGE and data[end + 1] in _DIGITS:
        return True
    return start >= 2 and data[start - 1] in _DATE_EDGE and data[start - 2] in _DIGITS


def signal(
    detector: str, type_: str, category: Category, span: tuple[int, int], note: str, **kw: Any
) -> Finding:
    """A region-level finding (``score`` 0.85 unless given; other fields of Explanation)."""
    score = kw.pop("score", 0.85)
    return Finding(
        start=span[0],
        end=span[1],
        type=type_,
        category=category,
        detector=detector,
        score=score,
        explanation=Explanation(pattern=detector, note=note, **kw),
    )


@dataclass(frozen=True, eq=False)
class RegionSignal:
    """A signal raised when the region around a trigger shows enough distinct cues.

    ``cues`` name RE2 patterns searched in the region; ``required`` lists groups of cue
    names, each group satisfied by any one of them. Two computed cues exist: ``figures``
    (at least ``min_figures`` money amounts) and ``pairs`` (at least ``min_pairs`` distinct
    ``label: figure`` pairs, the labels being the ``labels`` pattern).
    """

    id: str
    type: str
    category: Category
    keywords: tuple[str, ...]
    cues: Mapping[str, str]
    required: tuple[tuple[str, ...], ...]
    labels: str = ""
    min_pairs: int = 2
    min_figures: int = 1
    reach: tuple[int, int] = (400, 800)
    score: float = 0.85
    note: str = ""
    context_words: tuple[str, ...] = ()

    @functools.cached_property
    def _cue_rx(self) -> dict[str, Any]:
        return {name: compile_re2(p) for name, p in self.cues.items()}

    @functools.cached_property
    def _pair_rx(self) -> Any:
        if not self.labels:
            return None
        return compile_re2(
            rf"(?P<l>{self.labels})[^\n\d]{{0,40}}?(?:[:：=|\t]|  )[ \t$€£¥]{{0,6}}"
            rf"(?P<f>{FIGURE})"
        )

    def detect(self, doc: Document) -> Iterator[Finding]:
        for a, b in windows(doc.positions(self.keywords), *self.reach, len(doc.data)):
            lo, hi = doc.line_bounds(a, 256)[0], doc.line_bounds(max(a, b - 1), 256)[1]
            finding = self._evaluate(doc, lo, hi)
            if finding is not None:
                yield finding

    def _evaluate(self, doc: Document, lo: int, hi: int) -> Finding | None:
        data = doc.data
        spans: dict[str, list[tuple[int, int]]] = {}
        capped = False
        for name, rx in self._cue_rx.items():
            found = [m.span() for m in itertools.islice(rx.finditer(data, lo, hi), _CAP)]
            capped |= len(found) == _CAP
            if found:
                spans[name] = found
        figures = _figures(data, lo, hi)
        capped |= len(figures) == _CAP
        if len(figures) >= self.min_figures:
            spans["figures"] = figures
        if self._pair_rx is not None:
            labels: dict[bytes, tuple[int, int]] = {}
            g_label, g_figure = self._pair_rx.groupindex["l"], self._pair_rx.groupindex["f"]
            for m in itertools.islice(self._pair_rx.finditer(data, lo, hi), _CAP):
                if is_date_part(data, *m.span(g_figure)):
                    continue
                label = b" ".join(m.group(g_label).lower().split())
                labels.setdefault(label, m.span())
            if len(labels) >= self.min_pairs:
                spans["pairs"] = list(labels.values())
        if not all(any(name in spans for name in group) for group in self.required):
            return None
        relevant = [s for group in self.required for n in group for s in spans.get(n, ())]
        start = doc.line_bounds(min(s for s, _ in relevant), 256)[0]
        end = hi if capped else doc.line_bounds(max(e for _, e in relevant) - 1, 256)[1]
        spans_used = tuple((n, True) for n in sorted(spans))
        span = (max(lo, start), min(hi, end))
        return signal(self.id, self.type, self.category, span, self.note, validators=spans_used)


# ---- SWIFT MT messages (MT103 and relatives) -------------------------------------------

_MT_TAGS = (
    *(":20:", ":21:", ":23b:", ":32a:", ":33b:", ":36:", ":50a:", ":50f:", ":50k:", ":52a:"),
    *(":53a:", ":56a:", ":57a:", ":58a:", ":59:", ":59a:", ":59f:", ":70:", ":71a:", ":72:"),
)
_MT_AMOUNT = frozenset({":32a:", ":33b:"})
_MT_AMOUNT_RX = compile_re2(r"(?:\d{6})?[A-Z]{3}\d{1,15},\d{0,3}")
_MT_PARTY = frozenset({":50a:", ":50f:", ":50k:", ":58a:", ":59:", ":59a:", ":59f:"})


class SwiftMessageDetector:
    """A SWIFT MT payment message: at least three field tags at line starts, close
    together, among them an amount (``:32A:``) and a party (``:50K:``, ``:59:``)."""

    id = "swift-mt-message"
    keywords = _MT_TAGS
    context_words = ()
    gap = 1200

    def detect(self, doc: Document) -> Iterator[Finding]:
        data = doc.data
        tags: list[tuple[int, str]] = []
        for tag in self.keywords:
            for pos in doc.hits.get(tag, ()):
                if pos == 0 or data[pos - 1] == 10:  # at a line start: the usual case
                    tags.append((pos, tag))
                    continue
                head = data[doc.line_bounds(pos, 64)[0] : pos].strip()
                if not head or head.endswith(b"{4:"):
                    tags.append((pos, tag))
        tags.sort()
        cluster: list[tuple[int, str]] = []
        for item in [*tags, (1 << 62, "")]:
            if cluster and item[0] - cluster[-1][0] > self.gap:
                finding = self._judge(doc, cluster)
                if finding is not None:
                    yield finding
                cluster = []
            cluster.append(item)

    def _judge(self, doc: Document, cluster: list[tuple[int, str]]) -> Finding | None:
        names = {t for _, t in cluster}
        if len(names) < 3 or not names & _MT_PARTY:
            return None
        data = doc.data
        if not any(t in _MT_AMOUNT and _MT_AMOUNT_RX.match(data, p + 5) for p, t in cluster):
            return None  # a description of the format, not a message
        start = doc.line_bounds(cluster[0][0], 64)[0]
        end = doc.line_bounds(cluster[-1][0])[1]
        for _ in range(5):  # a field's value can go on for a few lines (name, address)
            nxt = doc.line_bounds(end + 1)[1] if end < len(data) else end
            if not data[end + 1 : nxt].strip() or data[end + 1 : nxt].lstrip()[:1] in b":-{":
                break
            end = nxt
        note = f"SWIFT MT message with {len(names)} field tags"
        return signal(self.id, "PAYMENT_INSTRUCTION", FIN, (start, end), note, score=0.95)


# ---- payment instructions in prose -------------------------------------------------------

_IDENTIFIER = (
    r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b"  # IBAN-like
    r"|\b\d{6,20}\b|\b\d{3,4}(?:[ \-]\d{3,4}){2,5}\b"  # an account number, not a date
)

PAYMENT = RegionSignal(
    id="payment-instruction",
    type="PAYMENT_INSTRUCTION",
    category=FIN,
    keywords=(
        *("wire", "remit", "beneficiary", "payee", "iban", "swift", "routing number"),
        *("sort code", "bank details", "payment details", "berweis", "verwendungszweck"),
        *("mpfänger", "bankverbindung", "virement", "néficiaire", "coordonnées bancaires"),
        *("transferencia", "beneficiario", "datos bancarios", "汇款", "转账", "收款人"),
    ),
    cues={
        "action": words(
            *("wire", "wired", "wiring", "transfer", "transferred", "remit", "remittance"),
            *("pay", "payment", "deposit", r"send (?:the )?(?:payment|funds|money)"),
            *(r"überweis\w*", "zahlung", "zahlen sie", "virement", "virer", "virez", "payer"),
            *("paiement", "réglez", "transferencia", "transferir", "transfiera", "pago"),
            *("pague", "ingrese", "汇款", "转账", "付款", "支付", "打款", "汇至", "转至"),
        ),
        "account": words(
            *("accounts?", "acct", "a/c", "iban", "swift", "bic", "routing", "aba", "sort code"),
            *("konto", "kontonummer", "bankverbindung", "blz", "compte", "rib", "cuenta"),
            *("clabe", "账号", "账户", "帐号", "帐户", "开户行", "卡号"),
        ),
        "destination": words(
            *("beneficiary", "payee", "recipient", r"account (?:name|holder)"),
            *(r"in favou?r of", "empfänger", "zahlungsempfänger", "kontoinhaber"),
            *(r"begünstigter?", "bénéficiaire", "titulaire", "destinataire", "à l'ordre de"),
            *("beneficiario", "titular", "destinatario", "a nombre de", "收款人", "收款方"),
            *("户名", "开户名"),
        ),
        "reference": words(
            *("reference", "ref", "memo", "invoice", "amount", "verwendungszweck", "betrag"),
            *("rechnung", "référence", "motif", "montant", "facture", "libellé", "concepto"),
            *("referencia", "importe", "factura", "用途", "备注", "金额", "发票", "附言"),
        ),
        "identifier": _IDENTIFIER,
    },
    required=(
        ("action",),
        ("account",),
        ("destination", "reference", "figures"),
        ("identifier",),
    ),
    reach=(300, 500),
    score=0.85,
    note="instruction to pay money into an account",
)

# ---- tax records ------------------------------------------------------------------------------

TAX = RegionSignal(
    id="tax-record",
    type="TAX_RECORD",
    category=FIN,
    keywords=(
        *("tax return", "w-2", "w2", "1099", "1040", "p60", "self assessment", "sa302"),
        *("self-assessment", "tax calculation", "tax statement", "tax assessment"),
        *("steuerbescheid", "steuererkl", "lohnsteuerbescheinigung", "avis d'imposition"),
        *("avis d’imposition", "claration de revenus", "impôt sur le revenu"),
        *("claración de la renta", "irpf", "modelo 100", "个人所得税", "纳税", "完税"),
    ),
    cues={
        "form": words(
            *("tax return", r"(?:form )?w-?2", r"(?:form )?1099(?:-[a-z]{1,4})?"),
            *(r"(?:form )?1040(?:-?[a-z]{1,2})?", "p60", "p45", r"self[- ]assessment"),
            *("sa302", r"tax (?:calculation|statement|assessment|summary)"),
            *(r"(?:einkommen)?steuerbescheid", r"(?:einkommen)?steuererklärung"),
            *("lohnsteuerbescheinigung", "avis d['’]imposition", "déclaration de revenus"),
            *("déclaration d['’]impôts?", "impôt sur le revenu", "declaración de la renta"),
            *("declaración del irpf", "modelo 100", "个人所得税", "纳税申报", "完税证明"),
            *("纳税清单", "年度汇算"),
        ),
    },
    labels=words(
        *(r"wages,? tips,? (?:and )?other compensation", "wages", "box \\d{1,2}[a-z]?"),
        *(r"(?:federal|state|local) (?:income )?tax(?: withheld)?", "line \\d{1,2}[a-z]?"),
        *(r"social security (?:wages|tax withheld)", r"medicare (?:wages|tax withheld)"),
        *("adjusted gross income", "agi", "taxable income", "total income", "total tax"),
        *("tax withheld", "refund", r"amount (?:you )?owed?", "tax due", "balance due"),
        *("nonemployee compensation", "interest income", "ordinary dividends"),
        *(r"gross (?:income|distribution)", "income tax", "national insurance"),
        *("pay in this employment", "tax deducted", "taxable pay", "total pay", "tax paid"),
        *("zu versteuerndes einkommen", r"(?:summe|gesamtbetrag) der einkünfte"),
        *(r"einkünfte aus \w+", r"festgesetzte \w+", "einkommensteuer", "kirchensteuer"),
        *("solidaritätszuschlag", "lohnsteuer", "bruttoarbeitslohn", "erstattung"),
        *("nachzahlung", "abschlusszahlung", "revenu fiscal de référence", "revenu imposable"),
        *("revenu brut global", r"revenus? (?:déclarés|salariaux)", "quotient familial"),
        *(r"impôt (?:net|brut|sur le revenu)(?: à payer)?", "nombre de parts"),
        *(r"montant (?:de l['’]impôt|à payer|restant dû)", r"prélèvements? sociaux"),
        *("salaires et traitements", "reste à payer", r"base (?:imponible|liquidable)"),
        *(r"cuota (?:íntegra|líquida|diferencial|resultante)", "retenciones", "a devolver"),
        *("a ingresar", r"rendimientos? (?:netos? )?del trabajo", "ingresos íntegros"),
        *("应纳税所得额", "应纳税额", "已缴税额", "已预缴税额", "应补税额", "应退税额"),
        *("收入额", "工资薪金", "综合所得", "税额"),
    ),
    required=(("form",), ("pairs",)),
    min_pairs=2,
    reach=(400, 1200),
    score=0.85,
    note="tax form or assessment with figures",
)

# ---- payroll: payslips and salary tables --------------------------------------------------

_PAY_ITEMS = words(
    *(r"gross(?: pay| salary| wages| earnings)?", r"net(?: pay| salary| wages)", "take[- ]home"),
    *(r"basic (?:pay|salary)", "base salary", "overtime", "bonus", "deductions?", "paye"),
    *("income tax", "national insurance", r"ni(?: contributions?)?", "social security"),
    *("medicare", r"federal (?:income )?tax", "state tax", "pension", r"401\(k\)", "ytd"),
    *("year to date", r"(?:gesamt)?brutto(?:lohn|gehalt|entgelt|bezüge|verdienst)?"),
    *(r"netto(?:lohn|gehalt|entgelt|bezüge|verdienst)", "auszahlungsbetrag", "lohnsteuer"),
    *("solidaritätszuschlag", "kirchensteuer", r"(?:kranken|renten|pflege)versicherung"),
    *("arbeitslosenversicherung", r"sozialversicherung\w*", r"salaire (?:brut|net|de base)"),
    *("net à payer", "net imposable", r"cotisations?(?: salariales)?", "csg", "crds"),
    *(r"salario (?:bruto|neto|base)", r"líquido (?:a percibir|total)", "total devengado"),
    *("devengos", "deducciones", r"retenci[oó]n irpf", "irpf", "seguridad social"),
    *("应发工资", "实发工资", "基本工资", "扣款", "个人所得税", "个税", "社保"),
    *("公积金", "养老保险", "医疗保险", "税前", "税后", "绩效"),
)

PAYROLL = RegionSignal(
    id="payroll-record",
    type="PAYROLL",
    category=FIN,
    keywords=(
        *("payslip", "pay slip", "pay stub", "paystub", "payroll", "earnings statement"),
        *("gross pay", "net pay", "take-home", "take home", "lohnabrechnung", "brutto"),
        *("gehaltsabrechnung", "entgeltabrechnung", "verdienstabrechnung", "netto"),
        *("bulletin de paie", "bulletin de salaire", "fiche de paie", "salaire", "nómina"),
        *("nomina", "salario", "devengado", "工资", "薪资", "薪酬", "实发", "应发"),
    ),
    cues={
        "document": words(
            *(r"pay ?slips?", r"pay ?stubs?", "payroll", "earnings statement", "pay advice"),
            *(r"salary (?:slip|statement)", "lohnabrechnung", "gehaltsabrechnung"),
            *("entgeltabrechnung", "verdienstabrechnung", r"bulletin de (?:paie|salaire)"),
            *("fiche de paie", "nómina", r"recibo de (?:nómina|salario|sueldo)"),
            *("工资单", "工资条", "薪资单", "薪酬单"),
        ),
        "person": words(
            *("employee", r"employee (?:id|no|number|name)", "name", r"pay (?:period|date)"),
            *(r"mitarbeiter(?:in)?", r"personal-?(?:nr|nummer)", r"abrechnungs\w+", "salarié"),
            *("matricule", "période", "employé", "trabajador", "empleado", "periodo"),
            *("姓名", "员工", "工号", "月份"),
        ),
    },
    labels=_PAY_ITEMS,
    required=(("document", "person"), ("pairs",)),
    min_pairs=2,
    reach=(600, 1200),
    score=0.85,
    note="payslip: pay items with figures",
)

_SALARY_RX = compile_re2(
    words("salary", "salaries", "gehalt", "salaire", "salario", "sueldo", "wage", "wages")
    + "|工资|薪资|薪水|月薪|年薪"
)
_WHO_RX = compile_re2(
    words("name", "employee", "staff", "mitarbeiter", "nom", "nombre", "empleado", "salarié")
    + "|姓名|员工"
)
_CELL_SEPARATORS = (b"|", b"\t", b";", b",")
_AMOUNT_RX = compile_re2(FIGURE + r"|\b\d{4,7}\b")
_DIGIT_RX = compile_re2(r"\d")


class SalaryTableDetector:
    """A table of people's pay: a header (no figures) naming a person and a salary column,
    then at least ``min_rows`` rows with as many cells and an amount."""

    id = "salary-table"
    keywords = ("salar", "gehalt", "sueldo", "wage", "工资", "薪资", "薪水", "月薪", "年薪")
    context_words = ()
    min_rows = 3
    max_lines = 2000

    def detect(self, doc: Document) -> Iterator[Finding]:
        data = doc.data
        done = -1
        for pos in doc.positions(self.keywords):
            if pos <= done:
                continue
            lo, hi = doc.line_bounds(pos, 512)
            done = hi
            header = data[lo:hi]
            sep = next((s for s in _CELL_SEPARATORS if s in header), None)
            if sep is None or _DIGIT_RX.search(header) or not _WHO_RX.search(header):
                continue  # a header names its columns: no figures
            if not _SALARY_RX.search(header):
                continue
            rows, lines, end, columns = 0, 0, hi, header.count(sep)
            while end < len(data) and lines < self.max_lines:
                lines += 1
                nxt = doc.line_bounds(end + 1, 512)[1]
                line = data[end + 1 : nxt]
                if not line.strip():
                    break
                end = nxt
                if set(line.strip()) <= set(b"|-:+ \t"):
                    continue  # a markdown rule under the header
                if line.count(sep) == columns and _AMOUNT_RX.search(line):
                    rows += 1
            done = end
            if rows >= self.min_rows:
                note = f"salary table with {rows} rows"
                yield signal(self.id, "PAYROLL", FIN, (lo, end), note)


DETECTORS = [SwiftMessageDetector(), PAYMENT, TAX, PAYROLL, SalaryTableDetector()]
