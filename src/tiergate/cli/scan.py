"""``tiergate scan``: classify files and folders, for people and for CI."""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from tiergate.cli._common import engine, policy_option
from tiergate.report import render_scan, scan_dict, scan_sarif
from tiergate.scan import DEFAULT_MAX_BYTES, scan_paths, walk


@click.command("scan")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "sarif"]),
    default="text",
    show_default=True,
)
@click.option(
    "--fail-tier",
    type=click.IntRange(1, 3),
    default=3,
    show_default=True,
    help="Exit with code 1 when a file is at or above this tier.",
)
@click.option("--no-gitignore", is_flag=True, help="Also scan what .gitignore files ignore.")
@click.option(
    "--max-file-size",
    type=click.IntRange(1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Skip files larger than this many bytes.",
)
@click.option("--show-values", is_flag=True, help="Include the matched values (careful).")
@policy_option
def scan_cmd(
    paths: tuple[Path, ...],
    fmt: str,
    fail_tier: int,
    no_gitignore: bool,
    max_file_size: int,
    show_values: bool,
    policy_path: Path | None,
) -> int:
    """Scan files and folders (recursively, honouring .gitignore, skipping binaries)."""
    eng = engine(policy_path)
    err = Console(stderr=True)
    step = _ProgressBar(err, paths, not no_gitignore) if err.is_terminal else None
    with step or contextlib.nullcontext():
        report = scan_paths(
            eng,
            paths,
            use_gitignore=not no_gitignore,
            max_bytes=max_file_size,
            keep_values=show_values,
            on_file=step,
        )
    if fmt == "json":
        sys.stdout.write(json.dumps(scan_dict(report), ensure_ascii=False) + "\n")
    elif fmt == "sarif":
        sys.stdout.write(json.dumps(scan_sarif(report), ensure_ascii=False, indent=1) + "\n")
    else:
        render_scan(Console(highlight=False, soft_wrap=True), report)
    return 1 if report.max_tier >= fail_tier else 0


class _ProgressBar:
    """A progress bar on stderr, advanced by bytes scanned; used as ``on_file``."""

    def __init__(self, err: Console, paths: tuple[Path, ...], use_gitignore: bool) -> None:
        total = sum(p.stat().st_size for p in walk(paths, use_gitignore=use_gitignore))
        self.bar = Progress(
            TextColumn("scanning"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f}%"),
            TimeElapsedColumn(),
            TextColumn("{task.fields[name]}"),
            console=err,
            transient=True,
        )
        self.task = self.bar.add_task("scan", total=total or 1, name="")

    def __call__(self, name: str, size: int) -> None:
        self.bar.update(self.task, advance=size, name=Path(name).name)

    def __enter__(self) -> _ProgressBar:
        self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.stop()
