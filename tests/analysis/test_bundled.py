"""The rules on the bundled data (which curators keep changing: these tests check the rules, not
today's figures)."""

from __future__ import annotations

import pytest

from chkg.analysis.chains import ChainOptions
from chkg.analysis.network import AnalysisGraph, analysis_graph, nodes_of_kind, outcomes_of_kind
from chkg.analysis.ranking import rank_key
from chkg.analysis.reach import reach
from chkg.analysis.search import find_chains
from chkg.analysis.summary import executive_summary
from chkg.analysis.text import describe_chain
from chkg.graph.loader import load
from chkg.graph.resolve import resolve_entity

EVERYTHING = ChainOptions(include_context_claims=True, allow_incompatible=True)


@pytest.fixture(scope="module")
def bundled() -> AnalysisGraph:
    return analysis_graph(load())


def test_every_chain_is_stated_or_labelled_a_hypothesis(bundled: AnalysisGraph) -> None:
    G = bundled
    outcomes = outcomes_of_kind(G, "any")
    seen = 0
    for policy in nodes_of_kind(G, "policy"):
        for options in (ChainOptions(), EVERYTHING):
            found = find_chains(G, policy, outcomes, options=options, top=50)
            assert found.complete, found.message
            keys = [rank_key(G, c) for c in found.chains]
            assert keys == sorted(keys), f"{G.label(policy)}: chains out of ranking order"
            for chain in found.chains:
                seen += 1
                words = describe_chain(G, chain)
                where = f"{G.label(policy)} -> {G.label(chain.nodes[-1])}: {words}"
                if chain.stated:
                    assert words.startswith("stated ·") and chain.unstated_joins == 0, where
                else:
                    assert words.startswith("hypothesis (stitched at "), where
                    assert chain.unstated_joins >= 1, where
                if chain.incompatible_joins:
                    assert options.allow_incompatible and not chain.stated and "(incompatible)" in words, where
    assert seen > 0, "the bundled data has chains"


def test_reach_and_summary_keep_hypotheses_apart(bundled: AnalysisGraph) -> None:
    G = bundled
    for r in reach(G):
        for o in r.outcomes:
            assert o.stated == o.best.stated, f"{r.label} -> {o.label}"
            assert not o.best.incompatible_joins
            assert o.evidence.statements <= o.evidence.claims
            assert o.evidence.statements == len({G.claims[c].line_of_evidence for c in o.claims})
    summary = executive_summary(G)
    for f in summary.findings:
        assert f.chain.stated and "has stated evidence" in f.sentence.text and f.sentence.claims
    for h in summary.hypotheses:
        assert not h.chain.stated and h.assumptions and h.sentence.text.startswith("Only a hypothesis")
        assert all(a.sentence.text.startswith("Assumes that") for a in h.assumptions)
    assert "certainty at best, whatever its wording" in summary.source_note.text


@pytest.mark.parametrize("policy", ["Personalised Care", "Population Health Management"])
def test_no_stated_chain_to_retention_or_burnout(bundled: AnalysisGraph, policy: str) -> None:
    G = bundled
    start = str(resolve_entity(G.index(["policy"]), policy))
    targets = [o for o in outcomes_of_kind(G, "any")
               if "retention" in G.label(o).casefold() or "burnout" in G.label(o).casefold()]
    assert targets, "the bundled data has retention and burnout outcomes"
    stated = ChainOptions(stated_only=True, include_context_claims=True, allow_incompatible=True)
    found = find_chains(G, start, targets, options=stated, top=10)
    assert found.complete and found.chains == (), [describe_chain(G, c) for c in found.chains]
    # and by default (effect claims, compatible joins) nothing reaches them that is not a hypothesis
    for chain in find_chains(G, start, targets, top=10).chains:
        assert not chain.stated
