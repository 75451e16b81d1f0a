"""Options and arguments shared by several commands, defined once."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

__all__ = [
    "ENDPOINT_OPTION",
    "NO_CACHE_OPTION",
    "echo_notice",
    "project_cache",
    "reading_progress",
    "Stages",
    "staged_progress",
    "working",
    "FORMAT_TEXT_JSON",
    "GRAPH_OPTION",
    "TIMEOUT_OPTION",
    "TableChoice",
    "outcome_kinds",
    "paths_argument",
    "seconds_callback",
]

# -- Shared options (defined once) --------------------------------------------

NO_CACHE_OPTION = click.option(
    "--no-cache", is_flag=True, default=False,
    help="Read every file afresh and leave the cache (.chkg-cache/ in the checkout) alone.")


def project_cache(no_cache: bool) -> Path | None:
    """The cache folder of the current checkout, or ``None`` with ``--no-cache``."""
    from chkg.cli.group import current_project
    from chkg.graph.cache import CACHE_FOLDER

    return None if no_cache else current_project().root / CACHE_FOLDER


def echo_notice(line: str) -> None:
    """Print a one-line notice (a cache rebuilt or skipped) on standard error, made terminal-safe."""
    from chkg.untrusted import terminal_safe

    click.echo(terminal_safe(line, keep_newlines=False), err=True)


@contextmanager
def working(what: str) -> Iterator[None]:
    """A rich spinner saying ``what`` is being done, on standard error when it is a terminal; nothing when piped."""
    if not sys.stderr.isatty():
        yield
        return
    from rich.console import Console

    with Console(stderr=True).status(what):
        yield


@contextmanager
def reading_progress(what: str = "reading Turtle") -> Iterator[Callable[[int, int], None] | None]:
    """A rich progress bar on standard error when it is a terminal; nothing when piped."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console

    with _reading_bar(what, Console(stderr=True)) as bar:
        task = bar.add_task("read", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _reading_bar(what: str, console: Any) -> Any:
    """The bar of bytes read (rich), cleared when done: one look for every command that reads Turtle."""
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(TextColumn(what), BarColumn(), DownloadColumn(), TimeRemainingColumn(), console=console,
                    transient=True)


@dataclass(frozen=True)
class Stages:
    """The callbacks of :func:`staged_progress`; both ``None`` when standard error is not a terminal."""

    #: ``read(bytes read, bytes to read)`` while files are parsed
    read: Callable[[int, int], None] | None = None
    #: ``phase(name)`` as each later phase begins
    phase: Callable[[str], None] | None = None


@contextmanager
def staged_progress(what: str = "reading Turtle") -> Iterator[Stages]:
    """A reading bar, then the name of each phase with a spinner and its time, on standard error.

    For a command that reads and then works in phases (``chkg validate``: the graph checks,
    the evidence checks, the SHACL shapes). On a terminal only, and cleared at the end; when
    standard error is piped, nothing is printed and both callbacks are ``None``. A phase's name
    is drawn as soon as it begins, however short it is.
    """
    if not sys.stderr.isatty():
        yield Stages()
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    with ExitStack() as stack:
        bar = stack.enter_context(_reading_bar(what, console))
        reading = bar.add_task("read", total=None)
        phases: list[tuple[Progress, TaskID]] = []

        def read(done: int, total: int) -> None:
            if not phases:
                bar.update(reading, completed=done, total=total)

        def phase(name: str) -> None:
            if not phases:
                bar.stop()  # the reading is over: its bar is cleared
                shown = stack.enter_context(Progress(SpinnerColumn(), TextColumn("{task.description}"),
                                                     TimeElapsedColumn(), console=console, transient=True))
                phases.append((shown, shown.add_task(name, total=None)))
            shown, task = phases[0]
            shown.reset(task, description=name, total=None)  # the time counts from this phase's start
            shown.refresh()

        yield Stages(read, phase)


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
