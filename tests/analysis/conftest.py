"""Fixtures: the hand-built analysis graph (``handbuilt.py``)."""

from __future__ import annotations

import pytest
import rdflib
from handbuilt import fixture_rdf

from chkg.analysis.network import AnalysisGraph, analysis_graph


@pytest.fixture
def rdf() -> rdflib.Graph:
    """The fixture with the project ontology, certainty materialised by the loader."""
    return fixture_rdf()


@pytest.fixture
def G(rdf: rdflib.Graph) -> AnalysisGraph:
    """The analysis graph of the fixture."""
    return analysis_graph(rdf)
