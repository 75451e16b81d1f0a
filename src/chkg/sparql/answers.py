"""The one place that decides which endpoint answers chkg reads, and reads them safely.

A SELECT or ASK answer is read as SPARQL JSON or TSV results (or SPARQL XML
results without a DTD); a CONSTRUCT or DESCRIBE answer as Turtle, N-Triples,
RDF/XML without a DTD, or JSON-LD. All are parsed by pyoxigraph, which never
fetches anything: a JSON-LD ``@context`` naming a URL or a file is refused, not
resolved, and an XML document declaring a DTD (where entities, and entity
bombs, live) is refused before parsing. Relative IRIs resolve against
:data:`chkg.untrusted.NEUTRAL_BASE_IRI`, never a local path. Anything else (an
empty body, HTML, a format not asked for, a body that does not parse) is one
:class:`~chkg.errors.EndpointAnswerError` line saying what the server did.

Examples
--------
>>> a = Answer("http://h/q", 200, "OK", "text/html", b"<html>busy</html>")
>>> read_results(a, ordered=False)
Traceback (most recent call last):
...
chkg.errors.EndpointAnswerError: http://h/q answered text/html, not SPARQL results (it began: <html>busy</html>)
"""

from __future__ import annotations

import re

import pyoxigraph as ox
from rdflib import Graph

from chkg.errors import EndpointAnswerError
from chkg.sparql.http import Answer, excerpt
from chkg.sparql.results import QueryResult, parse_results, to_rdflib
from chkg.untrusted import NEUTRAL_BASE_IRI

__all__ = ["RESULTS_ACCEPT", "GRAPH_ACCEPT", "read_results", "read_graph"]

_RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
}
_GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,  # N-Triples' old media type (Virtuoso)
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/json": ox.RdfFormat.JSON_LD,
}

#: The Accept header of SELECT and ASK requests.
RESULTS_ACCEPT = (
    "application/sparql-results+json, text/tab-separated-values;q=0.8, "
    "application/sparql-results+xml;q=0.5"
)
#: The Accept header of CONSTRUCT and DESCRIBE requests.
GRAPH_ACCEPT = "text/turtle, application/n-triples;q=0.9, application/rdf+xml;q=0.5, application/ld+json;q=0.3"

_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


def _refuse_unreadable(answer: Answer, what: str, *, empty_ok: bool = False) -> None:
    if not answer.body.strip() and not empty_ok:
        raise EndpointAnswerError(
            f"{answer.url} answered HTTP {answer.status} with an empty body, not {what}"
        )
    if answer.media_type.endswith("xml") and _DTD.search(answer.body[:65536]):
        raise EndpointAnswerError(
            f"{answer.url} answered XML that declares a DTD or entities; chkg does not expand them"
        )


def _unreadable(answer: Answer, what: str, exc: Exception) -> EndpointAnswerError:
    message = " ".join(str(exc).split())
    if "LoadDocumentCallback" in message or "remote context" in message.lower():
        return EndpointAnswerError(
            f"{answer.url} answered JSON-LD whose @context names a document to fetch or read; "
            "chkg does not resolve it"
        )
    return EndpointAnswerError(
        f"{answer.url} answered {answer.media_type or 'no content type'} that is not {what}: {excerpt(message)}"
    )


def read_results(answer: Answer, *, ordered: bool) -> QueryResult:
    """Read a SELECT or ASK answer as SPARQL results, or raise one line saying why not."""
    fmt = _RESULT_TYPES.get(answer.media_type)
    if fmt is None:
        raise EndpointAnswerError(
            f"{answer.url} answered {answer.media_type or 'no content type'}, not SPARQL results "
            f"(it began: {excerpt(answer.body, 60)})"
        )
    _refuse_unreadable(answer, "SPARQL results")
    try:
        return parse_results(answer.body, fmt, ordered=ordered)
    except (SyntaxError, ValueError, UnicodeDecodeError) as exc:
        raise _unreadable(answer, "SPARQL results", exc) from None


def read_graph(answer: Answer) -> Graph:
    """Read a CONSTRUCT or DESCRIBE answer as a graph, or raise one line saying why not."""
    fmt = _GRAPH_TYPES.get(answer.media_type)
    if fmt is None:
        raise EndpointAnswerError(
            f"{answer.url} answered {answer.media_type or 'no content type'}, not RDF "
            f"(it began: {excerpt(answer.body, 60)})"
        )
    # an empty Turtle or N-Triples document is an empty graph: a CONSTRUCT that matched nothing
    _refuse_unreadable(answer, "RDF", empty_ok=fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES))
    graph = Graph()
    try:
        for triple in ox.parse(answer.body, format=fmt, base_iri=NEUTRAL_BASE_IRI):
            # a parsed triple's terms are never None, so neither are their conversions
            graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))  # type: ignore[arg-type]
    except (SyntaxError, ValueError, UnicodeDecodeError) as exc:
        raise _unreadable(answer, "RDF", exc) from None
    return graph
