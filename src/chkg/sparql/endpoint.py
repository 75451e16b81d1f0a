"""Remote SPARQL endpoints: SELECT, ASK, CONSTRUCT and counts over the SPARQL 1.1 protocol.

Every request goes through :func:`chkg.sparql.http.request` (a total deadline
and a size cap) and every answer through :mod:`chkg.sparql.answers` (the
formats chkg reads, parsed without fetching anything). Credentials come from
the environment (:mod:`chkg.sparql.auth`). A query goes by GET, or by POST
(form-encoded) when it is long.

Every failure is one :mod:`chkg.errors` exception: the endpoint cannot be
reached (:class:`~chkg.errors.EndpointUnreachableError`), does not answer in
time (:class:`~chkg.errors.EndpointTimeoutError`), answers an HTTP error
(:class:`~chkg.errors.EndpointHTTPError`, with the status and the start of the
body) or something chkg does not read (:class:`~chkg.errors.EndpointAnswerError`).

Examples
--------
>>> select("http://127.0.0.1:9/sparql", "ASK {}", timeout=2)
Traceback (most recent call last):
...
chkg.errors.EndpointUnreachableError: cannot reach http://127.0.0.1:9/sparql: Connection refused
"""

from __future__ import annotations

import time
import urllib.parse

import pyoxigraph as ox
from rdflib import Graph

from chkg.errors import EndpointAnswerError, EndpointHTTPError, UsageError
from chkg.sparql.answers import GRAPH_ACCEPT, RESULTS_ACCEPT, read_graph, read_results
from chkg.sparql.auth import authorizer, credentials_from_env, digest_signer
from chkg.sparql.http import DEFAULT_MAX_BYTES, Answer, check_url, redact_url, request
from chkg.sparql.lexer import has_order_by, query_form
from chkg.sparql.results import QueryResult

__all__ = ["select", "construct", "count_triples", "ask_endpoint"]

#: Queries longer than this many characters go by POST rather than GET.
_POST_ABOVE = 1500


def ask_endpoint(
    url: str,
    query: str,
    *,
    accept: str,
    timeout: float,
    graph: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    started: float | None = None,
) -> Answer:
    """Send ``query`` to ``url`` by the SPARQL protocol and return the raw answer.

    ``timeout`` is a total deadline from ``started`` (see :func:`chkg.sparql.http.request`),
    for every request the exchange takes (Digest's second one too).

    Examples
    --------
    >>> ask_endpoint("http://127.0.0.1:9/q", "ASK {}", accept=RESULTS_ACCEPT, timeout=1)
    Traceback (most recent call last):
    ...
    chkg.errors.EndpointUnreachableError: cannot reach http://127.0.0.1:9/q: Connection refused
    """
    check_url(url)
    started = time.monotonic() if started is None else started
    fields = [("query", query)] + ([("default-graph-uri", graph)] if graph else [])
    encoded = urllib.parse.urlencode(fields)
    headers = {"Accept": accept}
    creds = credentials_from_env()
    method = "POST" if len(query) > _POST_ABOVE else "GET"
    if method == "GET":
        sep = "&" if urllib.parse.urlsplit(url).query else "?"
        target, body = f"{url}{sep}{encoded}", None
    else:
        target, body = url, encoded.encode("utf-8")
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if creds is not None and creds.scheme == "basic":
        headers["Authorization"] = authorizer(target, creds, timeout)(method)
    answer = request(method, target, body=body, headers=headers, timeout=timeout, max_bytes=max_bytes,
                     ok_statuses=(401,), started=started)
    if answer.status == 401 and creds is not None and creds.scheme == "digest":
        # Digest answers the server's challenge, as a browser does: only when asked
        headers["Authorization"] = digest_signer(target, creds, answer)(method)
        answer = request(method, target, body=body, headers=headers, timeout=timeout, max_bytes=max_bytes,
                         ok_statuses=(401,), started=started)
    if answer.status == 401:
        hint = "set CHKG_ENDPOINT_USER and CHKG_ENDPOINT_PASSWORD" if creds is None else (
            "check CHKG_ENDPOINT_USER, CHKG_ENDPOINT_PASSWORD and CHKG_ENDPOINT_AUTH")
        raise EndpointHTTPError(f"{answer.url} answered HTTP 401 {answer.reason}: it wants credentials; {hint}")
    return answer


