"""``tiergate providers``: the bundled provider catalog, and where each fact comes from;
``tiergate providers keys``: the upstream keys of a running gateway.

The table is built from ``COLUMNS`` and one row of strings per provider, so a further column
(for example whether a provider is configured) is one more entry and one more key per row.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import httpx
from rich.console import Console
from rich.table import Table
from rich.text import Text

from tiergate.cli.serve import config_option
from tiergate.config import resolve_config
from tiergate.errors import TiergateError
from tiergate.providers.catalog import FACT_NAMES, Catalog, CatalogEntry, FactName, load_catalog

UNKNOWN = "unknown"
NOT_APPLICABLE = "n/a"  # facts other than self_hosted do not apply to the organisation's machines
FACT_LABELS: dict[FactName, str] = {
    "jurisdiction": "jurisdiction",
    "trains_on_api_data": "trains on API data",
    "retention_days": "retention",
    "zero_data_retention": "ZDR",
    "self_hosted": "self-hosted",
}


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    no_wrap: bool = True


COLUMNS: tuple[Column, ...] = (
    Column("id", "id"),
    Column("name", "name", no_wrap=False),
    Column("wire", "wire"),
    *(Column(label, fact) for fact, label in FACT_LABELS.items()),
)


def fact_text(fact: FactName, value: Any) -> str:
    """How a fact reads in a table: ``yes``/``no``, ``30 days``, a country code, ``unknown``."""
    if value is None:
        return UNKNOWN
    if fact == "retention_days":
        return f"{value} day" if value == 1 else f"{value} days"
    if fact == "zero_data_retention":
        return "available" if value else "no"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def entry_fact_text(entry: CatalogEntry, fact: FactName) -> str:
    value = getattr(entry.facts, fact)
    if value is None and entry.facts.self_hosted:
        return NOT_APPLICABLE
    return fact_text(fact, value)


def catalog_row(entry: CatalogEntry) -> dict[str, str]:
    row = {"id": entry.id, "name": entry.name, "wire": entry.wire}
    row.update({f: entry_fact_text(entry, f) for f in FACT_NAMES})
    return row


def entry_dict(entry: CatalogEntry) -> dict[str, Any]:
    return entry.model_dump(mode="json")


def catalog_dict(catalog: Catalog) -> dict[str, Any]:
    return {
        "version": catalog.version,
        "reviewed": catalog.reviewed.isoformat(),
        "providers": [entry_dict(e) for e in catalog.providers],
    }


def _cell(value: str) -> Text:
    return Text(value, style="yellow" if value == UNKNOWN else "")


def render_table(
    console: Console, catalog: Catalog, rows: Sequence[dict[str, str]], columns: Sequence[Column]
) -> None:
    table = Table(header_style="bold")
    for col in columns:
        table.add_column(col.header, no_wrap=col.no_wrap, overflow="fold")
    for row in rows:
        table.add_row(*(_cell(row.get(col.key, "")) for col in columns))
    console.print(table)
    console.print(
        f"catalog version {catalog.version}, reviewed {catalog.reviewed.isoformat()}. "
        "Unknown facts count as unsafe when routing. Sources: tiergate providers show ID",
        style="dim",
    )


def render_entry(console: Console, catalog: Catalog, entry: CatalogEntry) -> None:
    console.print(Text.assemble((entry.id, "bold"), "  ", entry.name))
    about = Table.grid(padding=(0, 2))
    about.add_row("wire", entry.wire)
    about.add_row("base URL", entry.base_url)
    about.add_row("API key env", ", ".join(entry.api_key_env) or "none needed")
    if entry.example_models:
        about.add_row("example models", ", ".join(entry.example_models))
    console.print(about)
    table = Table(header_style="bold")
    table.add_column("fact", no_wrap=True)
    table.add_column("value", no_wrap=True)
    table.add_column("source", overflow="fold")
    for fact, label in FACT_LABELS.items():
        src = entry.source(fact)
        value = entry_fact_text(entry, fact)
        if src is not None:
            where = Text.assemble(src.url, "\n", (f"reviewed {src.reviewed.isoformat()}", "dim"))
            where.append(f"\n{src.note}")
        elif fact == "self_hosted":
            where = Text("default: a third party runs this service", style="dim")
        elif value == NOT_APPLICABLE:
            where = Text("your own machines: this fact does not apply", style="dim")
        else:
            where = Text("no source reviewed", style="dim")
        table.add_row(label, _cell(value), where)
    console.print(table)
    console.print(f"catalog version {catalog.version}", style="dim")


def _console() -> Console:
    console = Console(highlight=False)
    if not console.is_terminal:  # piped: do not squeeze the table into 80 columns
        console = Console(highlight=False, width=max(console.width, 160))
    return console


@click.group("providers", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
def providers_cmd(ctx: click.Context, as_json: bool) -> int:
    """The bundled provider catalog: where API data goes, training, retention, ZDR."""
    if ctx.invoked_subcommand is not None:
        return 0
    catalog = load_catalog()
    if as_json:
        click.echo(json.dumps(catalog_dict(catalog), ensure_ascii=False))
    else:
        rows = [catalog_row(e) for e in catalog.providers]
        render_table(_console(), catalog, rows, COLUMNS)
    return 0


@providers_cmd.command("show")
@click.argument("provider_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def show_cmd(provider_id: str, as_json: bool) -> int:
    """One catalog entry with every fact's source and review date."""
    catalog = load_catalog()
    entry = catalog.get(provider_id)
    if as_json:
        click.echo(json.dumps(entry_dict(entry), ensure_ascii=False))
    else:
        render_entry(_console(), catalog, entry)
    return 0


