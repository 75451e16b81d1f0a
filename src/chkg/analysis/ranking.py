"""The order of chains (EVIDENCE-MODEL §8): what the source states comes first.

Chains are ranked by, in turn:

1. stated before stitched (a chain the source states outranks any hypothesis, however many
   claims the hypothesis strings together);
2. higher certainty (of the weakest link);
3. fewer stitched joins;
4. fewer steps (statement changes plus one: claims decomposing one sentence are one step);
5. the labels of the nodes, alphabetically (a stable order among equals);
6. the claims' IRIs (between chains over the same nodes that tie on everything else, so that
   ``chkg paths``, reach and the report pick the same one).

No number multiplies grades together: certainty is an ordinal level, not a probability.

Examples
--------
>>> from chkg.analysis.chains import Chain, Hop, Join
>>> from chkg.analysis.network import AnalysisGraph, Claim
>>> from chkg.evidence.certainty import Certainty
>>> G = AnalysisGraph()
>>> low = lambda iri, s, o, st: Claim(iri, s, o, Certainty.LOW, statement=st)
>>> stated = Chain((Hop(low("a", "p", "m", "s1")), Hop(low("b", "m", "o", "s1"))),
...                (Join("m", "same statement", ((), ()), True),), "favourable")
>>> stitched = Chain((Hop(low("c", "p", "o", "s2")),), (), "favourable")
>>> stitched2 = Chain((Hop(low("d", "p", "n", "s3")), Hop(low("e", "n", "o", "s4"))),
...                   (Join("n", "stitched", ((), ()), True),), "favourable")
>>> [c.hops[0].claim.iri for c in sort_chains(G, [stitched2, stitched, stated])]
['a', 'c', 'd']
"""

from __future__ import annotations

from collections.abc import Iterable

from chkg.analysis.chains import Chain
from chkg.analysis.network import AnalysisGraph

__all__ = ["RankKey", "rank_key", "sort_chains"]

#: (stitched?, -certainty, stitched joins, steps, labels, claim IRIs): smaller is better.
RankKey = tuple[bool, int, int, int, tuple[str, ...], tuple[str, ...]]


def rank_key(G: AnalysisGraph, chain: Chain) -> RankKey:
    """The sort key of a chain: smaller ranks first."""
    return (
        not chain.stated,
        -int(chain.certainty),
        chain.unstated_joins,
        chain.steps,
        tuple(G.label(n).casefold() for n in chain.nodes),
        tuple(h.claim.iri for h in chain.hops),
    )


def sort_chains(G: AnalysisGraph, chains: Iterable[Chain]) -> list[Chain]:
    """``chains`` best first (:func:`rank_key`)."""
    return sorted(chains, key=lambda c: rank_key(G, c))
