"""``tiergate serve``: run the gateway.

Bound to loopback (the default), it asks for client keys once one exists; bound to any other
address it always does, and refuses to start while no client key exists, unless told
``--no-auth``. A shared state it cannot reach (Redis) stops it before it listens.

Logs go to stderr through the ``tiergate`` loggers: the start-up summary, key reloads, and
one access line per request (``tiergate.access``). ``--log-format json`` (the default when
stderr is not a terminal, i.e. under a service manager or in a container) writes one JSON
object per line for a log collector; ``text`` (the default at a terminal) is for people.

``SIGHUP`` reloads the upstream keys from the configuration file, the environment and the
key files; key files are also watched (see :mod:`tiergate.providers.reload`).
"""

from __future__ import annotations

import asyncio
import gc
import ipaddress
import logging
import os
import signal
import sys
from collections.abc import Mapping
from pathlib import Path

import click

from tiergate.access.gate import AuthMode
from tiergate.audit.store import default_audit_url, display_url
from tiergate.config import resolve_config
from tiergate.errors import ConfigError
from tiergate.proxy.gateway import Gateway
from tiergate.proxy.observe import configure_logging, default_log_format

log = logging.getLogger("tiergate.serve")

TIER_LABELS = {1: "tier 1 (public)", 2: "tier 2 (business)", 3: "tier 3 (restricted)"}


def config_option(fn: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Gateway configuration (YAML); default: TIERGATE_CONFIG, else the environment.",
    )(fn)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name other than localhost may resolve to anything


def auth_mode(host: str, no_auth: bool) -> AuthMode:
    if no_auth:
        return "off"
    return "auto" if is_loopback(host) else "on"


AUTH_LABELS = {
    "on": "client keys required",
    "auto": "client keys required once one exists (loopback only)",
    "off": "client keys not required (--no-auth)",
}


async def _check(gw: Gateway) -> None:
    """Reach the shared state once before listening, then let go of it (the server's own
    event loop connects again)."""
    try:
        await gw.start()
    finally:
        await gw.state.aclose()


def startup_summary(gw: Gateway, environ: Mapping[str, str]) -> list[str]:
    audit = display_url(gw.config.audit.url or default_audit_url())
    lines = [f"tiergate gateway: {len(gw.providers)} provider(s), audit {audit}"]
    lines.append(f"  {AUTH_LABELS[gw.gate.mode]}")
    if gw.config.state.url:
        lines.append(f"  shared state {display_url(gw.config.state.url)}")
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
@click.option(
    "--no-auth",
    is_flag=True,
    help="Do not require client keys, even on an address other than loopback.",
)
@click.option(
    "--log-format",
    type=click.Choice(["json", "text"]),
    default=None,
    help="Logs on stderr: one JSON object per line, or text (default: text at a terminal, "
    "else JSON).",
)
def serve_cmd(
    config_path: Path | None,
    host: str | None,
    port: int | None,
    no_auth: bool,
    log_format: str | None,
) -> int:
    """Run the OpenAI- and Anthropic-compatible gateway. SIGHUP reloads the upstream keys."""
    import uvicorn  # noqa: PLC0415  (only the server needs it)

    config = resolve_config(config_path)
    bind_host = host or config.server.host
    bind_port = port or config.server.port
    gw = Gateway.build(config, os.environ, auth=auth_mode(bind_host, no_auth))
    try:
        if gw.gate.mode == "on" and not gw.gate.store.any_active():
            raise ConfigError(
                f"serving on {bind_host}, beyond this machine, needs client keys and there is "
                "none: make one with `tiergate keys create --name NAME`, or pass --no-auth "
                "to serve without them"
            )
        asyncio.run(_check(gw))
    except BaseException:
        asyncio.run(gw.aclose())
        raise
    configure_logging(
        "json" if log_format == "json" else "text" if log_format else default_log_format(sys.stderr)
    )
    for line in startup_summary(gw, os.environ):
        log.info("%s", line)
    from tiergate.proxy.app import create_app  # noqa: PLC0415
    from tiergate.proxy.server import GatewayHTTP  # noqa: PLC0415

    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, lambda signum, frame: gw.reloader.trigger())
    log.info("listening on http://%s:%s", bind_host, bind_port)
    gw.engine.scanner.warm_up()  # the first requests do not wait for the detectors' set-up
    # what was built so far (detector tables, name lists, the catalog) lives as long as the
    # process: out of the collector's sight, a full collection takes µs instead of ~30 ms
    gc.collect()
    gc.freeze()
    uvicorn.run(
        create_app(gw),
        host=bind_host,
        port=bind_port,
        log_level="warning",
        log_config=None,
        access_log=False,
        lifespan="on",
        http=GatewayHTTP,
    )
    return 0
