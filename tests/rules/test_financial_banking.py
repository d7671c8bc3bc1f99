import random
import string

import pytest
from stdnum.es import ccc

import tiergate
from _util import found
from tiergate.rules._labelled import is_sequential
from tiergate.rules.financial_banking import aba_checksum, clabe_checksum

rng = random.Random(11)


def digits(n: int) -> str:
    while True:
        value = "".join(rng.choice(string.digits) for _ in range(n))
        if len(set(value)) > min(2, n - 1) and not is_sequential(value):
            return value


def make_aba() -> str:
    while True:
        prefix = rng.choice([*range(1, 13), *range(21, 33), *range(61, 73)])
        body = f"{prefix:02d}" + digits(6)
        d = [int(c) for c in body]
        check = (-(3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5])) % 10
        value = body + str(check)
        if aba_checksum(value):
            return value


def make_clabe() -> str:
    body = digits(17)
    total = sum(int(x) * (3, 7, 1)[i % 3] % 10 for i, x in enumerate(body))
    return body + str((10 - total % 10) % 10)


def make_ccc() -> str:
    bank, branch, account = digits(4), digits(4), digits(10)
    return bank + branch + ccc.calc_check_digits(bank + branch + "00" + account) + account


def bad_check(value: str) -> str:
    return value[:-1] + str((int(value[-1]) + 1) % 10)


ACCOUNT = digits(10)
ABA = make_aba()
CLABE = make_clabe()
CCC = make_ccc()
SORT = f"{digits(2)}-{digits(2)}-{digits(2)}"
UK_ACCOUNT = digits(8)


@pytest.mark.parametrize(
    ("text", "detector", "value"),
    [
        # labelled account numbers, several languages
        (f"Account number: {ACCOUNT}", "bank-account-number", ACCOUNT),
        (f"Acct# {ACCOUNT}", "bank-account-number", ACCOUNT),
        (f"Bank account {ACCOUNT} (checking)", "bank-account-number", ACCOUNT),
        (f"Kontonummer: {ACCOUNT}, BLZ 100 200 30", "bank-account-number", ACCOUNT),
        (f"Konto-Nr. {ACCOUNT}", "bank-account-number", ACCOUNT),
        (f"Numéro de compte : {ACCOUNT}", "bank-account-number", ACCOUNT),
        (f"N° de compte {ACCOUNT}", "bank-account-number", ACCOUNT),
        (f"Número de cuenta: {ACCOUNT}", "bank-account-number", ACCOUNT),
        (f"Cuenta bancaria {CCC}", "bank-account-number", CCC),
        (f"收款账号：{ACCOUNT}", "bank-account-number", ACCOUNT),
        (f"银行账户为{ACCOUNT}", "bank-account-number", ACCOUNT),
        (f"口座番号：{ACCOUNT[:7]}", "bank-account-number", ACCOUNT[:7]),
        # US routing numbers
        (f"Routing number: {ABA}", "us-aba-routing-number", ABA),
        (f"ABA {ABA}", "us-aba-routing-number", ABA),
        (f"RTN: {ABA[:4]}-{ABA[4:8]}-{ABA[8]}", "us-aba-routing-number", None),
        # UK sort code, with the account number when it follows
        (f"Sort code: {SORT}", "uk-sort-code", SORT),
        (f"Sort code {SORT} {UK_ACCOUNT}", "uk-sort-code", f"{SORT} {UK_ACCOUNT}"),
        (
            f"Sort code: {SORT}, account: {UK_ACCOUNT}",
            "uk-sort-code",
            f"{SORT}, account: {UK_ACCOUNT}",
        ),
        # Mexican CLABE
        (f"CLABE: {CLABE}", "mx-clabe", CLABE),
        # SWIFT / BIC
        ("SWIFT: DEUTDEFF", "swift-bic", "DEUTDEFF"),
        ("BIC DEUTDEFF500", "swift-bic", "DEUTDEFF500"),
        ("BIC COBADEFFXXX", "swift-bic", "COBADEFFXXX"),
        ("swift code: BNPAFRPP", "swift-bic", "BNPAFRPP"),
        ("Code BIC : BNPAFRPPXXX", "swift-bic", "BNPAFRPPXXX"),
        ("Código SWIFT: CAIXESBBXXX", "swift-bic", "CAIXESBBXXX"),
        ("SWIFT/BIC: ICBKCNBJ", "swift-bic", "ICBKCNBJ"),
        ("IBAN: GB29 NWBK 6016 1331 9268 19, SWIFT NWBKGB2L", "swift-bic", "NWBKGB2L"),
    ],
)
def test_finds(text: str, detector: str, value: str | None) -> None:
    hits = [(d, v) for d, v in found(text, "FINANCIAL") if d == detector]
    assert len(hits) == 1, hits
    if value is not None:
        assert hits[0][1] == value


@pytest.mark.parametrize(
    "text",
    [
        ACCOUNT,  # digits alone
        f"order {ACCOUNT} shipped",  # no label
        "Account number: 12345678",  # counting up: made up
        "Account number: 00000000",
        "Account number 5 in the list",  # too short
        "account number: <your-account-number>",
        f"Routing number: {bad_check(ABA)}",  # checksum fails
        f"Reference {ABA}",  # valid checksum, but no context
        "routing 991234564",  # no Federal Reserve prefix 99
        f"CLABE: {bad_check(CLABE)}",
        "Sort code: 12-34-56",  # counting up
        f"Date: {SORT}",  # a date, not a sort code
        "The SWIFT CONFIRMS the payment",  # a bare upper-case word
        "Swift ZZZZZZZZ",  # no country ZZ
        "Taylor Swift BACKSTAGE",
        "SWIFT: DEUTDE",  # too short
        "BIC DEUTDEFFX",  # nine characters
        "database 021000021",  # 'aba' inside a word is not context
        "Switch to account 123456789012 in the AWS console",
        "AWS-Konto 123456789012 (Amazon Web Services)",  # an AWS account id
    ],
)
def test_ignores(text: str) -> None:
    assert [d for d, _ in found(text, "FINANCIAL") if d != "iban"] == []


def test_checksums() -> None:
    assert aba_checksum(ABA) and not aba_checksum(bad_check(ABA))
    assert clabe_checksum(CLABE) and not clabe_checksum(bad_check(CLABE))


def test_ccc_checksum_raises_the_score() -> None:
    good = tiergate.classify(f"Número de cuenta: {CCC}").findings
    bad = tiergate.classify(f"Número de cuenta: {bad_check(CCC)}").findings
    assert good[0].score > bad[0].score


def test_test_bic_counts_as_test_data() -> None:
    result = tiergate.classify("BIC: DEUTDEF0")
    assert result.findings and result.findings[0].explanation.test_data
    assert result.tier == 1


def test_redacted_and_tier_3() -> None:
    text = f"Bitte überweisen Sie auf Kontonummer {ACCOUNT}."
    result = tiergate.classify(text)
    assert result.tier == 3
    assert result.egress_tier == 1  # redacted before it leaves
    assert ACCOUNT not in tiergate.redact(text)


def test_prose_about_banking_is_tier_1() -> None:
    text = (
        "A routing number identifies the bank, and the account number identifies your "
        "account there. SWIFT codes are eight or eleven characters long."
    )
    assert tiergate.classify(text).tier == 1
