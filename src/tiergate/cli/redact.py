"""``tiergate redact``: the text as it would leave, minimised by the policy."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tiergate.cli._common import engine, policy_option, read_source


@click.command("redact")
@click.argument("source", required=False, metavar="[FILE | -]")
@policy_option
def redact_cmd(source: str | None, policy_path: Path | None) -> int:
    """Print FILE (or standard input) with secrets redacted and personal data replaced by
    placeholders, as the policy says."""
    text = read_source(source, literal_ok=False)
    sys.stdout.write(engine(policy_path).redact(text))
    sys.stdout.flush()
    return 0
