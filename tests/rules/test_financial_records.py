import random

import pytest

import tiergate
from tiergate.findings import Finding

rng = random.Random(5)


def num(n: int) -> str:
    return str(rng.randrange(10 ** (n - 1), 10**n))


def money(lo: int, hi: int, sep: str = ",", dec: str = ".") -> str:
    cents = rng.randrange(lo * 100, hi * 100)
    whole = f"{cents // 100:,}".replace(",", sep)
    return f"{whole}{dec}{cents % 100:02d}"


def signals(text: str, type_: str) -> list[Finding]:
    return [f for f in tiergate.classify(text).findings if f.type == type_]


MT103 = (
    "{1:F01BANKBEBBAXXX0000000000}{2:I103BANKDEFFXXXXN}{4:\n"
    f":20:REF{num(8)}\n"
    ":23B:CRED\n"
    f":32A:240315EUR{num(5)},00\n"
    f":50K:/{num(12)}\n"
    "ORDERING CUSTOMER\n"
    "1 EXAMPLE STREET\n"
    f":59:/{num(14)}\n"
    "BENEFICIARY COMPANY\n"
    ":71A:SHA\n"
    "-}"
)

PAYMENTS = [
    (
        f"Hi, please wire ${money(1000, 90000)} today to account {num(10)} at First Bank, "
        f"routing {num(9)}, beneficiary Example Holdings. Reference: invoice 2291.",
        "please wire",
    ),
    (
        f"Bitte überweisen Sie {money(100, 9000, '.', ',')} EUR auf das Konto {num(10)}, "
        "Empfänger: Beispiel GmbH, Verwendungszweck: Rechnung 117.",
        "überweisen",
    ),
    (
        f"Merci d'effectuer un virement de {money(100, 9000, ' ', ',')} € sur le compte "
        f"{num(11)}, bénéficiaire : Exemple SARL, référence FAC-889.",
        "virement",
    ),
    (
        f"Por favor realice una transferencia de {money(100, 9000, '.', ',')} € a la cuenta "
        f"{num(20)}, beneficiario: Ejemplo S.L., concepto: alquiler.",
        "transferencia",
    ),
    (
        f"请将人民币{money(1000, 90000)}元汇款至以下账户：收款人：示例公司，开户行：示例银行，"
        f"账号：{num(16)}。",
        "汇款",
    ),
    (
        f"Please wire the balance to acct:{num(12)}, beneficiary Example Holdings, "
        f"amount ${money(1000, 90000)}.",
        "wire",
    ),
    (
        f"Kindly wire ${money(1000, 90000)} to account no.{num(10)}, payee Example Trust.",
        "wire",
    ),
]

TAX = [
    (
        "Form W-2 Wage and Tax Statement 2023\n"
        f"Box 1 Wages, tips, other compensation: {money(30000, 90000)}\n"
        f"Box 2 Federal income tax withheld: {money(3000, 9000)}\n"
        f"Box 4 Social security tax withheld: {money(1000, 5000)}\n",
        "Form W-2",
    ),
    (
        "P60 End of Year Certificate, tax year to 5 April 2024\n"
        f"Pay in this employment: £{money(20000, 60000)}\n"
        f"Tax deducted: £{money(2000, 9000)}\n",
        "P60",
    ),
    (
        "Form 1099-NEC\n"
        f"Nonemployee compensation: ${money(5000, 20000)}\n"
        "Federal income tax withheld: $0.00\n",
        "1099-NEC",
    ),
    (
        "Einkommensteuerbescheid für 2022\n"
        f"Zu versteuerndes Einkommen: {money(30000, 90000, '.', ',')} €\n"
        f"Festgesetzte Einkommensteuer: {money(3000, 9000, '.', ',')} €\n"
        f"Solidaritätszuschlag: {money(0, 50, '.', ',')} €\n",
        "Einkommensteuerbescheid",
    ),
    (
        "Avis d'impôt 2023 sur les revenus 2022 — avis d'imposition\n"
        f"Revenu fiscal de référence : {num(5)} €\n"
        f"Impôt sur le revenu net : {money(1000, 5000, ' ', ',')} €\n"
        f"Reste à payer : {money(10, 900, ' ', ',')} €\n",
        "avis d'imposition",
    ),
    (
        "Declaración de la Renta 2023 (IRPF)\n"
        f"Rendimientos del trabajo: {money(20000, 50000, '.', ',')} €\n"
        f"Base imponible general: {money(20000, 50000, '.', ',')} €\n"
        f"Cuota líquida: {money(2000, 9000, '.', ',')} €\n",
        "Declaración de la Renta",
    ),
    (
        "个人所得税纳税记录 2023年度\n"
        f"收入额：{money(100000, 300000)}元\n"
        f"应纳税所得额：{money(50000, 100000)}元\n"
        f"已缴税额：{money(5000, 9000)}元\n",
        "个人所得税",
    ),
]

