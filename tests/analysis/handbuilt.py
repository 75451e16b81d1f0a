"""The hand-built graph of ``tests/fixtures/analysis/chains.ttl`` (answers in its header), and
helpers to name its nodes and claims."""

from __future__ import annotations

from pathlib import Path

import rdflib

from chkg.analysis.network import AnalysisGraph, analysis_graph
from chkg.graph.loader import load

FIXTURES = Path(__file__).parents[1] / "fixtures" / "analysis"
CHAINS = FIXTURES / "chains.ttl"
NS = "https://w3id.org/creative-health-kg/t-"


def t(name: str) -> str:
    """The IRI of a fixture node, claim, statement or context (``t("p")``)."""
    return NS + name


def fixture_rdf(*extra: Path) -> rdflib.Graph:
    """The fixture (and ``extra`` files) with the project ontology, certainty materialised."""
    return load([CHAINS, *extra])


def fixture_graph(*extra: Path) -> AnalysisGraph:
    """The analysis graph of :func:`fixture_rdf` (tests read it and never change it in place)."""
    return analysis_graph(fixture_rdf(*extra))
