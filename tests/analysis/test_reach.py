"""Routes, reach and leverage count independent evidence (statements and sources), on the
hand-built fixture and against brute force."""

from __future__ import annotations

import itertools

import pytest
from handbuilt import fixture_graph, t
from test_search import random_graph

from chkg.analysis.chains import ChainOptions, build_chain, join_between
from chkg.analysis.network import Entity
from chkg.analysis.ranking import rank_key
from chkg.analysis.reach import leverage, reach
from chkg.analysis.routes import routes


def test_reach_counts_statements_and_sources() -> None:
    G = fixture_graph()
    [p] = reach(G, [t("p")])
    by_outcome = {o.outcome: o for o in p.outcomes}
    assert set(by_outcome) == {t("o")}  # B only through an incompatible join, K only by a potential effect
    o = by_outcome[t("o")]
    # P-M-O (c1 st1, c2 st1b: source S1) and P-N-O (c3 st2, c4 st3: source S2)
    assert (o.evidence.statements, o.evidence.sources, o.evidence.claims) == (4, 2, 4)
    assert (o.stated_evidence.statements, o.stated_evidence.sources) == (2, 1)
    assert (o.routes, o.stated_routes, o.stated) == (2, 1, True)
    assert o.best.nodes == (t("p"), t("m"), t("o"))
    assert o.stated_claims == {t("c1"), t("c2")}
    [q] = reach(G, [t("q")])
    # Q-M-O: two claims of one sentence are one line of evidence
    assert [(r.evidence.statements, r.evidence.claims) for r in q.outcomes] == [(1, 2)]


def test_reach_with_options() -> None:
    G = fixture_graph()
    [p] = reach(G, [t("p")], options=ChainOptions(allow_incompatible=True, include_context_claims=True))
    assert {o.outcome for o in p.outcomes} == {t("o"), t("b"), t("k")}
    [p] = reach(G, [t("p")], options=ChainOptions(stated_only=True))
    assert [(o.outcome, o.evidence.statements) for o in p.outcomes] == [(t("o"), 2)]


def test_leverage() -> None:
    G = fixture_graph()
    rows = {r.node: r for r in leverage(G)}
    # M carries P-M-O and Q-M-O: statements st1, st1b; N carries P-N-O: st2, st3
    assert (rows[t("m")].evidence.statements, rows[t("m")].policies, rows[t("m")].routes) == (2, 2, 2)
    assert (rows[t("n")].evidence.statements, rows[t("n")].stated_evidence.statements) == (2, 0)
    assert [r.node for r in leverage(G)] == [t("m"), t("n")]  # ties on statements: stated first


@pytest.mark.parametrize("seed", range(8))
def test_routes_match_brute_force(seed: int) -> None:
    G = random_graph(seed)
    G.add_entity(Entity("n1", "n1", "outcome"))
    options = ChainOptions()
    for route in routes(G, "n0", ["n1"], options=options, max_hops=4):
        layers = [[c for c in G.claims_between(u, v) if options.admits(c)] for u, v in itertools.pairwise(route.nodes)]
        valid = [combo for combo in itertools.product(*layers)
                 if all(options.allows(join_between(G, a, b)) for a, b in itertools.pairwise(combo))]
        assert valid, "every route has an admissible chain"
        assert route.claims == {c.iri for combo in valid for c in combo}
        stated = [combo for combo in valid if build_chain(G, combo).stated]
        assert route.stated_claims == {c.iri for combo in stated for c in combo}
        assert rank_key(G, route.best) == min(rank_key(G, build_chain(G, combo)) for combo in valid)
