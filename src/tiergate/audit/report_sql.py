"""The audit report computed inside the database: a few GROUP BY queries over the window.

The tier-3 predicate is written once, here, as SQL (see ``tiergate.audit.report`` for what
it means); the only difference between SQLite and PostgreSQL is how a JSON column is
unnested, which a :class:`Dialect` states.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tiergate.audit.report import (
    MAX_EXPOSED_IDS,
    REFUSED,
    SENT_OUTCOMES,
    AuditReport,
    DestinationCount,
    Exposure,
    TierCount,
)

_SENT = f"outcome IN ({', '.join(repr(o) for o in SENT_OUTCOMES)}) AND provider IS NOT NULL"
_NOT_SELF_HOSTED = "(self_hosted IS NULL OR self_hosted = 0)"
_TIER3_LEFT = (
    "(egress_tier = 3 OR (input_tier = 3 AND "
    "(egress_tier IS NULL OR (redacted = 0 AND pseudonymised = 0))))"
)
TIER3_EXPOSED = f"{_SENT} AND {_NOT_SELF_HOSTED} AND {_TIER3_LEFT}"


@dataclass(frozen=True)
class Dialect:
    counts: str  # FROM item: the finding_counts object as rows (j.key, j.value)
    count_value: str  # j.value as an integer
    reasons: str  # FROM item: the reasons array as rows (j.value)
    param: str  # the placeholder


SQLITE = Dialect("json_each(finding_counts) AS j", "j.value", "json_each(reasons) AS j", "?")
POSTGRES = Dialect(
    "jsonb_each_text(finding_counts::jsonb) AS j(key, value)",
    "j.value::bigint",
    "jsonb_array_elements_text(reasons::jsonb) AS j(value)",
    "%s",
)

Query = Callable[[str, tuple[Any, ...]], list[Any]]


def build(query: Query, since: float | None, d: Dialect) -> AuditReport:
    """The report over the records with ``time >= since`` (all when None). The caller runs
    it inside one read transaction, so that every figure sees the same rows."""
    window, args = (f"time >= {d.param}", (since,)) if since is not None else ("1 = 1", ())

    def rows(sql: str) -> list[Any]:
        return query(sql.format(w=window), args)

    total, first, last = rows("SELECT count(*), min(time), max(time) FROM audit_records WHERE {w}")[
        0
    ]
    by_tier = {
        col: tuple(
            TierCount(tier, provider, n)
            for tier, provider, n in rows(
                f"SELECT {col}, provider, count(*) FROM audit_records WHERE {{w}} "
                f"GROUP BY 1, 2 ORDER BY {col} IS NULL, {col}, provider IS NULL, provider"
            )
        )
        for col in ("input_tier", "egress_tier")
    }
    each = d.counts.replace("finding_counts", "r.finding_counts")
    per_row = f"(SELECT coalesce(sum({d.count_value}), 0) FROM {each})"
    by_destination = tuple(
        DestinationCount(tier, provider, where, int(n), int(f), bool(local))
        for tier, provider, where, n, f, local in rows(
            "SELECT egress_tier, provider, jurisdiction, count(*), coalesce(sum(nf), 0), "
            "max(local) FROM "
            f"(SELECT egress_tier, provider, jurisdiction, {per_row} AS nf, "
            "CASE WHEN self_hosted = 1 THEN 1 ELSE 0 END AS local "
            "FROM audit_records AS r WHERE {w}) AS x GROUP BY 1, 2, 3 "
            "ORDER BY egress_tier IS NULL, egress_tier, provider IS NULL, provider, "
            "jurisdiction IS NULL, jurisdiction"
        )
    )
    by_outcome = dict(
        rows("SELECT outcome, count(*) FROM audit_records WHERE {w} GROUP BY 1 ORDER BY 2 DESC, 1")
    )
    findings = {
        k: int(n)
        for k, n in rows(
            f"SELECT j.key, sum({d.count_value}) FROM audit_records, {d.counts} "
            "WHERE {w} GROUP BY 1 ORDER BY 2 DESC, 1"
        )
    }
    refused_by_reason = dict(
        rows(
            f"SELECT j.value, count(DISTINCT audit_records.id) FROM audit_records, {d.reasons} "
            f"WHERE {{w}} AND outcome = '{REFUSED}' GROUP BY 1 ORDER BY 2 DESC, 1"
        )
    )
    (refused,) = rows(f"SELECT count(*) FROM audit_records WHERE {{w}} AND outcome = '{REFUSED}'")[
        0
    ]
    (exposed,) = rows(f"SELECT count(*) FROM audit_records WHERE {{w}} AND {TIER3_EXPOSED}")[0]
    exposed_ids = rows(
        f"SELECT request_id FROM audit_records WHERE {{w}} AND {TIER3_EXPOSED} "
        f"ORDER BY id LIMIT {MAX_EXPOSED_IDS}"
    )
    exposed_at = tuple(
        Exposure(provider, where, n)
        for provider, where, n in rows(
            f"SELECT provider, jurisdiction, count(*) FROM audit_records WHERE {{w}} AND "
            f"{TIER3_EXPOSED} GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2"
        )
    )
    return AuditReport(
        since=since,
        total=total,
        first=first,
        last=last,
        by_input=by_tier["input_tier"],
        by_egress=by_tier["egress_tier"],
        by_outcome=by_outcome,
        findings=findings,
        refused=refused,
        refused_by_reason=refused_by_reason,
        tier3_exposed=exposed,
        tier3_exposed_ids=tuple(i for (i,) in exposed_ids),
        by_destination=by_destination,
        tier3_exposed_at=exposed_at,
    )
