"""chkg.analysis.network and chkg.analysis.construct on the hand-built fixture."""

from __future__ import annotations

import rdflib
from handbuilt import FIXTURES, fixture_graph, fixture_rdf, t

from chkg.analysis.construct import ANALYSIS_CONSTRUCT
from chkg.analysis.network import analysis_graph, nodes_of_kind, outcomes_of_kind
from chkg.evidence.certainty import Certainty
from chkg.graph.resolve import resolve_entity


def test_entities_and_claims() -> None:
    G = fixture_graph()
    assert nodes_of_kind(G, "policy") == [t("p"), t("q")]
    assert outcomes_of_kind(G, "workforce") == [t("b"), t("o")]
    assert G.entities[t("b")].direction == "lower" and G.entities[t("k")].direction is None
    c4 = G.claims[t("c4")]
    assert (c4.claim_type, c4.statement, c4.source, c4.source_type) == (
        "observedEffect", t("st3"), t("s2"), "peerReviewedStudy")
    assert c4.contexts == (t("ctx-system"),) and G.context_label(t("ctx-system")) == "system"
    # the loader materialised certainty by the default rule (see the fixture header)
    assert {k.rsplit("-", 1)[1]: c.certainty for k, c in G.claims.items()} == {
        "c1": Certainty.VERY_LOW, "c2": Certainty.VERY_LOW, "c5": Certainty.VERY_LOW, "c7": Certainty.VERY_LOW,
        "c3": Certainty.HIGH, "c4": Certainty.MODERATE, "c6": Certainty.HIGH}
    assert c4.certainty_reasons == ("The source is a peer-reviewed study: high certainty to start with.",
                                    "The wording is hedged: one level down.")
    assert not G.claims[t("c7")].effect and G.claims[t("c2")].effect
    assert G.bridges[(t("c1"), t("c2"))].quote == "Consequently"
    assert G.broader[t("ctx-nhs")] == {t("ctx-system")}


def test_index_resolves_labels() -> None:
    G = fixture_graph()
    assert str(resolve_entity(G.index(), "O retention")) == t("o")


def test_certainty_appraised_when_not_materialised() -> None:
    raw = rdflib.Graph().parse(FIXTURES / "chains.ttl")
    H = analysis_graph(raw)
    assert H.claims[t("c4")].certainty is Certainty.MODERATE
    assert any("hedged" in r for r in H.claims[t("c4")].certainty_reasons)


def test_construct_query_gives_the_same_graph() -> None:
    rdf = fixture_rdf()
    G = analysis_graph(rdf)
    result = rdf.query(ANALYSIS_CONSTRUCT).graph
    assert result is not None
    H = analysis_graph(result)
    assert H.claims == G.claims
    assert H.bridges == G.bridges
    assert H.broader == G.broader
    assert {k: v for k, v in H.entities.items() if k.startswith(t(""))} == {
        k: v for k, v in G.entities.items() if k.startswith(t(""))}
    assert len(result) < len(rdf)


def test_without_drops_claims_and_bridges() -> None:
    G = fixture_graph()
    H = G.without([t("m")])
    assert t("m") not in H and t("c1") not in H.claims and not H.bridges
    assert t("m") in G and len(G.claims) == 7
