"""``tiergate serve``: run the gateway."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

import click

from tiergate.audit.store import default_audit_url, display_url
from tiergate.config import resolve_config
from tiergate.proxy.gateway import Gateway

TIER_LABELS = {1: "tier 1 (public)", 2: "tier 2 (business)", 3: "tier 3 (restricted)"}


def config_option(fn: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Gateway configuration (YAML); default: TIERGATE_CONFIG, else the environment.",
    )(fn)


def startup_summary(gw: Gateway, environ: Mapping[str, str]) -> list[str]:
    audit = display_url(gw.config.audit.url or default_audit_url())
    lines = [f"tiergate gateway: {len(gw.providers)} provider(s), audit {audit}"]
    if not gw.providers:
        lines.append(
            "  no provider configured or found in the environment: every request will be refused"
        )
    for p in gw.providers:
        where = (
            "self-hosted"
            if p.facts.self_hosted
            else (p.facts.jurisdiction or "jurisdiction unknown")
        )
        keys = f"{len(p.keys.keys)} key(s)" if p.keys else "no key"
        lines.append(f"  {p.name} ({p.wire}, {where}, {keys}): {', '.join(p.models)}")
    key_env = gw.config.pseudonym_key_env
    if environ.get(key_env):
        lines.append(f"  placeholders keyed by ${key_env}: the same on every replica and restart")
    else:
        lines.append(
            f"  placeholders keyed by a random key of this process (set ${key_env} so that "
            "replicas and restarts agree)"
        )
    for tier, names in gw.tiers_served().items():
        if names:
            lines.append(f"  {TIER_LABELS[tier]} → {', '.join(names)}")
        else:
            lines.append(f"  {TIER_LABELS[tier]} → none: such requests will be refused")
    return lines


@click.command("serve")
@config_option
@click.option("--host", default=None, help="Address to bind (default 127.0.0.1).")
@click.option("--port", type=click.IntRange(1, 65535), default=None, help="Port (default 8787).")
def serve_cmd(config_path: Path | None, host: str | None, port: int | None) -> int:
    """Run the OpenAI- and Anthropic-compatible gateway."""
    import uvicorn  # noqa: PLC0415  (only the server needs it)

    config = resolve_config(config_path)
    gw = Gateway.build(config, os.environ)
    for line in startup_summary(gw, os.environ):
        click.echo(line, err=True)
    from tiergate.proxy.app import create_app  # noqa: PLC0415

    bind_host = host or config.server.host
    bind_port = port or config.server.port
    click.echo(f"listening on http://{bind_host}:{bind_port}", err=True)
    sys.stderr.flush()
    uvicorn.run(
        create_app(gw),
        host=bind_host,
        port=bind_port,
        log_level="warning",
        access_log=False,
        lifespan="on",
    )
    return 0
