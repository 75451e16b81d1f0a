"""Exports for network tools: Kumu-style CSV, GraphML and GEXF (Gephi, Cytoscape desktop, yEd).

All three carry the same network: every entity a claim links (with its kind, outcome kind and
outcome family) and every claim as an edge (relation in words, sign, certainty, claim type,
statement, quote, where it stands). GraphML and GEXF are written by NetworkX from
:func:`export_graph`, a plain-typed copy of the analysis graph (no ``None``, no tuples: both
formats type every attribute).

Examples
--------
>>> from chkg.report.example import example_graph
>>> H = export_graph(example_graph())
>>> H.nodes["ex:burnout"]["kind"], H.nodes["ex:burnout"]["direction"]
('outcome', 'lower')
>>> e = H.edges["ex:approach", "ex:burnout", "ex:c3"]
>>> e["label"], e["sign"], e["certainty"], e["claim_type"], e["quote"]
('led to', 'negative', 'low', 'asserted effect', 'quote c3')
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

import networkx as nx

from chkg.analysis import AnalysisGraph
from chkg.analysis.network import Claim
from chkg.report.text import clean, relation_words

__all__ = ["export_graph", "graphml", "gexf", "nodes_csv", "edges_csv"]


def export_graph(G: AnalysisGraph, families: Mapping[str, str] | None = None) -> nx.MultiDiGraph:
    """A NetworkX copy of the analysis graph with string attributes only, for GraphML and GEXF.

    Parameters
    ----------
    G
        The analysis graph.
    families
        Outcome IRI → outcome family label (the gap map's roll-up).
    """
    H = nx.MultiDiGraph(name="creative-health-kg")
    for iri, e in sorted(G.entities.items()):
        H.add_node(iri, label=clean(e.label), kind=e.kind, outcome_kind=e.outcome_kind or "",
                   direction=e.direction or "", type=clean(e.type_label),
                   family=clean((families or {}).get(iri, "")), definition=clean(e.definition))
    for iri, c in sorted(G.claims.items()):
        H.add_edge(c.subject, c.object, key=iri, **_edge_attributes(c))
    return H


def graphml(G: AnalysisGraph, families: Mapping[str, str] | None = None) -> str:
    """The network as GraphML text (yEd, Cytoscape desktop, Gephi).

    Examples
    --------
    >>> from chkg.report.example import example_graph
    >>> "<graphml" in graphml(example_graph())
    True
    """
    return "\n".join(nx.generate_graphml(export_graph(G, families), prettyprint=True)) + "\n"


def gexf(G: AnalysisGraph, families: Mapping[str, str] | None = None) -> str:
    """The network as GEXF text (Gephi).

    Examples
    --------
    >>> from chkg.report.example import example_graph
    >>> "<gexf" in gexf(example_graph())
    True
    """
    return "\n".join(nx.generate_gexf(export_graph(G, families), prettyprint=True)) + "\n"


def nodes_csv(G: AnalysisGraph) -> str:
    """Kumu-style nodes: ``Label``, ``Type``, ``Description``, ``Tags``, ``ID``, ``Outcome kind``."""
    rows: list[list[Any]] = [["Label", "Type", "Description", "Tags", "ID", "Outcome kind", "Desirable direction"]]
    for iri, e in sorted(G.entities.items(), key=lambda ie: (ie[1].label.casefold(), ie[0])):
        rows.append([clean(e.label), clean(e.type_label or e.kind), clean(e.definition), e.kind, iri,
                     e.outcome_kind or "", e.direction or ""])
    return _csv(rows)


def edges_csv(G: AnalysisGraph) -> str:
    """Kumu-style edges: ``From``, ``To``, ``Type`` (the relation in words) and the evidence."""
    rows: list[list[Any]] = [[
        "From", "To", "Type", "Sign", "Certainty", "Claim type", "Quote", "Mechanism",
        "Statement", "Passage", "Section", "Source", "ID", "From ID", "To ID",
    ]]
    for iri, c in sorted(G.claims.items(), key=lambda ic: (ic[1].subject, ic[1].object, ic[0])):
        e = _edge_attributes(c)
        rows.append([clean(G.label(c.subject)), clean(G.label(c.object)), e["label"], e["sign"], e["certainty"],
                     e["claim_type"], e["quote"], e["mechanism"], e["statement"], e["passage"], e["section"],
                     e["source"], iri, c.subject, c.object])
    return _csv(rows)


def _edge_attributes(c: Claim) -> dict[str, str]:
    return {
        "label": clean(relation_words(c.relation, c.relation_label)),
        "relation": clean(c.relation),
        "sign": "positive" if c.sign > 0 else "negative",
        "certainty": c.certainty.label,
        "claim_type": relation_words(c.claim_type) if c.claim_type else "",
        "claim": c.iri,
        "statement": clean(c.statement_label or c.statement or ""),
        "quote": clean(c.quote),
        "mechanism": clean(c.mechanism),
        "passage": clean(c.passage_label or c.passage or ""),
        "section": clean(c.section),
        "source": clean(c.source_title),
    }


def _csv(rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()
