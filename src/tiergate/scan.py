"""Scanning files and folders: walk, skip what is ignored or binary, classify each file.

Folders are walked recursively; ``.gitignore`` files are honoured at every level (a path is
skipped when a ``.gitignore`` above it ignores it) and ``.git`` folders are never entered.
Paths named explicitly are always scanned. Binary files (a NUL byte in the first 8 KiB) and
files over the size limit are skipped and counted.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pathspec

from tiergate.classify import Classification
from tiergate.errors import InputError
from tiergate.extract import decode
from tiergate.pipeline import Engine

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
_SNIFF = 8192


@dataclass(frozen=True)
class Location:
    """1-based start and end line and column (in code points) of a finding."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass
class FileResult:
    path: str
    classification: Classification
    locations: list[Location]
    values: list[str] | None = None  # only when the caller asked to show values


def locate(text: str, offsets: Sequence[tuple[int, int]]) -> list[Location]:
    """Line and column of each ``(start, end)``: one incremental pass over the text."""
    points = sorted({x for pair in offsets for x in pair})
    where: dict[int, tuple[int, int]] = {}
    line, line_start, pos = 1, 0, 0
    for p in points:
        n = text.count("\n", pos, p)
        if n:
            line += n
            line_start = text.rfind("\n", pos, p) + 1
        pos = p
        where[p] = (line, p - line_start + 1)
    return [Location(*where[a], *where[b]) for a, b in offsets]


@dataclass
class ScanReport:
    files: list[FileResult] = field(default_factory=list)
    skipped_binary: list[str] = field(default_factory=list)
    skipped_large: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    bytes_scanned: int = 0

    @property
    def max_tier(self) -> int:
        return max((f.classification.tier for f in self.files), default=1)


def _ignore_spec(folder: Path) -> pathspec.GitIgnoreSpec | None:
    try:
        lines = (folder / ".gitignore").read_text("utf-8", "replace").splitlines()
    except OSError:
        return None
    return pathspec.GitIgnoreSpec.from_lines(lines)


def _ignored(
    path: Path, is_dir: bool, specs: Sequence[tuple[Path, pathspec.GitIgnoreSpec]]
) -> bool:
    for base, spec in specs:
        rel = path.relative_to(base).as_posix() + ("/" if is_dir else "")
        if spec.match_file(rel):
            return True
    return False


def walk(paths: Sequence[str | Path], *, use_gitignore: bool = True) -> Iterator[Path]:
    """Every file to scan under ``paths``, in a stable order."""
    for raw in paths:
        root = Path(raw)
        if root.is_file():
            yield root
        elif root.is_dir():
            yield from _walk_dir(root, [], use_gitignore)
        else:
            raise InputError(f"no such file or folder: {raw}")


def _walk_dir(
    folder: Path, specs: list[tuple[Path, pathspec.GitIgnoreSpec]], use_gitignore: bool
) -> Iterator[Path]:
    if use_gitignore:
        spec = _ignore_spec(folder)
        if spec is not None:
            specs = [*specs, (folder, spec)]
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            if entry.name == ".git" or (use_gitignore and _ignored(path, True, specs)):
                continue
            yield from _walk_dir(path, specs, use_gitignore)
        elif entry.is_file(follow_symlinks=False) and not (
            use_gitignore and _ignored(path, False, specs)
        ):
            yield path


def read_text_file(path: Path, max_bytes: int) -> str | None:
    """The file's text, or None if it is binary. Raises InputError if it is too large."""
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(f"{path}: {size} bytes is over the limit of {max_bytes}")
    with path.open("rb") as fh:
        data = fh.read()
    if b"\x00" in data[:_SNIFF]:
        return None
    return decode(data)


def scan_paths(
    engine: Engine,
    paths: Sequence[str | Path],
    *,
    use_gitignore: bool = True,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_file: Callable[[str, int], None] | None = None,
    keep_values: bool = False,
) -> ScanReport:
    """Classify every text file under ``paths``. ``on_file(path, size)`` is called after
    each file (for a progress bar)."""
    report = ScanReport()
    for path in walk(paths, use_gitignore=use_gitignore):
        name = str(path)
        try:
            text = read_text_file(path, max_bytes)
        except InputError:
            report.skipped_large.append(name)
            continue
        except OSError:
            report.unreadable.append(name)
            continue
        size = path.stat().st_size
        if text is None:
            report.skipped_binary.append(name)
        else:
            result = engine.classify(text)
            spans = [(f.start, f.end) for f in result.findings]
            values = [text[a:b] for a, b in spans] if keep_values else None
            report.files.append(FileResult(name, result, locate(text, spans), values))
            report.bytes_scanned += size
        if on_file is not None:
            on_file(name, size)
    return report
