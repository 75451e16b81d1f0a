"""The bounded best-first search: filters, incompatible joins, budget, and the exact ranking
order checked against brute force on random graphs."""

from __future__ import annotations

import itertools
import random

import pytest
from handbuilt import fixture_graph, t

from chkg.analysis.chains import ChainOptions, build_chain, join_between
from chkg.analysis.network import AnalysisGraph, Bridge, Claim, Entity
from chkg.analysis.ranking import rank_key, sort_chains
from chkg.analysis.search import find_chains
from chkg.errors import UnknownEntityError, UsageError
from chkg.evidence.certainty import Certainty


def test_incompatible_joins_hidden_by_default_and_shown_with_the_option() -> None:
    G = fixture_graph()
    # P -> N -> B joins NHS staff (c3) to providers (c6): incompatible
    assert find_chains(G, t("p"), t("b")).chains == ()
    [chain] = find_chains(G, t("p"), t("b"), options=ChainOptions(allow_incompatible=True)).chains
    assert chain.nodes == (t("p"), t("n"), t("b")) and not chain.joins[0].compatible


def test_stated_only_and_min_certainty() -> None:
    G = fixture_graph()
    stated = find_chains(G, t("p"), t("o"), options=ChainOptions(stated_only=True)).chains
    assert [c.nodes for c in stated] == [(t("p"), t("m"), t("o"))]
    sure = find_chains(G, t("p"), t("o"), options=ChainOptions(min_certainty=Certainty.MODERATE)).chains
    assert [c.nodes for c in sure] == [(t("p"), t("n"), t("o"))]
    assert find_chains(G, t("p"), t("o"), options=ChainOptions(min_certainty=Certainty.HIGH)).chains == ()


def test_context_claims_only_on_request() -> None:
    G = fixture_graph()
    assert find_chains(G, t("p"), t("k")).chains == ()
    [chain] = find_chains(G, t("p"), t("k"), options=ChainOptions(include_context_claims=True)).chains
    assert chain.claims[-1].claim_type == "potentialEffect"
    # c1 (st1) -> c7 (st1b): the bridge links c1 to c2 only, so this join is stitched
    assert [j.kind for j in chain.joins] == ["stitched"] and not chain.stated


def test_max_hops_top_and_errors() -> None:
    G = fixture_graph()
    assert find_chains(G, t("p"), t("o"), max_hops=1).chains == ()
    assert len(find_chains(G, t("p"), t("o"), top=1).chains) == 1
    with pytest.raises(UnknownEntityError):
        find_chains(G, t("p"), t("nowhere"))
    with pytest.raises(UsageError, match="top must be"):
        find_chains(G, t("p"), t("o"), top=0)


def test_budget_stops_with_a_message() -> None:
    G = fixture_graph()
    found = find_chains(G, t("p"), [t("o"), t("b")], max_states=1)
    assert not found.complete and "max_states" in found.message


def random_graph(seed: int) -> AnalysisGraph:
    """Eight nodes, 36 claims with random statements, certainty and contexts; 40 bridge tries."""
    rng = random.Random(seed)
    G = AnalysisGraph(broader={"a1": frozenset({"a"}), "b": frozenset()})
    nodes = [f"n{i}" for i in range(8)]
    for n in nodes:
        G.add_entity(Entity(n, n))
    for i in range(36):
        u, v = rng.sample(nodes, 2)
        G.add_claim(Claim(f"c{i:02d}", u, v, rng.choice(list(Certainty)), statement=f"s{rng.randrange(5)}",
                          contexts=tuple(rng.sample(["a", "a1", "b"], rng.randrange(2)))))
    claims = sorted(G.claims.values(), key=lambda c: c.iri)
    for a, b in rng.sample(list(itertools.product(claims, claims)), 400):
        if a.object == b.subject:
            G.add_bridge(Bridge(f"b-{a.iri}-{b.iri}", a.iri, b.iri))
    return G


def brute_force(G: AnalysisGraph, source: str, target: str, options: ChainOptions, max_hops: int) -> list[tuple]:  # type: ignore[type-arg]
    """Every simple claim chain, best claim choice per node sequence, in ranking order."""
    best: dict[tuple[str, ...], tuple] = {}  # type: ignore[type-arg]
    frontier = [[c] for c in G.claims.values() if c.subject == source and options.admits(c)]
    while frontier:
        chain = frontier.pop()
        nodes = (source, *(c.object for c in chain))
        if chain[-1].object == target:
            key = rank_key(G, build_chain(G, chain, options))
            if nodes not in best or key < best[nodes]:
                best[nodes] = key
        if len(chain) < max_hops:
            for c in G.claims.values():
                if (c.subject == chain[-1].object and c.object not in nodes and options.admits(c)
                        and options.allows(join_between(G, chain[-1], c))):
                    frontier.append([*chain, c])
    return sorted(best.values())


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("options", [ChainOptions(), ChainOptions(stated_only=True),
                                     ChainOptions(allow_incompatible=True, min_certainty=Certainty.LOW)])
def test_search_matches_brute_force(seed: int, options: ChainOptions) -> None:
    G = random_graph(seed)
    expected = brute_force(G, "n0", "n1", options, 4)
    found = find_chains(G, "n0", "n1", options=options, max_hops=4, top=6)
    assert found.complete
    assert [rank_key(G, c) for c in found.chains] == expected[:6]
    assert sort_chains(G, found.chains) == list(found.chains)
