"""Publishing: replace a named graph of a store over the SPARQL 1.1 Graph Store Protocol.

Examples
--------
>>> query_url_for("http://127.0.0.1:7878/store")
'http://127.0.0.1:7878/query'
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph

from chkg.errors import EndpointHTTPError, UsageError
from chkg.sparql.auth import authorizer, credentials_from_env
from chkg.sparql.endpoint import count_triples
from chkg.sparql.http import check_url, redact_url, request

__all__ = ["PublishReport", "query_url_for", "publish"]


@dataclass(frozen=True)
class PublishReport:
    """What ``publish`` did: the graph replaced, triples sent, triples the store now holds."""

    store_url: str
    query_url: str
    graph_iri: str
    sent: int
    stored: int
    status: int

    @property
    def complete(self) -> bool:
        """Whether the store holds exactly the triples sent."""
        return self.sent == self.stored


def query_url_for(store_url: str) -> str:
    """Guess the SPARQL query endpoint of a Graph Store Protocol endpoint.

    Oxigraph serves GSP at ``/store`` and queries at ``/query``; Virtuoso serves
    GSP at ``/sparql-graph-crud`` or ``/sparql-graph-crud-auth`` and queries at
    ``/sparql``. Other layouts need ``--query-endpoint``.

    Examples
    --------
    >>> query_url_for("http://127.0.0.1:8890/sparql-graph-crud-auth")
    'http://127.0.0.1:8890/sparql'
    >>> query_url_for("http://127.0.0.1:7878/store")
    'http://127.0.0.1:7878/query'
    """
    parts = urllib.parse.urlsplit(store_url)
    path = parts.path.rstrip("/")
    for gsp, query in (
        ("/sparql-graph-crud-auth", "/sparql"),
        ("/sparql-graph-crud", "/sparql"),
        ("/store", "/query"),
    ):
        if path.endswith(gsp):
            new_path = path[: -len(gsp)] + query
            return urllib.parse.urlunsplit((parts.scheme, parts.netloc, new_path, "", ""))
    raise UsageError(
        f"cannot tell the SPARQL query endpoint of {store_url}; give it with --query-endpoint"
    )


def publish(
    graph: Graph,
    store_url: str,
    *,
    graph_iri: str,
    query_url: str | None = None,
    timeout: float = 120.0,
) -> PublishReport:
    """Replace a named graph of a store with ``graph`` in one HTTP PUT, then count it back.

    The whole graph goes as one N-Triples document (``PUT store?graph=IRI``, the
    SPARQL 1.1 Graph Store Protocol), so the store holds either the old graph or
    the new one. Before it, a bodiless GET asks the store whether it takes the
    request at all: a store wanting credentials (401) or not doing the Graph
    Store Protocol (405, 501) may close the connection while the body is still
    being sent, which would otherwise read "Broken pipe". Then ``COUNT`` in
    ``GRAPH <IRI>`` on the query endpoint checks the store holds as many
    triples as were sent.

    Parameters
    ----------
    graph
        The graph to publish (``chkg.graph.loader.load()``).
    store_url
        The Graph Store Protocol endpoint (Oxigraph ``/store``, Virtuoso
        ``/sparql-graph-crud-auth``).
    graph_iri
        The named graph to replace.
    query_url
        The SPARQL query endpoint for the count (guessed by :func:`query_url_for`).
    timeout
        Seconds each request may take in total.

    Returns
    -------
    PublishReport

    Raises
    ------
    EndpointUnreachableError, EndpointTimeoutError, EndpointHTTPError

    Examples
    --------
    >>> g = Graph().parse(data="<urn:a> <urn:p> 'x' .", format="turtle")
    >>> publish(g, "http://127.0.0.1:9/store", graph_iri="urn:g", timeout=2)
    Traceback (most recent call last):
    ...
    chkg.errors.EndpointUnreachableError: cannot reach http://127.0.0.1:9/store: Connection refused
    """
    check_url(store_url)
    try:
        ox.NamedNode(graph_iri)
    except ValueError as exc:
        raise UsageError(f"--graph {graph_iri!r} is not a valid IRI: {exc}") from None
    query_url = query_url or query_url_for(store_url)
    body = graph.serialize(format="nt", encoding="utf-8")
    # Virtuoso names the parameter graph-uri, the SPARQL 1.1 GSP names it graph
    param = "graph-uri" if "sparql-graph-crud" in store_url else "graph"
    sep = "&" if urllib.parse.urlsplit(store_url).query else "?"
    target = f"{store_url}{sep}{urllib.parse.urlencode({param: graph_iri})}"
    headers = {"Content-Type": "application/n-triples"}
    creds = credentials_from_env()
    probe_headers: dict[str, str] = {}
    if creds is not None:
        sign = authorizer(target, creds, timeout)
        probe_headers["Authorization"] = sign("GET")
    probe = request("GET", target, headers=probe_headers, timeout=timeout, ok_statuses=(401, 403, 404))
    if probe.status in (401, 403):
        hint = (
            "set CHKG_ENDPOINT_USER and CHKG_ENDPOINT_PASSWORD" if creds is None
            else "check CHKG_ENDPOINT_USER, CHKG_ENDPOINT_PASSWORD and CHKG_ENDPOINT_AUTH"
        )
        raise EndpointHTTPError(
            f"{redact_url(store_url)} answered HTTP {probe.status} {probe.reason}: it wants credentials; {hint}"
        )
    if creds is not None:
        headers["Authorization"] = sign("PUT")
    answer = request("PUT", target, body=body, headers=headers, timeout=timeout)
    stored = count_triples(query_url, graph_iri, timeout=timeout)
    return PublishReport(redact_url(store_url), redact_url(query_url), graph_iri, len(graph), stored,
                         answer.status)
