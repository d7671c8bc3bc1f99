"""``tiergate policy check`` and ``tiergate policy explain``."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from tiergate.cli.serve import config_option
from tiergate.config import resolve_config
from tiergate.policy import load_policy
from tiergate.policy_check import check, explain
from tiergate.providers.runtime import build_providers
from tiergate.route import capacity

EXIT_WARNINGS = 1


@click.group("policy")
def policy_group() -> None:
    """Check and explain the policy a configuration puts in effect."""


@policy_group.command("check")
@config_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def check_cmd(config_path: Path | None, as_json: bool) -> int:
    """Validate the configuration and its policy, and warn about risky choices.

    Exit 0 when there is nothing to warn about, 1 with warnings, 2 on errors.
    """
    config = resolve_config(config_path)
    policy = load_policy(config.policy)
    providers = build_providers(config, os.environ)
    warnings = check(config, policy, providers, os.environ)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "config": config.source,
                    "policy": policy.source,
                    "providers": {p.name: capacity(p.facts, policy) for p in providers},
                    "warnings": [w.__dict__ for w in warnings],
                }
            )
        )
    else:
        click.echo(f"config {config.source}, policy {policy.source}: valid")
        for w in warnings:
            click.echo(f"warning [{w.code}] {w.subject}: {w.message}")
        if not warnings:
            click.echo("no warnings")
    return EXIT_WARNINGS if warnings else 0


@policy_group.command("explain")
@config_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def explain_cmd(config_path: Path | None, as_json: bool) -> int:
    """The effective policy: each kind of data × each provider ⇒ what tiergate does.

    send: sent as it is; pseudonymise: placeholders, restored in the answer; redact:
    removed, never restored; not allowed: a request with this data cannot go there.
    """
    config = resolve_config(config_path)
    policy = load_policy(config.policy)
    providers = build_providers(config, os.environ)
    rows = explain(policy, providers)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "providers": [p.name for p in providers],
                    "rows": [
                        {
                            "data": r.label,
                            "tier": r.tier,
                            "action": r.action.value,
                            "egress_tier": r.egress_tier,
                            "providers": dict(
                                zip([p.name for p in providers], r.cells, strict=True)
                            ),
                        }
                        for r in rows
                    ],
                }
            )
        )
        return 0
    table = Table(title=f"policy {policy.source} × providers of {config.source}")
    for header in ("data", "tier", "egress"):
        table.add_column(header, no_wrap=True)
    for p in providers:
        table.add_column(f"{p.name}\n(up to tier {capacity(p.facts, policy)})", no_wrap=True)
    for r in rows:
        table.add_row(r.label, str(r.tier), str(r.egress_tier), *r.cells)
    Console(width=shutil.get_terminal_size((160, 24)).columns).print(table)
    return 0
