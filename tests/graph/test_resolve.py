"""Tests of chkg.graph.resolve: IRIs, CURIEs, exact and partial labels, ambiguity, closest labels."""

from __future__ import annotations

import networkx as nx
import pytest
from rdflib import Graph, URIRef

from chkg.errors import AmbiguousEntityError, UnknownEntityError
from chkg.graph.resolve import EntityIndex, resolve_entity

NS = "https://w3id.org/creative-health-kg/"


@pytest.fixture
def G() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    for slug, label, alts in [
        ("retention", "retention", ()),
        ("staff-retention-scheme", "staff retention scheme", ()),
        ("staff-wellbeing", "staff wellbeing", ("wellbeing of staff",)),
        ("patient-wellbeing", "patient wellbeing", ()),
        ("burnout", "Burnout", ("exhaustion",)),
        ("plan", "NHS Long Term Workforce Plan", ()),
    ]:
        G.add_node(NS + slug, label=label, alt_labels=alts)
    return G


def test_exact_label_case_insensitive(G: nx.MultiDiGraph) -> None:
    assert resolve_entity(G, "BURNOUT") == URIRef(NS + "burnout")
    assert resolve_entity(G, "  nhs   long term workforce plan ") == URIRef(NS + "plan")


def test_alt_label(G: nx.MultiDiGraph) -> None:
    assert resolve_entity(G, "Exhaustion") == URIRef(NS + "burnout")
    assert resolve_entity(G, "wellbeing of staff") == URIRef(NS + "staff-wellbeing")


def test_exact_beats_partial(G: nx.MultiDiGraph) -> None:
    # "retention" is also part of "staff retention scheme", but one label is exactly it
    assert resolve_entity(G, "retention") == URIRef(NS + "retention")


def test_unique_partial(G: nx.MultiDiGraph) -> None:
    assert resolve_entity(G, "workforce plan") == URIRef(NS + "plan")
    assert resolve_entity(G, "scheme") == URIRef(NS + "staff-retention-scheme")


def test_ambiguous_lists_candidates(G: nx.MultiDiGraph) -> None:
    with pytest.raises(AmbiguousEntityError) as info:
        resolve_entity(G, "wellbeing")
    message = str(info.value)
    assert "matches 2 entities" in message
    assert f"patient wellbeing <{NS}patient-wellbeing>" in message
    assert f"staff wellbeing <{NS}staff-wellbeing>" in message
    assert info.value.exit_code == 2


def test_ambiguous_exact_labels() -> None:
    index = EntityIndex.from_mapping({"urn:a": ["report"], "urn:b": ["Report"]})
    with pytest.raises(AmbiguousEntityError, match="matches 2 entities"):
        resolve_entity(index, "report")


def test_unknown_gives_closest(G: nx.MultiDiGraph) -> None:
    with pytest.raises(UnknownEntityError) as info:
        resolve_entity(G, "retension")
    assert "closest labels: 'retention'" in str(info.value)
    with pytest.raises(UnknownEntityError, match=r"no entity matches 'zzzz'$"):
        resolve_entity(G, "zzzz")
    with pytest.raises(UnknownEntityError):
        resolve_entity(G, "   ")


def test_iri_and_curie(G: nx.MultiDiGraph) -> None:
    assert resolve_entity(G, NS + "burnout") == URIRef(NS + "burnout")
    assert resolve_entity(G, f"<{NS}burnout>") == URIRef(NS + "burnout")
    assert resolve_entity(G, "chkg:plan") == URIRef(NS + "plan")
    with pytest.raises(UnknownEntityError, match="no entity has the IRI"):
        resolve_entity(G, NS + "nothing")


def test_unknown_curie_prefix_is_a_label(G: nx.MultiDiGraph) -> None:
    G.add_node("urn:x", label="note: retention")
    assert resolve_entity(G, "note: retention") == URIRef("urn:x")


def test_rdflib_graph_leaves_out_ontology_terms() -> None:
    g = Graph().parse(format="turtle", data=f"""
        @prefix chkg: <{NS}> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix dcterms: <http://purl.org/dc/terms/> .
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        chkg:Report a owl:Class ; rdfs:label "report"@en ;
            rdfs:isDefinedBy <https://w3id.org/creative-health-kg/ontology> .
        chkg:fuller a chkg:Report ; rdfs:label "Fuller Stocktake report"@en ; skos:altLabel "Fuller"@en .
        chkg:src a chkg:Source ; dcterms:title "Section 4: culture and values"@en .
    """)
    assert resolve_entity(g, "report") == URIRef(NS + "fuller")  # the class is not a candidate
    assert resolve_entity(g, "fuller") == URIRef(NS + "fuller")
    assert resolve_entity(g, "culture and values") == URIRef(NS + "src")
    assert "report" in EntityIndex.from_graph(g, include_terms=True).labels.values()


def test_type_error_for_other_inputs() -> None:
    with pytest.raises(TypeError):
        resolve_entity(42, "x")  # type: ignore[arg-type]
