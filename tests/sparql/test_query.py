"""chkg.sparql.query: catalogue lookup, parameters bound as RDF terms, refusals, errors, formats."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from chkg.cli import main
from chkg.errors import QuerySyntaxError, RefusedOperationError, UnknownParameterError, UsageError
from chkg.sparql.catalogue import catalogue, find_query, read_query_text
from chkg.sparql.checks import check_refused
from chkg.sparql.lexer import has_order_by, query_form
from chkg.sparql.parameters import bind_parameters, parse_value, resolve_parameters
from chkg.sparql.query import run_query
from chkg.sparql.results import QueryResult, ResultFormat, format_result, parse_results
from chkg.sparql.store import EmbeddedStore

TOY = """
@prefix chkg: <https://w3id.org/creative-health-kg/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
chkg:burnout rdfs:label "burnout"@en .
chkg:retention rdfs:label "retention"@en .
chkg:quote rdfs:label "x\\" } ; DROP ALL ; #-ish"@en .
"""

LABEL_QUERY = """#+ summary: by label
#+ defaults:
#+   - label: burnout
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?x WHERE {
  # the entity whose label is the parameter
  ?x rdfs:label ?l . FILTER(STR(?l) = ?_label)
}
"""
HOSTILE = 'x" } ; DROP ALL ; #'


@pytest.fixture()
def toy() -> EmbeddedStore:
    return EmbeddedStore.from_graph(Graph().parse(data=TOY, format="turtle"))


@pytest.fixture()
def http_folder(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A local HTTP server on 127.0.0.1 serving ``tmp_path`` (what LOAD / contexts would fetch)."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(tmp_path), **kwargs)  # type: ignore[arg-type]

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", tmp_path
    finally:
        server.shutdown()
        server.server_close()


# -- Finding queries ----------------------------------------------------------------------


def test_find_by_number_slug_prefix_and_file(tmp_path: Path) -> None:
    first = catalogue()[0]
    assert find_query("1").name == first.name
    assert find_query("001").name == first.name
    assert find_query(first.name).number == "001"
    assert find_query(f"001_{first.name}").number == "001"
    assert find_query(first.name[:12]).name == first.name
    path = tmp_path / "mine.rq"
    path.write_text("SELECT * WHERE { ?s ?p ?o }")
    assert find_query(str(path)).name == "mine"


def test_unknown_and_ambiguous_names() -> None:
    with pytest.raises(UsageError, match="no catalogue query"):
        find_query("no-such-question")
    with pytest.raises(UsageError, match="several"):
        find_query("e")  # many slugs start with e
    with pytest.raises(UsageError, match="not found"):
        find_query("/nonexistent/q.rq")


# -- Parameters -------------------------------------------------------------------------------


def test_parameter_kinds_from_names_and_defaults() -> None:
    q = find_query("evidence-between-two-entities")
    assert {p.key: p.kind for p in q.parameters} == {"from_iri": "iri", "to_iri": "iri"}
    assert {p.key: p.kind for p in find_query("approaches-embedding-a-value").parameters} == {"value": "literal"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("chkg:burnout", URIRef("https://w3id.org/creative-health-kg/burnout")),
        ("<https://example.org/a>", URIRef("https://example.org/a")),
        ("https://example.org/a", URIRef("https://example.org/a")),
    ],
)
def test_iri_values(text: str, expected: URIRef) -> None:
    assert parse_value(text, "iri") == expected


@pytest.mark.parametrize("text", ["burnout", "<not an iri>", "nope:thing", '<x> } ; DROP ALL ; #>'])
def test_bad_iri_values(text: str) -> None:
    with pytest.raises(UsageError):
        parse_value(text, "iri")


def test_literal_values_are_taken_as_they_are() -> None:
    assert parse_value(HOSTILE, "literal") == Literal(HOSTILE)
    assert parse_value("chkg:burnout", "literal") == Literal("chkg:burnout")
    assert parse_value("7", "integer") == Literal("7", datatype=XSD.integer)
    with pytest.raises(UsageError):
        parse_value("seven", "integer")


def test_unknown_parameter() -> None:
    q = read_query_text(LABEL_QUERY)
    with pytest.raises(UnknownParameterError, match="no parameter 'colour'"):
        resolve_parameters(q, {"colour": "red"})
    # ?_label, _label and label all name the same parameter
    for key in ("label", "_label", "?_label"):
        assert resolve_parameters(q, {key: "x"}) == {"_label": Literal("x")}


def test_missing_value_without_default_and_optional_parameters() -> None:
    q = read_query_text("SELECT * WHERE { ?s ?p ?_needed OPTIONAL { ?s ?q ?__maybe } }")
    with pytest.raises(UsageError, match="needs a value"):
        resolve_parameters(q, {})
    assert resolve_parameters(q, {"needed": "x"}) == {"_needed": Literal("x")}


def test_values_block_goes_into_the_where_group_not_the_text() -> None:
    text = (
        "PREFIX ex: <http://example.org/a#>\n"
        "# a { comment\n"
        "CONSTRUCT { ?s ?p '{' } WHERE { ?s ?p ?_o }"
    )
    bound = bind_parameters(text, {"_o": Literal(HOSTILE)})
    template, where = bound.split("WHERE", 1)
    assert "VALUES" not in template
    assert where.startswith(' { VALUES (?_o) { ("x\\" } ; DROP ALL ; #") }')
    Graph().query(bound)  # still one well-formed query


def test_hostile_string_matches_nothing_and_drops_nothing(toy: EmbeddedStore) -> None:
    q = read_query_text(LABEL_QUERY)
    before = len(toy)
    assert run_query(q, {"label": HOSTILE}, store=toy).rows == []
    assert len(toy) == before
    assert [str(r[0]) for r in run_query(q, {}, store=toy).rows] == [
        "https://w3id.org/creative-health-kg/burnout"
    ]


def test_hostile_string_on_the_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "approaches-embedding-a-value", "--param", f"value={HOSTILE}", "--format", "csv"]) == 0
    assert capsys.readouterr().out.strip() == "approach,approachLabel,value,valueLabel,quote"


# -- Errors and exit codes ----------------------------------------------------------------------


def test_malformed_query_names_its_position(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nSELECT * WHERE {\n  ?s rdfs:label }\n")
    with pytest.raises(QuerySyntaxError, match=r"bad\.rq:3:\d+: malformed SPARQL"):
        run_query(find_query(str(bad)), {}, store=EmbeddedStore())
    assert main(["query", str(bad)]) == 3
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "bad.rq:3:" in err


def test_unknown_parameter_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "2", "--param", "colour=red"]) == 4
    assert "no parameter 'colour'" in capsys.readouterr().err


def test_param_needs_name_and_value() -> None:
    assert main(["query", "2", "--param", "value"]) == 2


# -- Nothing outside the graph ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "select * { service silent <http://example.org/sparql> { ?s ?p ?o } }",
        "LOAD <http://example.org/data.ttl>",
        "LOAD <file:///etc/passwd> INTO GRAPH <urn:g>",
        "DROP ALL",
        "PREFIX ex: <urn:ex:> INSERT DATA { ex:a ex:b ex:c }",
    ],
)
def test_refused_without_allow_remote(toy: EmbeddedStore, text: str, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(RefusedOperationError):
        toy.run(text)
    path = tmp_path / "refused.rq"
    path.write_text(text)
    assert main(["query", str(path)]) == 8
    assert "--allow-remote" in capsys.readouterr().err


def test_service_word_in_strings_iris_and_comments_is_not_refused() -> None:
    check_refused("# SERVICE\nSELECT * { ?s <http://example.org/SERVICE> 'SERVICE' ; ?p ?service }")


def test_load_with_allow_remote_fetches(toy: EmbeddedStore, http_folder: tuple[str, Path]) -> None:
    base, folder = http_folder
    (folder / "extra.nt").write_text("<urn:a> <urn:p> <urn:b> .\n")
    with pytest.raises(RefusedOperationError):
        toy.run(f"LOAD <{base}/extra.nt>")
    before = len(toy)
    toy.run(f"LOAD <{base}/extra.nt>", allow_remote=True)
    assert len(toy) == before + 1


def test_remote_jsonld_context_refused_unless_allowed(http_folder: tuple[str, Path]) -> None:
    base, folder = http_folder
    (folder / "context.jsonld").write_text(json.dumps({"@context": {"name": "http://schema.org/name"}}))
    doc = folder / "doc.jsonld"
    doc.write_text(json.dumps({"@context": f"{base}/context.jsonld", "@id": "urn:a", "name": "A"}))
    store = EmbeddedStore()
    with pytest.raises(RefusedOperationError, match="remote JSON-LD context"):
        store.load_file(doc)
    assert len(store) == 0
    store.load_file(doc, allow_remote=True)
    assert store.run("SELECT ?n WHERE { <urn:a> <http://schema.org/name> ?n }").rows == [(Literal("A"),)]
    inline = folder / "inline.jsonld"
    inline.write_text(json.dumps({"@context": {"name": "http://schema.org/name"}, "@id": "urn:b", "name": "B"}))
    store.load_file(inline)  # a context written inline reaches nothing
    assert len(store) == 2


# -- Results and formats ---------------------------------------------------------------------------


def test_query_form_and_order_by() -> None:
    assert query_form("# SELECT in a comment\nASK {}") == "ASK"
    assert query_form("PREFIX a: <urn:a:> DESCRIBE <urn:x>") == "DESCRIBE"
    assert has_order_by("SELECT * { ?s ?p ?o } order by ?s")
    assert not has_order_by("SELECT * { ?s ?p ?o } # ORDER BY ?s")


def test_normalised_smooths_server_differences() -> None:
    server = QueryResult(("l", "n"), [(Literal("b", lang="EN"), Literal("02", datatype=XSD.int)),
                                      (Literal("a", datatype=XSD.string), Literal("1", datatype=XSD.long))])
    embedded = QueryResult(("l", "n"), [(Literal("a"), Literal(1)), (Literal("b", lang="en"), Literal(2))])
    assert server.normalised().rows == embedded.normalised().rows


def test_ordered_results_keep_their_order() -> None:
    r = QueryResult(("x",), [(Literal("b"),), (Literal("a"),)], ordered=True)
    assert [str(row[0]) for row in r.normalised().rows] == ["b", "a"]


def test_formats_round_trip() -> None:
    r = QueryResult(("x", "l", "n"), [
        (URIRef("https://w3id.org/creative-health-kg/burnout"), Literal('say "hi"', lang="en"), None),
    ])
    assert parse_results(format_result(r, ResultFormat.JSON).encode(), ox.QueryResultsFormat.JSON, ordered=False).rows == r.rows
    assert format_result(r, "csv").splitlines() == ["x,l,n", 'https://w3id.org/creative-health-kg/burnout,"say ""hi""",']
    assert format_result(r, "tsv").splitlines()[1] == '<https://w3id.org/creative-health-kg/burnout>\t"say \\"hi\\""@en\t'
    table = format_result(r, "table")
    assert "chkg:burnout" in table and table.endswith("(1 row)")


