"""Options and arguments shared by several commands, defined once."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal, cast

import click

__all__ = ["ENDPOINT_OPTION", "FORMAT_TEXT_JSON", "GRAPH_OPTION", "TIMEOUT_OPTION", "paths_argument", "seconds_callback"]

# -- Shared options (defined once) --------------------------------------------

FORMAT_TEXT_JSON = click.Choice(["text", "json"], case_sensitive=False)

ENDPOINT_OPTION = click.option(
    "--endpoint",
    metavar="URL",
    default=None,
    help="A SPARQL endpoint to read the graph from instead of the bundled files. "
    "Credentials come from CHKG_ENDPOINT_USER / CHKG_ENDPOINT_PASSWORD.",
)


GRAPH_OPTION = click.option(
    "--graph",
    "graph_iri",
    default=None,
    metavar="IRI",
    help="With --endpoint: the named graph to query as the default graph.",
)

def seconds_callback(ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
    """Check a time-limit option: above 0, finite, at most a day (``-1``, ``nan``, ``inf``, ``1e300`` refused)."""
    from chkg.errors import UsageError
    from chkg.sparql.bounds import check_seconds

    if value is None:
        return None
    try:
        return check_seconds(value, option=param.opts[0] if param.opts else "--timeout")
    except UsageError:
        raise click.BadParameter(f"{value!r} is not a number of seconds above 0 and at most a day") from None


TIMEOUT_OPTION = click.option(
    "--timeout", type=float, callback=seconds_callback, default=30.0, show_default=True,
    help="Seconds an endpoint request may take in total (connect to last byte).",
)


def paths_argument(func: Any) -> Any:
    """The ``PATH ...`` argument: Turtle files or folders (default: ontology/ and data/)."""
    return click.argument(
        "paths", nargs=-1, type=click.Path(path_type=Path, exists=False, dir_okay=True)
    )(func)


