"""The ``tiergate`` command line: one group, one module per command family.

Every command turns tiergate's own errors into one line on stderr and exit code 2; an
unexpected failure prints one line too (set ``TIERGATE_DEBUG=1`` for the traceback).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

import click

import tiergate
from tiergate.cli.audit import audit_group
from tiergate.cli.classify import classify_cmd
from tiergate.cli.keys import keys_group
from tiergate.cli.policy import policy_group
from tiergate.cli.providers import providers_cmd
from tiergate.cli.redact import redact_cmd
from tiergate.cli.scan import scan_cmd
from tiergate.cli.serve import serve_cmd
from tiergate.errors import TiergateError

EXIT_ERROR = 2
EXIT_INTERNAL = 70


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(tiergate.__version__, prog_name="tiergate")
def cli() -> None:
    """Classify, minimise and route data by risk tier before it reaches an AI API."""


cli.add_command(classify_cmd)
cli.add_command(scan_cmd)
cli.add_command(redact_cmd)
cli.add_command(serve_cmd)
cli.add_command(providers_cmd)
cli.add_command(audit_group)
cli.add_command(policy_group)
cli.add_command(keys_group)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        rv = cli.main(args=list(argv) if argv is not None else None, standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("tiergate: aborted", err=True)
        return 130
    except click.ClickException as exc:
        exc.show()
        return EXIT_ERROR
    except TiergateError as exc:
        click.echo(f"tiergate: error: {exc}", err=True)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        if os.environ.get("TIERGATE_DEBUG"):
            raise
        click.echo(
            f"tiergate: internal error ({type(exc).__name__}); set TIERGATE_DEBUG=1 for details",
            err=True,
        )
        return EXIT_INTERNAL
    return rv if isinstance(rv, int) else 0


def run() -> None:
    sys.exit(main())
