"""``chkg query``, ``serve`` and ``publish``: SPARQL on the embedded store or a server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from chkg.cli.group import cli, current_project
from chkg.cli.options import (
    ENDPOINT_OPTION,
    GRAPH_OPTION,
    NO_CACHE_OPTION,
    echo_notice,
    paths_argument,
    project_cache,
    reading_progress,
    seconds_callback,
)
from chkg.sparql.lexer import DEFAULT_MAX_DEPTH, MAX_DEPTH

# -- query, serve, publish (issue 5; bounds and safety, issue 12) ---------------

_QUERY_FORMATS = click.Choice(["table", "csv", "tsv", "json"], case_sensitive=False)


def _param_pairs(values: tuple[str, ...]) -> list[tuple[str, str]]:
    """``name=value`` strings of ``--param`` as pairs (a value may hold ``=``)."""
    from chkg.errors import UsageError

    pairs = []
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--param takes name=value, not {item!r}")
        pairs.append((name.strip(), value))
    return pairs


@cli.command("query")
@click.argument("name", required=False, metavar="NAME|FILE")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A query parameter: <iri>, chkg:curie or a plain string (repeatable).")
@ENDPOINT_OPTION
@GRAPH_OPTION
@click.option("--format", "output_format", type=_QUERY_FORMATS, default="table", show_default=True)
@click.option("--timeout", type=float, callback=seconds_callback, default=30.0, show_default=True,
              help="Seconds the query may run on the embedded store, or the whole endpoint request may take.")
@click.option("--max-rows", type=click.IntRange(min=1), default=100_000, show_default=True,
              help="On the embedded store: stop a query returning more rows than this.")
@click.option("--max-depth", type=click.IntRange(min=1, max=MAX_DEPTH), default=DEFAULT_MAX_DEPTH, show_default=True,
              help=f"Refuse, before parsing, a query whose brackets nest deeper than this (at most {MAX_DEPTH}: "
              "about 900 crash the parser).")
@click.option("--allow-remote", is_flag=True,
              help="Let SERVICE, LOAD and other updates through on the embedded store.")
@click.option("--list", "list_queries", is_flag=True, help="List the catalogue and exit.")
@NO_CACHE_OPTION
def query_command(name: str | None, params: tuple[str, ...], endpoint: str | None, graph_iri: str | None,
                  output_format: str, timeout: float, max_rows: int, max_depth: int, allow_remote: bool,
                  list_queries: bool, no_cache: bool) -> None:
    """Run a catalogue query (by slug or number) or a .rq FILE, on the bundled graph or an endpoint.

    On the embedded store, --timeout and --max-rows bound the query; on an
    endpoint, --timeout bounds the whole request.
    """
    from chkg.errors import DataError, UsageError
    from chkg.graph.store import open_store
    from chkg.sparql.bounds import QueryBounds
    from chkg.sparql.catalogue import catalogue, find_query
    from chkg.sparql.query import run_query
    from chkg.sparql.results import ResultFormat, format_result
    from chkg.sparql.store import EmbeddedStore
    from chkg.untrusted import terminal_safe

    if list_queries:
        for q in catalogue(current_project().queries):
            params_text = " ".join(f"--param {p.key}=" + (p.default or "...") for p in q.parameters)
            line = f"{q.number}  {q.name:<45} {q.summary}" + (f"  [{params_text}]" if params_text else "")
            click.echo(terminal_safe(line))
        return
    if not name:
        raise UsageError("name a catalogue query or a .rq file (see `chkg query --list`)")
    found = find_query(name, current_project().queries)
    bounds = QueryBounds(max_rows=max_rows, timeout=timeout, max_depth=max_depth)
    pairs = _param_pairs(params)
    fmt = ResultFormat(output_format.lower())
    if endpoint:
        result = run_query(found, pairs, endpoint=endpoint, graph=graph_iri, allow_remote=allow_remote,
                           timeout=timeout, bounds=bounds)
        click.echo(_for_stdout(format_result(result, fmt).rstrip("\n")))
        return
    with reading_progress() as progress, open_store(project=current_project(), cache=project_cache(no_cache),
                                                    progress=progress, notice=echo_notice) as loaded:
        if loaded.problems:
            count = len(loaded.problems)
            raise DataError(f"{loaded.problems[0]}" + (f" (and {count - 1} more; run `chkg validate` to see all)"
                                                       if count > 1 else ""))
        with EmbeddedStore.from_graph_store(loaded) as store:  # closed before the cache's store is released
            result = run_query(found, pairs, store=store, allow_remote=allow_remote, timeout=timeout, bounds=bounds)
            click.echo(_for_stdout(format_result(result, fmt).rstrip("\n")))
            if not result.rows and result.boolean is None and result.graph is None:
                _did_you_mean(found, dict(pairs), store.labels())


def _did_you_mean(found: Any, given: dict[str, str], labels: list[str]) -> None:
    """On standard error: the labels closest to a literal parameter that matched nothing."""
    from chkg.sparql.parameters import closest_labels
    from chkg.untrusted import terminal_safe

    for param in found.parameters:
        value = given.get(param.key, given.get(param.name))
        if param.kind != "literal" or value is None:
            continue
        near = closest_labels(value, labels)
        if near:
            click.echo(terminal_safe(f"chkg: no label {value!r}; did you mean: {', '.join(near)}?",
                                     keep_newlines=False), err=True)


@cli.command("serve")
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True)
@click.option("--timeout", type=float, callback=seconds_callback, default=30.0, show_default=True,
              help="Seconds a query may run on the server.")
@click.option("--allow-federation", is_flag=True,
              help="Let queries with SERVICE through (they make the server fetch other endpoints).")
@paths_argument
def serve_command(port: int, timeout: float, allow_federation: bool, paths: tuple[Path, ...]) -> None:
    """Serve the graph read-only on 127.0.0.1 (a query page and a SPARQL endpoint) until Ctrl-C."""
    from chkg.graph.loader import load
    from chkg.sparql.catalogue import catalogue
    from chkg.sparql.serve import serve_forever

    project = current_project()
    serve_forever(load(list(paths) or None, project=project), port=port, echo=click.echo,
                  queries=catalogue(project.queries), timeout=timeout, allow_federation=allow_federation)


@cli.command("publish")
@click.option("--endpoint", required=True, metavar="URL",
              help="The store's Graph Store Protocol endpoint (Oxigraph .../store, Virtuoso "
              ".../sparql-graph-crud-auth). Credentials come from CHKG_ENDPOINT_USER / "
              "CHKG_ENDPOINT_PASSWORD, CHKG_ENDPOINT_AUTH=basic|digest.")
@click.option("--graph", "graph_iri", default="https://w3id.org/creative-health-kg/graph", show_default=True,
              metavar="IRI", help="The named graph to replace.")
@click.option("--query-endpoint", default=None, metavar="URL",
              help="The SPARQL query endpoint for the count check (guessed for Oxigraph and Virtuoso).")
@click.option("--timeout", type=float, callback=seconds_callback, default=120.0, show_default=True,
              help="Seconds each request may take in total.")
@paths_argument
def publish_command(endpoint: str, graph_iri: str, query_endpoint: str | None, timeout: float,
                    paths: tuple[Path, ...]) -> None:
    """Replace a named graph of a SPARQL 1.1 store with the graph, then count it back."""
    from chkg.errors import EndpointHTTPError
    from chkg.graph.loader import load
    from chkg.sparql.publish import publish

    report = publish(load(list(paths) or None, project=current_project()), endpoint, graph_iri=graph_iri,
                     query_url=query_endpoint, timeout=timeout)
    if not report.complete:
        raise EndpointHTTPError(f"published {report.sent} triples to <{report.graph_iri}> but the store "
                                f"holds {report.stored}")
    click.echo(f"published {report.sent} triples to <{report.graph_iri}> at {report.store_url} "
               f"(HTTP {report.status}); the store holds {report.stored}")


def _for_stdout(text: str, *, terminal: bool | None = None) -> str:
    r"""``text`` as written to standard output: machine formats as they are when piped or written
    to a file, but never raw control sequences on a terminal (a label could retitle or recolour it).

    CSV's line ends (``\r\n``) stay line ends; a carriage return inside a value is shown.

    >>> _for_stdout("a\x1b]0;x\x07b", terminal=True)
    'a\\x1b]0;x\\x07b'
    >>> _for_stdout("a\x1b]0;x\x07b", terminal=False) == "a\x1b]0;x\x07b"
    True
    >>> _for_stdout('x,n\r\n"a\rb",1', terminal=True)
    'x,n\r\n"a\\x0db",1'
    """
    import sys

    from chkg.untrusted import terminal_safe

    on_terminal = sys.stdout.isatty() if terminal is None else terminal
    return "\r\n".join(terminal_safe(line) for line in text.split("\r\n")) if on_terminal else text
