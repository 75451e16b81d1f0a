"""Stated and stitched chains, joins, weakest-link certainty, steps and effect (EVIDENCE-MODEL §8),
on the hand-built fixture (answers in its header)."""

from __future__ import annotations

import pytest
from handbuilt import fixture_graph, t

from chkg.analysis.chains import Chain, ChainOptions, build_chain, join_between
from chkg.analysis.network import AnalysisGraph
from chkg.evidence.certainty import Certainty


def chain_of(G: AnalysisGraph, *claims: str, options: ChainOptions | None = None) -> Chain:
    return build_chain(G, [G.claims[t(c)] for c in claims], options)


def test_same_statement_is_stated() -> None:
    G = fixture_graph()
    chain = chain_of(G, "c5", "c2")
    assert [j.kind for j in chain.joins] == ["same statement"]
    assert chain.stated and chain.unstated_joins == 0
    assert chain.steps == 1  # both claims stand in sentence st1b


def test_bridge_is_stated() -> None:
    G = fixture_graph()
    chain = chain_of(G, "c1", "c2")
    [join] = chain.joins
    assert join.kind == "bridge" and join.stated and join.bridge is not None
    assert join.bridge.iri == t("bridge")
    assert chain.stated and chain.steps == 2


def test_neither_is_stitched_with_contexts() -> None:
    G = fixture_graph()
    chain = chain_of(G, "c3", "c4")
    [join] = chain.joins
    assert join.kind == "stitched" and not join.stated and not chain.stated
    assert join.at == t("n")
    assert join.contexts == ((t("ctx-nhs"),), (t("ctx-system"),))
    assert join.compatible  # NHS staff is narrower than system
    bad = chain_of(G, "c3", "c6").joins[0]
    assert not bad.compatible  # NHS staff / providers: unrelated tops
    assert chain_of(G, "c3", "c6").incompatible_joins == (bad,)


def test_reversed_bridge_does_not_state() -> None:
    G = fixture_graph()
    # a bridge c1 -> c2 says nothing about any other pair of claims
    assert join_between(G, G.claims[t("c5")], G.claims[t("c2")]).kind == "same statement"
    assert join_between(G, G.claims[t("c3")], G.claims[t("c4")]).bridge is None


def test_weakest_link() -> None:
    G = fixture_graph()
    # c3 high, c4 moderate: the chain is moderate, not a product of the two
    assert chain_of(G, "c3", "c4").certainty is Certainty.MODERATE
    assert chain_of(G, "c3", "c6").certainty is Certainty.HIGH
    assert chain_of(G, "c1", "c2").certainty is Certainty.VERY_LOW


def test_effect_from_sign_and_direction() -> None:
    G = fixture_graph()
    # c3 (+) then c6 (-) into burnout, lower is better: favourable
    lowers_burnout = chain_of(G, "c3", "c6")
    assert lowers_burnout.sign == -1 and lowers_burnout.effect == "favourable"
    assert chain_of(G, "c1", "c2").effect == "favourable"  # raises retention, higher is better
    assert chain_of(G, "c1", "c7").effect == "direction not recorded"  # care has no direction


def test_alternatives_count_admitted_claims_only() -> None:
    G = fixture_graph()
    assert [h.alternatives for h in chain_of(G, "c1", "c2").hops] == [0, 0]


def test_options_admit_and_allow() -> None:
    G = fixture_graph()
    c7 = G.claims[t("c7")]
    assert not ChainOptions().admits(c7) and ChainOptions(include_context_claims=True).admits(c7)
    assert not ChainOptions(min_certainty=Certainty.MODERATE).admits(G.claims[t("c1")])
    stitched = chain_of(G, "c3", "c4").joins[0]
    incompatible = chain_of(G, "c3", "c6").joins[0]
    assert ChainOptions().allows(stitched) and not ChainOptions(stated_only=True).allows(stitched)
    assert not ChainOptions().allows(incompatible) and ChainOptions(allow_incompatible=True).allows(incompatible)


def test_build_chain_refuses_claims_that_do_not_meet() -> None:
    G = fixture_graph()
    with pytest.raises(ValueError, match="do not meet"):
        chain_of(G, "c1", "c4")
