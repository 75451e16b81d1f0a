"""``chkg query``, ``serve`` and ``publish``: SPARQL on the embedded store or a server."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal, cast

import click

from chkg.cli.group import cli, current_project
from chkg.cli.options import ENDPOINT_OPTION, FORMAT_TEXT_JSON, GRAPH_OPTION, TIMEOUT_OPTION, paths_argument

# -- query, serve, publish (issue 5) ------------------------------------------

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
@TIMEOUT_OPTION
@click.option("--allow-remote", is_flag=True,
              help="Let SERVICE, LOAD and other updates through on the embedded store.")
@click.option("--list", "list_queries", is_flag=True, help="List the catalogue and exit.")
def query_command(name: str | None, params: tuple[str, ...], endpoint: str | None, graph_iri: str | None,
                  output_format: str, timeout: float, allow_remote: bool, list_queries: bool) -> None:
    """Run a catalogue query (by slug or number) or a .rq FILE, on the bundled graph or an endpoint."""
    from chkg.errors import UsageError
    from chkg.graph.loader import load
    from chkg.sparql.query import EmbeddedStore, ResultFormat, catalogue, find_query, format_result, run_query

    if list_queries:
        for q in catalogue(current_project().queries):
            params_text = " ".join(f"--param {p.key}=" + (p.default or "...") for p in q.parameters)
            click.echo(f"{q.number}  {q.name:<45} {q.summary}" + (f"  [{params_text}]" if params_text else ""))
        return
    if not name:
        raise UsageError("name a catalogue query or a .rq file (see `chkg query --list`)")
    found = find_query(name, current_project().queries)
    store = None if endpoint else EmbeddedStore.from_graph(load(project=current_project()))
    result = run_query(found, _param_pairs(params), endpoint=endpoint, graph=graph_iri, store=store,
                       allow_remote=allow_remote, timeout=timeout)
    click.echo(format_result(result, ResultFormat(output_format.lower())).rstrip("\n"))


@cli.command("serve")
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True)
@paths_argument
def serve_command(port: int, paths: tuple[Path, ...]) -> None:
    """Serve the graph read-only with Oxigraph on 127.0.0.1 until Ctrl-C."""
    from chkg.graph.loader import load
    from chkg.sparql.serve import serve_forever

    serve_forever(load(list(paths) or None, project=current_project()), port=port, echo=click.echo)


@cli.command("publish")
@click.option("--endpoint", required=True, metavar="URL",
              help="The store's Graph Store Protocol endpoint (Oxigraph .../store, Virtuoso "
              ".../sparql-graph-crud-auth). Credentials come from CHKG_ENDPOINT_USER / "
              "CHKG_ENDPOINT_PASSWORD, CHKG_ENDPOINT_AUTH=basic|digest.")
@click.option("--graph", "graph_iri", default="https://w3id.org/creative-health-kg/graph", show_default=True,
              metavar="IRI", help="The named graph to replace.")
@click.option("--query-endpoint", default=None, metavar="URL",
              help="The SPARQL query endpoint for the count check (guessed for Oxigraph and Virtuoso).")
@click.option("--timeout", type=float, default=120.0, show_default=True)
@paths_argument
def publish_command(endpoint: str, graph_iri: str, query_endpoint: str | None, timeout: float,
                    paths: tuple[Path, ...]) -> None:
    """Replace a named graph of a SPARQL 1.1 store with the graph, then count it back."""
    from chkg.sparql.endpoint import publish
    from chkg.errors import EndpointHTTPError
    from chkg.graph.loader import load

    report = publish(load(list(paths) or None, project=current_project()), endpoint, graph_iri=graph_iri,
                     query_url=query_endpoint, timeout=timeout)
    if not report.complete:
        raise EndpointHTTPError(f"published {report.sent} triples to <{report.graph_iri}> but the store "
                                f"holds {report.stored}")
    click.echo(f"published {report.sent} triples to <{report.graph_iri}> at {report.store_url} "
               f"(HTTP {report.status}); the store holds {report.stored}")