KEY_COLUMNS: tuple[Column, ...] = (
    Column("provider", "provider"),
    Column("key", "key"),
    Column("id", "id"),
    Column("source", "source", no_wrap=False),
    Column("state", "state"),
    Column("uses", "uses"),
    Column("in flight", "in_flight"),
    Column("last answer", "last"),
)


def gateway_url(config_path: Path | None) -> str:
    """Where the configured gateway listens, as seen from this machine."""
    server = resolve_config(config_path).server
    host = "127.0.0.1" if server.host in ("0.0.0.0", "", "::") else server.host
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{server.port}"


def fetch_keys(url: str) -> dict[str, Any]:
    target = url.rstrip("/") + "/admin/keys"
    try:
        response = httpx.get(target, timeout=10.0)
    except httpx.HTTPError as exc:
        raise TiergateError(
            f"no gateway answers at {url} ({type(exc).__name__}); start `tiergate serve` "
            "or pass --url"
        ) from None
    if response.status_code != 200:
        try:
            message = response.json()["error"]["message"]
        except (ValueError, KeyError, TypeError):
            message = f"HTTP {response.status_code}"
        raise TiergateError(f"the gateway at {url} refused: {message}")
    data: dict[str, Any] = response.json()
    return data


def key_row(provider: str, key: dict[str, Any]) -> dict[str, str]:
    state, cooling = key["state"], key["cooling_seconds"]
    if state == "cooling":
        state = f"cooling ({cooling:.0f} s left)"
    elif cooling:
        state += f", cooling {cooling:.0f} s"
    last = "-"
    if key["last_error"]:
        last = key["last_error"]
    elif key["last_status"] is not None:
        last = f"HTTP {key['last_status']}"
    return {
        "provider": provider,
        "key": key["key"],
        "id": key["id"],
        "source": key["source"],
        "state": state,
        "uses": str(key["uses"]),
        "in_flight": str(key["in_flight"]),
        "last": last,
    }


@providers_cmd.command("keys")
@config_option
@click.option("--url", help="The gateway (default: the address the configuration serves on).")
@click.option("--json", "as_json", is_flag=True, help="Print the gateway's JSON.")
def keys_cmd(config_path: Path | None, url: str | None, as_json: bool) -> int:
    """The upstream keys of a running gateway: state, cool-down, uses, last answer.

    Keys are shown by their last four characters and a SHA-256 prefix (the id in /metrics),
    never in full. The gateway answers this on its loopback interface only.
    """
    data = fetch_keys(url or gateway_url(config_path))
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False))
        return 0
    console = _console()
    rows = [key_row(p["name"], k) for p in data["providers"] for k in p["keys"]]
    table = Table(header_style="bold")
    for col in KEY_COLUMNS:
        table.add_column(col.header, no_wrap=col.no_wrap, overflow="fold")
    for row in rows:
        style = "" if row["state"] == "active" else "yellow"
        table.add_row(*(Text(row[c.key], style=style) for c in KEY_COLUMNS))
    console.print(table)
    keyless = [p["name"] for p in data["providers"] if not p["keys"]]
    if keyless:
        console.print(f"no key: {', '.join(keyless)}", style="dim")
    return 0
