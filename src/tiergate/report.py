"""Output formats: readable terminal text (rich), JSON, and SARIF 2.1.0 for code scanning.

Values are never included unless the caller passes them in explicitly (``--show-values``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

import tiergate
from tiergate.classify import TIER_NAMES, Classification
from tiergate.scan import FileResult, ScanReport

TIER_STYLES = {1: "green", 2: "yellow", 3: "bold red"}
SARIF_LEVELS = {1: "note", 2: "warning", 3: "error"}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def classification_dict(
    c: Classification, values: Sequence[str] | None = None, *, explain: bool = True
) -> dict[str, Any]:
    out = c.to_dict(explain=explain)
    if values is not None:
        for f, v in zip(out["findings"], values, strict=True):
            f["value"] = v
    if explain:
        out["explanation"] = c.explain()
    return out


def tier_text(tier: int, label: str = "tier") -> Text:
    return Text(f"{label} {tier} ({TIER_NAMES[tier]})", style=TIER_STYLES[tier])


def render_classification(
    console: Console, c: Classification, values: Sequence[str] | None = None
) -> None:
    head = Text.assemble(
        tier_text(c.tier, "input tier"), ", ", tier_text(c.egress_tier, "egress tier")
    )
    if c.reasons:
        head.append(f"  reasons: {', '.join(c.reasons)}")
    console.print(head)
    if not c.findings:
        console.print("no sensitive data found")
        return
    table = Table(show_edge=False, pad_edge=False)
    for col in ("span", "type", "category", "detector", "score", "action", "why"):
        table.add_column(col)
    if values is not None:
        table.add_column("value")
    for i, d in enumerate(c.decisions):
        f = d.finding
        row = [
            f"{f.start}-{f.end}",
            f.type,
            str(f.category),
            f.detector,
            f"{f.score:.2f}",
            d.action.value,
            f.explanation.describe(),
        ]
        if values is not None:
            row.append(values[i])
        table.add_row(*row)
    console.print(table)
    for e in c.escalations:
        console.print(Text(f"tier {e.tier}: {e.description}", style=TIER_STYLES[e.tier]))


def file_dict(r: FileResult) -> dict[str, Any]:
    out = r.classification.to_dict()
    out = {"path": r.path, **out}
    for f, loc, i in zip(out["findings"], r.locations, range(len(r.locations)), strict=True):
        f["line"], f["column"] = loc.line, loc.column
        if r.values is not None:
            f["value"] = r.values[i]
    return out


def scan_dict(report: ScanReport) -> dict[str, Any]:
    counts = {t: sum(1 for f in report.files if f.classification.tier == t) for t in (1, 2, 3)}
    return {
        "files": [file_dict(r) for r in report.files if r.classification.findings],
        "summary": {
            "files_scanned": len(report.files),
            "bytes_scanned": report.bytes_scanned,
            "files_by_tier": {str(t): n for t, n in counts.items()},
            "max_tier": report.max_tier,
            "skipped_binary": len(report.skipped_binary),
            "skipped_too_large": len(report.skipped_large),
            "unreadable": len(report.unreadable),
        },
    }


def render_scan(console: Console, report: ScanReport) -> None:
    for r in report.files:
        c = r.classification
        if not c.findings:
            continue
        console.print(Text.assemble(Text(r.path, style="bold"), "  ", tier_text(c.tier)))
        for i, (d, loc) in enumerate(zip(c.decisions, r.locations, strict=True)):
            f = d.finding
            line = f"  {loc.line}:{loc.column}  {f.type} ({f.category})  {f.detector}  score {f.score:.2f}"
            if r.values is not None:
                line += f"  {r.values[i]!r}"
            console.print(line, highlight=False, markup=False)
        for e in c.escalations:
            console.print(f"  tier {e.tier}: {e.description}", highlight=False, markup=False)
    s = scan_dict(report)["summary"]
    by_tier = s["files_by_tier"]
    console.print(
        f"{s['files_scanned']} files scanned ({s['bytes_scanned']:,} bytes): "
        f"{by_tier['3']} tier 3, {by_tier['2']} tier 2, {by_tier['1']} tier 1; "
        f"skipped {s['skipped_binary']} binary, {s['skipped_too_large']} too large",
        highlight=False,
    )


def scan_sarif(report: ScanReport) -> dict[str, Any]:
    rules: dict[str, dict[str, Any]] = {}
    results = []
    for r in report.files:
        for i, (d, loc) in enumerate(zip(r.classification.decisions, r.locations, strict=True)):
            f = d.finding
            rules.setdefault(
                f.detector,
                {
                    "id": f.detector,
                    "name": f.detector,
                    "shortDescription": {"text": f"{f.type} ({f.category})"},
                    "properties": {"category": str(f.category), "type": f.type},
                },
            )
            message = f"{f.type} ({f.category}) found by {f.detector}; tier {d.tier}"
            if r.values is not None:
                message += f": {r.values[i]}"
            results.append(
                {
                    "ruleId": f.detector,
                    "level": SARIF_LEVELS[d.tier],
                    "message": {"text": message},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {"uri": r.path.replace("\\", "/")},
                                "region": {
                                    "startLine": loc.line,
                                    "startColumn": loc.column,
                                    "endLine": loc.end_line,
                                    "endColumn": loc.end_column,
                                    "charOffset": f.start,
                                    "charLength": f.end - f.start,
                                },
                            }
                        }
                    ],
                    "properties": {"score": round(f.score, 3), "tier": d.tier},
                }
            )
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "tiergate",
                        "version": tiergate.__version__,
                        "rules": sorted(rules.values(), key=lambda x: x["id"]),
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