def test_typed_literal_from_older_json() -> None:
    doc = {"head": {"vars": ["n"]}, "results": {"bindings": [
        {"n": {"type": "typed-literal", "datatype": str(XSD.integer), "value": "3"}}]}}
    assert parse_results(json.dumps(doc).encode(), ox.QueryResultsFormat.JSON, ordered=False).rows == [(Literal("3", datatype=XSD.integer),)]


def test_literals_keep_their_lexical_form() -> None:
    g = Graph()
    for literal in (Literal("2026-11-27", datatype=XSD.date), Literal("Dignity ", lang="en"),
                    Literal("café\n\"x\"")):
        g.add((URIRef("urn:a"), URIRef("urn:p"), literal))
    store = EmbeddedStore.from_graph(g)
    got = {row[0] for row in store.run("SELECT ?o WHERE { ?s ?p ?o }").rows}
    assert got == set(g.objects())
    # Oxigraph itself stores numbers by value: a non-canonical "01"^^xsd:integer comes back "1"
    g2 = Graph()
    g2.add((URIRef("urn:a"), URIRef("urn:p"), Literal("01", datatype=XSD.integer, normalize=False)))
    assert str(EmbeddedStore.from_graph(g2).run("SELECT ?o WHERE { ?s ?p ?o }").rows[0][0]) == "1"


# -- Embedded Oxigraph and rdflib agree on the catalogue --------------------------------------------


def test_oxigraph_and_rdflib_agree_on_every_catalogue_query() -> None:
    from chkg.graph.loader import load

    graph = load()
    store = EmbeddedStore.from_graph(graph)
    for query in catalogue():
        ox_result = run_query(query, {}, store=store).normalised()
        text = bind_parameters(query.text, resolve_parameters(query, {}))
        rdf = graph.query(text)
        rows = [tuple(row) for row in rdf]
        rdflib_result = QueryResult(tuple(str(v) for v in rdf.vars), rows, ordered=ox_result.ordered).normalised()
        assert len(rdflib_result.rows) == len(ox_result.rows), query.name
        assert sorted(map(str, rdflib_result.rows)) == sorted(map(str, ox_result.rows)), query.name
