"""Remote SPARQL endpoints: queries through SPARQLWrapper, publishing through the Graph Store Protocol.

Credentials never come from the command line: ``CHKG_ENDPOINT_USER`` and
``CHKG_ENDPOINT_PASSWORD`` hold them, ``CHKG_ENDPOINT_AUTH`` chooses HTTP
``basic`` (the default) or ``digest`` authentication (Virtuoso's
``/sparql-graph-crud-auth`` wants Digest).

Every failure is one :mod:`chkg.errors` exception: the endpoint cannot be
reached (:class:`~chkg.errors.EndpointUnreachableError`), does not answer in
time (:class:`~chkg.errors.EndpointTimeoutError`) or answers an HTTP error
(:class:`~chkg.errors.EndpointHTTPError`, with the status and the start of the
body).

Examples
--------
>>> select("http://127.0.0.1:9/sparql", "ASK {}", timeout=2)
Traceback (most recent call last):
...
chkg.errors.EndpointUnreachableError: cannot reach http://127.0.0.1:9/sparql: Connection refused
"""

from __future__ import annotations

import http.client
import os
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal as TypingLiteral
from typing import TYPE_CHECKING, TypeVar, cast

from rdflib import Graph

from chkg.errors import (
    EndpointHTTPError,
    EndpointTimeoutError,
    EndpointUnreachableError,
    UsageError,
)
from chkg.sparql.query import QueryResult, has_order_by, query_form, result_from_json

if TYPE_CHECKING:  # imported inside the functions, so `import chkg` stays fast
    from SPARQLWrapper import SPARQLWrapper

__all__ = [
    "AuthScheme",
    "Credentials",
    "PublishReport",
    "USER_AGENT",
    "credentials_from_env",
    "select",
    "construct",
    "count_triples",
    "publish",
    "query_url_for",
]

#: HTTP authentication schemes chkg speaks.
AuthScheme = TypingLiteral["basic", "digest"]

#: The User-Agent header of every request chkg sends.
USER_AGENT = "chkg/0.1 (creative-health-kg; +https://w3id.org/creative-health-kg/)"

#: Queries longer than this many characters go by POST rather than GET.
_POST_ABOVE = 1500

_T = TypeVar("_T")


@dataclass(frozen=True)
class Credentials:
    """A user name and password for an endpoint, and how to send them."""

    user: str
    password: str
    scheme: AuthScheme = "basic"

    def __repr__(self) -> str:  # never print the password
        return f"Credentials(user={self.user!r}, password='***', scheme={self.scheme!r})"


def credentials_from_env(environ: dict[str, str] | None = None) -> Credentials | None:
    """Read credentials from ``CHKG_ENDPOINT_USER`` / ``_PASSWORD`` / ``_AUTH``.

    Examples
    --------
    >>> credentials_from_env({"CHKG_ENDPOINT_USER": "dba", "CHKG_ENDPOINT_PASSWORD": "s",
    ...                       "CHKG_ENDPOINT_AUTH": "Digest"})
    Credentials(user='dba', password='***', scheme='digest')
    >>> credentials_from_env({}) is None
    True
    """
    env = os.environ if environ is None else environ
    user = env.get("CHKG_ENDPOINT_USER")
    if not user:
        return None
    scheme = env.get("CHKG_ENDPOINT_AUTH", "basic").strip().lower()
    if scheme not in ("basic", "digest"):
        raise UsageError(f"CHKG_ENDPOINT_AUTH must be basic or digest, not {scheme!r}")
    return Credentials(user, env.get("CHKG_ENDPOINT_PASSWORD", ""), cast(AuthScheme, scheme))  # checked above


# -- Queries ----------------------------------------------------------------------


def _wrapper(url: str, query: str, timeout: float, graph: str | None) -> SPARQLWrapper:
    """A SPARQLWrapper set up with chkg's user agent, timeout, method and credentials."""
    from SPARQLWrapper import BASIC, DIGEST, POST, URLENCODED, SPARQLWrapper

    sparql = SPARQLWrapper(url, agent=USER_AGENT)
    # setTimeout() truncates to whole seconds; urllib takes a float. SPARQLWrapper annotates
    # the attribute Optional[int] but only passes it on to urlopen(timeout=), which takes a float
    sparql.timeout = timeout  # type: ignore[assignment]
    sparql.setOnlyConneg(True)  # content negotiation only: no format=/output= parameters
    sparql.setQuery(query)
    # SPARQLWrapper guesses the form with a regex that reads comments too (a header
    # saying "described" makes it a DESCRIBE); chkg's lexer knows better
    form = query_form(query)
    if form in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
        sparql.queryType = form
    if len(query) > _POST_ABOVE:
        sparql.setMethod(POST)
        sparql.setRequestMethod(URLENCODED)
    if graph:
        sparql.addDefaultGraph(graph)
    creds = credentials_from_env()
    if creds is not None:
        sparql.setHTTPAuth(DIGEST if creds.scheme == "digest" else BASIC)
        sparql.setCredentials(creds.user, creds.password)
    return sparql


