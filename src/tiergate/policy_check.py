"""What a configuration and its policy do, and where they are risky: the library behind
``tiergate policy check`` and ``tiergate policy explain``.

Both work on the providers as the gateway would build them (catalog facts merged with the
facts the configuration states) without opening a database, a socket or a provider.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from tiergate.classify import Decision, decide
from tiergate.config import Config
from tiergate.detect import builtin_detectors
from tiergate.detect.rule import Rule
from tiergate.findings import Category, Explanation, Finding
from tiergate.policy import Action, Policy
from tiergate.providers.runtime import Provider
from tiergate.route import capacity


@dataclass(frozen=True)
class Warning:
    """One risky choice: ``subject`` is a provider name or a config key."""

    code: str
    subject: str
    message: str


def check(
    config: Config, policy: Policy, providers: Sequence[Provider], environ: Mapping[str, str]
) -> list[Warning]:
    """The risky choices in ``config`` and ``policy``, most serious first."""
    out: list[Warning] = []
    caps = {p.name: capacity(p.facts, policy) for p in providers}
    if not providers:
        out.append(Warning("no-provider", "providers", "no provider: every request is refused"))
    elif max(caps.values()) < 3:
        out.append(
            Warning(
                "no-tier-3",
                "providers",
                "no provider may receive tier-3 data (no self-hosted model): such requests "
                "are refused",
            )
        )
    for p, cfg in zip(providers, config.providers, strict=True):
        if not p.facts.self_hosted and cfg.catalog is None and cfg.facts is None:
            out.append(
                Warning(
                    "no-facts",
                    p.name,
                    "no facts (neither `catalog` nor `facts`): it only receives tier-1 data",
                )
            )
        if (
            caps[p.name] >= 2
            and not p.facts.self_hosted
            and p.facts.trains_on_api_data is not False
        ):
            said = "trains on API data" if p.facts.trains_on_api_data else "may train on API data"
            out.append(
                Warning(
                    "tier-2-training",
                    p.name,
                    f"receives tier-2 data but {said} (the policy's destinations allow it)",
                )
            )
        if cfg.api_keys and config.source != "<environment>":
            out.append(
                Warning(
                    "plain-text-keys",
                    p.name,
                    f"{len(cfg.api_keys)} API key(s) in plain text in {config.source}; use "
                    "api_key_env or api_key_files",
                )
            )
        if urlsplit(p.base_url).scheme == "http" and not _local(p.base_url):
            out.append(
                Warning(
                    "plain-http",
                    p.name,
                    "base_url is http:// to a non-loopback host: prompts and keys travel "
                    "unencrypted",
                )
            )
    if not environ.get(config.pseudonym_key_env):
        out.append(
            Warning(
                "random-pseudonym-key",
                config.pseudonym_key_env,
                "not set: placeholders differ between replicas and restarts",
            )
        )
    if not _loopback(config.server.host):
        out.append(
            Warning(
                "exposed",
                "server.host",
                f"{config.server.host} is reachable from other machines: create client keys "
                "(`tiergate keys create`)",
            )
        )
    return out


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _local(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if _loopback(host):
        return True
    try:
        return ipaddress.ip_address(host).is_private
    except ValueError:
        return host.endswith((".local", ".internal", ".lan"))


NOT_ALLOWED = "not allowed"


@dataclass(frozen=True)
class Row:
    """What happens to a request whose only sensitive data is of one kind."""

    label: str  # a category, or a type that the policy treats on its own
    tier: int
    action: Action
    egress_tier: int
    cells: tuple[str, ...]  # per provider: "send", "pseudonymise", "redact", "not allowed"


def explain(policy: Policy, providers: Sequence[Provider]) -> list[Row]:
    """Categories (and type overrides) × providers ⇒ what tiergate does."""
    categories = {d.type: d.category for d in builtin_detectors() if isinstance(d, Rule)}
    kinds: list[tuple[str, Category, str]] = [(c.value, c, c.value) for c in Category]
    kinds += [(t, categories.get(t, Category.PII), t) for t in sorted(policy.types)]
    rows = []
    for label, category, type_ in kinds:
        decision = decide(_finding(category, type_), policy)
        cells = tuple(_cell(decision, p, policy) for p in providers)
        rows.append(Row(label, decision.tier, decision.action, decision.egress_tier, cells))
    return rows


def _finding(category: Category, type_: str) -> Finding:
    return Finding(0, 1, type_, category, "policy-explain", 1.0, Explanation("policy"))


def _cell(decision: Decision, provider: Provider, policy: Policy) -> str:
    if provider.facts.self_hosted and not policy.minimise_self_hosted:
        if capacity(provider.facts, policy) < decision.tier:
            return NOT_ALLOWED
        return "redact" if decision.finding.category is Category.SECRET else "send"
    if capacity(provider.facts, policy) < decision.egress_tier:
        return NOT_ALLOWED
    return decision.action.value
