"""``tiergate audit tail | report | verify | export | prune``: read and check the audit trail.

Every command reads the database that ``--audit URL`` names, else the one the configuration
names (``--config FILE``, else ``TIERGATE_AUDIT_URL``, else ``TIERGATE_CONFIG``), else the
default file. Reading never creates a database: with none there yet, the commands say so.
The chain key comes from ``TIERGATE_AUDIT_KEY``, as in the gateway.
"""

from __future__ import annotations

import csv
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, TypeVar

import click
from rich.console import Console

from tiergate.audit.chain import audit_key
from tiergate.audit.record import AuditRecord
from tiergate.audit.render import TAIL_HEADER, record_line, render_report, when
from tiergate.audit.report import AuditReport, parse_since
from tiergate.audit.rows import COLUMNS
from tiergate.audit.store import AuditStore, default_audit_url, display_url
from tiergate.audit.verify import verify
from tiergate.config import load_config
from tiergate.errors import ConfigError, InputError

F = TypeVar("F", bound=Callable[..., Any])

EXIT_BROKEN = 1


def audit_option(fn: F) -> F:
    fn = click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Gateway configuration (YAML) whose audit.url to read (env TIERGATE_CONFIG).",
    )(fn)
    return click.option(
        "--audit",
        "audit_url",
        metavar="URL",
        help="Audit database: sqlite:///var/lib/tiergate/audit.db or postgresql://user@host/db "
        "(env TIERGATE_AUDIT_URL; default: the configuration's, else audit.db in the user's "
        "data folder).",
    )(fn)


def audit_url_from_options(audit_url: str | None, config_path: Path | None = None) -> str:
    """The audit URL in effect: --audit, --config, $TIERGATE_AUDIT_URL, $TIERGATE_CONFIG,
    else the default file."""
    if audit_url:
        return audit_url
    if config_path is not None:
        return load_config(config_path).audit.url or default_audit_url()
    if os.environ.get("TIERGATE_AUDIT_URL"):
        return os.environ["TIERGATE_AUDIT_URL"]
    if os.environ.get("TIERGATE_CONFIG"):
        return load_config(os.environ["TIERGATE_CONFIG"]).audit.url or default_audit_url()
    return default_audit_url()


def open_store(url: str) -> AuditStore | None:
    """The store ``url`` names (its chain key from the environment), or None when it holds
    no database yet."""
    if not AuditStore.exists(url):
        return None
    return AuditStore.open(url, key=audit_key(os.environ))


def _console() -> Console:
    return Console(highlight=False, soft_wrap=True)


def _say(message: str, *, json_mode: bool) -> None:
    """A note for people: on stdout, or on stderr when stdout carries JSON."""
    click.echo(message, err=json_mode)


def _no_database(url: str, *, json_mode: bool) -> None:
    _say(
        f"No audit database at {display_url(url)} yet: "
        "`tiergate serve` writes one record per request.",
        json_mode=json_mode,
    )


def _existing_store(url: str, *, json_mode: bool) -> AuditStore | None:
    """The store at ``url``; None, saying so, when there is no database yet."""
    store = open_store(url)
    if store is None:
        _no_database(url, json_mode=json_mode)
    return store


@click.group("audit")
def audit_group() -> None:
    """Read the audit trail: one record per request, never a value."""