PAYROLL = [
    (
        "PAYSLIP - March 2024\n"
        "Employee: Jane Example    Employee ID: 44812\n"
        f"Gross pay: {money(3000, 6000)}\n"
        f"Income tax: {money(400, 900)}\n"
        f"National Insurance: {money(200, 500)}\n"
        f"Net pay: {money(2000, 4000)}\n",
        "PAYSLIP",
    ),
    (
        "Lohnabrechnung März 2024\n"
        f"Mitarbeiterin: Erika Beispiel, Personalnummer {num(5)}\n"
        f"Bruttolohn: {money(3000, 6000, '.', ',')} €\n"
        f"Lohnsteuer: {money(400, 900, '.', ',')} €\n"
        f"Auszahlungsbetrag: {money(2000, 4000, '.', ',')} €\n",
        "Lohnabrechnung",
    ),
    (
        "Bulletin de paie - mars 2024\n"
        f"Salarié : Exemple   Matricule : {num(4)}\n"
        f"Salaire de base : {money(2000, 4000, ' ', ',')}\n"
        f"Cotisations salariales : {money(400, 900, ' ', ',')}\n"
        f"Net à payer : {money(1500, 3000, ' ', ',')}\n",
        "Bulletin de paie",
    ),
    (
        "Nómina marzo 2024\n"
        "Trabajador: Ejemplo\n"
        f"Salario base: {money(1500, 3000, '.', ',')}\n"
        f"Retención IRPF: {money(100, 400, '.', ',')}\n"
        f"Líquido a percibir: {money(1000, 2500, '.', ',')}\n",
        "Nómina",
    ),
    (
        "工资单 2024年3月\n"
        "姓名：示例  工号：A1023\n"
        f"基本工资：{money(8000, 20000)}\n"
        f"个人所得税：{money(100, 900)}\n"
        f"实发工资：{money(7000, 15000)}\n",
        "工资单",
    ),
    (
        "Name | Position | Salary\n"
        "|---|---|---|\n"
        f"A. Example | Engineer | {money(60000, 120000)}\n"
        f"B. Example | Designer | {money(60000, 120000)}\n"
        f"C. Example | Manager | {money(60000, 120000)}\n",
        "Salary",
    ),
    (
        "name,department,salary\n"
        f"a. example,engineering,{num(5)}\n"
        f"b. example,design,{num(5)}\n"
        f"c. example,sales,{num(5)}\n",
        "salary",
    ),
]


@pytest.mark.parametrize(
    ("text", "type_", "trigger"),
    [
        (MT103, "PAYMENT_INSTRUCTION", ":32A:"),
        *((t, "PAYMENT_INSTRUCTION", w) for t, w in PAYMENTS),
        *((t, "TAX_RECORD", w) for t, w in TAX),
        *((t, "PAYROLL", w) for t, w in PAYROLL),
    ],
)
def test_records_are_tier_3(text: str, type_: str, trigger: str) -> None:
    found = signals(text, type_)
    assert found, type_
    assert any(f.value(text).count(trigger) for f in found)
    assert tiergate.classify(text).tier == 3


