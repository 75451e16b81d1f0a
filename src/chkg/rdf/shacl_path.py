"""SHACL property paths written in SPARQL's path syntax: the one renderer.

A shape's ``sh:path`` is a predicate IRI, or a blank node standing for an inverse
(``^p``), a sequence (``p/q``), alternatives (``(p|q)``) or a repetition (``(p)*``,
``(p)+``, ``(p)?``). Validation results and the ontology's reference page both show
paths this way, with CURIEs (:mod:`chkg.vocab.curies`).

Examples
--------
>>> from rdflib import Graph
>>> g = Graph().parse(format="turtle", data='''
... PREFIX sh: <http://www.w3.org/ns/shacl#>
... PREFIX prov: <http://www.w3.org/ns/prov#>
... PREFIX chkg: <https://w3id.org/creative-health-kg/>
... chkg:s sh:path ( [ sh:inversePath prov:influencer ] [ sh:zeroOrMorePath chkg:influencee ] ) .
... ''')
>>> render_path(g, next(g.objects(None, SH.path)))
'^prov:influencer/(chkg:influencee)*'
"""

from __future__ import annotations

from collections.abc import Callable

from rdflib import RDF, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

from chkg.vocab.curies import show

__all__ = ["MAX_DEPTH", "render_path"]

#: How deep a path is followed before it is shown as ``...`` (a cyclic path ends there too).
MAX_DEPTH = 8

_REPEATS = ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?"))


def render_path(
    graph: Graph,
    path: Node,
    *,
    name: Callable[[Node], str] = show,
    max_depth: int = MAX_DEPTH,
) -> str:
    """A SHACL path as SPARQL path syntax.

    Parameters
    ----------
    graph
        The shapes graph the path's blank nodes are described in.
    path
        The object of ``sh:path``.
    name
        How a predicate IRI is written (default: a CURIE, else ``<iri>``).
    max_depth
        Nesting followed before ``...`` is written.

    Examples
    --------
    >>> from rdflib import RDFS
    >>> render_path(Graph(), RDFS.label), render_path(Graph(), RDFS.label, name=str)
    ('rdfs:label', 'http://www.w3.org/2000/01/rdf-schema#label')
    """
    return _render(graph, path, name, max_depth)


def _render(graph: Graph, path: Node, name: Callable[[Node], str], depth: int) -> str:
    if isinstance(path, URIRef):
        return name(path)
    if depth <= 0:
        return "..."
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _render(graph, inverse, name, depth - 1)
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_render(graph, p, name, depth - 1) for p in Collection(graph, alternatives)) + ")"
    for predicate, mark in _REPEATS:
        inner = graph.value(path, predicate)
        if inner is not None:
            return f"({_render(graph, inner, name, depth - 1)}){mark}"
    if (path, RDF.first, None) in graph:
        return "/".join(_render(graph, p, name, depth - 1) for p in Collection(graph, path))
    return "(a blank node)"
