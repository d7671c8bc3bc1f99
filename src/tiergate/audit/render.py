"""Audit records and reports for people: one line per record, a short report with tables.

Everything printed comes from the record (types, counts, tiers, names of providers), so
nothing here can show a value; names are still printed as plain text, never as markup.
"""

from __future__ import annotations

from datetime import datetime

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from tiergate.audit.record import AuditRecord
from tiergate.audit.report import AuditReport, DestinationCount, TierCount

TIER_STYLE = {1: "green", 2: "yellow", 3: "red"}
NOT_SENT = "(not sent)"
TAIL_HEADER = (
    f"{'TIME':<19}  {'OUTCOME':<16}  {'TIER':<4}  {'PROVIDER/MODEL':<28}  {'HOST':<4}  "
    f"{'FINDINGS':<24}  {'MS':>7}  REQUEST"
)


def when(t: float | None) -> str:
    """A time as local ``YYYY-MM-DD HH:MM:SS``."""
    return "-" if t is None else datetime.fromtimestamp(t).strftime("%Y-%m-%d %H:%M:%S")


def findings_summary(counts: dict[str, int], width: int = 24) -> str:
    """``EMAIL×2, API_KEY`` (most frequent first), cut to ``width`` with ``…``."""
    parts = [
        t if n == 1 else f"{t}×{n}"
        for t, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    s = ", ".join(parts) or "-"
    return s if len(s) <= width else s[: width - 1] + "…"


def _tier(t: int | None) -> Text:
    return Text("-" if t is None else str(t), style=TIER_STYLE.get(t or 0, ""))


def _tiers(r: AuditRecord) -> Text:
    """``3>1``: input tier, then egress tier; ``-`` when the request was not classified."""
    if r.input_tier is None and r.egress_tier is None:
        text = Text("-")
    else:
        text = Text.assemble(_tier(r.input_tier), ">", _tier(r.egress_tier))
    text.pad_right(4 - len(text))
    return text


def _host(r: AuditRecord) -> str:
    """``self`` (self-hosted), ``ext`` (not), ``?`` (unknown) or ``-`` (nothing was sent)."""
    if r.provider is None:
        return "-"
    return {True: "self", False: "ext", None: "?"}[r.self_hosted]


def record_line(r: AuditRecord) -> Text:
    """One fixed-width line per record, under ``TAIL_HEADER``."""
    outcome = f"{r.outcome} {r.status}"
    where = "/".join(p for p in (r.provider, r.provider_model) if p) or "-"
    ms = "-" if r.latency_ms is None else f"{r.latency_ms:.1f}"
    return Text.assemble(
        f"{when(r.time)}  ",
        (f"{outcome:<16.16}", "" if r.outcome == "ok" else "bold"),
        "  ",
        _tiers(r),
        f"  {where:<28.28}  {_host(r):<4}  {findings_summary(r.finding_counts):<24}  "
        f"{ms:>7}  {r.request_id}",
    )


def _matrix(title: str, cells: tuple[TierCount, ...]) -> Table:
    tiers = sorted({c.tier for c in cells}, key=lambda t: (t is None, t or 0))
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, title_style="bold")
    table.add_column("provider")
    for t in tiers:
        table.add_column(
            "unclassified" if t is None else f"tier {t}",
            justify="right",
            style=TIER_STYLE.get(t or 0, ""),
        )
    counts: dict[str | None, dict[int | None, int]] = {}
    for c in cells:
        counts.setdefault(c.provider, {})[c.tier] = c.count
    for provider, row in sorted(counts.items(), key=lambda kv: (kv[0] is None, kv[0] or "")):
        table.add_row(
            Text(provider or NOT_SENT), *(f"{row[t]:,}" if t in row else "" for t in tiers)
        )
    return table


def _destinations(rows: tuple[DestinationCount, ...]) -> Table:
    table = Table(
        title="Requests and findings by egress tier × provider × jurisdiction",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        title_style="bold",
    )
    for name, justify in (
        ("tier", "left"),
        ("provider", "left"),
        ("jurisdiction", "left"),
        ("requests", "right"),
        ("findings", "right"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for d in rows:
        table.add_row(
            _tier(d.tier),
            Text(d.provider or NOT_SENT),
            Text(_where(d)),
            f"{d.requests:,}",
            f"{d.findings:,}",
        )
    return table


def _where(d: DestinationCount) -> str:
    """The jurisdiction column: a country or region, or why there is none."""
    if d.jurisdiction:
        return d.jurisdiction
    if d.provider is None:
        return "-"
    return "self-hosted" if d.self_hosted else "unknown"


def _counted(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {n:,}" for k, n in counts.items()) or "none"


def render_report(console: Console, rep: AuditReport, url: str) -> None:
    """The report for a terminal, ending with the tier-3 answer in bold."""
    window = f" since {when(rep.since)}" if rep.since is not None else ""
    console.print(
        Text.assemble(
            ("Audit report", "bold"),
            f"{window}: {rep.total:,} request{'s' if rep.total != 1 else ''}, "
            f"{when(rep.first)} to {when(rep.last)}",
        )
    )
    console.print(Text(f"database: {url}", style="dim"))
    console.print()
    console.print(_matrix("Requests by input tier × provider", rep.by_input))
    console.print(_matrix("Requests by egress tier × provider (after minimisation)", rep.by_egress))
    console.print(_destinations(rep.by_destination))
    console.print(Text.assemble(("Outcomes: ", "bold"), _counted(rep.by_outcome)))
    refused = f"{rep.refused:,}"
    if rep.refused_by_reason:
        refused += f" (by reason: {_counted(rep.refused_by_reason)})"
    console.print(Text.assemble(("Refused for policy reasons: ", "bold"), refused))
    console.print(Text.assemble(("Findings by type: ", "bold"), _counted(rep.findings)))
    console.print()
    style = "bold" if rep.tier3_safe else "bold red"
    console.print(Text(rep.tier3_sentence(), style=style))
