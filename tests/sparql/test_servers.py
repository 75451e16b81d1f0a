"""Integration tests against REAL servers: Oxigraph (PyPI ``oxigraph``) and Virtuoso (Debian).

The bundled graph is published through the Graph Store Protocol, every catalogue
query runs on each server and must give the embedded store's answers row for
row, and the faults are provoked for real: a stopped server, a query that
outlasts its timeout, HTTP errors. ``chkg serve`` is started as a subprocess,
queried, and stopped with SIGINT.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph

from chkg.cli import main
from chkg.errors import (
    EndpointHTTPError,
    EndpointTimeoutError,
    EndpointUnreachableError,
    RefusedOperationError,
)
from chkg.graph.loader import load
from chkg.sparql.catalogue import catalogue, find_query, read_query_text
from chkg.sparql.endpoint import construct, count_triples, select
from chkg.sparql.publish import publish
from chkg.sparql.query import run_query
from chkg.sparql.results import QueryResult
from chkg.sparql.serve import free_port, wait_for_port
from chkg.sparql.store import EmbeddedStore
from servers import TEST_GRAPH, OxigraphWritable, oxigraph_available, wait_gone

pytestmark = [pytest.mark.server, pytest.mark.xdist_group("servers")]

CATALOGUE = [q.name for q in catalogue()]

#: A query no store answers in half a second: a triple cross join of the graph (~6e10 rows).
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def graph() -> Graph:
    return load()


@pytest.fixture(scope="module")
def embedded(graph: Graph) -> EmbeddedStore:
    return EmbeddedStore.from_graph(graph)


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def server(request: pytest.FixtureRequest, graph: Graph) -> Iterator[tuple[str, object]]:
    """Each server with the bundled graph published into TEST_GRAPH (once per module)."""
    name = request.param
    instance = request.getfixturevalue(f"{name}_server")
    with pytest.MonkeyPatch.context() as mp:
        if name == "virtuoso":
            mp.setenv("CHKG_ENDPOINT_USER", "dba")
            mp.setenv("CHKG_ENDPOINT_PASSWORD", instance.password)
            mp.setenv("CHKG_ENDPOINT_AUTH", "digest")
        report = publish(graph, instance.store_url, graph_iri=TEST_GRAPH, query_url=instance.query_url)
    assert report.complete, report
    yield name, instance


def _aligned(result: QueryResult, variables: tuple[str, ...]) -> list[tuple[object, ...]]:
    index = {v: i for i, v in enumerate(result.variables)}
    return [tuple(row[index[v]] if v in index else None for v in variables) for row in result.rows]


def _same(embedded_result: QueryResult, server_result: QueryResult) -> None:
    mine = embedded_result.normalised()
    theirs = server_result.normalised()
    assert set(theirs.variables) <= set(mine.variables)
    expected = _aligned(mine, mine.variables)
    got = _aligned(theirs, mine.variables)
    assert len(got) == len(expected)
    for number, (want, have) in enumerate(zip(expected, got, strict=True)):
        assert have == want, f"row {number}: server {have} != embedded {want}"


# -- Publishing -------------------------------------------------------------------


def test_publish_replaces_the_named_graph(server: tuple[str, object], graph: Graph) -> None:
    _, instance = server
    assert count_triples(instance.query_url, TEST_GRAPH) == len(graph)


def test_publish_twice_replaces_rather_than_adds(
    server: tuple[str, object], graph: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    name, instance = server
    if name == "virtuoso":
        monkeypatch.setenv("CHKG_ENDPOINT_USER", "dba")
        monkeypatch.setenv("CHKG_ENDPOINT_PASSWORD", instance.password)
        monkeypatch.setenv("CHKG_ENDPOINT_AUTH", "digest")
    report = publish(graph, instance.store_url, graph_iri=TEST_GRAPH, query_url=instance.query_url)
    assert (report.sent, report.stored) == (len(graph), len(graph))


def test_publish_cli_to_virtuoso_with_digest(
    virtuoso_server: object, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CHKG_ENDPOINT_USER", "dba")
    monkeypatch.setenv("CHKG_ENDPOINT_PASSWORD", virtuoso_server.password)
    monkeypatch.setenv("CHKG_ENDPOINT_AUTH", "digest")
    code = main(["publish", "--endpoint", virtuoso_server.store_url, "--graph", "urn:chkg:cli-test"])
    out = capsys.readouterr().out
    assert code == 0 and "published" in out and "the store holds" in out


def test_publish_with_a_wrong_password_is_an_http_error(
    virtuoso_server: object, graph: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHKG_ENDPOINT_USER", "dba")
    monkeypatch.setenv("CHKG_ENDPOINT_PASSWORD", "not-the-password")
    monkeypatch.setenv("CHKG_ENDPOINT_AUTH", "digest")
    with pytest.raises(EndpointHTTPError, match="401"):
        publish(graph, virtuoso_server.store_url, graph_iri="urn:chkg:denied")


# -- Same answers, row for row ----------------------------------------------------


@pytest.mark.parametrize("name", CATALOGUE)
def test_catalogue_query_same_on_server(
    server: tuple[str, object], embedded: EmbeddedStore, name: str
) -> None:
    _, instance = server
    query = find_query(name)
    want = run_query(query, {}, store=embedded)
    got = run_query(query, {}, endpoint=instance.query_url, graph=TEST_GRAPH)
    assert want.rows, f"{name} answers nothing on the bundled data"
    _same(want, got)


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("approaches-embedding-a-value", {"value": "trust"}),
        ("evidence-behind-claims-about", {"label": "retention"}),
        ("evidence-between-two-entities", {"from_iri": "chkg:nhs-long-term-workforce-plan",
                                           "to_iri": "<https://w3id.org/creative-health-kg/investment-in-staff-wellbeing>"}),
        ("everything-upstream-of-an-outcome", {"outcome": "job satisfaction"}),
    ],
)
def test_parameters_same_on_server(
    server: tuple[str, object], embedded: EmbeddedStore, name: str, params: dict[str, str]
) -> None:
    _, instance = server
    query = find_query(name)
    want = run_query(query, params, store=embedded)
    assert want.rows
    _same(want, run_query(query, params, endpoint=instance.query_url, graph=TEST_GRAPH))


def test_injection_is_a_string_on_server(server: tuple[str, object], graph: Graph) -> None:
    _, instance = server
    hostile = 'x" } ; DROP ALL ; #'
    for name, key in (("approaches-embedding-a-value", "value"), ("evidence-behind-claims-about", "label")):
        result = run_query(find_query(name), {key: hostile}, endpoint=instance.query_url, graph=TEST_GRAPH)
        assert result.rows == []
    # and nothing was dropped
    assert count_triples(instance.query_url, TEST_GRAPH) == len(graph)


def test_construct_builds_the_graph_from_the_store(server: tuple[str, object], embedded: EmbeddedStore) -> None:
    _, instance = server
    text = (
        "PREFIX chkg: <https://w3id.org/creative-health-kg/>\n"
        "PREFIX prov: <http://www.w3.org/ns/prov#>\n"
        "CONSTRUCT { ?s ?p ?o } WHERE { ?c a chkg:Influence ; prov:influencer ?s ; "
        "chkg:relation ?p ; chkg:influencee ?o }"
    )
    got = construct(instance.query_url, text, graph=TEST_GRAPH)
    want = embedded.run(text).graph
    assert want is not None and len(want) > 100
    assert set(got) == set(want)


def test_construct_without_graph_reads_the_union_or_default(oxigraph_server: OxigraphWritable) -> None:
    # the contract paths/report use: construct(url, query, timeout=...)
    g = construct(oxigraph_server.query_url, "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", timeout=10)
    assert isinstance(g, Graph)


def test_cli_query_on_endpoint(server: tuple[str, object], capsys: pytest.CaptureFixture[str]) -> None:
    _, instance = server
    code = main(["query", "regional-strategies-and-places", "--endpoint", instance.query_url,
                 "--graph", TEST_GRAPH, "--format", "csv"])
    out = capsys.readouterr().out.lower()
    assert code == 0
    for place in ("london", "birmingham", "greater manchester", "west yorkshire"):
        assert place in out


# -- Faults, for real -------------------------------------------------------------


def test_stopped_server_is_unreachable(capsys: pytest.CaptureFixture[str]) -> None:
    if not oxigraph_available():
        pytest.skip("oxigraph not installed")
    server = OxigraphWritable().start()
    url = server.query_url
    try:
        assert select(url, "ASK {}").boolean is True
    finally:
        server.stop()
    assert wait_gone(server.port)
    with pytest.raises(EndpointUnreachableError, match="cannot reach"):
        select(url, "ASK {}")
    assert main(["query", "1", "--endpoint", url]) == 5
    assert "cannot reach" in capsys.readouterr().err


def test_heavy_query_times_out(server: tuple[str, object], capsys: pytest.CaptureFixture[str]) -> None:
    _, instance = server
    started = time.monotonic()
    with pytest.raises(EndpointTimeoutError, match=r"did not answer within 0\.5 s"):
        select(instance.query_url, HEAVY, timeout=0.5, graph=TEST_GRAPH)
    assert time.monotonic() - started < 5
    heavy = Path(tempfile.mkdtemp()) / "heavy.rq"
    heavy.write_text(HEAVY)
    assert main(["query", str(heavy), "--endpoint", instance.query_url, "--graph", TEST_GRAPH,
                 "--timeout", "0.5"]) == 6
    assert "did not answer" in capsys.readouterr().err


def test_malformed_query_is_an_http_400(server: tuple[str, object], capsys: pytest.CaptureFixture[str]) -> None:
    _, instance = server
    with pytest.raises(EndpointHTTPError, match="HTTP 400") as caught:
        select(instance.query_url, "SELECT * WHERE { ?s ?p }")
    assert len(str(caught.value).splitlines()) == 1


def test_wrong_path_is_an_http_404(server: tuple[str, object], capsys: pytest.CaptureFixture[str]) -> None:
    _, instance = server
    url = instance.query_url.rsplit("/", 1)[0] + "/no-such-endpoint"
    assert main(["query", "1", "--endpoint", url]) == 7
    err = capsys.readouterr().err
    assert "HTTP 404" in err and len(err.strip().splitlines()) == 1


# -- The embedded store reaching a real server only when allowed --------------------


def test_service_only_with_allow_remote(oxigraph_server: OxigraphWritable, embedded: EmbeddedStore) -> None:
    text = (
        f"SELECT (COUNT(*) AS ?n) WHERE {{ SERVICE <{oxigraph_server.query_url}> "
        f"{{ GRAPH <{TEST_GRAPH}> {{ ?s ?p ?o }} }} }}"
    )
    with pytest.raises(RefusedOperationError):
        embedded.run(text)
    query = read_query_text(text)
    with pytest.raises(RefusedOperationError):
        run_query(query, {}, store=embedded)
    result = run_query(query, {}, store=embedded, allow_remote=True)
    assert int(str(result.rows[0][0])) > 0


# -- chkg serve -------------------------------------------------------------------------


def test_serve_starts_answers_and_stops_cleanly_on_sigint() -> None:
    if not oxigraph_available():
        pytest.skip("oxigraph not installed")
    port = free_port()
    before = set(Path(tempfile.gettempdir()).glob("chkg-serve-*"))
    process = subprocess.Popen(
        [sys.executable, "-m", "chkg.cli", "serve", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        first = process.stdout.readline()
        second = process.stdout.readline()
        assert f"http://127.0.0.1:{port}/query" in first
        assert f"http://127.0.0.1:{port}/" in second
        assert wait_for_port(port, timeout=10)
        result = run_query(find_query("counts-by-class"), {}, endpoint=f"http://127.0.0.1:{port}/query")
        assert result.rows
        created = set(Path(tempfile.gettempdir()).glob("chkg-serve-*")) - before
        assert len(created) == 1
        # read-only: an update is refused by the server
        with pytest.raises(EndpointHTTPError):
            select(f"http://127.0.0.1:{port}/query", "ASK { ?s ?p ?o  FILTER(false) } LIMIT 1 OFFSET x")
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0
        assert wait_gone(port)
        assert not any(path.exists() for path in created)
        # no oxigraph child left serving our port
        ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
        assert f"127.0.0.1:{port}" not in ps
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_publish_as_a_user_granted_sparql_update(
    virtuoso_server: object, graph: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not only dba: a user with the SPARQL_UPDATE role publishes through Digest."""
    import secrets

    password = "u" + secrets.token_hex(8)
    done = virtuoso_server.isql(
        f"DB.DBA.USER_CREATE('chkg_publisher', '{password}'); "
        "GRANT SPARQL_UPDATE TO \"chkg_publisher\"; "
        "DB.DBA.RDF_DEFAULT_USER_PERMS_SET('chkg_publisher', 3);"
    )
    assert "Error" not in done.stdout + done.stderr, done.stdout + done.stderr
    monkeypatch.setenv("CHKG_ENDPOINT_USER", "chkg_publisher")
    monkeypatch.setenv("CHKG_ENDPOINT_PASSWORD", password)
    monkeypatch.setenv("CHKG_ENDPOINT_AUTH", "digest")
    report = publish(graph, virtuoso_server.store_url, graph_iri="urn:chkg:by-publisher")
    assert report.complete


