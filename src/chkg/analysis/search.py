"""The bounded best-first search for the best chains from one node to others.

Every part of the ranking key (:mod:`chkg.analysis.ranking`) can only get worse as a chain
grows: a stitched join never becomes stated, the weakest link never gets stronger, joins and
steps only add up, and a label tuple sorts before its extensions. So the key of a partial chain
bounds every chain that extends it, and a best-first search over partial chains (a priority
queue on that key, one entry per choice of claim) completes chains in exactly the ranking
order: the first ``top`` distinct node sequences it completes are the ``top`` best chains,
each with its best choice of claims.

The search only follows admissible claims (:class:`~chkg.analysis.chains.ChainOptions`), only
through allowed joins, only into nodes from which a target is still within the hops left, and
never revisits a node (simple chains). It is bounded twice: ``max_states`` partial chains
expanded and ``max_seconds`` of wall time. When a bound is reached the chains found so far are
returned (they are still the best, in order, but fewer than ``top`` may be found) with
``complete=False`` and a message saying which bound stopped it.

Examples
--------
>>> from chkg.analysis.network import AnalysisGraph, Claim
>>> from chkg.evidence.certainty import Certainty
>>> G = AnalysisGraph()
>>> for c in [Claim("a", "p", "m", Certainty.LOW, statement="s1"),
...           Claim("b", "m", "o", Certainty.LOW, statement="s1"),
...           Claim("c", "p", "o", Certainty.MODERATE, statement="s2")]:
...     G.add_claim(c)
>>> found = find_chains(G, "p", "o")
>>> [(c.nodes, c.stated, c.certainty.label) for c in found.chains]
[(('p', 'o'), True, 'moderate'), (('p', 'm', 'o'), True, 'low')]
"""

from __future__ import annotations

import heapq
import itertools
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from chkg.analysis.chains import Chain, ChainOptions, build_chain, join_between
from chkg.analysis.network import AnalysisGraph, Claim
from chkg.errors import UsageError

__all__ = ["ChainSearch", "find_chains", "hops_to_targets", "check_positive"]


@dataclass(frozen=True)
class ChainSearch:
    """The chains found, best first; ``complete`` is false when a budget stopped the search
    (``message`` then says which)."""

    chains: tuple[Chain, ...]
    complete: bool = True
    message: str = ""