def test_swift_message_span_covers_the_block() -> None:
    (f,) = signals(MT103, "PAYMENT_INSTRUCTION")
    assert f.detector == "swift-mt-message"
    assert f.value(MT103).startswith(":20:")
    assert "BENEFICIARY COMPANY" in f.value(MT103)


@pytest.mark.parametrize(
    "text",
    [
        # prose about payments, taxes and pay: no values
        "A wire transfer moves money between bank accounts; the beneficiary's bank needs the "
        "account number and a SWIFT code.",
        "Eine Überweisung braucht den Namen des Empfängers, die IBAN und einen Verwendungszweck.",
        "Pour un virement international, le bénéficiaire doit fournir son IBAN.",
        "Form W-2 reports wages and tax withheld; employers must file it by January 31.",
        "Der Steuerbescheid kommt meist einige Wochen nach der Steuererklärung.",
        "La declaración de la renta se presenta entre abril y junio.",
        "Salary negotiations are stressful. The average gross salary is about €4,100 a month "
        "and net pay around €2,700, depending on the tax class.",
        "Ask HR about your salary if you think the payroll deductions are wrong.",
        "Eine Lohnabrechnung zeigt Brutto, Netto und die Abzüge.",
        "工资单一般包括应发工资、扣款和实发工资。",
        # one cue is not a record
        "The :20: field of an MT103 carries the sender's reference.",
        "Wire up the frontend to the payment API before the demo.",
        # the MT103 format described, not a message
        ":20: Transaction reference\n:23B: Bank operation code\n"
        ":32A: Value date, currency, amount\n:50K: Ordering customer\n:59: Beneficiary\n",
        # an invoice has net and gross amounts too
        "Rechnung Nr. 2024-117\nName: Beispiel GmbH\nNetto: 1.000,00 €\nMwSt: 190,00 €\n"
        "Brutto: 1.190,00 €\n",
        # a job advert: figures in the "header", lines of different shapes
        "Salary: $120,000 - $150,000, Employee benefits included\n"
        "Location: Berlin, remote possible\n"
        "401(k) match, $5,000 learning budget, 30 days off\n"
        "Bonus: up to 15%, paid yearly, $10,000 signing bonus\n"
        "Equity: 0.1%, vesting 4 years, $2,000 home office\n",
        "Treasury note: wire transfers above $10,000 need a second approval.",
        # a masked card and an entity-detection example whose scores have many decimals
        "Your card account 4111-XXXX-4111-XXXX has a payment of $31.20 due; we will withdraw "
        "it from bank account XXXXXX2222 with routing number XXXXX0000.\n"
        '{"Entities": [{"Score": 0.9998817443847656, "Type": "NAME"},\n'
        '              {"Score": 0.9999402761459351, "Type": "BANK_ACCOUNT_NUMBER"}]}\n'
        '{"JobArn": "arn:aws:comprehend:us-west-2:444455556666:entities-job/a1b2c3"}',
        # a table without people's pay
        "Name | Version | Size\nlibfoo | 1.2 | 34,000\nlibbar | 2.0 | 12,500\nlibbaz | 0.9 | 8,000",
    ],
)
def test_prose_is_tier_1(text: str) -> None:
    result = tiergate.classify(text)
    assert [f.detector for f in result.findings] == []
    assert result.tier == 1


def test_dates_are_not_amounts() -> None:
    text = "PAYSLIP\nEmployee: A. Example\nGross pay: 12.03.2024\nNet pay: 13.03.2024\n"
    assert signals(text, "PAYROLL") == []


def test_signals_are_kept_not_replaced() -> None:
    text = TAX[0][0]
    assert signals(text, "TAX_RECORD")
    assert tiergate.redact(text) == text


@pytest.mark.parametrize("unit", ["wire ", "W-2 wages: 1,000.00\n", "Name | Salary\n", ":20:\n"])
def test_repetitive_input_is_bounded(unit: str) -> None:
    text = unit * (200_000 // len(unit))
    assert len(tiergate.classify(text).findings) < 1000