# -- The analysis from a store (chkg paths / whatif / report --endpoint) ------------


@pytest.mark.parametrize(
    "args",
    [
        ["paths", "--from", "Fuller Stocktake", "--to", "job satisfaction", "--format", "json"],
        ["paths", "--from", "Fuller Stocktake", "--to-kind", "workforce", "--top", "10", "--format", "json"],
        ["whatif", "--remove", "investment in staff wellbeing", "--format", "json"],
    ],
    ids=["paths-to", "paths-to-kind", "whatif"],
)
def test_analysis_from_the_store_is_the_embedded_analysis(
    server: tuple[str, object], args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    _, instance = server
    assert main(args) == 0
    embedded_output = json.loads(capsys.readouterr().out)
    assert main([*args, "--endpoint", instance.query_url, "--graph", TEST_GRAPH]) == 0
    store_output = json.loads(capsys.readouterr().out)
    assert store_output == embedded_output
    if args[0] == "paths":
        assert embedded_output["paths"], "the bundled data has these paths"


def test_report_from_the_store(server: tuple[str, object], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    _, instance = server
    args = ["report", "--policy", "NHS Long Term Workforce Plan"]
    assert main([*args, "--out", str(tmp_path / "embedded")]) == 0
    assert main([*args, "--out", str(tmp_path / "store"), "--endpoint", instance.query_url, "--graph", TEST_GRAPH]) == 0
    capsys.readouterr()
    embedded, store = (json.loads((tmp_path / d / "report.json").read_text()) for d in ("embedded", "store"))
    assert store == embedded
    assert (tmp_path / "store" / "edges.csv").read_text() == (tmp_path / "embedded" / "edges.csv").read_text()


def test_analysis_from_a_stopped_store_is_one_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    from chkg.sparql.serve import free_port

    code = main(["paths", "--from", "Fuller Stocktake", "--to", "job satisfaction",
                 "--endpoint", f"http://127.0.0.1:{free_port()}/query", "--timeout", "3"])
    err = capsys.readouterr().err
    assert code == EndpointUnreachableError.exit_code
    assert err.count("\n") == 1 and err.startswith("chkg: error:")
