"""Financial records as regions: payment instructions, SWIFT MT messages and tax records
(signals ``PAYMENT_INSTRUCTION`` and ``TAX_RECORD``; payslips are in
:mod:`tiergate.rules.financial_payroll`).

A region around a trigger word must show several kinds of cue (what is done, to which
account, for how much) and *values*: ``label: figure`` pairs or account identifiers, which
prose about the same topics does not have (see :mod:`tiergate.rules._region`).
"""

from __future__ import annotations

from collections.abc import Iterator

from tiergate.detect.document import Document
from tiergate.detect.rule import compile_re2
from tiergate.findings import Category, Finding
from tiergate.rules._region import RegionSignal, signal, words

FIN = Category.FINANCIAL


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
    # an account number, not a date, the decimals of a figure ("Score": 0.9998322129) nor
    # a field of an identifier (arn:aws:s3:us-west-2:111122223333)
    r"|(?:^|[^0-9A-Za-z_.,:]|[A-Za-z][.,:])\d{6,20}\b|\b\d{3,4}(?:[ \-]\d{3,4}){2,5}\b"
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

DETECTORS = [SwiftMessageDetector(), PAYMENT, TAX]
