"""The ``chkg`` command line: a thin layer over the Python API.

Each command parses its options, calls the API (imported inside the command, so
``chkg --help`` stays instant), and formats the result. Errors of the
:mod:`chkg.errors` family become one line on standard error and the exit code
of their class, in :func:`main` and nowhere else.
"""

from __future__ import annotations

import sys
from pathlib import Path
from collections.abc import Sequence
from typing import Any, Literal, cast

import click

from chkg.untrusted import terminal_safe

__all__ = ["cli", "main"]


# Importing the command modules registers their commands on the group.
from chkg.cli import analysis, curation, sparql, validate  # noqa: E402,F401
from chkg.cli.group import cli  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; map :class:`~chkg.errors.ChkgError` to one line and its exit code."""
    from chkg.errors import ChkgError

    try:
        # With standalone_mode=False, click returns a command's exit code instead of exiting.
        returned = cli.main(args=argv, prog_name="chkg", standalone_mode=False)
    except ChkgError as exc:
        # one line, whatever the message carries (a label, a value, an answer): controls shown inert
        click.echo(f"chkg: error: {terminal_safe(str(exc), keep_newlines=False)}", err=True)
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("chkg: aborted", err=True)
        return 130
    except click.UsageError as exc:
        # One line, like every other error: what is wrong, and where the help is.
        command = exc.ctx.command_path if exc.ctx is not None else "chkg"
        click.echo(f"{command}: error: {exc.format_message()} (see '{command} --help')", err=True)
        return 2
    except click.ClickException as exc:
        click.echo(f"chkg: error: {exc.format_message()}", err=True)
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except BrokenPipeError:
        return 0
    return returned if isinstance(returned, int) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
