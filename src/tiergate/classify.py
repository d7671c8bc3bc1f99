"""The classify stage: from findings to an input tier, an egress tier and the reasons.

Each finding contributes the tier its category (or type) has in the policy; minimisation
decides what it still contributes on egress (a redacted secret no longer counts). Personal
data in substance (several identifiers of one person, records of many people) escalates to
tier 3 whatever minimisation does.
"""

from __future__ import annotations

import bisect
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tiergate.findings import Category, Finding
from tiergate.policy import Action, Policy

TIER_NAMES = {1: "public", 2: "business", 3: "restricted"}


@dataclass(frozen=True, slots=True)
class Decision:
    """What the policy makes of one finding."""

    finding: Finding
    tier: int
    action: Action
    egress_tier: int


@dataclass(frozen=True, slots=True)
class Escalation:
    """A tier raised by a combination of findings rather than by one."""

    tier: int
    kind: str  # "linked" | "records"
    description: str
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class Classification:
    """The result of classifying one text."""

    tier: int
    egress_tier: int
    reasons: tuple[str, ...]
    findings: tuple[Finding, ...]
    decisions: tuple[Decision, ...]
    escalations: tuple[Escalation, ...]

    def to_dict(self, *, explain: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "tier": self.tier,
            "egress_tier": self.egress_tier,
            "reasons": list(self.reasons),
            "findings": [f.to_dict(explain=explain) for f in self.findings],
        }
        if explain:
            out["actions"] = [d.action.value for d in self.decisions]
            out["escalations"] = [
                {"tier": e.tier, "kind": e.kind, "description": e.description}
                for e in self.escalations
            ]
        return out

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(**kwargs), ensure_ascii=False)

    def explain(self) -> str:
        """A human explanation: the tiers, and which findings made them so. No values."""
        lines = [
            f"input tier {self.tier} ({TIER_NAMES[self.tier]}), "
            f"egress tier {self.egress_tier} ({TIER_NAMES[self.egress_tier]})"
        ]
        if not self.decisions:
            lines.append("no sensitive data found")
        for d in self.decisions:
            f = d.finding
            lines.append(
                f"- tier {d.tier}: {f.category} {f.type} at {f.start}-{f.end} "
                f"[{f.detector}, score {f.score:.2f}] → {d.action.value}"
                f"{'' if d.egress_tier == d.tier else f' (tier {d.egress_tier} on egress)'}"
                f"; {f.explanation.describe()}"
            )
        lines.extend(f"- tier {e.tier}: {e.description}" for e in self.escalations)
        return "\n".join(lines)


def decide(finding: Finding, policy: Policy) -> Decision:
    treatment = policy.treatment(finding.category, finding.type)
    if finding.explanation.test_data:
        return Decision(finding, policy.test_data_tier, Action.SEND, policy.test_data_tier)
    tier = treatment.tier
    action = Action.SEND if finding.is_signal else treatment.action
    if action is Action.REDACT:
        egress = 1
    elif action is Action.PSEUDONYMISE:
        egress = min(tier, policy.pseudonymised_tier)
    else:
        egress = tier
    return Decision(finding, tier, action, egress)


def escalations(text: str, findings: Sequence[Finding], policy: Policy) -> list[Escalation]:
    """Personal data in substance: one person's linked identifiers, or many people's."""
    real = sorted((f for f in findings if not f.explanation.test_data), key=lambda f: f.start)
    found = [linked_identifiers(real, policy), records_of_people(text, real, policy)]
    return [e for e in found if e is not None]


def linked_identifiers(findings: Sequence[Finding], policy: Policy) -> Escalation | None:
    """A person (name, e-mail) with an identifier of theirs (date of birth, address, ID)
    within ``window`` characters."""
    linked = policy.personal_data.linked
    idents = [f for f in findings if f.type in linked.identifiers]
    if not idents:
        return None
    starts = [f.start for f in idents]
    longest = max(f.end - f.start for f in idents)
    for a in (f for f in findings if f.type in linked.anchors):
        lo = bisect.bisect_left(starts, a.start - linked.window - longest)
        hi = bisect.bisect_right(starts, a.end + linked.window)
        near = [i for i in idents[lo:hi] if i.end >= a.start - linked.window]
        if near:
            kinds = ", ".join(sorted({i.type for i in near}))
            return Escalation(
                linked.tier,
                "linked",
                f"personal data in substance: {a.type} linked with {kinds}",
                (a, *near),
            )
    return None


def records_of_people(text: str, findings: Sequence[Finding], policy: Policy) -> Escalation | None:
    """At least ``min_people`` distinct values of one personal type on as many lines."""
    records = policy.personal_data.records
    values: dict[str, set[str]] = defaultdict(set)
    lines: dict[str, set[int]] = defaultdict(set)
    line, pos = 0, 0
    for f in findings:  # sorted by start: count newlines incrementally
        line += text.count("\n", pos, f.start)
        pos = f.start
        if f.type in records.types:
            values[f.type].add(" ".join(f.value(text).casefold().split()))
            lines[f.type].add(line)
    for type_, distinct in sorted(values.items()):
        people = min(len(distinct), len(lines[type_]))
        if people >= records.min_people:
            return Escalation(
                records.tier,
                "records",
                f"personal data in substance: records of {people} people ({type_} on "
                f"{len(lines[type_])} lines)",
                tuple(f for f in findings if f.type == type_),
            )
    return None


def classify_findings(text: str, findings: Sequence[Finding], policy: Policy) -> Classification:
    decisions = tuple(decide(f, policy) for f in findings)
    raised = escalations(text, findings, policy)
    tier = max([1, *(d.tier for d in decisions), *(e.tier for e in raised)])
    egress = max([1, *(d.egress_tier for d in decisions), *(e.tier for e in raised)])
    reasons = {str(d.finding.category) for d in decisions if d.tier > 1}
    if raised:
        reasons.add(str(Category.PII))
    return Classification(
        tier=tier,
        egress_tier=egress,
        reasons=tuple(sorted(reasons)),
        findings=tuple(findings),
        decisions=decisions,
        escalations=tuple(raised),
    )
