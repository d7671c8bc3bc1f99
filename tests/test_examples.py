"""The example documents that `make demo` scans land in the tiers the README promises."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parent.parent / "examples"


@pytest.mark.parametrize(
    ("name", "tier", "egress_tier", "reasons"),
    [
        ("research-question.txt", 1, 1, []),
        ("support-ticket.txt", 2, 2, ["PII"]),
        ("deploy-notes.md", 3, 1, ["SECRET"]),
        ("patient-summary.txt", 3, 3, ["HEALTH", "PII"]),
    ],
)
def test_example_tiers(run_cli, name: str, tier: int, egress_tier: int, reasons: list[str]) -> None:
    data = json.loads(run_cli("classify", "--json", str(EXAMPLES / name)).out)
    assert (data["tier"], data["egress_tier"], data["reasons"]) == (tier, egress_tier, reasons)


def test_support_ticket_redaction_keeps_the_message(run_cli) -> None:
    r = run_cli("redact", str(EXAMPLES / "support-ticket.txt"))
    assert "Maria Keller" not in r.out and "[PERSON_" in r.out
    assert "901820" not in r.out and "[PHONE_" in r.out
    assert "refund the second charge" in r.out
