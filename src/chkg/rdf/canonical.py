"""The project's canonical Turtle form, so that diffs show meaning, not noise.

Curated files are written with rdflib's ``longturtle`` serializer, which sorts
subjects, predicates and objects deterministically, with the project's prefixes
bound. Re-serialising a canonical file gives the same bytes. Comments are not
kept: a curated file's meaning lives in its triples (use ``rdfs:comment`` or
``skos:editorialNote`` for notes that must survive).

Blank nodes (the Web Annotation selectors of ``chkg:Statement``) are relabelled
first with rdflib's canonical labelling (``rdflib.compare.to_canonical_graph``),
because ``longturtle`` orders them by their label, which is random per parse.

Examples
--------
>>> from rdflib import Graph
>>> g = Graph().parse(data="<https://w3id.org/creative-health-kg/b> a <https://w3id.org/creative-health-kg/Policy> .", format="turtle")
>>> print(canonical_turtle(g).splitlines()[-3])
chkg:b
"""

from __future__ import annotations

from rdflib import BNode, Graph
from rdflib.compare import to_canonical_graph

from chkg.vocab.namespace import PREFIXES

__all__ = ["canonical_turtle"]


def canonical_turtle(graph: Graph) -> str:
    """Serialise ``graph`` in the project's canonical Turtle form (sorted ``longturtle``).

    Only the project's prefixes (:data:`chkg.vocab.namespace.PREFIXES`) are bound, so
    the output does not depend on what the input file declared.
    """
    out = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        out.bind(prefix, namespace, override=True, replace=True)
    # canonical blank node labels, so that blank nodes sort the same way on every run
    has_blank_nodes = any(isinstance(term, BNode) for triple in graph for term in triple)
    for triple in to_canonical_graph(graph) if has_blank_nodes else graph:
        out.add(triple)
    text = out.serialize(format="longturtle")
    return text if text.endswith("\n") else text + "\n"
