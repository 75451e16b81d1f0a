"""The JSON of the analysis, exactly as EVIDENCE-MODEL §8 writes it.

``chkg paths --format json`` prints :func:`paths_document`; ``chkg whatif --format json`` prints
:func:`whatif_document`; ``report.json`` embeds :func:`chain_to_dict` for its chains.

A chain::

    {"stated": true, "certainty": "low", "effect": "favourable", "sign": 1,
     "steps": 1, "unstated_joins": 0,
     "nodes": [{"iri", "label", "kind"}, ...],
     "hops": [{"from": {"iri", "label"}, "to": {...}, "claim", "claim_type", "statement",
               "statement_label", "certainty", "certainty_reasons", "quote", "relation", "sign",
               "contexts", "source", "passage", "mechanism", "alternatives"}, ...],
     "joins": [{"at": {"iri", "label"}, "stated", "kind", "bridge",
                "contexts": [[{"iri", "label"}, ...], [...]], "compatible"}, ...]}
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from chkg.analysis.chains import Chain, Hop, Join
from chkg.analysis.network import AnalysisGraph
from chkg.analysis.search import ChainSearch
from chkg.analysis.whatif import KnockOut, MinCut, PairChange

__all__ = ["node_ref", "hop_to_dict", "join_to_dict", "chain_to_dict", "paths_document", "whatif_document"]


def node_ref(G: AnalysisGraph, node: str) -> dict[str, str]:
    """``{"iri", "label"}`` of a node."""
    return {"iri": str(node), "label": G.label(node)}


def hop_to_dict(G: AnalysisGraph, hop: Hop) -> dict[str, Any]:
    """One hop: its claim with its type, statement, certainty and quote."""
    c = hop.claim
    return {
        "from": node_ref(G, c.subject),
        "to": node_ref(G, c.object),
        "claim": c.iri,
        "claim_type": c.claim_type or None,
        "statement": c.statement,
        "statement_label": c.statement_label,
        "certainty": c.certainty.label,
        "certainty_reasons": list(c.certainty_reasons),
        "quote": c.quote,
        "relation": c.relation,
        "sign": c.sign,
        "contexts": [_context_ref(G, x) for x in c.contexts],
        "source": {"iri": c.source, "title": c.source_title, "type": c.source_type or None},
        "passage": {"iri": c.passage, "label": c.passage_label},
        "mechanism": c.mechanism,
        "alternatives": hop.alternatives,
    }


def join_to_dict(G: AnalysisGraph, join: Join) -> dict[str, Any]:
    """One join: where, stated or not (and how), the two contexts, compatible or not."""
    return {
        "at": node_ref(G, join.at),
        "stated": join.stated,
        "kind": join.kind,
        "bridge": join.bridge.iri if join.bridge is not None else None,
        "contexts": [[_context_ref(G, x) for x in side] for side in join.contexts],
        "compatible": join.compatible,
    }


def chain_to_dict(G: AnalysisGraph, chain: Chain) -> dict[str, Any]:
    """A chain as the JSON object of the contract (see the module documentation)."""
    return {
        "stated": chain.stated,
        "certainty": chain.certainty.label,
        "effect": chain.effect,
        "sign": chain.sign,
        "steps": chain.steps,
        "unstated_joins": chain.unstated_joins,
        "nodes": [{**node_ref(G, n), "kind": G.kind(n)} for n in chain.nodes],
        "hops": [hop_to_dict(G, h) for h in chain.hops],
        "joins": [join_to_dict(G, j) for j in chain.joins],
    }


def paths_document(G: AnalysisGraph, source: str, target: str | None, found: ChainSearch | Sequence[Chain]) -> dict[str, Any]:
    """The one JSON object ``chkg paths --format json`` prints.

    ``{"from", "to" (null when the targets were a kind of outcome), "complete", "message",
    "paths": [chain, ...]}``.
    """
    search = found if isinstance(found, ChainSearch) else ChainSearch(tuple(found))
    return {
        "from": node_ref(G, source),
        "to": node_ref(G, target) if target is not None else None,
        "complete": search.complete,
        "message": search.message or None,
        "paths": [chain_to_dict(G, c) for c in search.chains],
    }


def whatif_document(G: AnalysisGraph, knocked: KnockOut | None, cut: MinCut | None) -> dict[str, Any]:
    """The one JSON object ``chkg whatif --format json`` prints: ``{"knock_out", "min_cut"}``."""
    doc: dict[str, Any] = {"knock_out": None, "min_cut": None}
    if knocked is not None:
        doc["knock_out"] = {
            "removed": [node_ref(G, n) for n in knocked.removed],
            "max_hops": knocked.max_hops,
            "lost": [_change(G, c) for c in knocked.lost],
            "weakened": [_change(G, c) for c in knocked.weakened],
            "unaffected": knocked.unaffected,
            "stopped_at": knocked.stopped_at,
            "stopped_after_seconds": knocked.stopped_after_seconds,
        }
    if cut is not None:
        doc["min_cut"] = {
            "policy": node_ref(G, cut.policy),
            "outcome": node_ref(G, cut.outcome),
            "nodes": [node_ref(G, n) for n in cut.nodes],
            "direct": cut.direct,
            "connected": cut.connected,
        }
    return doc


def _change(G: AnalysisGraph, c: PairChange) -> dict[str, Any]:
    return {
        "policy": node_ref(G, c.policy),
        "outcome": node_ref(G, c.outcome),
        "statements": {"before": c.statements_before, "after": c.statements_after},
        "sources": {"before": c.sources_before, "after": c.sources_after},
        "stated": {"before": c.stated_before, "after": c.stated_after},
        "certainty": {"before": c.certainty_before.label,
                      "after": c.certainty_after.label if c.certainty_after is not None else None},
    }


def _context_ref(G: AnalysisGraph, context: str) -> dict[str, str]:
    return {"iri": context, "label": G.context_label(context)}
