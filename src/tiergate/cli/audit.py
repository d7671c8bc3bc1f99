"""``tiergate audit tail`` and ``tiergate audit report``: read the audit trail.

Reading never creates a database: with none there yet, both commands say so and exit 0.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from typing import Any, TypeVar

import click
from rich.console import Console

from tiergate.audit.record import AuditRecord
from tiergate.audit.render import TAIL_HEADER, record_line, render_report, when
from tiergate.audit.report import AuditReport, parse_since
from tiergate.audit.store import AuditStore, default_audit_url, display_url

F = TypeVar("F", bound=Callable[..., Any])


def audit_option(fn: F) -> F:
    return click.option(
        "--audit",
        "audit_url",
        metavar="URL",
        envvar="TIERGATE_AUDIT_URL",
        help="Audit database, e.g. sqlite:///var/lib/tiergate/audit.db "
        "(env TIERGATE_AUDIT_URL; default: audit.db in the user's data folder).",
    )(fn)


def audit_url_from_options(audit_url: str | None) -> str:
    """The audit URL the options name: --audit / $TIERGATE_AUDIT_URL, else the default file."""
    return audit_url or default_audit_url()


def store_from_options(audit_url: str | None) -> AuditStore | None:
    """The store the options name, or None when it holds no database yet."""
    url = audit_url_from_options(audit_url)
    return AuditStore.open(url) if AuditStore.exists(url) else None


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
def tail_cmd(count: int, as_json: bool, follow: bool, poll: float, audit_url: str | None) -> int:
    """The last records, oldest first."""
    url = audit_url_from_options(audit_url)
    try:
        store = store_from_options(audit_url)
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
    return AuditStore.open(url)


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
def report_cmd(since: str | None, as_json: bool, audit_url: str | None) -> int:
    """Requests by tier × provider, outcomes, findings, and whether tier-3 data left."""
    start = parse_since(since) if since is not None else None
    url = audit_url_from_options(audit_url)
    shown = display_url(url)
    store = store_from_options(audit_url)
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
