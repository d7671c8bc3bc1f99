"""Payroll records (signal ``PAYROLL``): payslips, told by ``label: figure`` pairs of pay
items ("Net pay: 3,120.55", "Lohnsteuer: 412,00") next to a payslip or employee cue, and
salary tables, told by a header naming a person and a salary column over rows of amounts.
"""

from __future__ import annotations

from collections.abc import Iterator

from tiergate.detect.document import Document
from tiergate.detect.rule import compile_re2
from tiergate.findings import Category, Finding
from tiergate.rules._region import FIGURE, RegionSignal, signal, words

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
    category=Category.FINANCIAL,
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
                yield signal(self.id, "PAYROLL", Category.FINANCIAL, (lo, end), note)


DETECTORS = [PAYROLL, SalaryTableDetector()]