def select(
    url: str, query: str, *, timeout: float = 30.0, graph: str | None = None, started: float | None = None
) -> QueryResult:
    """Run a SELECT or ASK query on an endpoint and read its SPARQL results.

    Parameters
    ----------
    url
        The SPARQL endpoint (``http://127.0.0.1:7878/query``, ``.../sparql``).
    query
        The query text, parameters already bound (``chkg.sparql.parameters.bind_parameters``).
    timeout
        Seconds the whole request may take (from ``started``, a :func:`time.monotonic` reading,
        if given).
    graph
        A named graph to query as the default graph (``default-graph-uri``).

    Returns
    -------
    QueryResult
        Terms as rdflib terms; Virtuoso's ``typed-literal`` read as a literal.

    Examples
    --------
    >>> select("http://127.0.0.1:9/query", "CONSTRUCT WHERE { ?s ?p ?o }")
    Traceback (most recent call last):
    ...
    chkg.errors.UsageError: select() runs SELECT and ASK queries, not CONSTRUCT; use construct()
    """
    form = query_form(query)
    if form not in ("SELECT", "ASK"):
        raise UsageError(f"select() runs SELECT and ASK queries, not {form}; use construct()")
    answer = ask_endpoint(url, query, accept=RESULTS_ACCEPT, timeout=timeout, graph=graph, started=started)
    return read_results(answer, ordered=has_order_by(query))


def construct(
    url: str, query: str, *, timeout: float = 30.0, graph: str | None = None, started: float | None = None
) -> Graph:
    """Run a CONSTRUCT (or DESCRIBE) query on an endpoint and return the graph it builds.

    This is how ``chkg paths --endpoint`` and ``chkg report --endpoint`` build
    their analysis graph from a store.

    Examples
    --------
    >>> construct("http://127.0.0.1:9/query", "CONSTRUCT WHERE { ?s ?p ?o }", timeout=2)
    Traceback (most recent call last):
    ...
    chkg.errors.EndpointUnreachableError: cannot reach http://127.0.0.1:9/query: Connection refused
    """
    form = query_form(query)
    if form not in ("CONSTRUCT", "DESCRIBE"):
        raise UsageError(f"construct() runs CONSTRUCT and DESCRIBE queries, not {form}")
    return read_graph(ask_endpoint(url, query, accept=GRAPH_ACCEPT, timeout=timeout, graph=graph,
                                   started=started))


def count_triples(url: str, graph_iri: str | None = None, *, timeout: float = 30.0) -> int:
    """Count the triples of a named graph (or of the default graph) on an endpoint.

    Examples
    --------
    >>> count_triples("http://127.0.0.1:9/query", "urn:g", timeout=2)
    Traceback (most recent call last):
    ...
    chkg.errors.EndpointUnreachableError: cannot reach http://127.0.0.1:9/query: Connection refused
    """
    if graph_iri:
        try:
            iri = str(ox.NamedNode(graph_iri))
        except ValueError as exc:
            raise UsageError(f"{graph_iri!r} is not a valid graph IRI: {exc}") from None
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {iri} {{ ?s ?p ?o }} }}"
    else:
        query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    result = select(url, query, timeout=timeout)
    if not result.rows or result.rows[0][0] is None:
        return 0
    try:
        return int(str(result.rows[0][0]))
    except ValueError:
        raise EndpointAnswerError(f"{redact_url(url)} counted {result.rows[0][0]!r} triples, not a number") from None
