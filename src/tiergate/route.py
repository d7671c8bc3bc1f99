"""The route stage: which providers may receive a request, in which order.

A provider's *capacity* is the highest tier whose destination requirements (policy
``destinations``) its facts meet; 0 when it meets none, not even tier 1's (which the default
policy leaves empty, and a stricter policy may restrict: ``1: {jurisdictions: [EU]}``). A request may go to a provider whose
capacity is at least its egress tier. Unknown facts never meet a requirement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tiergate.config import RoutingConfig
from tiergate.policy import Destination, Policy
from tiergate.providers.facts import Facts
from tiergate.providers.runtime import Provider

EU = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    ]
)
REGIONS = {"EU": EU, "EEA": EU | {"IS", "LI", "NO"}}


def in_jurisdictions(jurisdiction: str | None, allowed: Sequence[str]) -> bool:
    """Whether a provider's jurisdiction is one of ``allowed`` (regions expand: FR is EU)."""
    if jurisdiction is None:
        return False
    for a in allowed:
        if jurisdiction == a or jurisdiction in REGIONS.get(a, ()):
            return True
        if a in REGIONS and jurisdiction in REGIONS and REGIONS[jurisdiction] <= REGIONS[a]:
            return True
    return False


def meets(facts: Facts, dest: Destination) -> bool:
    if dest.self_hosted is not None and facts.self_hosted != dest.self_hosted:
        return False
    if facts.self_hosted and dest.self_hosted:
        return True  # the organisation's own machines: the other facts do not apply
    if (
        dest.trains_on_api_data is not None
        and facts.trains_on_api_data is not dest.trains_on_api_data
    ):
        return False
    if (
        dest.zero_data_retention is not None
        and facts.zero_data_retention is not dest.zero_data_retention
    ):
        return False
    if dest.max_retention_days is not None and (
        facts.retention_days is None or facts.retention_days > dest.max_retention_days
    ):
        return False
    return dest.jurisdictions is None or in_jurisdictions(facts.jurisdiction, dest.jurisdictions)


def capacity(facts: Facts, policy: Policy) -> int:
    """The highest tier this provider may receive (0: none)."""
    for tier in (3, 2, 1):
        dest = policy.destinations.get(tier)
        if dest is None and tier == 1:
            return 1
        if dest is not None and meets(facts, dest):
            return tier
    return 0


@dataclass(frozen=True)
class Candidate:
    provider: Provider
    model: str


@dataclass(frozen=True)
class Plan:
    """Where a request may go, best first; empty ``candidates`` means refuse."""

    candidates: tuple[Candidate, ...]
    allowed: tuple[str, ...]  # every provider allowed for this egress tier
    rerouted: bool = False
    unknown_model: bool = False


def _order(providers: Sequence[Provider], routing: RoutingConfig) -> list[Provider]:
    if routing.prefer != "cheapest":
        return list(providers)

    def price(p: Provider) -> tuple[int, float]:
        return (0, p.prices.input + p.prices.output) if p.prices else (1, 0.0)

    return sorted(providers, key=price)  # stable: config order breaks ties


def plan(
    model: str,
    egress_tier: int,
    providers: Sequence[Provider],
    policy: Policy,
    routing: RoutingConfig,
) -> Plan:
    allowed = [p for p in _order(providers, routing) if capacity(p.facts, policy) >= egress_tier]
    names = tuple(p.name for p in allowed)
    auto = tuple(Candidate(p, p.models[0]) for p in allowed)
    if model == "auto":
        return Plan(auto, names)
    owners = [p for p in providers if model in p.models]
    if not owners:
        return Plan((), names, unknown_model=True)
    chosen = tuple(Candidate(p, model) for p in _order(owners, routing) if p in allowed)
    if chosen:
        return Plan(chosen, names)
    if routing.on_disallowed_model == "reroute":
        return Plan(auto, names, rerouted=bool(auto))
    return Plan((), names)
