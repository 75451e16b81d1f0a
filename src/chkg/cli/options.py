"""Options and arguments shared by several commands, defined once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

__all__ = [
    "ENDPOINT_OPTION",
    "FORMAT_TEXT_JSON",
    "GRAPH_OPTION",
    "TIMEOUT_OPTION",
    "TableChoice",
    "outcome_kinds",
    "paths_argument",
    "seconds_callback",
]

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


class TableChoice(click.ParamType[str, Any]):
    """A choice among names read when the command runs (from :mod:`chkg.vocab.kinds`).

    The names are not imported when the CLI starts, so ``--help`` stays instant, and a row
    added to the kinds table is a new choice with no edit here. ``_`` and ``-`` and case are
    folded.
    """

    def __init__(self, names: Callable[[], Sequence[str]], name: str = "choice") -> None:
        self._names = names
        self.name = name

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return "[" + "|".join(self._names()) + "]"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        names = list(self._names())
        wanted = str(value).strip().lower().replace("_", "-")
        if wanted not in names:
            self.fail(f"{value!r} is not one of {', '.join(names)}", param, ctx)
        return wanted


def outcome_kinds() -> list[str]:
    """The outcome kinds (``workforce``, ``patient``...): the variants of the ``outcome`` kind."""
    from chkg.vocab.kinds import kind_named

    return [variant.name for variant in kind_named("outcome").variants]
