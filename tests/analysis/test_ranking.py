"""The ranking order, and that splitting one statement into more claims changes nothing that
counts (EVIDENCE-MODEL §8)."""

from __future__ import annotations

from pathlib import Path

from handbuilt import fixture_graph, t

from chkg.analysis.network import AnalysisGraph
from chkg.analysis.reach import reach
from chkg.analysis.search import find_chains

SPLIT = """
PREFIX chkg: <https://w3id.org/creative-health-kg/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
chkg:t-x a chkg:Mechanism ; rdfs:label "X mechanism"@en .
chkg:t-c2a a chkg:Influence ; prov:influencer chkg:t-m ; chkg:influencee chkg:t-x ; chkg:relation chkg:enables ;
    chkg:sign chkg:positive ; chkg:claimType chkg:assertedEffect ; chkg:statedIn chkg:t-st1b ; chkg:quote "c2a" .
chkg:t-c2b a chkg:Influence ; prov:influencer chkg:t-x ; chkg:influencee chkg:t-o ; chkg:relation chkg:contributesTo ;
    chkg:sign chkg:positive ; chkg:claimType chkg:assertedEffect ; chkg:statedIn chkg:t-st1b ; chkg:quote "c2b" .
chkg:t-bridge2 a chkg:Bridge ; chkg:fromClaim chkg:t-c1 ; chkg:toClaim chkg:t-c2a ; chkg:quote "Consequently" ;
    chkg:statedIn chkg:t-st1b .
"""


def test_stated_outranks_stitched_whatever_the_certainty() -> None:
    G = fixture_graph()
    # P -> O: the stated chain (bridge, very low) before the stitched one (moderate)
    chains = find_chains(G, t("p"), t("o")).chains
    assert [c.nodes for c in chains] == [(t("p"), t("m"), t("o")), (t("p"), t("n"), t("o"))]
    assert [(c.stated, c.certainty.label, c.steps) for c in chains] == [(True, "very low", 2), (False, "moderate", 2)]


def split_graph(tmp_path: Path) -> AnalysisGraph:
    """The fixture with c2 (M -> O, sentence st1b) decomposed into M -> X -> O, both in st1b, and
    the bridge from c1 following it to the first part."""
    extra = tmp_path / "split.ttl"
    extra.write_text(SPLIT, encoding="utf-8")
    return fixture_graph(extra).without(claims=[t("c2")])


def test_splitting_a_statement_changes_neither_certainty_nor_rank_nor_reach(tmp_path: Path) -> None:
    G = fixture_graph()
    S = split_graph(tmp_path)
    before = find_chains(G, t("p"), t("o")).chains
    after = find_chains(S, t("p"), t("o")).chains
    assert after[0].nodes == (t("p"), t("m"), t("x"), t("o"))  # the split chain: one hop more
    assert [(c.stated, c.certainty, c.steps, c.unstated_joins) for c in after] == [
        (c.stated, c.certainty, c.steps, c.unstated_joins) for c in before]
    # and the same from Q, whose chain lies in one sentence: one step either way
    assert find_chains(S, t("q"), t("o")).chains[0].steps == find_chains(G, t("q"), t("o")).chains[0].steps == 1
    # reach counts statements and sources, not claims
    [r_before] = [o for o in reach(G, [t("p")])[0].outcomes if o.outcome == t("o")]
    [r_after] = [o for o in reach(S, [t("p")])[0].outcomes if o.outcome == t("o")]
    assert (r_after.evidence.statements, r_after.evidence.sources) == (r_before.evidence.statements,
                                                                      r_before.evidence.sources) == (4, 2)
    assert (r_after.stated_evidence.statements, r_after.stated_evidence.sources) == (2, 1)
    assert (r_before.evidence.claims, r_after.evidence.claims) == (4, 5)
    assert r_after.best.certainty is r_before.best.certainty
