"""The one place the report reads the analysis (:mod:`chkg.analysis`): its results turned into
the report's typed model (:mod:`chkg.report.model`).

Chains, reach, leverage, the gap map and the executive summary all come from the analysis API
(EVIDENCE-MODEL §8): stated or stitched, weakest-link certainty, independent statements and
sources. The explorer embeds, for each policy–outcome pair, exactly the JSON
``chkg paths --from P --to O --format json`` prints (same search, same defaults).

Examples
--------
>>> from chkg.report.example import example_graph
>>> G = example_graph()
>>> a = analyse(G, None, 5)
>>> [(p.outcome, p.best.stated, p.best.certainty) for p in a.pairs["ex:plan"]]  # doctest: +NORMALIZE_WHITESPACE
[('ex:burnout', True, 'low'), ('ex:wellbeing', True, 'low'), ('ex:care', True, 'very low'),
 ('ex:retention', False, 'low')]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from chkg.analysis import (
    AnalysisGraph,
    Chain,
    ChainSearch,
    ExecutiveSummary,
    GapMap,
    count_evidence,
    executive_summary,
    find_chains,
    gap_map,
    leverage,
    nodes_of_kind,
    paths_document,
    reach,
)
from chkg.analysis.network import Claim
from chkg.analysis.reach import DEFAULT_PATH_LIMIT, Leverage, PolicyReach
from chkg.analysis.routes import RouteBudget
from chkg.report.model import Certainty, ChainView, JoinView, LeverageEntry, NodeRef, Step
from chkg.report.text import relation_words

__all__ = [
    "PairEvidence",
    "node_view",
    "step_view",
    "chain_view",
    "policies_of",
    "Analysed",
    "analyse",
    "pair_document",
    "leverage_entries",
    "gap",
    "evidence_count",
    "TOP",
    "level",
]

#: Chains kept per policy–outcome pair: ``chkg paths``' default ``--top``.
TOP = 5


@dataclass(frozen=True)
class PairEvidence:
    """How a policy reaches an outcome: its best chain and the independent evidence behind it."""

    policy: str
    outcome: str
    outcome_kind: str
    best: ChainView
    stated: bool
    statements: int
    sources: int
    stated_statements: int
    claims: frozenset[str]


def node_view(G: AnalysisGraph, node: str) -> NodeRef:
    """A node as a :class:`NodeRef`."""
    return NodeRef(str(node), G.label(node), str(G.kind(node)))


def step_view(G: AnalysisGraph, claim: Claim, pages: Mapping[str, str] | None = None) -> Step:
    """One claim as a chain step, its relation in words."""
    return Step(
        claim=claim.iri, start=node_view(G, claim.subject), end=node_view(G, claim.object),
        relation=claim.relation, relation_words=relation_words(claim.relation, claim.relation_label),
        sign=claim.sign, quote=claim.quote, claim_type=_words(claim.claim_type),
        statement=claim.statement or claim.iri, certainty=level(claim.certainty.label),
        source=claim.source_title, section=claim.section,
        passage_label=claim.statement_label or claim.passage_label, mechanism=claim.mechanism,
        source_page=(pages or {}).get(claim.iri, ""),
    )


def chain_view(G: AnalysisGraph, chain: Chain, pages: Mapping[str, str] | None = None) -> ChainView:
    """An analysis chain as a :class:`ChainView` (``pages``: claim → source-viewer link)."""
    joins = tuple(
        JoinView(at=node_view(G, j.at), stated=j.stated,
                 contexts=tuple(" / ".join(G.context_label(c) for c in side) or "no context" for side in j.contexts),
                 compatible=j.compatible)
        for j in chain.joins
    )
    return ChainView(
        nodes=tuple(node_view(G, n) for n in chain.nodes),
        steps=tuple(step_view(G, h.claim, pages) for h in chain.hops),
        stated=chain.stated, certainty=level(chain.certainty.label), effect=chain.effect,
        sign=chain.sign, joins=joins,
    )


def policies_of(G: AnalysisGraph, policies: Iterable[str] | None = None) -> list[str]:
    """The policies to report on: those given, in order, or every policy by label."""
    if policies is not None:
        return list(policies)
    return sorted(nodes_of_kind(G, "policy"), key=lambda n: (G.label(n).casefold(), n))


@dataclass(frozen=True)
class Analysed:
    """One pass of the analysis over the chosen policies: what the report is built from."""

    pairs: dict[str, list[PairEvidence]]
    #: the policies whose route search stopped early, at the path limit or out of seconds (their
    #: counts are lower bounds)
    truncated: frozenset[str]
    summary: ExecutiveSummary
    #: ``"policy\toutcome"`` → what ``chkg paths --from policy --to outcome --format json`` prints
    #: (the best chains of the best routes, from the same route enumeration as the counts)
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: the route limit, when some policy's search stopped there (else ``None``)
    stopped_at: int | None = None
    #: the seconds budget, when it ran out before every policy was searched in full (else ``None``)
    stopped_after_seconds: float | None = None


def analyse(
    G: AnalysisGraph, policies: Iterable[str] | None, max_hops: int, pages: Mapping[str, str] | None = None,
    path_limit: int = DEFAULT_PATH_LIMIT, budget: RouteBudget | None = None,
) -> Analysed:
    """Reach (each policy's outcomes, best chain first, in the analysis' order) and the summary.

    ``budget``: the seconds the route searches may take, shared with the caller's other searches.
    """
    reached = reach(G, policies_of(G, policies), max_hops=max_hops, path_limit=path_limit, top=TOP, budget=budget)
    pairs = {
        r.policy: [
            PairEvidence(r.policy, o.outcome, o.outcome_kind or "other", chain_view(G, o.best, pages), o.stated,
                         o.evidence.statements, o.evidence.sources, o.stated_evidence.statements, o.claims)
            for o in r.outcomes
        ]
        for r in reached
    }
    documents = {
        f"{r.policy}\t{o.outcome}": paths_document(G, r.policy, o.outcome, ChainSearch(
            o.top_chains, not r.truncated, _stopped_message(r)))
        for r in reached for o in r.outcomes
    }
    return Analysed(pairs, frozenset(r.policy for r in reached if r.truncated),
                    executive_summary(G, reached, max_hops=max_hops), documents,
                    next((r.stopped_at for r in reached if r.stopped_at is not None), None),
                    next((r.stopped_after_seconds for r in reached if r.stopped_after_seconds is not None), None))


def _stopped_message(r: PolicyReach) -> str:
    """The ``message`` of a pair document whose policy's route search stopped early (else empty)."""
    if r.stopped_at is not None:
        return (f"route search stopped after {r.stopped_at} route{'' if r.stopped_at == 1 else 's'} (--path-limit); "
                "these are the best chains of the routes followed")
    if r.stopped_after_seconds is not None:
        return (f"route search used up its {r.stopped_after_seconds:g} s budget (--max-seconds); "
                "these are the best chains of the routes followed")
    return ""


