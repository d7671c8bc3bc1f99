"""``tiergate classify``: the tier of a text, and why."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, TextIO

import click
from rich.console import Console

from tiergate.cli._common import engine, policy_option, read_source
from tiergate.errors import InputError
from tiergate.pipeline import Engine
from tiergate.report import classification_dict, render_classification


@click.command("classify")
@click.argument("source", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option(
    "--jsonl",
    "jsonl",
    metavar="FILE|-",
    help='Classify JSON Lines: {"text": …, "id": …} in, one result per line out.',
)
@click.option("--show-values", is_flag=True, help="Include the matched values (careful).")
@policy_option
def classify_cmd(
    source: str | None,
    as_json: bool,
    jsonl: str | None,
    show_values: bool,
    policy_path: Path | None,
) -> int:
    """Classify TEXT, a FILE, or - (standard input): input tier, egress tier, findings."""
    eng = engine(policy_path)
    if jsonl is not None:
        if source is not None:
            raise click.UsageError("give either SOURCE or --jsonl, not both")
        if jsonl == "-":
            return classify_jsonl(eng, sys.stdin, show_values)
        try:
            with open(jsonl, encoding="utf-8", errors="replace") as fh:
                return classify_jsonl(eng, fh, show_values)
        except OSError as exc:
            raise InputError(f"cannot read {jsonl}: {exc.strerror or type(exc).__name__}") from None
    text = read_source(source, literal_ok=True)
    result = eng.classify(text)
    values = [f.value(text) for f in result.findings] if show_values else None
    if as_json:
        click.echo(json.dumps(classification_dict(result, values), ensure_ascii=False))
    else:
        render_classification(Console(highlight=False, soft_wrap=True), result, values)
    return 0


def classify_jsonl(eng: Engine, lines: TextIO, show_values: bool) -> int:
    """One result per input line, in order; a bad line gets an error object (and exit 2)."""
    status = 0
    out = sys.stdout
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        record = _parse_line(line, n)
        if isinstance(record, str):
            click.echo(f"tiergate: error: line {n}: {record}", err=True)
            out.write(json.dumps({"line": n, "error": record}) + "\n")
            status = 2
            continue
        text, rid = record
        result = eng.classify(text)
        values = [f.value(text) for f in result.findings] if show_values else None
        row: dict[str, Any] = {"id": rid if rid is not None else n}
        row.update(classification_dict(result, values, explain=False))
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
    out.flush()
    return status


def _parse_line(line: str, n: int) -> tuple[str, Any] | str:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return f"not valid JSON ({exc.msg} at column {exc.colno})"
    if not isinstance(obj, dict):
        return "expected a JSON object with a 'text' field"
    text = obj.get("text")
    if not isinstance(text, str):
        return "the 'text' field is missing or not a string"
    rid = obj.get("id")
    if rid is not None and not isinstance(rid, (str, int)):
        return "the 'id' field must be a string or a number"
    return text, rid
