"""chkg.sparql.endpoint against a small local HTTP stub: credentials, forms, errors, Virtuoso's JSON, GSP.

The real servers (Oxigraph, Virtuoso) are exercised in ``test_servers.py``;
here a stub on 127.0.0.1 plays the endpoint so each behaviour is checked
exactly (headers sent, older JSON forms, error bodies, a slow answer).
"""

from __future__ import annotations

import base64
import http.server
import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from chkg.errors import EndpointHTTPError, EndpointTimeoutError, EndpointUnreachableError, UsageError
from chkg.sparql.auth import Credentials, credentials_from_env
from chkg.sparql.endpoint import construct, count_triples, select
from chkg.sparql.publish import publish, query_url_for
from chkg.sparql.serve import free_port


@dataclass
class Stub:
    """What the stub answers, and what it saw."""

    status: int = 200
    body: bytes = b""
    content_type: str = "application/sparql-results+json"
    delay: float = 0.0
    seen: list[dict[str, object]] = field(default_factory=list)
    url: str = ""


@pytest.fixture()
def stub() -> Iterator[Stub]:
    state = Stub()

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            state.seen.append({"method": self.command, "path": self.path, "headers": dict(self.headers),
                               "body": body})
            time.sleep(state.delay)
            self.send_response(state.status)
            self.send_header("Content-Type", state.content_type)
            self.send_header("Content-Length", str(len(state.body)))
            self.end_headers()
            self.wfile.write(state.body)

        do_GET = do_POST = do_PUT = _answer

        def log_message(self, *args: object) -> None:
            pass

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request: object, client_address: object) -> None:
            pass  # a client that gave up (the timeout tests): no traceback on a later test's stderr

    server = Server(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


VIRTUOSO_JSON = {
    "head": {"link": [], "vars": ["s", "n", "l"]},
    "results": {"distinct": False, "ordered": True, "bindings": [
        {"s": {"type": "uri", "value": "https://w3id.org/creative-health-kg/burnout"},
         "n": {"type": "typed-literal", "datatype": str(XSD.integer), "value": "2"},
         "l": {"type": "literal", "xml:lang": "en", "value": "burnout"}}]},
}


def test_credentials_only_from_the_environment() -> None:
    assert credentials_from_env({}) is None
    creds = credentials_from_env({"CHKG_ENDPOINT_USER": "u", "CHKG_ENDPOINT_PASSWORD": "p"})
    assert creds == Credentials("u", "p", "basic")
    assert "p" not in repr(creds).replace("password", "")
    with pytest.raises(UsageError, match="basic or digest"):
        credentials_from_env({"CHKG_ENDPOINT_USER": "u", "CHKG_ENDPOINT_AUTH": "ntlm"})


def test_select_reads_virtuoso_typed_literals_and_sends_a_user_agent(stub: Stub) -> None:
    stub.body = json.dumps(VIRTUOSO_JSON).encode()
    result = select(stub.url, "SELECT ?s ?n ?l WHERE { ?s ?p ?l }", graph="urn:g")
    assert result.rows == [(URIRef("https://w3id.org/creative-health-kg/burnout"),
                            Literal("2", datatype=XSD.integer), Literal("burnout", lang="en"))]
    seen = stub.seen[0]
    assert seen["headers"]["User-Agent"].startswith("chkg/")
    assert "application/sparql-results+json" in seen["headers"]["Accept"]
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(seen["path"]).query)
    assert query["default-graph-uri"] == ["urn:g"]
    assert "format" not in query and "output" not in query


def test_long_queries_go_by_post(stub: Stub) -> None:
    stub.body = json.dumps({"head": {"vars": []}, "boolean": True}).encode()
    long_query = "ASK { " + " ".join(f"<urn:s{i}> <urn:p> <urn:o> ." for i in range(100)) + " }"
    assert select(stub.url, long_query).boolean is True
    assert stub.seen[0]["method"] == "POST"
    assert select(stub.url, "ASK {}").boolean is True
    assert stub.seen[1]["method"] == "GET"


def test_basic_credentials_are_sent(stub: Stub, endpoint_credentials: object) -> None:
    endpoint_credentials("reader", "s3cret", "basic")
    stub.body = json.dumps({"head": {"vars": []}, "boolean": False}).encode()
    select(stub.url, "ASK {}")
    expected = "Basic " + base64.b64encode(b"reader:s3cret").decode()
    assert stub.seen[0]["headers"]["Authorization"] == expected


def test_http_error_is_one_line_with_status_and_excerpt(stub: Stub) -> None:
    stub.status = 400
    stub.content_type = "text/plain"
    stub.body = b"Parser error:\n  unexpected token } at line 1\n" + b"x" * 500
    with pytest.raises(EndpointHTTPError) as caught:
        select(stub.url, "SELECT * WHERE { ?s ?p ?o }")
    message = str(caught.value)
    assert "HTTP 400" in message and "unexpected token" in message
    assert "\n" not in message and len(message) < 300