def pair_document(G: AnalysisGraph, policy: str, outcome: str, max_hops: int) -> dict[str, Any]:
    """The JSON ``chkg paths --from policy --to outcome --max-hops N --format json`` prints."""
    return paths_document(G, policy, outcome, find_chains(G, policy, [outcome], max_hops=max_hops, top=TOP))


def leverage_entries(G: AnalysisGraph, max_hops: int, path_limit: int = DEFAULT_PATH_LIMIT,
                     budget: RouteBudget | None = None) -> tuple[tuple[LeverageEntry, ...], Leverage]:
    """The leverage ranking as report entries (independent statements through each node), and
    the ranking itself, which says whether its route search stopped early (at ``path_limit``,
    the same limit as reach and the gap map counted over all policies together, or out of the
    seconds of ``budget``)."""
    ranked: Leverage = leverage(G, max_hops=max_hops, path_limit=path_limit, budget=budget)
    entries = tuple(LeverageEntry(node_view(G, r.node), r.evidence.statements, r.routes, r.policies,
                                  r.outcomes) for r in ranked)
    return entries, ranked


def gap(G: AnalysisGraph, max_hops: int, path_limit: int = DEFAULT_PATH_LIMIT,
        budget: RouteBudget | None = None) -> GapMap:
    """The analysis' gap map (statements, sources, stated, certainty per cell)."""
    return gap_map(G, max_hops=max_hops, path_limit=path_limit, budget=budget)


def evidence_count(G: AnalysisGraph, claims: Iterable[str]) -> tuple[int, int]:
    """Distinct statements and sources among ``claims``."""
    counted = count_evidence(G, claims)
    return counted.statements, counted.sources


def level(label: str) -> Certainty:
    """A certainty level in words as the report's closed type (``"very low"`` when unknown)."""
    for level in ("high", "moderate", "low", "very low"):
        if label == level:
            return level
    return "very low"


def _words(curie_or_name: str) -> str:
    """``chkg:assertedEffect`` → ``asserted effect``."""
    return relation_words(curie_or_name) if curie_or_name else ""
