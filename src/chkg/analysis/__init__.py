"""Influence analysis: stated and stitched chains, their certainty, and what they add up to.

The public API (stable names; the report and ``chkg diff`` build on them). The rules are those
of ``docs/EVIDENCE-MODEL.md`` §8.

``chkg.analysis.network`` — the typed analysis graph built from RDF
    ``AnalysisGraph`` (``.entities``, ``.claims``, ``.bridges``, ``.graph`` the
    :class:`networkx.MultiDiGraph` whose edges are keyed by claim IRI, ``.label(node)``,
    ``.index()`` for :func:`chkg.graph.resolve.resolve_entity`), ``Entity``, ``Claim``,
    ``Kind``, ``OutcomeKind``, ``ToKind``, ``Direction``, ``analysis_graph(rdf)``,
    ``outcomes_of_kind(G, kind)``, ``nodes_of_kind(G, *kinds)``.
``chkg.analysis.kinds`` — ``entity_kinds(rdf)``: each entity's kind from its classes.
``chkg.analysis.construct`` — ``ANALYSIS_CONSTRUCT``, the SPARQL CONSTRUCT that reads the
    analysis graph from an endpoint.
``chkg.analysis.chains`` — ``Hop``, ``Join``, ``Chain``, ``ChainOptions`` (``stated_only``,
    ``min_certainty``, ``include_context_claims``, ``allow_incompatible``), ``Effect``.
``chkg.analysis.ranking`` — ``rank_key(chain)``, ``sort_chains(chains)``.
``chkg.analysis.search`` — ``ChainSearch`` (``chains``, ``complete``, ``message``),
    ``find_chains(G, source, targets, *, options, max_hops, top, max_states, max_seconds)``.
``chkg.analysis.routes`` — ``Route``, ``routes(...)``: every route (node sequence) with the
    claims that lie on some admissible chain; the counting behind reach, what-if and gap map;
    ``RouteBudget(max_seconds)``: the seconds all the route searches of one run share
    (``budget=`` of ``reach``, ``leverage``, ``gap_map``, ``knock_out``).
``chkg.analysis.reach`` — ``EvidenceCount``, ``OutcomeReach``, ``PolicyReach``,
    ``LeverageRow``, ``reach(G, ...)``, ``leverage(G, ...)``, ``truncation_note``.
``chkg.analysis.whatif`` — ``PairChange``, ``KnockOut``, ``MinCut``, ``knock_out``, ``min_cut``.
``chkg.analysis.gapmap`` — ``GapCell``, ``GapMap``, ``gap_map``.
``chkg.analysis.documents`` — the JSON of the contract: ``node_ref``, ``chain_to_dict``,
    ``paths_document``, ``whatif_document``.
``chkg.analysis.text`` — ``format_paths``, ``format_whatif`` for ``chkg paths`` / ``whatif``.
``chkg.analysis.summary`` — the executive summary as data: ``Finding``, ``Hypothesis``,
    ``SourceNote``, ``ExecutiveSummary``, ``executive_summary(G, ...)``, ``summary_to_dict``.

Every name above is also importable from ``chkg.analysis`` itself.
"""

from chkg.analysis.chains import Chain, ChainOptions, Effect, Hop, Join, JoinKind, build_chain, effect_on, join_between
from chkg.analysis.construct import ANALYSIS_CONSTRUCT
from chkg.analysis.documents import chain_to_dict, node_ref, paths_document, whatif_document
from chkg.analysis.gapmap import GapCell, GapMap, gap_map
from chkg.analysis.network import (
    EFFECT_CLAIM_TYPES,
    AnalysisGraph,
    Bridge,
    Claim,
    Direction,
    Entity,
    Kind,
    OutcomeKind,
    ToKind,
    analysis_graph,
    nodes_of_kind,
    outcomes_of_kind,
)
from chkg.analysis.ranking import rank_key, sort_chains
from chkg.analysis.reach import LeverageRow, OutcomeReach, PolicyReach, leverage, reach
from chkg.analysis.routes import EvidenceCount, Route, RouteBudget, count_evidence, routes
from chkg.analysis.search import ChainSearch, find_chains
from chkg.analysis.summary import (
    Assumption,
    ExecutiveSummary,
    Finding,
    Hypothesis,
    Sentence,
    executive_summary,
    summary_to_dict,
)
from chkg.analysis.text import describe_chain, describe_join, format_paths, format_whatif
from chkg.analysis.whatif import KnockOut, MinCut, PairChange, knock_out, min_cut

__all__ = [
    "ANALYSIS_CONSTRUCT",
    "EFFECT_CLAIM_TYPES",
    "AnalysisGraph",
    "Assumption",
    "Bridge",
    "Chain",
    "ChainOptions",
    "ChainSearch",
    "Claim",
    "Direction",
    "Effect",
    "Entity",
    "EvidenceCount",
    "ExecutiveSummary",
    "Finding",
    "GapCell",
    "GapMap",
    "Hop",
    "Hypothesis",
    "Join",
    "JoinKind",
    "Kind",
    "KnockOut",
    "LeverageRow",
    "MinCut",
    "OutcomeKind",
    "OutcomeReach",
    "PairChange",
    "PolicyReach",
    "Route",
    "RouteBudget",
    "Sentence",
    "ToKind",
    "analysis_graph",
    "build_chain",
    "chain_to_dict",
    "count_evidence",
    "describe_chain",
    "describe_join",
    "effect_on",
    "executive_summary",
    "find_chains",
    "format_paths",
    "format_whatif",
    "gap_map",
    "join_between",
    "knock_out",
    "leverage",
    "min_cut",
    "node_ref",
    "nodes_of_kind",
    "outcomes_of_kind",
    "paths_document",
    "rank_key",
    "reach",
    "routes",
    "sort_chains",
    "summary_to_dict",
    "whatif_document",
]
