"""Routes: every node sequence from a start to its targets, and the evidence that carries it.

Reach, leverage, knock-out and the gap map count *independent evidence*, not claims or paths
(EVIDENCE-MODEL §8): the distinct statements and sources on the chains between two nodes. A
:class:`Route` is one simple node sequence of at most ``max_hops`` hops with at least one
admissible chain along it; it holds the claims that lie on *some* admissible chain over it
(several claims may link the same two nodes, and joins decide which combinations are allowed),
the claims on some *stated* chain over it, and its best chain in ranking order.

Both claim sets come from one forward and one backward pass over the layers of claims (a claim
is on an admissible chain when it can be reached from the first layer and can reach the last
through allowed joins); the best chain comes from a dynamic programme over (claim, weakest
certainty so far) that minimises (stitched joins, steps), which is exact for the ranking key.

Every search is bounded by its caller: ``path_limit`` routes per policy (or row), and one
:class:`RouteBudget` of seconds that all the searches of one run share (``--max-seconds``).
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import networkx as nx

from chkg.analysis.chains import Chain, ChainOptions, Join, build_chain, join_between
from chkg.analysis.network import AnalysisGraph, Claim
from chkg.analysis.search import hops_to_targets
from chkg.errors import UsageError
from chkg.evidence.certainty import Certainty

__all__ = ["EvidenceCount", "Route", "RouteBudget", "RouteSpace", "route_space", "routes", "count_evidence"]


class RouteBudget:
    """The seconds every route search of one run may take together (``--max-seconds``).

    One budget is shared by all the searches of a run (a report's reach, leverage and gap map;
    a knock-out's searches before and after the removal), so the run as a whole is bounded, not
    each part. The clock (monotonic) starts when the budget is made. Once :meth:`expired` has
    returned true it stays true without reading the clock again, so every later search sees
    the same answer; :attr:`ran_out` tells whether it has (without reading the clock).
    ``max_seconds=None`` is no budget: it never expires.

    Parameters
    ----------
    max_seconds
        Seconds from now, above 0 and finite; ``None`` for no budget.
    clock
        Seconds from a fixed point (default :func:`time.monotonic`); tests pass a fake one.

    Raises
    ------
    chkg.errors.UsageError
        ``max_seconds`` is not positive, or not finite.

    Examples
    --------
    >>> budget = RouteBudget(600)
    >>> budget.expired(), budget.ran_out
    (False, False)
    >>> ticks = iter([0.0, 1.0, 2.5])
    >>> budget = RouteBudget(2, clock=lambda: next(ticks))  # made at 0.0
    >>> budget.expired(), budget.expired(), budget.ran_out, budget.expired()
    (False, True, True, True)
    >>> RouteBudget(None).expired()
    False
    >>> RouteBudget(0)
    Traceback (most recent call last):
    ...
    chkg.errors.UsageError: max-seconds must be positive, not 0
    """

    def __init__(self, max_seconds: float | None = None, *, clock: Callable[[], float] = time.monotonic) -> None:
        if max_seconds is not None:
            if not max_seconds > 0:  # as chkg paths' find_chains(max_seconds=) says it
                raise UsageError(f"max-seconds must be positive, not {max_seconds!r}")
            if not math.isfinite(max_seconds):
                raise UsageError(f"max-seconds must be a finite number of seconds, not {max_seconds!r}")
        self.max_seconds = max_seconds
        self._clock = clock
        self._deadline = None if max_seconds is None else clock() + max_seconds
        self._ran_out = False

    def expired(self) -> bool:
        """True when the seconds are used up (and from then on); false without a budget."""
        if not self._ran_out and self._deadline is not None and self._clock() >= self._deadline:
            self._ran_out = True
        return self._ran_out

    @property
    def ran_out(self) -> bool:
        """True when :meth:`expired` has returned true (the clock is not read)."""
        return self._ran_out

    def __repr__(self) -> str:
        return f"RouteBudget(max_seconds={self.max_seconds!r}, ran_out={self._ran_out})"


@dataclass(frozen=True)
class EvidenceCount:
    """Independent evidence: distinct statements and sources (and, for reference, claims)."""

    statements: int = 0
    sources: int = 0
    claims: int = 0


@dataclass(frozen=True)
class Route:
    """One node sequence, its best chain, and the claims on its admissible and stated chains."""

    nodes: tuple[str, ...]
    best: Chain
    claims: frozenset[str]
    stated_claims: frozenset[str]

    @property
    def stated(self) -> bool:
        """True when some chain over the route is stated."""
        return bool(self.stated_claims)


def count_evidence(G: AnalysisGraph, claims: Iterable[str]) -> EvidenceCount:
    """The distinct statements, sources and claims among ``claims`` (IRIs).

    A claim without a statement counts as a statement of its own; without a source, as a
    source of its own.
    """
    chosen = [G.claims[c] for c in set(claims)]
    return EvidenceCount(
        statements=len({c.line_of_evidence for c in chosen}),
        sources=len({c.source or c.line_of_evidence for c in chosen}),
        claims=len(chosen),
    )


@dataclass
class RouteSpace:
    """What every route search towards one set of targets shares, computed once for all sources.

    Reach, leverage and the gap map search from every policy (and approach) to the same
    outcomes: the backward distances to the targets, the admissible sub-graph within reach of
    them, and the claims and joins met on the way do not depend on the start. Building them once
    keeps a report over every policy linear in the graph, not quadratic.
    """

    targets: frozenset[str]
    distance: dict[str, int]
    graph: nx.DiGraph
    cache: _Cache
    #: the targets the admissible sub-graph holds
    reachable: frozenset[str] = frozenset()


def route_space(G: AnalysisGraph, targets: Iterable[str], *, options: ChainOptions | None = None,
                max_hops: int = 5) -> RouteSpace:
    """The shared part of route searches from any start to ``targets`` (see :class:`RouteSpace`).

    Examples
    --------
    >>> from chkg.report.example import example_graph
    >>> G = example_graph()
    >>> space = route_space(G, [n for n in G.entities if G.kind(n) == "outcome"])
    >>> len(space.targets) > 0 and space.graph.number_of_edges() > 0
    True
    """
    chosen = options or ChainOptions()
    ends = frozenset(targets)
    distance = hops_to_targets(G, ends, chosen, max_hops)
    D = nx.DiGraph()
    for u, v, key in G.graph.edges(keys=True):
        if u != v and u in distance and v in distance and chosen.admits(G.claims[key]):
            D.add_edge(u, v)
    return RouteSpace(ends, distance, D, _Cache(G, chosen), ends & frozenset(D))


def routes(
    G: AnalysisGraph,
    source: str,
    targets: Iterable[str],
    *,
    options: ChainOptions | None = None,
    max_hops: int = 5,
    space: RouteSpace | None = None,
    budget: RouteBudget | None = None,
) -> Iterator[Route]:
    """Every route from ``source`` to a target with an admissible chain, in DFS order.

    The caller bounds the number of routes (reach and the gap map stop after ``path_limit``).
    ``space`` (from :func:`route_space` with the same ``targets``, ``options`` and ``max_hops``:
    the caller's promise, not checked) saves recomputing what every start shares; it is ignored
    when ``source`` is itself a target. With a ``budget``, the enumeration ends early once it
    has expired (checked before each node sequence is judged): the caller then finds
    ``budget.ran_out`` true, and knows the routes it got are not all.
    """
    if budget is not None and budget.expired():
        return
    if space is None or source in space.targets:
        space = route_space(G, (t for t in targets if t != source), options=options, max_hops=max_hops)
    if source not in space.distance or not space.targets or source not in space.graph:
        return
    for nodes in nx.all_simple_paths(space.graph, source, space.reachable, cutoff=max_hops):
        if budget is not None and budget.expired():
            return
        route = _route(space.cache, tuple(nodes))
        if route is not None:
            yield route


class _Cache:
    """Admissible claims per node pair and joins per claim pair, computed once per enumeration."""

    def __init__(self, G: AnalysisGraph, options: ChainOptions) -> None:
        self.G, self.options = G, options
        self._layers: dict[tuple[str, str], list[Claim]] = {}
        self._joins: dict[tuple[str, str], Join] = {}

    def layer(self, u: str, v: str) -> list[Claim]:
        if (u, v) not in self._layers:
            self._layers[(u, v)] = [c for c in self.G.claims_between(u, v) if self.options.admits(c)]
        return self._layers[(u, v)]

    def join(self, a: Claim, b: Claim) -> Join:
        key = (a.iri, b.iri)
        if key not in self._joins:
            self._joins[key] = join_between(self.G, a, b)
        return self._joins[key]


def _route(cache: _Cache, nodes: tuple[str, ...]) -> Route | None:
    layers = [cache.layer(u, v) for u, v in itertools.pairwise(nodes)]
    claims = _on_some_chain(cache, layers, cache.options.allows)
    if not claims:
        return None
    stated = _on_some_chain(cache, layers, lambda j: j.stated)
    return Route(nodes, _best_chain(cache, layers), claims, stated)


def _on_some_chain(cache: _Cache, layers: Sequence[Sequence[Claim]],
                   allowed: Callable[[Join], bool]) -> frozenset[str]:
    """The claims that lie on some full chain through ``layers`` whose joins are all allowed."""
    ok = [[allowed(cache.join(a, b)) for b in layers[i + 1] for a in layers[i]] for i in range(len(layers) - 1)]
    forward: list[set[int]] = [set(range(len(layers[0])))]
    for i in range(len(layers) - 1):
        n = len(layers[i])
        forward.append({bi for bi in range(len(layers[i + 1]))
                        if any(ok[i][bi * n + ai] for ai in forward[i])})
    backward: list[set[int]] = [set() for _ in layers]
    backward[-1] = set(forward[-1])
    for i in range(len(layers) - 2, -1, -1):
        n = len(layers[i])
        backward[i] = {ai for ai in forward[i] if any(ok[i][bi * n + ai] for bi in backward[i + 1])}
    return frozenset(layers[i][j].iri for i in range(len(layers)) for j in backward[i])


def _best_chain(cache: _Cache, layers: Sequence[Sequence[Claim]]) -> Chain:
    """The best admissible chain through ``layers`` in ranking order (a chain is known to exist)."""
    # state (claim index, weakest certainty) -> ((stitched joins, steps, claim IRIs so far), previous state);
    # the IRIs break ties as the rank key does (chkg.analysis.ranking), so the DP picks what chkg paths picks
    State = tuple[int, Certainty]
    Cost = tuple[int, int, tuple[str, ...]]
    best: list[dict[State, tuple[Cost, State | None]]] = [
        {(j, c.certainty): ((0, 1, (c.iri,)), None) for j, c in enumerate(layers[0])}
    ]
    for i in range(1, len(layers)):
        layer: dict[State, tuple[Cost, State | None]] = {}
        for (aj, level), ((joins, steps, iris), _) in best[-1].items():
            a = layers[i - 1][aj]
            for bj, b in enumerate(layers[i]):
                join = cache.join(a, b)
                if not cache.options.allows(join):
                    continue
                key = (bj, min(level, b.certainty))
                cost = (joins + (0 if join.stated else 1), steps + (a.line_of_evidence != b.line_of_evidence),
                        (*iris, b.iri))
                if key not in layer or cost < layer[key][0]:
                    layer[key] = (cost, (aj, level))
        best.append(layer)
    end = min(best[-1], key=lambda s: (best[-1][s][0][0] > 0, -int(s[1]), best[-1][s][0]))
    chosen: list[Claim] = []
    state: State | None = end
    for i in range(len(layers) - 1, -1, -1):
        if state is None:  # cannot happen: every state after the first layer has a predecessor
            break
        chosen.append(layers[i][state[0]])
        state = best[i][state][1]
    return build_chain(cache.G, list(reversed(chosen)), cache.options)
