"""The project's canonical Turtle form, so that diffs show meaning, not noise.

Curated files are written with rdflib's ``longturtle`` serializer, which sorts
subjects, predicates and objects deterministically, with the project's prefixes
bound. Re-serialising a canonical file gives the same bytes. Comments are not
kept: a curated file's meaning lives in its triples (use ``rdfs:comment`` or
``skos:editorialNote`` for notes that must survive).

Examples
--------
>>> from rdflib import Graph
>>> g = Graph().parse(data="<https://w3id.org/creative-health-kg/b> a <https://w3id.org/creative-health-kg/Policy> .", format="turtle")
>>> print(canonical_turtle(g).splitlines()[-3])
chkg:b
"""

from __future__ import annotations

from rdflib import Graph

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
    for triple in graph:
        out.add(triple)
    text = out.serialize(format="longturtle")
    return text if text.endswith("\n") else text + "\n"
