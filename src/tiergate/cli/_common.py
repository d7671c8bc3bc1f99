"""What the commands share: the policy option, reading input, the engine."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from tiergate.errors import InputError
from tiergate.extract import decode
from tiergate.pipeline import Engine

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_MAX_INPUT = 64 * 1024 * 1024


def policy_option(fn: F) -> F:
    return click.option(
        "--policy",
        "policy_path",
        type=click.Path(dir_okay=False, path_type=Path),
        envvar="TIERGATE_POLICY",
        help="Policy file merged over the packaged default (env TIERGATE_POLICY).",
    )(fn)


def engine(policy_path: Path | None) -> Engine:
    return Engine(policy_path)


def read_stdin(limit: int = DEFAULT_MAX_INPUT) -> str:
    data = sys.stdin.buffer.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"standard input is over the limit of {limit} bytes")
    return decode(data)


def read_file(path: Path, limit: int = DEFAULT_MAX_INPUT) -> str:
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(f"{path}: {size} bytes is over the limit of {limit}")
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError(f"{path} is a folder; use `tiergate scan` for folders") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or type(exc).__name__}") from None
    return decode(data)


def read_source(source: str | None, *, literal_ok: bool) -> str:
    """``-`` or nothing: stdin; an existing file: its text; else (if allowed) the text itself."""
    if source is None or source == "-":
        if source is None and sys.stdin.isatty():
            raise click.UsageError("give TEXT, a FILE, or - to read standard input")
        return read_stdin()
    path = Path(source)
    if path.exists():
        return read_file(path)
    if literal_ok:
        return source
    raise InputError(f"no such file: {source}")
