"""The catalogue queries give the same rows whether or not the reused vocabularies are loaded.

A store that holds chkg's graph often holds PROV-O, SKOS or DCTERMS too (a triple store
that loads what a graph's namespaces point to, or a curator who loads them by hand). A query that
matched the vocabularies' own triples (``?x rdfs:label ?l`` catching PROV's labels,
``?p rdfs:subPropertyOf* prov:influenced`` catching PROV's properties) would then answer
differently. Every catalogue query, with its default parameters, must give the same rows on
the bundled graph and on the bundled graph plus the vocabularies of ``tests/ontology/vocabularies/``.

The stores hold the graphs as they are, without inference, as ``chkg query`` runs them; what a
reasoner would add is the subject of ``test_reasoners.py`` (SKOS makes ``skos:altLabel`` an
``rdfs:label`` there).
"""

from __future__ import annotations

import functools
from collections import Counter

import pytest

from chkg.sparql.catalogue import CatalogueQuery, catalogue
from chkg.sparql.query import run_query
from chkg.sparql.store import EmbeddedStore
from ontology.owl_tools import merged, project, vocabularies

QUERIES = catalogue()


@functools.cache
def store(with_vocabularies: bool) -> EmbeddedStore:
    graph = merged(project(), vocabularies()) if with_vocabularies else project()
    return EmbeddedStore.from_graph(graph)


def rows(query: CatalogueQuery, with_vocabularies: bool) -> Counter[tuple[str, ...]]:
    result = run_query(query, {}, store=store(with_vocabularies))
    return Counter(tuple("" if term is None else term.n3() for term in row) for row in result.rows)


def test_the_vocabularies_are_really_loaded() -> None:
    """A control: the larger store has PROV-O's and SKOS's own triples."""
    probe = "SELECT * WHERE { <http://www.w3.org/ns/prov#influenced> <http://www.w3.org/2000/01/rdf-schema#label> ?o }"
    assert store(True).run(probe).rows
    assert not store(False).run(probe).rows


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_query_gives_the_same_rows_with_the_vocabularies_loaded(query: CatalogueQuery) -> None:
    without, with_ = rows(query, False), rows(query, True)
    assert with_ == without, f"{query.name}: only with the vocabularies {with_ - without}; only without {without - with_}"
