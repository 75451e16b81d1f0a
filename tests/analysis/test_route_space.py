"""A route space shared by every start gives exactly the routes each start finds on its own."""

from __future__ import annotations

import pytest
from test_search import random_graph

from chkg.analysis.chains import ChainOptions
from chkg.analysis.routes import route_space, routes


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("options", [ChainOptions(), ChainOptions(allow_incompatible=True)])
def test_shared_space_gives_the_same_routes_as_a_fresh_search(seed: int, options: ChainOptions) -> None:
    G = random_graph(seed)
    targets = ["n5", "n6", "n7"]
    space = route_space(G, targets, options=options, max_hops=4)
    found = 0
    for source in sorted(G.entities):
        alone = list(routes(G, source, targets, options=options, max_hops=4))
        shared = list(routes(G, source, targets, options=options, max_hops=4, space=space))
        assert shared == alone, source
        found += len(alone)
    assert found > 0  # the random graphs do have routes


def test_a_start_that_is_a_target_is_searched_without_itself() -> None:
    G = random_graph(3)
    targets = sorted(G.entities)
    space = route_space(G, targets)
    for source in targets:
        assert list(routes(G, source, targets, space=space)) == list(routes(G, source, targets))
