"""The audit report: tables of records in, figures and the tier-3 answer out; --since."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tiergate.audit.record import AuditRecord
from tiergate.audit.report import AuditReport, TierCount, parse_since
from tiergate.audit.store import AuditStore
from tiergate.errors import InputError

T0 = 1_800_000_000.0
CLOUD = {"provider": "openai", "self_hosted": False}
LOCAL = {"provider": "ollama", "self_hosted": True}
UNKNOWN = {"provider": "mystery", "self_hosted": None}


def rec(rid: str, **kw: Any) -> AuditRecord:
    base: dict[str, Any] = {
        "request_id": rid,
        "time": T0,
        "endpoint": "/v1/chat/completions",
        "client_format": "openai",
        "outcome": "ok",
        "status": 200,
    }
    return AuditRecord(**(base | kw))


def report_of(records: list[AuditRecord], since: float | None = None) -> AuditReport:
    with AuditStore.open("sqlite:///:memory:") as store:
        for r in records:
            store.write(r)
        return store.report(since)


# Each case: the records, then the tier-3 exposures expected (request ids, in write order).
TIER3_CASES = [
    ("nothing", [], []),
    ("tier 3 to a self-hosted model", [rec("a", input_tier=3, egress_tier=3, **LOCAL)], []),
    ("tier 3 to the cloud", [rec("a", input_tier=3, egress_tier=3, **CLOUD)], ["a"]),
    ("self_hosted unknown is not self-hosted", [rec("a", egress_tier=3, **UNKNOWN)], ["a"]),
    (
        "secret redacted, egress tier 1",
        [rec("a", input_tier=3, egress_tier=1, redacted=1, **CLOUD)],
        [],
    ),
    (
        "pseudonymised, egress tier 2",
        [rec("a", input_tier=3, egress_tier=2, pseudonymised=4, **CLOUD)],
        [],
    ),
    (
        "input tier 3, lower egress without any minimisation is not believed",
        [rec("a", input_tier=3, egress_tier=1, **CLOUD)],
        ["a"],
    ),
    ("input tier 3, no egress tier", [rec("a", input_tier=3, **CLOUD)], ["a"]),
    (
        "refused tier 3 never left",
        [rec("a", input_tier=3, egress_tier=3, outcome="refused", status=403, reasons=("SECRET",))],
        [],
    ),
    (
        "upstream error after sending still reached the provider",
        [rec("a", input_tier=3, egress_tier=3, outcome="upstream_error", status=502, **CLOUD)],
        ["a"],
    ),
    (
        "bad request never left",
        [rec("a", input_tier=3, egress_tier=3, outcome="bad_request", status=400, **CLOUD)],
        [],
    ),
    (
        "classify endpoint: no provider",
        [rec("a", endpoint="/v1/classify", input_tier=3, egress_tier=3)],
        [],
    ),
    ("tier 2 to the cloud", [rec("a", input_tier=2, egress_tier=2, **CLOUD)], []),
    (
        "mixed",
        [
            rec("a", input_tier=3, egress_tier=3, **LOCAL),
            rec("b", input_tier=3, egress_tier=3, **CLOUD),
            rec("c", input_tier=1, egress_tier=1, **CLOUD),
            rec("d", input_tier=3, egress_tier=3, **UNKNOWN),
        ],
        ["b", "d"],
    ),
]


@pytest.mark.parametrize(
    ("records", "exposed"), [c[1:] for c in TIER3_CASES], ids=[c[0] for c in TIER3_CASES]
)
def test_tier3_answer(records: list[AuditRecord], exposed: list[str]) -> None:
    rep = report_of(records)
    assert rep.tier3_exposed == len(exposed)
    assert list(rep.tier3_exposed_ids) == exposed
    assert rep.tier3_safe == (not exposed)
    if exposed:
        assert rep.tier3_sentence().startswith(f"WARNING: {len(exposed)} request")
        assert all(i in rep.tier3_sentence() for i in exposed)
    else:
        assert rep.tier3_sentence() == "No tier-3 data reached a provider that is not self-hosted."


def test_exposed_ids_are_capped_at_20_but_all_counted() -> None:
    rep = report_of([rec(f"r{i:02d}", egress_tier=3, **CLOUD) for i in range(25)])
    assert rep.tier3_exposed == 25
    assert rep.tier3_exposed_ids == tuple(f"r{i:02d}" for i in range(20))
    assert rep.tier3_sentence().endswith("r19 (and 5 more).")


def test_figures_of_a_mixed_day() -> None:
    records = [
        rec("1", input_tier=1, egress_tier=1, **CLOUD),
        rec(
            "2", input_tier=2, egress_tier=1, pseudonymised=2, finding_counts={"EMAIL": 2}, **CLOUD
        ),
        rec("3", input_tier=3, egress_tier=1, redacted=1, finding_counts={"API_KEY": 1}, **CLOUD),
        rec(
            "4",
            input_tier=3,
            egress_tier=3,
            finding_counts={"IBAN": 1, "EMAIL": 1},
            reasons=("FINANCIAL", "PII"),
            **LOCAL,
        ),
        rec(
            "5",
            input_tier=3,
            egress_tier=3,
            outcome="refused",
            status=403,
            finding_counts={"SSN": 3},
            reasons=("PII",),
        ),
        rec(
            "6",
            input_tier=3,
            egress_tier=3,
            outcome="refused",
            status=403,
            reasons=("HEALTH", "PII"),
        ),
        rec("7", outcome="bad_request", status=400, error="malformed JSON"),
        rec("8", input_tier=1, egress_tier=1, outcome="upstream_error", status=502, **CLOUD),
    ]
    rep = report_of(records)
    assert rep.total == 8
    assert rep.by_input == (
        TierCount(1, "openai", 2),
        TierCount(2, "openai", 1),
        TierCount(3, "ollama", 1),
        TierCount(3, "openai", 1),
        TierCount(3, None, 2),
        TierCount(None, None, 1),
    )
    assert rep.by_egress == (
        TierCount(1, "openai", 4),
        TierCount(3, "ollama", 1),
        TierCount(3, None, 2),
        TierCount(None, None, 1),
    )
    assert rep.by_outcome == {"ok": 4, "refused": 2, "bad_request": 1, "upstream_error": 1}
    assert list(rep.by_outcome) == ["ok", "refused", "bad_request", "upstream_error"]
    assert rep.findings == {"EMAIL": 3, "SSN": 3, "API_KEY": 1, "IBAN": 1}
    assert rep.refused == 2
    assert rep.refused_by_reason == {"PII": 2, "HEALTH": 1}
    assert rep.tier3_safe
    assert (rep.first, rep.last) == (T0, T0)


def test_since_limits_every_figure() -> None:
    records = [
        rec("old", time=T0 - 100, egress_tier=3, finding_counts={"SSN": 1}, **CLOUD),
        rec("new", time=T0 + 5, egress_tier=1, finding_counts={"EMAIL": 1}, **CLOUD),
    ]
    rep = report_of(records, since=T0)
    assert rep.total == 1 and rep.since == T0
    assert rep.findings == {"EMAIL": 1}
    assert rep.tier3_safe
    assert rep.by_egress == (TierCount(1, "openai", 1),)
    everything = report_of(records)
    assert everything.tier3_exposed_ids == ("old",)
    assert (everything.first, everything.last) == (T0 - 100, T0 + 5)


def test_empty_report_and_json() -> None:
    rep = report_of([])
    assert rep == AuditReport(since=None)
    data = rep.to_dict()
    assert data["total"] == 0
    assert data["tier3_reached_non_self_hosted"] == {
        "count": 0,
        "request_ids": [],
        "by_provider_jurisdiction": [],
    }
    assert data["tier3_sentence"].startswith("No tier-3 data")


NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC).timestamp()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24h", NOW - 86400),
        ("7d", NOW - 7 * 86400),
        ("30m", NOW - 1800),
        ("2w", NOW - 14 * 86400),
        ("90s", NOW - 90),
        (" 1 d ", NOW - 86400),
        ("2026-11-01T09:30:00Z", datetime(2026, 11, 1, 9, 30, tzinfo=UTC).timestamp()),
        (
            "2026-11-01T09:30:00+02:00",
            datetime(2026, 11, 1, 7, 30, tzinfo=UTC).timestamp(),
        ),
        ("2026-11-01", datetime(2026, 11, 1).timestamp()),  # local midnight
        ("2026-11-01T09:30", datetime(2026, 11, 1, 9, 30).timestamp()),
    ],
)
def test_parse_since(text: str, expected: float) -> None:
    assert parse_since(text, now=NOW) == expected


@pytest.mark.parametrize(
    "text", ["", "yesterday", "24", "h", "-1d", "3y", "2026-13-01", "2026-11-31", "1e3s", "24hours"]
)
def test_parse_since_rejects(text: str) -> None:
    with pytest.raises(InputError, match="--since: cannot read") as err:
        parse_since(text, now=NOW)
    assert "\n" not in str(err.value)
