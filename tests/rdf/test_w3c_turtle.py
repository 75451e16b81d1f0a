"""chkg's strict Turtle parser against the W3C RDF 1.1 Turtle test suite (tests/w3c/rdf11-turtle).

Every negative syntax test must be rejected, every positive syntax and evaluation
test accepted; evaluation tests must give a graph isomorphic to the expected
N-Triples; and the positions index must know the line of every IRI subject (in
Turtle an IRI can only be a subject at the start of a statement).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic

from chkg.rdf.turtle import parse_turtle_file

SUITE = Path(__file__).parents[1] / "w3c" / "rdf11-turtle"
BASE = "https://w3c.github.io/rdf-tests/rdf/rdf11/rdf-turtle/"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
RDFT = Namespace("http://www.w3.org/ns/rdftest#")
RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _manifest() -> tuple[Graph, list[URIRef]]:
    parsed = parse_turtle_file(SUITE / "manifest.ttl", base_iri=BASE + "manifest.ttl")
    assert parsed.problem is None, str(parsed.problem)
    graph = Graph()
    graph.addN((s, p, o, graph) for s, p, o in parsed.triples)
    entries = next(graph.objects(URIRef(BASE + "manifest.ttl"), MF.entries))
    return graph, list(Collection(graph, entries))


MANIFEST, ENTRIES = _manifest()


def _cases(kind: URIRef) -> list[tuple[str, Path, Path | None]]:
    cases = []
    for entry in ENTRIES:
        if (entry, RDF_TYPE, kind) not in MANIFEST:
            continue
        action = MANIFEST.value(entry, MF.action)
        result = MANIFEST.value(entry, MF.result)
        name = str(entry).rsplit("#", 1)[-1]
        cases.append((name, SUITE / str(action).rsplit("/", 1)[-1],
                      SUITE / str(result).rsplit("/", 1)[-1] if result is not None else None))
    return cases


NEGATIVE = _cases(RDFT.TestTurtleNegativeSyntax)
POSITIVE = _cases(RDFT.TestTurtlePositiveSyntax)
EVALUATION = _cases(RDFT.TestTurtleEval)


def _graph(triples: list) -> Graph:
    graph = Graph()
    graph.addN((s, p, o, graph) for s, p, o in triples)
    return graph


def test_the_suite_is_complete() -> None:
    assert (len(NEGATIVE), len(POSITIVE), len(EVALUATION)) == (94, 74, 145)


@pytest.mark.parametrize(("name", "action", "result"), NEGATIVE, ids=[c[0] for c in NEGATIVE])
def test_negative_syntax_is_rejected_with_a_position(name: str, action: Path, result: None) -> None:
    parsed = parse_turtle_file(action, base_iri=BASE + action.name)
    assert parsed.problem is not None, f"{name}: invalid Turtle accepted"
    assert parsed.problem.line >= 1 and parsed.problem.column >= 1
    assert not parsed.ok


@pytest.mark.parametrize(("name", "action", "result"), POSITIVE, ids=[c[0] for c in POSITIVE])
def test_positive_syntax_is_accepted(name: str, action: Path, result: None) -> None:
    parsed = parse_turtle_file(action, base_iri=BASE + action.name)
    assert parsed.problem is None, str(parsed.problem)
    _assert_subjects_located(parsed.triples, parsed.positions)


@pytest.mark.parametrize(("name", "action", "result"), EVALUATION, ids=[c[0] for c in EVALUATION])
def test_evaluation_gives_the_expected_graph(name: str, action: Path, result: Path) -> None:
    parsed = parse_turtle_file(action, base_iri=BASE + action.name)
    assert parsed.problem is None, str(parsed.problem)
    expected = parse_turtle_file(result, base_iri=BASE + result.name)
    assert expected.problem is None, str(expected.problem)
    assert isomorphic(_graph(parsed.triples), _graph(expected.triples))
    _assert_subjects_located(parsed.triples, parsed.positions)


def _assert_subjects_located(triples: list, positions: dict) -> None:
    iri_subjects = {str(s) for s, _, _ in triples if isinstance(s, URIRef)}
    missing = iri_subjects - set(positions)
    assert not missing, f"no line recorded for subjects {sorted(missing)}"