def find_chains(
    G: AnalysisGraph,
    source: str,
    targets: str | Iterable[str],
    *,
    options: ChainOptions | None = None,
    max_hops: int = 5,
    top: int = 5,
    max_states: int = 200_000,
    max_seconds: float = 20.0,
) -> ChainSearch:
    """The ``top`` best chains from ``source`` to any of ``targets``, in ranking order.

    Parameters
    ----------
    G
        The analysis graph.
    source
        The start node (an IRI).
    targets
        One end node or several; a chain may pass through a target on its way to another.
        ``source`` itself is never a target.
    options
        Which claims and joins may be used (default :class:`ChainOptions`).
    max_hops
        The longest chain, in claims.
    top
        How many chains (distinct node sequences).
    max_states, max_seconds
        The search budget (see the module documentation).

    Raises
    ------
    chkg.errors.UnknownEntityError
        ``source`` or a target is not a node of ``G``.
    chkg.errors.UsageError
        ``max_hops``, ``top`` or ``max_states`` below 1, or ``max_seconds`` not positive.
    """
    check_positive(max_hops=max_hops, top=top, max_states=max_states)
    if not max_seconds > 0:
        raise UsageError(f"max-seconds must be positive, not {max_seconds!r}")
    chosen = options or ChainOptions()
    wanted = [str(targets)] if isinstance(targets, str) else [str(t) for t in targets]
    G.check_nodes([str(source), *wanted])
    ends = set(wanted) - {str(source)}
    distance = hops_to_targets(G, ends, chosen, max_hops)
    if str(source) not in distance:
        return ChainSearch(())
    deadline = time.monotonic() + max_seconds
    counter = itertools.count()
    # entries: (stitched?, -certainty, stitched joins, steps, labels, claim IRIs, complete? 0 : 1, n, claims):
    # the rank key (chkg.analysis.ranking), each part a lower bound for every extension of a partial chain
    heap: list[tuple[bool, int, int, int, tuple[str, ...], tuple[str, ...], int, int, tuple[Claim, ...]]] = []

    def push(claims: tuple[Claim, ...], stitched: bool, certainty: int, joins: int, steps: int,
             labels: tuple[str, ...], done: bool) -> None:
        heapq.heappush(heap, (stitched, -certainty, joins, steps, labels, tuple(c.iri for c in claims),
                              0 if done else 1, next(counter), claims))

    start_label = (G.label(str(source)).casefold(),)
    for claim in _out(G, str(source), chosen):
        if distance.get(claim.object, max_hops + 1) <= max_hops - 1:
            push((claim,), False, int(claim.certainty), 0, 1, (*start_label, G.label(claim.object).casefold()), False)
    found: list[Chain] = []
    seen: set[tuple[str, ...]] = set()
    expanded = 0
    while heap and len(found) < top:
        stitched, neg_certainty, joins, steps, labels, iris, flag, _, claims = heapq.heappop(heap)
        nodes = (claims[0].subject, *(c.object for c in claims))
        if flag == 0:
            if nodes not in seen:
                seen.add(nodes)
                found.append(build_chain(G, claims, chosen))
            continue
        expanded += 1
        if expanded > max_states:
            return ChainSearch(tuple(found), False, f"search stopped after {max_states} partial chains "
                               f"(max_states); {len(found)} of {top} chains found, best first")
        if expanded % 512 == 0 and time.monotonic() > deadline:
            return ChainSearch(tuple(found), False, f"search stopped after {max_seconds:g}s "
                               f"(max_seconds); {len(found)} of {top} chains found, best first")
        last = claims[-1]
        if last.object in ends:
            heapq.heappush(heap, (stitched, neg_certainty, joins, steps, labels, iris, 0, next(counter), claims))
        left = max_hops - len(claims)
        if left < 1:
            continue
        visited = set(nodes)
        for claim in _out(G, last.object, chosen):
            if claim.object in visited or distance.get(claim.object, max_hops + 1) > left - 1:
                continue
            join = join_between(G, last, claim)
            if not chosen.allows(join):
                continue
            push(
                (*claims, claim),
                stitched or not join.stated,
                min(-neg_certainty, int(claim.certainty)),
                joins + (0 if join.stated else 1),
                steps + (0 if claim.line_of_evidence == last.line_of_evidence else 1),
                (*labels, G.label(claim.object).casefold()),
                False,
            )
    return ChainSearch(tuple(found))


def hops_to_targets(G: AnalysisGraph, targets: Iterable[str], options: ChainOptions, max_hops: int) -> dict[str, int]:
    """Node → fewest admissible claims from it to a target (nodes farther than ``max_hops``
    left out); a bound the search uses to prune."""
    distance = {t: 0 for t in targets if t in G.entities}
    queue = deque(distance)
    while queue:
        node = queue.popleft()
        if distance[node] >= max_hops:
            continue
        for u, _, key in G.graph.in_edges(node, keys=True):
            if u not in distance and options.admits(G.claims[key]):
                distance[u] = distance[node] + 1
                queue.append(u)
    return distance


def check_positive(**values: int) -> None:
    """Raise :class:`~chkg.errors.UsageError` for the first value below 1 (named as a CLI option)."""
    for name, value in values.items():
        if not isinstance(value, int) or value < 1:
            raise UsageError(f"{name.replace('_', '-')} must be a whole number of at least 1, not {value!r}")


def _out(G: AnalysisGraph, node: str, options: ChainOptions) -> list[Claim]:
    if node not in G.graph:
        return []
    return [G.claims[k] for _, _, k in sorted(G.graph.out_edges(node, keys=True), key=lambda e: e[2])
            if options.admits(G.claims[k])]
