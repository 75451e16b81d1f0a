"""The ``chkg`` command line: a thin layer over the Python API.

Each command parses its options, calls the API (imported inside the command, so
``chkg --help`` stays instant), and formats the result. Errors of the
:mod:`chkg.errors` family become one line on standard error and the exit code
of their class, in :func:`main` and nowhere else.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

__all__ = ["cli", "main"]

# -- Shared options (defined once) --------------------------------------------

FORMAT_TEXT_JSON = click.Choice(["text", "json"], case_sensitive=False)

ENDPOINT_OPTION = click.option(
    "--endpoint",
    metavar="URL",
    default=None,
    help="A SPARQL endpoint to read the graph from instead of the bundled files. "
    "Credentials come from CHKG_ENDPOINT_USER / CHKG_ENDPOINT_PASSWORD.",
)


def paths_argument(func: Any) -> Any:
    """The ``PATH ...`` argument: Turtle files or folders (default: ontology/ and data/)."""
    return click.argument(
        "paths", nargs=-1, type=click.Path(path_type=Path, exists=False, dir_okay=True)
    )(func)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="creative-health-kg", prog_name="chkg")
def cli() -> None:
    """Creative Health Knowledge Graph: validate, query, trace and report."""


# -- validate (issue 2) -------------------------------------------------------

# -- paths, whatif, report (issue 4) ------------------------------------------

# -- query, serve, publish (issue 5) ------------------------------------------

# -- source add, new, fmt, diff, export, docs (issue 6) -----------------------


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; map :class:`~chkg.errors.ChkgError` to one line and its exit code."""
    from chkg.errors import ChkgError

    try:
        cli.main(args=argv, prog_name="chkg", standalone_mode=False)
    except ChkgError as exc:
        click.echo(f"chkg: error: {exc}", err=True)
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("chkg: aborted", err=True)
        return 130
    except click.ClickException as exc:
        exc.show()
        return 2 if isinstance(exc, click.UsageError) else exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except BrokenPipeError:
        return 0
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
