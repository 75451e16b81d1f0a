"""Reach and leverage: which outcomes each policy reaches, and through which nodes.

Both count independent evidence (:class:`~chkg.analysis.routes.EvidenceCount`): the distinct
statements and sources on the admissible chains, so that two claims decomposing one sentence
are one line of evidence, however the curator split it. Route counts (distinct node sequences)
are given beside them for reference; they are not evidence.

Examples
--------
>>> from chkg.analysis.network import AnalysisGraph, Claim, Entity
>>> from chkg.evidence.certainty import Certainty
>>> G = AnalysisGraph()
>>> G.add_entity(Entity("p", "plan", "policy"))
>>> G.add_entity(Entity("o", "retention", "outcome", "workforce", direction="higher"))
>>> for c in [Claim("a", "p", "m", Certainty.LOW, statement="s1"),
...           Claim("b", "m", "o", Certainty.LOW, statement="s1")]:
...     G.add_claim(c)
>>> o = reach(G)[0].outcomes[0]
>>> o.label, o.stated, o.evidence.statements, o.evidence.claims, o.best.effect
('retention', True, 1, 2, 'favourable')
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from chkg.analysis.chains import Chain, ChainOptions
from chkg.analysis.network import AnalysisGraph, OutcomeKind, nodes_of_kind, outcomes_of_kind
from chkg.analysis.ranking import rank_key
from chkg.analysis.routes import EvidenceCount, RouteBudget, count_evidence, route_space, routes
from chkg.analysis.search import check_positive

__all__ = ["OutcomeReach", "PolicyReach", "LeverageRow", "Leverage", "reach", "leverage", "chosen_policies",
           "truncation_note", "DEFAULT_PATH_LIMIT"]

#: Routes reach and the gap map follow per policy (or row) before they stop (``--path-limit``).
DEFAULT_PATH_LIMIT = 100_000


def truncation_note(path_limit: int | None, max_seconds: float | None = None) -> str:
    """The one sentence every output prints when a route search stopped early, naming the bound.

    Parameters
    ----------
    path_limit
        The route limit, when some search stopped there (``stopped_at``), else ``None``.
    max_seconds
        The seconds budget, when it ran out before every search was complete
        (``stopped_after_seconds``), else ``None``.

    Returns
    -------
    str
        The sentence; empty when neither bound was reached.

    Examples
    --------
    >>> truncation_note(50)
    'Counts are lower bounds: the search stopped after 50 routes; raise --path-limit.'
    >>> truncation_note(None, 600.0)
    'Counts are lower bounds: the route search used up its 600 s budget before it was complete; raise --max-seconds.'
    >>> truncation_note(50, 0.5)  # doctest: +NORMALIZE_WHITESPACE
    'Counts are lower bounds: the search stopped after 50 routes, and the route search used up its 0.5 s budget
     before it was complete; raise --path-limit and --max-seconds.'
    >>> truncation_note(1)
    'Counts are lower bounds: the search stopped after 1 route; raise --path-limit.'
    >>> truncation_note(None)
    ''
    """
    routes = f"{path_limit} route" + ("" if path_limit == 1 else "s")
    if max_seconds is None:
        if path_limit is None:
            return ""
        return f"Counts are lower bounds: the search stopped after {routes}; raise --path-limit."
    seconds = f"the route search used up its {max_seconds:g} s budget before it was complete"
    if path_limit is None:
        return f"Counts are lower bounds: {seconds}; raise --max-seconds."
    return (f"Counts are lower bounds: the search stopped after {routes}, and {seconds}; "
            "raise --path-limit and --max-seconds.")


@dataclass(frozen=True)
class OutcomeReach:
    """How one policy reaches one outcome.

    ``best`` is the best chain in ranking order; ``evidence`` counts the statements and sources
    on every admissible chain, ``stated_evidence`` those on stated chains only; ``claims`` and
    ``stated_claims`` are the claim IRIs behind those counts; ``routes`` and ``stated_routes``
    count node sequences.
    """

    outcome: str
    label: str
    outcome_kind: OutcomeKind | None
    best: Chain
    evidence: EvidenceCount
    stated_evidence: EvidenceCount
    routes: int
    stated_routes: int
    claims: frozenset[str] = frozenset()
    stated_claims: frozenset[str] = frozenset()
    #: with ``reach(top=k)``: the best chains of the ``k`` best routes, best first (what
    #: ``chkg paths --top k`` finds: one chain per node sequence)
    top_chains: tuple[Chain, ...] = ()

    @property
    def stated(self) -> bool:
        """True when the source states a chain from the policy to this outcome."""
        return self.stated_routes > 0


@dataclass(frozen=True)
class PolicyReach:
    """The outcomes one policy reaches, best chain first (ranking order).

    ``truncated`` is true when the search stopped early: the counts are then lower bounds and
    an outcome may be missing. ``stopped_at`` holds the route limit (``path_limit``) when the
    search stopped there, else ``None``; ``stopped_after_seconds`` holds the seconds budget
    (``RouteBudget.max_seconds``) when it ran out during this policy's search or before it
    began (then ``outcomes`` is empty: the policy was not searched), else ``None``.
    """

    policy: str
    label: str
    outcomes: tuple[OutcomeReach, ...]
    truncated: bool = False
    stopped_at: int | None = None
    stopped_after_seconds: float | None = None

    def of_kind(self, kind: str) -> tuple[OutcomeReach, ...]:
        """The reached outcomes of one kind (``workforce``, ``patient``, ...)."""
        return tuple(o for o in self.outcomes if o.outcome_kind == kind)


@dataclass(frozen=True)
class LeverageRow:
    """A node and the independent evidence on policy-to-outcome chains through it."""

    node: str
    label: str
    kind: str
    evidence: EvidenceCount
    stated_evidence: EvidenceCount
    routes: int
    policies: int
    outcomes: int


class Leverage(list[LeverageRow]):
    """The leverage ranking (a list of :class:`LeverageRow`) and whether its search stopped early.

    ``truncated`` is true when the search stopped early: every count is then a lower bound.
    ``stopped_at`` holds the route limit (``path_limit``) when the routes stopped there, and
    ``stopped_after_seconds`` the seconds budget when it ran out first; each is ``None`` otherwise.
    """

    def __init__(self, rows: Iterable[LeverageRow] = (), *, truncated: bool = False,
                 stopped_at: int | None = None, stopped_after_seconds: float | None = None) -> None:
        super().__init__(rows)
        self.truncated = truncated
        self.stopped_at = stopped_at
        self.stopped_after_seconds = stopped_after_seconds


def reach(
    G: AnalysisGraph,
    policies: Iterable[str] | None = None,
    *,
    options: ChainOptions | None = None,
    max_hops: int = 5,
    path_limit: int = DEFAULT_PATH_LIMIT,
    top: int = 0,
    budget: RouteBudget | None = None,
) -> list[PolicyReach]:
    """For each policy, the outcomes it reaches, with independent evidence and the best chain.

    Parameters
    ----------
    policies
        Default: every node of kind ``policy``, by label.
    options
        Which claims and joins count (default :class:`ChainOptions`).
    path_limit
        Stop following a policy's routes after this many (``truncated`` is then true and the
        counts are lower bounds).
    top
        Keep the best chains of the ``top`` best routes to each outcome (``top_chains``), from
        the same route enumeration (no second search per pair).
    budget
        Seconds for the whole call, shared with the caller's other searches (default: none).
        When it runs out, the current policy stops and every later one is returned unsearched
        (no outcomes); all of them are ``truncated`` with ``stopped_after_seconds`` set.

    Returns
    -------
    list of PolicyReach
        Each policy's outcomes in ranking order of their best chains, in the order of ``policies``.
    """
    check_positive(max_hops=max_hops, path_limit=path_limit)
    outcomes = outcomes_of_kind(G, "any")
    result: list[PolicyReach] = []
    space = route_space(G, outcomes, options=options, max_hops=max_hops)
    for policy in chosen_policies(G, policies):
        if budget is not None and budget.expired():
            result.append(PolicyReach(policy, G.label(policy), (), True, None, budget.max_seconds))
            continue
        claims: dict[str, set[str]] = defaultdict(set)
        stated: dict[str, set[str]] = defaultdict(set)
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        best: dict[str, Chain] = {}
        kept: dict[str, list[tuple[tuple[Any, ...], int, Chain]]] = defaultdict(list)
        truncated = False
        for i, route in enumerate(routes(G, policy, outcomes, options=options, max_hops=max_hops, space=space,
                                         budget=budget)):
            if i >= path_limit:
                truncated = True
                break
            end = route.nodes[-1]
            claims[end] |= route.claims
            stated[end] |= route.stated_claims
            counts[end][0] += 1
            counts[end][1] += route.stated
            if end not in best or rank_key(G, route.best) < rank_key(G, best[end]):
                best[end] = route.best
            if top:
                _keep_best(kept[end], (rank_key(G, route.best), i, route.best), top)
        items = [
            OutcomeReach(o, G.label(o), G.entities[o].outcome_kind, best[o], count_evidence(G, claims[o]),
                         count_evidence(G, stated[o]), counts[o][0], counts[o][1],
                         frozenset(claims[o]), frozenset(stated[o]),
                         tuple(chain for _, _, chain in sorted(kept[o], key=lambda e: (e[0], e[1]))))
            for o in best
        ]
        items.sort(key=lambda r: (rank_key(G, r.best), -r.evidence.statements, r.outcome))
        out_of_time = budget is not None and budget.ran_out  # routes() stopped for it
        result.append(PolicyReach(policy, G.label(policy), tuple(items), truncated or out_of_time,
                                  path_limit if truncated else None,
                                  budget.max_seconds if budget is not None and out_of_time else None))
    return result


def leverage(
    G: AnalysisGraph,
    *,
    kinds: Sequence[str] = ("approach", "practice", "value", "mechanism"),
    options: ChainOptions | None = None,
    max_hops: int = 5,
    path_limit: int = 10 * DEFAULT_PATH_LIMIT,
    budget: RouteBudget | None = None,
) -> Leverage:
    """Rank nodes by the independent evidence on policy-to-outcome chains through them.

    ``path_limit`` bounds the routes followed over all policies together, and ``budget`` (the
    seconds shared with the caller's other searches; default none) their time; when either is
    reached the search stops and the result's ``truncated`` is true (the counts are lower
    bounds; ``stopped_at`` or ``stopped_after_seconds`` says which bound).

    Returns
    -------
    Leverage
        A list of :class:`LeverageRow`: nodes of ``kinds`` on at least one route (as an
        intermediate node), most statements first; ties by stated statements, routes, then the
        policies and outcomes those routes join, label.

    Notes
    -----
    ``evidence`` counts the distinct statements and sources on the admissible chains through
    the node (all their claims, not only the node's own). Every tie-breaker counts what the
    route search found (no shortest-path centrality: it would see only shortest routes, ignore
    the evidence, and cost a search from every policy over the whole graph).
    """
    check_positive(max_hops=max_hops, path_limit=path_limit)
    chosen = options or ChainOptions()
    policies = nodes_of_kind(G, "policy")
    outcomes = outcomes_of_kind(G, "any")
    claims: dict[str, set[str]] = defaultdict(set)
    stated: dict[str, set[str]] = defaultdict(set)
    count: dict[str, int] = defaultdict(int)
    ends: dict[str, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    space = route_space(G, outcomes, options=chosen, max_hops=max_hops)
    seen = 0
    truncated = out_of_time = False
    for policy in policies:
        if truncated or out_of_time:
            break
        # routes() ends early once the budget has expired (at once when it already has)
        for route in routes(G, policy, outcomes, options=chosen, max_hops=max_hops, space=space, budget=budget):
            seen += 1
            if seen > path_limit:
                truncated = True
                break
            for node in route.nodes[1:-1]:
                claims[node] |= route.claims
                stated[node] |= route.stated_claims
                count[node] += 1
                ends[node][0].add(policy)
                ends[node][1].add(route.nodes[-1])
        out_of_time = budget is not None and budget.ran_out
    rows = [
        LeverageRow(n, G.label(n), G.kind(n), count_evidence(G, claims[n]), count_evidence(G, stated[n]),
                    count[n], len(ends[n][0]), len(ends[n][1]))
        for n in count
        if G.kind(n) in kinds
    ]
    rows.sort(key=lambda r: (-r.evidence.statements, -r.stated_evidence.statements, -r.routes,
                             -r.policies, -r.outcomes, r.label.casefold(), r.node))
    return Leverage(rows, truncated=truncated or out_of_time, stopped_at=path_limit if truncated else None,
                    stopped_after_seconds=budget.max_seconds if budget is not None and out_of_time else None)


def chosen_policies(G: AnalysisGraph, policies: Iterable[str] | None) -> list[str]:
    """``policies`` checked and deduplicated, or every policy by label."""
    if policies is None:
        return nodes_of_kind(G, "policy")
    chosen = list(dict.fromkeys(str(p) for p in policies))
    G.check_nodes(chosen)
    return chosen


def _keep_best(kept: list[tuple[Any, int, Chain]], entry: tuple[Any, int, Chain], top: int) -> None:
    """Keep in ``kept`` the ``top`` smallest entries by (rank key, route order), in no particular order."""
    if len(kept) < top:
        kept.append(entry)
        return
    worst = max(range(len(kept)), key=lambda j: (kept[j][0], kept[j][1]))
    if (entry[0], entry[1]) < (kept[worst][0], kept[worst][1]):
        kept[worst] = entry