def _check_url(url: str) -> None:
    """Refuse anything but an absolute http(s) URL before a request is made.

    Examples
    --------
    >>> _check_url("http://127.0.0.1:7878/query")
    >>> _check_url("127.0.0.1:7878/query")
    Traceback (most recent call last):
    ...
    chkg.errors.UsageError: not an http(s) endpoint URL: '127.0.0.1:7878/query' (for example http://127.0.0.1:7878/query)
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"not an http(s) endpoint URL: {url!r} (for example http://127.0.0.1:7878/query)")


def _guard(url: str, timeout: float, call: Callable[[], _T]) -> _T:
    """Run ``call`` and turn network and HTTP failures into chkg errors."""
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    _check_url(url)
    try:
        return call()
    except SPARQLWrapperException as exc:
        raise _http_error_from_wrapper(url, exc) from None
    except urllib.error.HTTPError as exc:
        raise _http_error(url, exc.code, exc.reason, _read_excerpt(exc)) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise EndpointTimeoutError(f"{url} did not answer within {timeout:g} s") from None
        text = getattr(reason, "strerror", None) or str(reason)
        raise EndpointUnreachableError(f"cannot reach {url}: {text}") from None
    except (TimeoutError, socket.timeout):
        raise EndpointTimeoutError(f"{url} did not answer within {timeout:g} s") from None
    except (ConnectionError, http.client.HTTPException, OSError) as exc:
        raise EndpointUnreachableError(f"cannot reach {url}: {exc}") from None


def _read_excerpt(exc: urllib.error.HTTPError) -> str:
    try:
        return exc.read().decode("utf-8", "replace")
    except Exception:  # the body may already be consumed or the socket closed
        return ""


def _excerpt(body: str, limit: int = 160) -> str:
    flat = " ".join(body.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _http_error(url: str, status: int, reason: object, body: str) -> EndpointHTTPError:
    detail = _excerpt(body)
    tail = f": {detail}" if detail else ""
    return EndpointHTTPError(f"{url} answered HTTP {status} {reason}{tail}")


_WRAPPER_STATUS = {
    "QueryBadFormed": (400, "Bad Request"),
    "Unauthorized": (401, "Unauthorized"),
    "EndPointNotFound": (404, "Not Found"),
    "URITooLong": (414, "URI Too Long"),
    "EndPointInternalError": (500, "Internal Server Error"),
}


def _http_error_from_wrapper(url: str, exc: Exception) -> EndpointHTTPError:
    status, reason = _WRAPPER_STATUS.get(type(exc).__name__, (0, "error"))
    message = str(exc)
    body = message.split("Response:", 1)[1] if "Response:" in message else ""
    body = body.strip().removeprefix("b'").removeprefix('b"').rstrip("'\"")
    body = body.replace("\\n", " ")
    return _http_error(url, status, reason, body)


def select(
    url: str, query: str, *, timeout: float = 30.0, graph: str | None = None
) -> QueryResult:
    """Run a SELECT or ASK query on an endpoint and read its SPARQL JSON answer.

    Parameters
    ----------
    url
        The SPARQL endpoint (``http://127.0.0.1:7878/query``, ``.../sparql``).
    query
        The query text, parameters already bound (``chkg.sparql.query.bind_parameters``).
    timeout
        Seconds to wait for the answer.
    graph
        A named graph to query as the default graph (``default-graph-uri``).

    Returns
    -------
    QueryResult
        Terms as rdflib terms; Virtuoso's ``typed-literal`` read as a literal.

    Raises
    ------
    EndpointUnreachableError, EndpointTimeoutError, EndpointHTTPError

    Examples
    --------
    >>> select("http://127.0.0.1:9/query", "SELECT * { ?s ?p ?o }")
    Traceback (most recent call last):
    ...
    chkg.errors.EndpointUnreachableError: cannot reach http://127.0.0.1:9/query: Connection refused
    """
    from SPARQLWrapper import JSON

    form = query_form(query)
    if form not in ("SELECT", "ASK"):
        raise UsageError(f"select() runs SELECT and ASK queries, not {form}; use construct()")
    sparql = _wrapper(url, query, timeout, graph)
    sparql.setReturnFormat(JSON)

    def call() -> QueryResult:
        response = sparql.query()
        document = response.convert()
        if not isinstance(document, dict):
            raise EndpointHTTPError(f"{url} did not answer SPARQL JSON results")
        return result_from_json(document, ordered=has_order_by(query))

    return _guard(url, timeout, call)


def construct(
    url: str, query: str, *, timeout: float = 30.0, graph: str | None = None
) -> Graph:
    """Run a CONSTRUCT (or DESCRIBE) query on an endpoint and return the graph it builds.

    This is how ``chkg paths --endpoint`` and ``chkg report --endpoint`` build
    their analysis graph from a store.

    Parameters
    ----------
    url
        The SPARQL endpoint.
    query
        A CONSTRUCT or DESCRIBE query.
    timeout
        Seconds to wait for the answer.
    graph
        A named graph to query as the default graph (``default-graph-uri``).

    Returns
    -------
    rdflib.Graph

    Raises
    ------
    EndpointUnreachableError, EndpointTimeoutError, EndpointHTTPError

    Examples
    --------
    >>> construct("http://127.0.0.1:9/query", "CONSTRUCT WHERE { ?s ?p ?o }", timeout=2)
    Traceback (most recent call last):
    ...
    chkg.errors.EndpointUnreachableError: cannot reach http://127.0.0.1:9/query: Connection refused
    """
    from SPARQLWrapper import TURTLE

    form = query_form(query)
    if form not in ("CONSTRUCT", "DESCRIBE"):
        raise UsageError(f"construct() runs CONSTRUCT and DESCRIBE queries, not {form}")
    sparql = _wrapper(url, query, timeout, graph)
    sparql.setReturnFormat(TURTLE)

    def call() -> Graph:
        response = sparql.query()
        data = response.response.read()
        content_type = response.response.headers.get("Content-Type", "text/turtle")
        fmt = "nt" if "n-triples" in content_type else (
            "xml" if "rdf+xml" in content_type else (
                "json-ld" if "json" in content_type else "turtle"
            )
        )
        try:
            return Graph().parse(data=data, format=fmt)
        except Exception as exc:  # a server answering something that is not RDF
            raise EndpointHTTPError(
                f"{url} answered a CONSTRUCT with unreadable {content_type}: {exc}"
            ) from None

    return _guard(url, timeout, call)


def count_triples(
    url: str, graph_iri: str | None = None, *, timeout: float = 30.0
) -> int:
    """Count the triples of a named graph (or of the default graph) on an endpoint.

    Examples
    --------
    >>> count_triples("http://127.0.0.1:9/query", "urn:g", timeout=2)
    Traceback (most recent call last):
    ...
    chkg.errors.EndpointUnreachableError: cannot reach http://127.0.0.1:9/query: Connection refused
    """
    import pyoxigraph as ox

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
    return int(str(result.rows[0][0]))


# -- Graph Store Protocol -----------------------------------------------------------


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
    the new one. Then ``COUNT`` in ``GRAPH <IRI>`` on the query endpoint checks
    the store holds as many triples as were sent.

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
        Seconds to wait for each request.

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
    import pyoxigraph as ox

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
    headers = {"Content-Type": "application/n-triples", "User-Agent": USER_AGENT}
    creds = credentials_from_env()

    def call() -> int:
        if creds is not None:
            sign = _authorizer(target, creds, timeout)
            # check the credentials with a bodiless request first: a server may close
            # the connection on a 401 while the body is still being written (Virtuoso
            # does), which would otherwise look like a network failure
            probe = urllib.request.Request(
                target, method="GET", headers={"User-Agent": USER_AGENT, "Authorization": sign("GET")}
            )
            try:
                with urllib.request.urlopen(probe, timeout=timeout) as response:
                    response.read()
            except urllib.error.HTTPError as exc:
                if exc.code in (401, 403):
                    raise
                _read_excerpt(exc)  # 404: the graph does not exist yet
            headers["Authorization"] = sign("PUT")
        request = urllib.request.Request(target, data=body, method="PUT", headers=headers)
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return int(response.status)

    status = _guard(store_url, timeout, call)
    stored = count_triples(query_url, graph_iri, timeout=timeout)
    return PublishReport(store_url, query_url, graph_iri, len(graph), stored, status)


def _authorizer(url: str, creds: Credentials, timeout: float) -> Callable[[str], str]:
    """A function giving the Authorization header of a request to ``url`` by method.

    Basic needs nothing from the server. For Digest the challenge is fetched with a
    bodiless GET, and each header answers it (the nonce count goes up each time).
    """
    import base64

    if creds.scheme == "basic":
        token = base64.b64encode(f"{creds.user}:{creds.password}".encode()).decode("ascii")
        return lambda method: f"Basic {token}"
    probe = urllib.request.Request(url, method="GET", headers={"User-Agent": USER_AGENT})
    challenge = ""
    try:
        with urllib.request.urlopen(probe, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        _read_excerpt(exc)
        if exc.code == 401:
            challenge = exc.headers.get("WWW-Authenticate", "")
        elif exc.code != 404:
            raise
    if not challenge.lower().startswith("digest "):
        raise EndpointHTTPError(
            f"{url} did not ask for Digest authentication; try CHKG_ENDPOINT_AUTH=basic"
        )
    fields = urllib.request.parse_keqv_list(
        [item for item in urllib.request.parse_http_list(challenge[7:]) if item]
    )
    manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    manager.add_password(None, url, creds.user, creds.password)
    handler = urllib.request.HTTPDigestAuthHandler(manager)

    def sign(method: str) -> str:
        answer = handler.get_authorization(urllib.request.Request(url, method=method), fields)
        if not answer:
            raise EndpointHTTPError(f"{url}: cannot answer its Digest challenge")
        return f"Digest {answer}"

    return sign
