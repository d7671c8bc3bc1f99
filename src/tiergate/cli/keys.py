"""``tiergate keys create | list | revoke``: the gateway's client keys.

Keys live in the database the configuration's ``audit.url`` names (the default SQLite file,
or PostgreSQL), so every replica sees a key as soon as it is made, and stops accepting a
revoked one within seconds (:mod:`tiergate.access.gate`). A key is printed once, when it
is made, on stdout alone (``KEY=$(tiergate keys create --name ci)``); the store keeps its
hash, and lists show its last 4 characters.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import click

from tiergate.access.keys import ClientKey, masked, parse_expires
from tiergate.access.store import KeyStore, open_key_store
from tiergate.audit.store import default_audit_url, display_url
from tiergate.cli.serve import config_option
from tiergate.config import resolve_config
from tiergate.errors import InputError
from tiergate.policy import layered_policy

MAX_LIMIT = 2**31 - 1  # limits are stored as 32-bit integers (PostgreSQL INTEGER)


def _store(config_path: Path | None) -> KeyStore:
    config = resolve_config(config_path)
    return open_key_store(config.audit.url or default_audit_url())


def _when(ts: float | None) -> str:
    return "-" if ts is None else time.strftime("%Y-%m-%d %H:%M", time.gmtime(ts))


def _limits(key: ClientKey) -> str:
    parts = [f"{key.rpm} req/min" if key.rpm else "", f"{key.tpm} tok/min" if key.tpm else ""]
    return ", ".join(p for p in parts if p) or "-"


def _as_dict(key: ClientKey) -> dict[str, object]:
    return {
        "id": key.id,
        "name": key.name,
        "key": masked(key.last4),
        "state": key.state(),
        "created": key.created,
        "expires": key.expires,
        "revoked": key.revoked,
        "rpm": key.rpm,
        "tpm": key.tpm,
        "policy": key.policy_name,
    }


@click.group("keys")
def keys_group() -> None:
    """Client keys: who may use the gateway, with which policy and limits."""


@keys_group.command("create")
@click.option("--name", required=True, help="Who the key is for; the audit names it.")
@click.option(
    "--policy",
    "policy_path",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="A policy file for this key, merged over the gateway's policy.",
)
@click.option("--expires", help="30d, 12h, 2w, 90m, or a date (2027-01-31, 00:00 UTC).")
@click.option("--rpm", type=click.IntRange(1, MAX_LIMIT), help="Requests per minute.")
@click.option("--tpm", type=click.IntRange(1, MAX_LIMIT), help="Tokens per minute (estimated).")
@config_option
def create_cmd(
    name: str,
    policy_path: Path | None,
    expires: str | None,
    rpm: int | None,
    tpm: int | None,
    config_path: Path | None,
) -> int:
    """Make a key. It is printed once, on stdout: store it now."""
    config = resolve_config(config_path)
    policy_text = None
    if policy_path is not None:
        try:
            policy_text = policy_path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read {policy_path} ({type(exc).__name__})") from None
        layered_policy(config.policy, policy_text, str(policy_path))  # refuse it now if bad
    until = parse_expires(expires) if expires else None
    url = config.audit.url or default_audit_url()
    store = open_key_store(url)
    try:
        key, secret = store.create(
            name,
            expires=until,
            rpm=rpm,
            tpm=tpm,
            policy_name=policy_path.name if policy_path else None,
            policy=policy_text,
        )
    finally:
        store.close()
    click.echo(secret)
    click.echo(
        f"created client key {key.name!r} ({key.id}, {masked(key.last4)}) in "
        f"{display_url(url)}; expires {_when(key.expires)}, limits {_limits(key)}, policy "
        f"{key.policy_name or 'the gateway’s'}. It is shown only now: store it safely.",
        err=True,
    )
    return 0


@keys_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per key and line.")
@config_option
def list_cmd(as_json: bool, config_path: Path | None) -> int:
    """Every key (never the key itself): name, id, state, dates, limits, policy."""
    store = _store(config_path)
    try:
        keys = store.list()
    finally:
        store.close()
    if as_json:
        for key in keys:
            click.echo(json.dumps(_as_dict(key)))
        return 0
    if not keys:
        click.echo("No client keys: `tiergate keys create --name NAME` makes one.")
        return 0
    rows = [
        (
            k.name,
            k.id,
            masked(k.last4),
            k.state(),
            _when(k.created),
            _when(k.expires),
            _when(k.revoked),
            _limits(k),
            k.policy_name or "-",
        )
        for k in keys
    ]
    header = ("NAME", "ID", "KEY", "STATE", "CREATED", "EXPIRES", "REVOKED", "LIMITS", "POLICY")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        click.echo("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    return 0


@keys_group.command("revoke")
@click.argument("ref", metavar="NAME|ID")
@config_option
def revoke_cmd(ref: str, config_path: Path | None) -> int:
    """Revoke a key: gateways refuse it within seconds, no restart needed."""
    store = _store(config_path)
    try:
        key = store.revoke(ref)
    finally:
        store.close()
    click.echo(f"revoked client key {key.name!r} ({key.id}, {masked(key.last4)})")
    return 0
