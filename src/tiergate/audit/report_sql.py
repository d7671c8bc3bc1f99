"""The audit report computed inside SQLite: a few GROUP BY queries over the time window.

The tier-3 predicate is written once, here, as SQL (see ``tiergate.audit.report`` for what
it means); a shared backend states the same predicate in its own dialect.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from tiergate.audit.report import (
    MAX_EXPOSED_IDS,
    REFUSED,
    SENT_OUTCOMES,
    AuditReport,
    TierCount,
)

_SENT = f"outcome IN ({', '.join(repr(o) for o in SENT_OUTCOMES)}) AND provider IS NOT NULL"
_NOT_SELF_HOSTED = "(self_hosted IS NULL OR self_hosted = 0)"
_TIER3_LEFT = (
    "(egress_tier = 3 OR (input_tier = 3 AND "
    "(egress_tier IS NULL OR (redacted = 0 AND pseudonymised = 0))))"
)
TIER3_EXPOSED = f"{_SENT} AND {_NOT_SELF_HOSTED} AND {_TIER3_LEFT}"


def build(conn: sqlite3.Connection, since: float | None) -> AuditReport:
    """The report over the records with ``time >= since`` (all when None), in one snapshot."""
    window, args = ("time >= ?", (since,)) if since is not None else ("1", ())

    def rows(sql: str) -> list[Any]:
        return conn.execute(sql.format(w=window), args).fetchall()

    conn.execute("BEGIN")  # one read transaction: every figure sees the same rows
    try:
        total, first, last = rows(
            "SELECT count(*), min(time), max(time) FROM audit_records WHERE {w}"
        )[0]
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
        by_outcome = dict(
            rows(
                "SELECT outcome, count(*) FROM audit_records WHERE {w} GROUP BY 1 ORDER BY 2 DESC, 1"
            )
        )
        findings = dict(
            rows(
                "SELECT j.key, sum(j.value) FROM audit_records, json_each(finding_counts) AS j "
                "WHERE {w} GROUP BY 1 ORDER BY 2 DESC, 1"
            )
        )
        refused_by_reason = dict(
            rows(
                "SELECT j.value, count(DISTINCT audit_records.id) FROM audit_records, "
                f"json_each(reasons) AS j WHERE {{w}} AND outcome = '{REFUSED}' "
                "GROUP BY 1 ORDER BY 2 DESC, 1"
            )
        )
        (refused,) = rows(
            f"SELECT count(*) FROM audit_records WHERE {{w}} AND outcome = '{REFUSED}'"
        )[0]
        (exposed,) = rows(f"SELECT count(*) FROM audit_records WHERE {{w}} AND {TIER3_EXPOSED}")[0]
        exposed_ids = rows(
            f"SELECT request_id FROM audit_records WHERE {{w}} AND {TIER3_EXPOSED} "
            f"ORDER BY id LIMIT {MAX_EXPOSED_IDS}"
        )
    finally:
        conn.execute("COMMIT")
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
    )
