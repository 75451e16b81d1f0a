"""What-if: what removing nodes does to the evidence linking policies to outcomes, and the
smallest set of nodes that separates a policy from an outcome.

A knock-out compares, for every (policy, outcome) pair, the independent evidence before and
after (distinct statements and sources on admissible chains, whether a stated chain remains,
the certainty of the best chain). A pair is *lost* when no admissible chain remains, *weakened*
when it keeps one but with fewer statements or sources, no stated chain any more, or a lower
best certainty.

Examples
--------
>>> from chkg.analysis.network import AnalysisGraph, Claim, Entity
>>> from chkg.evidence.certainty import Certainty
>>> G = AnalysisGraph()
>>> G.add_entity(Entity("p", "plan", "policy"))
>>> G.add_entity(Entity("o", "care", "outcome", "patient"))
>>> for c in [Claim("a", "p", "m", Certainty.LOW, statement="s1"),
...           Claim("b", "m", "o", Certainty.LOW, statement="s1"),
...           Claim("c", "p", "n", Certainty.LOW, statement="s2"),
...           Claim("d", "n", "o", Certainty.LOW, statement="s3")]:
...     G.add_claim(c)
>>> ko = knock_out(G, ["m"])
>>> [(c.statements_before, c.statements_after, c.stated_before, c.stated_after) for c in ko.weakened]
[(3, 2, True, False)]
>>> sorted(min_cut(G, "p", "o").nodes)
['m', 'n']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import networkx as nx

from chkg.analysis.chains import ChainOptions
from chkg.analysis.network import AnalysisGraph, outcomes_of_kind
from chkg.analysis.reach import DEFAULT_PATH_LIMIT, OutcomeReach, PolicyReach, chosen_policies, reach
from chkg.analysis.routes import RouteBudget
from chkg.errors import UsageError
from chkg.evidence.certainty import Certainty

__all__ = ["PairChange", "KnockOut", "MinCut", "knock_out", "min_cut"]


@dataclass(frozen=True)
class PairChange:
    """A policy-outcome pair before and after a knock-out (``*_after`` is 0 / ``None`` / false
    when nothing remains)."""

    policy: str
    outcome: str
    statements_before: int
    statements_after: int
    sources_before: int
    sources_after: int
    stated_before: bool
    stated_after: bool
    certainty_before: Certainty
    certainty_after: Certainty | None


@dataclass(frozen=True)
class KnockOut:
    """Pairs that lose every chain, pairs that only weaken, and how many are unaffected.

    ``truncated`` is true when a policy's route search (before or after the removal) stopped
    early: the counts are then lower bounds, and a pair may be missing or wrongly counted as
    lost. ``stopped_at`` holds the route limit (``path_limit``) when some search stopped there,
    ``stopped_after_seconds`` the seconds budget when it ran out first; each is ``None`` otherwise.
    """

    removed: tuple[str, ...]
    lost: tuple[PairChange, ...]
    weakened: tuple[PairChange, ...]
    unaffected: int
    max_hops: int
    truncated: bool = False
    stopped_at: int | None = None
    stopped_after_seconds: float | None = None


@dataclass(frozen=True)
class MinCut:
    """A minimum set of nodes whose removal leaves no admissible claim route from ``policy`` to
    ``outcome``.

    ``direct`` is true when a claim links them directly (no node set can cut that; ``nodes``
    then cuts the indirect routes). ``connected`` is false when nothing links them.
    """

    policy: str
    outcome: str
    nodes: tuple[str, ...]
    direct: bool
    connected: bool


def knock_out(
    G: AnalysisGraph,
    remove: Iterable[str],
    *,
    policies: Iterable[str] | None = None,
    options: ChainOptions | None = None,
    max_hops: int = 5,
    path_limit: int = DEFAULT_PATH_LIMIT,
    budget: RouteBudget | None = None,
) -> KnockOut:
    """What removing ``remove`` does to every policy-outcome pair.

    Pairs whose policy or outcome is itself removed are left out. ``path_limit`` bounds the
    routes followed per policy (see :func:`~chkg.analysis.reach.reach`); ``budget`` the seconds
    of the searches before and after the removal together (default: none). When the budget runs
    out, the pairs of every policy not searched in full (before or after the removal) are left
    out of ``lost``, ``weakened`` and ``unaffected``: an unsearched policy must not read as one
    that lost every chain.

    Raises
    ------
    chkg.errors.UnknownEntityError
        A node to remove, or a policy, is not in the graph.
    """
    removed = tuple(dict.fromkeys(str(r) for r in remove))
    G.check_nodes(removed)
    chosen = [p for p in chosen_policies(G, policies) if p not in removed]
    before, cut_before = _pairs(G, chosen, options, max_hops, path_limit, budget)
    after, cut_after = _pairs(G.without(removed), chosen, options, max_hops, path_limit, budget)
    stopped = [*cut_before.values(), *cut_after.values()]
    at_limit = any(r.stopped_at is not None for r in stopped)
    out_of_time = any(r.stopped_after_seconds is not None for r in stopped)
    # what a policy the budget cut short (on either side) lost is unknown: left out
    unknown = {r.policy for r in stopped if r.stopped_after_seconds is not None}
    lost: list[PairChange] = []
    weakened: list[PairChange] = []
    unaffected = 0
    for (policy, outcome), b in sorted(before.items()):
        if outcome in removed or policy in unknown:
            continue
        a = after.get((policy, outcome))
        change = PairChange(
            policy, outcome, b.evidence.statements, a.evidence.statements if a else 0,
            b.evidence.sources, a.evidence.sources if a else 0, b.stated, a.stated if a else False,
            b.best.certainty, a.best.certainty if a else None,
        )
        if a is None:
            lost.append(change)
        elif (a.evidence.statements < b.evidence.statements or a.evidence.sources < b.evidence.sources
              or (b.stated and not a.stated) or a.best.certainty < b.best.certainty):
            weakened.append(change)
        else:
            unaffected += 1
    return KnockOut(removed, tuple(lost), tuple(weakened), unaffected, max_hops, bool(stopped),
                    path_limit if at_limit else None,
                    budget.max_seconds if budget is not None and out_of_time else None)


def min_cut(G: AnalysisGraph, policy: str, outcome: str, *, options: ChainOptions | None = None) -> MinCut:
    """A minimum node cut between ``policy`` and ``outcome`` over the admissible claims.

    Routes of any length count (a cut must stop every route); joins are not considered, so the
    cut may be larger than needed to stop the admissible *chains*, never smaller.

    Raises
    ------
    chkg.errors.UnknownEntityError
        Either node is not in the graph.
    chkg.errors.UsageError
        The two nodes are the same.
    """
    policy, outcome = str(policy), str(outcome)
    G.check_nodes([policy, outcome])
    if policy == outcome:
        raise UsageError("a minimum cut needs two different nodes")
    chosen = options or ChainOptions()
    D = nx.DiGraph()
    D.add_nodes_from(G.graph.nodes)
    D.add_edges_from((c.subject, c.object) for c in G.claims.values() if chosen.admits(c) and c.subject != c.object)
    direct = D.has_edge(policy, outcome)
    if direct:
        D.remove_edge(policy, outcome)
    if not nx.has_path(D, policy, outcome):
        return MinCut(policy, outcome, (), direct, direct)
    cut = nx.minimum_node_cut(D, policy, outcome)
    return MinCut(policy, outcome, tuple(sorted(cut, key=lambda n: (G.label(n).casefold(), n))), direct, True)


def _pairs(G: AnalysisGraph, policies: Sequence[str], options: ChainOptions | None, max_hops: int,
           path_limit: int, budget: RouteBudget | None) -> tuple[dict[tuple[str, str], OutcomeReach],
                                                                  dict[str, PolicyReach]]:
    """Every reached (policy, outcome) pair, and the policies whose search stopped early."""
    present = [p for p in policies if p in G]
    outcomes = set(outcomes_of_kind(G, "any"))
    reached = reach(G, present, options=options, max_hops=max_hops, path_limit=path_limit, budget=budget)
    pairs = {(r.policy, o.outcome): o for r in reached for o in r.outcomes if o.outcome in outcomes}
    return pairs, {r.policy: r for r in reached if r.truncated}
