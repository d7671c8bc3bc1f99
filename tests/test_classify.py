"""Tiers from findings: input vs egress tier, test data, personal data in substance."""

from __future__ import annotations

from pathlib import Path

import pytest

import tiergate
from test_cli import TOKEN
from tiergate.classify import classify_findings
from tiergate.findings import Category, Explanation, Finding
from tiergate.policy import default_policy


def finding(start: int, end: int, type_: str, category: Category, *, test: bool = False) -> Finding:
    return Finding(start, end, type_, category, "t", 0.9, Explanation("t", test_data=test))


def classify(text: str, *findings: Finding) -> tiergate.Classification:
    return classify_findings(text, findings, default_policy())


def test_nothing_found_is_tier_1() -> None:
    c = tiergate.classify("What is the capital of Australia?")
    assert (c.tier, c.egress_tier, c.reasons, c.findings) == (1, 1, (), ())
    assert "no sensitive data found" in c.explain()


def test_redacted_secret_drops_egress_tier() -> None:
    c = tiergate.classify(f"the build failed; token={TOKEN}")
    assert (c.tier, c.egress_tier, c.reasons) == (3, 1, ("SECRET",))
    text = c.explain()
    assert "github-pat" in text and "redact" in text and TOKEN not in text


def test_incidental_pii_is_tier_2_and_stays_2_when_pseudonymised() -> None:
    c = classify("Ask Jane about it", finding(4, 8, "PERSON", Category.PII))
    assert (c.tier, c.egress_tier, c.reasons) == (2, 2, ("PII",))


@pytest.mark.parametrize("other", ["DATE_OF_BIRTH", "ADDRESS", "NATIONAL_ID"])
def test_linked_identifiers_escalate_to_tier_3(other: str) -> None:
    text = "Name: Jane Roe, other: 1990-01-01"
    c = classify(text, finding(6, 14, "PERSON", Category.PII), finding(23, 33, other, Category.PII))
    assert c.tier == 3 and c.egress_tier == 3
    assert any(e.kind == "linked" for e in c.escalations)
    assert f"PERSON linked with {other}" in c.explain()


def test_far_apart_identifiers_do_not_link() -> None:
    text = "Jane" + " " * 1000 + "1990-01-01"
    c = classify(
        text,
        finding(0, 4, "PERSON", Category.PII),
        finding(1004, 1014, "DATE_OF_BIRTH", Category.PII),
    )
    assert c.tier == 2


def test_records_of_many_people_escalate() -> None:
    rows = [f"user{i}@example.org,active" for i in range(6)]
    text = "\n".join(rows)
    found = []
    pos = 0
    for row in rows:
        found.append(finding(pos, pos + row.index(","), "EMAIL", Category.PII))
        pos += len(row) + 1
    c = classify(text, *found)
    assert c.tier == 3 and any(e.kind == "records" for e in c.escalations)
    # the same five addresses on one line (a CC list) are not records
    one_line = " ".join(r.split(",")[0] for r in rows[:5])
    spans = []
    pos = 0
    for r in rows[:5]:
        e = r.split(",")[0]
        spans.append(finding(pos, pos + len(e), "EMAIL", Category.PII))
        pos += len(e) + 1
    assert classify(one_line, *spans).tier == 2


def test_test_data_counts_as_tier_1() -> None:
    c = classify(
        "card 4242 4242 4242 4242", finding(5, 24, "CREDIT_CARD", Category.FINANCIAL, test=True)
    )
    assert (c.tier, c.egress_tier) == (1, 1)


def test_signals_are_kept_and_set_the_egress_tier() -> None:
    c = classify(
        "COMPANY CONFIDENTIAL", finding(0, 20, "CONFIDENTIALITY_MARKING", Category.PROPRIETARY)
    )
    assert (c.tier, c.egress_tier) == (3, 3)
    assert c.decisions[0].action.value == "send"


def test_classify_accepts_a_policy_path(tmp_path: Path) -> None:
    p = tmp_path / "p.yaml"
    p.write_text("categories:\n  SECRET: {tier: 3, action: send}\n")
    c = tiergate.classify(f"key {TOKEN}", policy=p)
    assert (c.tier, c.egress_tier) == (3, 3)


def test_non_text_input_is_refused() -> None:
    with pytest.raises(tiergate.InputError, match="expected text"):
        tiergate.classify(b"bytes")  # type: ignore[arg-type]


def test_to_dict_shape() -> None:
    d = tiergate.classify(f"key {TOKEN}").to_dict()
    assert set(d) == {"tier", "egress_tier", "reasons", "findings"}
    assert set(d["findings"][0]) == {"start", "end", "type", "category", "detector", "score"}