@audit_group.command("tail")
@click.option(
    "-n", "count", type=click.IntRange(0), default=20, show_default=True, help="How many records."
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.option("-f", "--follow", is_flag=True, help="Keep printing new records until Ctrl-C.")
@click.option("--poll", type=click.FloatRange(0.01), default=0.5, hidden=True)
@audit_option
def tail_cmd(
    count: int,
    as_json: bool,
    follow: bool,
    poll: float,
    audit_url: str | None,
    config_path: Path | None,
) -> int:
    """The last records, oldest first."""
    url = audit_url_from_options(audit_url, config_path)
    try:
        store = open_store(url)
        if store is None and follow:
            store = _wait_for(url, poll, json_mode=as_json)
        if store is None:
            _no_database(url, json_mode=as_json)
            return 0
        with store:
            show = _printer(as_json)
            if follow:
                for record in store.follow(count, interval=poll):
                    show(record)
                return 0  # pragma: no cover - follow never ends
            records = store.tail(count)
            if not records:
                _say(f"No audit records yet in {display_url(url)}.", json_mode=as_json)
            for record in records:
                show(record)
    except KeyboardInterrupt:
        return 0
    return 0


def _wait_for(url: str, poll: float, *, json_mode: bool) -> AuditStore:
    _say(
        f"Waiting for the audit database at {display_url(url)} (Ctrl-C to stop)…",
        json_mode=json_mode,
    )
    while not AuditStore.exists(url):
        time.sleep(poll)
    return AuditStore.open(url, key=audit_key(os.environ))


def _printer(as_json: bool) -> Callable[[AuditRecord], None]:
    if as_json:

        def show_json(record: AuditRecord) -> None:
            sys.stdout.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
            sys.stdout.flush()

        return show_json
    console = _console()
    first = True

    def show_line(record: AuditRecord) -> None:
        nonlocal first
        if first:
            console.print(TAIL_HEADER, style="bold")
            first = False
        console.print(record_line(record))
        sys.stdout.flush()

    return show_line


@audit_group.command("report")
@click.option(
    "--since",
    metavar="WHEN",
    help="Only records from then on: 24h, 7d, 30m, 2w ago, a date (2026-11-01) or an ISO timestamp.",
)
@click.option("--json", "as_json", is_flag=True, help="The report as one JSON object.")
@audit_option
def report_cmd(
    since: str | None, as_json: bool, audit_url: str | None, config_path: Path | None
) -> int:
    """Requests by tier × provider × jurisdiction, outcomes, findings, and whether tier-3
    data reached a provider that is not self-hosted."""
    start = parse_since(since) if since is not None else None
    url = audit_url_from_options(audit_url, config_path)
    shown = display_url(url)
    store = open_store(url)
    if store is None:
        rep = AuditReport(since=start)
        _no_database(url, json_mode=as_json)
    else:
        with store:
            rep = store.report(start)
    if as_json:
        sys.stdout.write(
            json.dumps(rep.to_dict() | {"audit_url": shown}, ensure_ascii=False) + "\n"
        )
    elif store is not None and rep.total == 0:
        window = f" since {when(start)}" if start is not None else ""
        click.echo(f"No audit records{window} in {shown}.")
    elif store is not None:
        render_report(_console(), rep, shown)
    return 0


@audit_group.command("verify")
@audit_option
def verify_cmd(audit_url: str | None, config_path: Path | None) -> int:
    """Check the hash chain: exit 0 if intact, 1 naming every row edited, removed or moved."""
    url = audit_url_from_options(audit_url, config_path)
    store = _existing_store(url, json_mode=False)
    if store is None:
        return 0
    with store:
        verdict = verify(store, audit_key(os.environ))
    for problem in verdict.problems:
        click.echo(problem.line())
    hint = verdict.hint()
    if hint:
        click.echo(hint, err=True)
    click.echo(verdict.summary())
    return 0 if verdict.intact else EXIT_BROKEN


EXPORT_FIELDS = ("seq", "prev_hash", "hash", *COLUMNS)


def _export_rows(store: AuditStore, since: float | None) -> Iterator[dict[str, Any]]:
    """Every row of the chain (with ``time >= since``), in chain order."""
    after = store.chain_state().anchor_seq
    while page := store.links(after, 1000):
        for link in page:
            if since is None or link.record.time >= since:
                yield {"seq": link.seq, "prev_hash": link.prev_hash, "hash": link.hash} | (
                    link.record.to_dict()
                )
        after = page[-1].seq


def _write_export(rows: Iterator[dict[str, Any]], fmt: str, out: IO[str]) -> int:
    n = 0
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
        return n
    writer = csv.DictWriter(out, fieldnames=EXPORT_FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
                for k, v in row.items()
            }
        )
        n += 1
    return n


@audit_group.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv"]),
    default="jsonl",
    show_default=True,
    help="One JSON object per line, or CSV with a header (lists as JSON).",
)
@click.option("--since", metavar="WHEN", help="Only records from then on (as for report).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE instead of standard output.",
)
@audit_option
def export_cmd(
    fmt: str,
    since: str | None,
    output: Path | None,
    audit_url: str | None,
    config_path: Path | None,
) -> int:
    """Every record with its place in the chain (seq, prev_hash, hash), in chain order."""
    start = parse_since(since) if since is not None else None
    url = audit_url_from_options(audit_url, config_path)
    store = _existing_store(url, json_mode=True)
    if store is None:
        return 0
    with store:
        rows = _export_rows(store, start)
        if output is None:
            _write_export(rows, fmt, sys.stdout)
            return 0
        try:
            with output.open("w", encoding="utf-8", newline="") as fh:
                n = _write_export(rows, fmt, fh)
        except OSError as exc:
            raise InputError(f"cannot write {output}: {exc.strerror or exc}") from None
    click.echo(f"exported {n} records to {output}", err=True)
    return 0


@audit_group.command("prune")
@click.option(
    "--days",
    type=click.IntRange(1),
    help="Keep this many days (default: the configuration's audit.retention_days).",
)
@audit_option
def prune_cmd(days: int | None, audit_url: str | None, config_path: Path | None) -> int:
    """Remove records older than the retention period; the chain stays verifiable from the
    last removed record's hash (its anchor). The gateway also prunes once an hour."""
    if days is None:
        path = config_path or (
            Path(os.environ["TIERGATE_CONFIG"]) if os.environ.get("TIERGATE_CONFIG") else None
        )
        days = load_config(path).audit.retention_days if path is not None else None
    if days is None:
        raise ConfigError("no retention period: give --days or set audit.retention_days")
    url = audit_url_from_options(audit_url, config_path)
    store = _existing_store(url, json_mode=False)
    if store is None:
        return 0
    with store:
        n = store.prune(time.time() - days * 86400)
        state = store.chain_state()
    click.echo(
        f"removed {n} records older than {days} days; the chain now starts after seq "
        f"{state.anchor_seq}"
    )
    return 0
