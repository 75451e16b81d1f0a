"""The ``chkg`` command line: a thin layer over the Python API.

Each command parses its options, calls the API (imported inside the command, so
``chkg --help`` stays instant), and formats the result. Errors of the
:mod:`chkg.errors` family become one line on standard error and the exit code
of their class, in :func:`main` and nowhere else. Libraries' log records are
one line too, never a traceback (:func:`one_line_library_logs`).
"""

from __future__ import annotations

import logging
import sys

import click

from chkg.untrusted import terminal_safe

__all__ = ["cli", "main", "one_line_library_logs"]


# Importing the command modules registers their commands on the group.
from chkg.cli import analysis, curation, sparql, validate  # noqa: F401
from chkg.cli.group import cli


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; map :class:`~chkg.errors.ChkgError` to one line and its exit code.

    Faults of the output itself end the same way: a closed pipe (``chkg export | head``) is
    a quiet success; a full device (``chkg export > /dev/full``) or another write error is
    one line and the exit code of :class:`~chkg.errors.OutputError`, never a traceback.
    """
    from chkg.errors import ChkgError, OutputError

    one_line_library_logs()
    try:
        # With standalone_mode=False, click returns a command's exit code instead of exiting.
        returned = cli.main(args=argv, prog_name="chkg", standalone_mode=False)
        # a full device shows up when the buffer is written: make that happen here, not at exit
        sys.stdout.flush()
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
        _discard_stdout()
        return 0
    except OSError as exc:
        _discard_stdout()
        where = f": {exc.filename}" if exc.filename else ""
        click.echo(f"chkg: error: cannot write the output{where}: {exc.strerror or exc}", err=True)
        return OutputError.exit_code
    return returned if isinstance(returned, int) else 0


class _OneLineHandler(logging.Handler):
    """Print a log record as one line on standard error: no traceback, controls shown inert."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            first = (record.getMessage().strip().splitlines() or [""])[0]
            word = "error" if record.levelno >= logging.ERROR else "warning"
            sys.stderr.write(f"chkg: {word}: {terminal_safe(first, keep_newlines=False)}\n")
        except Exception:  # a log line must never end the command
            pass


def one_line_library_logs() -> None:
    """Make what libraries log one line on standard error, never a traceback; rdflib's warnings quiet.

    Python prints a record that no handler takes through :data:`logging.lastResort`, with its
    traceback: rdflib logs ``Failed to convert Literal lexical form to value`` with one for each
    ill-typed literal (``"abc"^^xsd:integer``) that ``chkg export``, ``docs``, ``diff``, ``fmt`` or
    ``query`` meets. Here the handler of last resort prints the record's first line only, and
    rdflib's warnings are not printed at all: the data problems they are about are findings of
    ``chkg validate`` (``check:ill-typed-literal``), with file and line. Logging a program has
    configured itself (handlers on the root logger, as pytest's) is left alone.
    """
    logging.lastResort = _OneLineHandler()
    rdflib = logging.getLogger("rdflib")
    if rdflib.level < logging.ERROR:
        rdflib.setLevel(logging.ERROR)


def _discard_stdout() -> None:
    """Point standard output at the null device, so that Python's own flush at exit stays quiet."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (a test's capture)
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