@pytest.mark.parametrize("status", [403, 404, 500, 503])
def test_other_statuses(stub: Stub, status: int) -> None:
    stub.status = status
    stub.content_type = "text/plain"
    stub.body = b"nope"
    with pytest.raises(EndpointHTTPError, match=f"HTTP {status}"):
        select(stub.url, "ASK {}")


def test_slow_endpoint_times_out(stub: Stub) -> None:
    stub.delay = 2.0
    stub.body = b"{}"
    start = time.monotonic()
    with pytest.raises(EndpointTimeoutError, match=r"within 0\.3 s"):
        select(stub.url, "ASK {}", timeout=0.3)
    assert time.monotonic() - start < 1.5


def test_closed_port_is_unreachable() -> None:
    with pytest.raises(EndpointUnreachableError, match="cannot reach"):
        select(f"http://127.0.0.1:{free_port()}/sparql", "ASK {}", timeout=2)


def test_construct_parses_turtle(stub: Stub) -> None:
    stub.content_type = "text/turtle"
    stub.body = b"<urn:a> <urn:p> \"x\"@en ."
    graph = construct(stub.url, "CONSTRUCT WHERE { ?s ?p ?o }")
    assert (URIRef("urn:a"), URIRef("urn:p"), Literal("x", lang="en")) in graph
    assert "text/turtle" in stub.seen[0]["headers"]["Accept"]


def test_forms_are_checked() -> None:
    with pytest.raises(UsageError):
        select("http://127.0.0.1:9/sparql", "CONSTRUCT WHERE { ?s ?p ?o }")
    with pytest.raises(UsageError):
        construct("http://127.0.0.1:9/sparql", "SELECT * { ?s ?p ?o }")


def test_a_description_saying_described_is_still_a_select(stub: Stub) -> None:
    stub.body = json.dumps({"head": {"vars": ["s"]}, "results": {"bindings": []}}).encode()
    select(stub.url, "#+ description: what is described here\nSELECT ?s WHERE { ?s ?p ?o }")
    assert "sparql-results+json" in stub.seen[0]["headers"]["Accept"]


def test_publish_puts_ntriples_once_then_counts(stub: Stub, endpoint_credentials: object) -> None:
    endpoint_credentials("writer", "pw", "basic")
    g = Graph().parse(data='<urn:a> <urn:p> "x", "y\\"z"@en .', format="turtle")
    stub.body = json.dumps({"head": {"vars": ["n"]}, "results": {"bindings": [
        {"n": {"type": "literal", "datatype": str(XSD.integer), "value": "2"}}]}}).encode()
    store = stub.url.replace("/sparql", "/store")
    report = publish(g, store, graph_iri="urn:chkg:g")
    assert report.complete and report.sent == 2 and report.query_url.endswith("/query")
    puts = [s for s in stub.seen if s["method"] == "PUT"]
    assert len(puts) == 1
    put = puts[0]
    assert put["path"] == "/store?graph=urn%3Achkg%3Ag"
    assert put["headers"]["Content-Type"] == "application/n-triples"
    assert put["headers"]["Authorization"].startswith("Basic ")
    assert Graph().parse(data=put["body"], format="nt").isomorphic(g)
    count = [s for s in stub.seen if s["method"] == "GET" and "query=" in s["path"]]
    assert "GRAPH" in urllib.parse.unquote_plus(count[-1]["path"])


def test_query_url_guesses() -> None:
    assert query_url_for("http://h:8890/sparql-graph-crud") == "http://h:8890/sparql"
    with pytest.raises(UsageError, match="--query-endpoint"):
        query_url_for("http://h/gsp")


def test_count_triples_rejects_bad_graph_iri() -> None:
    with pytest.raises(UsageError, match="not a valid graph IRI"):
        count_triples("http://127.0.0.1:9/query", "not an iri")


@pytest.mark.parametrize("url", ["notaurl", "file:///etc/passwd", "ftp://example.org/sparql", "http:///sparql"])
@pytest.mark.parametrize("command", [["query", "1"], ["paths", "--from", "retention", "--to", "burnout"],
                                     ["report"]])
def test_an_endpoint_that_is_not_http_is_one_usage_error(
    url: str, command: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from chkg.cli import main

    args = [*command, "--endpoint", url]
    if command == ["report"]:
        args += ["--out", str(tmp_path / "report")]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err == f"chkg: error: not an http(s) endpoint URL: {url!r} (for example http://127.0.0.1:7878/query)\n"
    assert not (tmp_path / "report").exists()
