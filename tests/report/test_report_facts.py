"""The facts the report reads come out the same from the store (SPARQL) and from rdflib."""

from __future__ import annotations

from pathlib import Path

import pytest

from chkg.graph.loader import load
from chkg.graph.store import open_store
from chkg.report.build import ReportInputs, build_report
from chkg.report.example import example_graph
from chkg.report.facts import ClaimFact, ReportFacts, StatementFact

_EDGE_CASES = """
@prefix chkg: <https://w3id.org/creative-health-kg/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <https://w3id.org/creative-health-kg/> .

ex:src a chkg:Source ; dcterms:title "The response" ; rdfs:label "response" ; chkg:textFile "t.md" .
ex:sec dcterms:isPartOf ex:src .
ex:pas dcterms:isPartOf ex:sec .
ex:st1 oa:hasSource ex:src ; rdfs:label "first sentence" ;
    oa:hasSelector [ a oa:TextPositionSelector ; oa:start 7 ; oa:end 19 ] , [ a oa:TextQuoteSelector ] .
ex:st2 oa:hasSource ex:src .
ex:c1 a chkg:Influence ; chkg:statedIn ex:st1 ; chkg:quote "helped staff" .
ex:c2 a chkg:Influence ; chkg:citesPassage ex:pas ; chkg:quote "stay" .
ex:c3 a chkg:Influence ; chkg:statedIn "not an IRI" ; chkg:citesPassage ex:pas .
ex:o1 skos:broader ex:fam1 . ex:o2 skos:broader ex:fam2 .
ex:fam1 skos:prefLabel "wellbeing" ; rdfs:label "zz other" .
ex:fam2 rdfs:label "supply" .
"""


def _both(folder: Path, turtle: str) -> tuple[ReportFacts, ReportFacts]:
    (folder / "edge.ttl").write_text(turtle, encoding="utf-8")
    with open_store([folder / "edge.ttl"]) as loaded:
        from_store = ReportFacts.from_store(loaded)
    return from_store, ReportFacts.from_rdf(load([folder / "edge.ttl"]))


def test_bundled_facts_are_the_same_either_way() -> None:
    with open_store() as loaded:
        from_store = ReportFacts.from_store(loaded)
    from_rdf = ReportFacts.from_rdf(load())
    assert from_store == from_rdf
    assert len(from_store.claims) > 200 and len(from_store.statements) > 50 and from_store.names


def test_edge_cases_are_the_same_either_way(tmp_path: Path) -> None:
    from_store, from_rdf = _both(tmp_path, _EDGE_CASES)
    assert from_store == from_rdf
    ex = "https://w3id.org/creative-health-kg/"
    facts = from_store
    assert facts.statements[ex + "st1"] == StatementFact(ex + "src", "first sentence", 7, 19)
    assert facts.statements[ex + "st2"] == StatementFact(ex + "src", None, None, None)
    # a claim without a statement is placed by its passage, through the section, in its source
    assert facts.claims[ex + "c2"] == ClaimFact(None, "stay", ex + "src", False)
    # a statement that is not an IRI: no span of its own, and not placed by its passage either
    assert facts.claims[ex + "c3"].stated_otherwise and facts.claims[ex + "c3"].passage_source is None
    assert facts.names == {ex + "fam1": "wellbeing", ex + "fam2": "supply"}
    assert facts.sources[ex + "src"].text_file == "t.md"


@pytest.mark.parametrize("where", ["facts", "rdf"])
def test_the_report_builds_source_pages_from_the_facts_or_the_graph(tmp_path: Path, where: str) -> None:
    ex = "https://w3id.org/creative-health-kg/"
    (tmp_path / "t.md").write_text("Intro. helped staff to stay.\n", encoding="utf-8")
    _, from_rdf = _both(tmp_path, _EDGE_CASES)
    G = example_graph()
    inputs = ReportInputs(facts=from_rdf, sources_dir=tmp_path) if where == "facts" else ReportInputs(
        rdf=load([tmp_path / "edge.ttl"]), sources_dir=tmp_path)
    report = build_report(G, inputs=inputs)
    (doc,) = report.sources
    assert doc.title == "The response" and doc.text.startswith("Intro.")
    spans = {(s.statement, s.start, s.end, s.claims) for s in doc.spans}
    assert (ex + "st1", 7, 19, (ex + "c1",)) in spans
    assert (ex + "c2", 23, 27, (ex + "c2",)) in spans  # found by its quote
    assert all(s.statement != ex + "c3" for s in doc.spans)
