"""What ``tiergate audit report`` states: counts over a time window, and the tier-3 answer.

The tier-3 question — *did any tier-3 data reach a provider that is not self-hosted?* — is
answered from the records of requests that reached a provider (outcome ``ok``, or
``upstream_error`` after the request was sent) whose ``self_hosted`` is not true, and that
either left at egress tier 3, or came in at tier 3 with no egress tier or no minimisation
recorded (a lower egress tier without any redaction or pseudonym is not believed).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from tiergate.errors import InputError

MAX_EXPOSED_IDS = 20
SENT_OUTCOMES = ("ok", "upstream_error", "client_closed")  # the provider had the request
REFUSED = "refused"

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_AGO = re.compile(r"(\d{1,9})\s*([smhdw])")


@dataclass(frozen=True)
class TierCount:
    """Requests of one tier (None: not classified) sent to one provider (None: none)."""

    tier: int | None
    provider: str | None
    count: int


@dataclass(frozen=True)
class DestinationCount:
    """Requests that left at one egress tier (None: not classified) for one provider (None:
    none) in one jurisdiction (None: unknown or nothing sent), and the findings they held."""

    tier: int | None
    provider: str | None
    jurisdiction: str | None
    requests: int
    findings: int
    self_hosted: bool = False  # the provider was self-hosted (for any of these requests)


@dataclass(frozen=True)
class Exposure:
    """Tier-3 requests that reached one non-self-hosted provider in one jurisdiction."""

    provider: str | None
    jurisdiction: str | None
    count: int


@dataclass(frozen=True)
class AuditReport:
    since: float | None  # the window's start (seconds since the epoch); None: all records
    total: int = 0
    first: float | None = None  # time of the oldest and newest record in the window
    last: float | None = None
    by_input: tuple[TierCount, ...] = ()
    by_egress: tuple[TierCount, ...] = ()
    by_outcome: dict[str, int] = field(default_factory=dict)
    findings: dict[str, int] = field(default_factory=dict)  # finding type -> total count
    refused: int = 0  # requests refused for policy reasons
    refused_by_reason: dict[str, int] = field(default_factory=dict)  # category -> requests
    tier3_exposed: int = 0
    tier3_exposed_ids: tuple[str, ...] = ()  # at most MAX_EXPOSED_IDS, oldest first
    by_destination: tuple[DestinationCount, ...] = ()  # egress tier × provider × jurisdiction
    tier3_exposed_at: tuple[Exposure, ...] = ()  # where the tier-3 requests went

    @property
    def tier3_safe(self) -> bool:
        return self.tier3_exposed == 0

    def tier3_sentence(self) -> str:
        """The answer to the tier-3 question, as one sentence."""
        if self.tier3_safe:
            return "No tier-3 data reached a provider that is not self-hosted."
        n = self.tier3_exposed
        ids = ", ".join(self.tier3_exposed_ids)
        more = (
            f" (and {n - len(self.tier3_exposed_ids)} more)"
            if n > len(self.tier3_exposed_ids)
            else ""
        )
        what = "request with tier-3 data" if n == 1 else "requests with tier-3 data"
        where = "; ".join(
            f"{e.provider or '?'} ({e.jurisdiction or 'jurisdiction unknown'}): {e.count}"
            for e in self.tier3_exposed_at
        )
        at = f" [{where}]" if where else ""
        return f"WARNING: {n} {what} reached non-self-hosted providers{at}: {ids}{more}."

    def to_dict(self) -> dict[str, Any]:
        def cells(rows: tuple[TierCount, ...]) -> list[dict[str, Any]]:
            return [{"tier": r.tier, "provider": r.provider, "count": r.count} for r in rows]

        return {
            "since": self.since,
            "total": self.total,
            "first": self.first,
            "last": self.last,
            "by_input_tier": cells(self.by_input),
            "by_egress_tier": cells(self.by_egress),
            "by_outcome": dict(self.by_outcome),
            "findings": dict(self.findings),
            "refused": self.refused,
            "refused_by_reason": dict(self.refused_by_reason),
            "by_tier_provider_jurisdiction": [
                {
                    "egress_tier": d.tier,
                    "provider": d.provider,
                    "jurisdiction": d.jurisdiction,
                    "self_hosted": d.self_hosted,
                    "requests": d.requests,
                    "findings": d.findings,
                }
                for d in self.by_destination
            ],
            "tier3_reached_non_self_hosted": {
                "count": self.tier3_exposed,
                "request_ids": list(self.tier3_exposed_ids),
                "by_provider_jurisdiction": [
                    {"provider": e.provider, "jurisdiction": e.jurisdiction, "count": e.count}
                    for e in self.tier3_exposed_at
                ],
            },
            "tier3_sentence": self.tier3_sentence(),
        }


def parse_since(text: str, now: float | None = None) -> float:
    """``24h``, ``30m``, ``7d``, ``2w`` ago; a date (``2026-11-01``, local midnight); or an ISO
    timestamp (local time unless it names an offset or ``Z``). Returns seconds since the epoch."""
    s = text.strip()
    ago = _AGO.fullmatch(s)
    if ago:
        now = time.time() if now is None else now
        return now - int(ago.group(1)) * _UNITS[ago.group(2)]
    try:
        if len(s) == 10:
            d = date.fromisoformat(s)
            return datetime(d.year, d.month, d.day).timestamp()
        return datetime.fromisoformat(s).timestamp()
    except ValueError:
        pass
    raise InputError(
        f"--since: cannot read {text[:40]!r}; give a duration (24h, 7d, 30m, 2w), "
        "a date (2026-11-01) or an ISO timestamp (2026-11-01T09:30:00Z)"
    )
