"""The report's per-pair documents come from the reach enumeration and equal what chkg paths finds."""

from __future__ import annotations

import pytest
from test_search import random_graph

from chkg.analysis import find_chains, paths_document, reach
from chkg.analysis.loading import load_analysis
from chkg.analysis.network import AnalysisGraph
from chkg.report.adapter import TOP, analyse


def _check(G: AnalysisGraph, policies: list[str], max_hops: int) -> int:
    analysed = analyse(G, policies, max_hops)
    checked = 0
    for policy, rows in analysed.pairs.items():
        for row in rows:
            expected = paths_document(G, policy, row.outcome,
                                      find_chains(G, policy, [row.outcome], max_hops=max_hops, top=TOP))
            assert analysed.documents[f"{policy}\t{row.outcome}"] == expected, (policy, row.outcome)
            checked += 1
    return checked


def test_bundled_pair_documents_equal_chkg_paths() -> None:
    G = load_analysis()
    policies = sorted(n for n in G.entities if G.kind(n) == "policy")
    assert _check(G, policies, 5) > 10


@pytest.mark.parametrize("seed", range(8))
def test_random_graph_pair_documents_equal_chkg_paths(seed: int) -> None:
    G = random_graph(seed)
    G.entities = {k: type(e)(e.iri, e.label, kind="policy" if k in ("n0", "n1") else
                             "outcome" if k in ("n6", "n7") else "mechanism") for k, e in G.entities.items()}
    _check(G, ["n0", "n1"], 4)


def test_top_chains_are_kept_best_first() -> None:
    G = load_analysis()
    for r in reach(G, top=3):
        for o in r.outcomes:
            assert 1 <= len(o.top_chains) <= 3 and o.top_chains[0] == o.best
