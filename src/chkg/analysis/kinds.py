"""The kind of each entity (policy, approach, outcome…) from its ``rdf:type`` and the class
hierarchy, for the analysis graph.

Examples
--------
>>> from rdflib import Graph
>>> g = Graph().parse(format="turtle", data='''
... PREFIX chkg: <https://w3id.org/creative-health-kg/>
... chkg:plan a chkg:WorkforcePlan .
... chkg:burnout a chkg:WorkforceOutcome .
... ''')
>>> sorted((str(e).rsplit("/", 1)[1], k, ok) for e, (k, ok, _) in entity_kinds(g).items())
[('burnout', 'outcome', 'workforce'), ('plan', 'policy', None)]
"""

from __future__ import annotations

from collections import defaultdict
from typing import Literal, cast

import rdflib
from rdflib import RDF, RDFS, URIRef

from chkg.vocab.kinds import EntityKind, Role, kind_named, kinds_with_role

__all__ = ["Kind", "OutcomeKind", "KIND_NAMES", "OUTCOME_KINDS", "analysis_kind", "entity_kinds"]

#: The kind of a node in the analysis JSON: a factor kind of :data:`chkg.vocab.kinds.KINDS`
#: (``_`` for ``-``, as the JSON has always spelt it: ``staff_group``), or ``other``.
#: ``tests/analysis/test_kinds.py`` checks these literals against the table.
Kind = Literal["policy", "approach", "practice", "value", "outcome", "organisation",
               "programme", "place", "mechanism", "resource", "staff_group", "other"]
#: An outcome's kind: the outcome kind's variants in the table.
OutcomeKind = Literal["workforce", "patient", "system", "culture"]


def analysis_kind(kind: EntityKind) -> Kind:
    """The name of a kind in the analysis JSON (``staff-group`` → ``staff_group``).

    Examples
    --------
    >>> analysis_kind(kind_named("staff-group"))
    'staff_group'
    """
    return cast(Kind, kind.name.replace("-", "_"))


_OUTCOME = kind_named("outcome")
#: Every factor kind's name in the analysis JSON, in table order, then ``other``.
KIND_NAMES: tuple[str, ...] = (*(analysis_kind(k) for k in kinds_with_role(Role.FACTOR)), "other")
#: The outcome kinds, in table order (``workforce``, ``patient``, ``system``, ``culture``).
OUTCOME_KINDS: tuple[str, ...] = tuple(v.name for v in _OUTCOME.variants)
#: Class → kind, most specific first (an entity takes the first class it has): the outcome
#: kinds' classes, the outcome class, then every other factor kind's class in table order.
_KIND_CLASSES: tuple[tuple[URIRef, Kind, OutcomeKind | None], ...] = (
    *((v.cls, analysis_kind(_OUTCOME), cast(OutcomeKind, v.name)) for v in _OUTCOME.variants),
    (_OUTCOME.cls, analysis_kind(_OUTCOME), None),
    *((k.cls, analysis_kind(k), None) for k in kinds_with_role(Role.FACTOR) if k is not _OUTCOME),
)
#: Subclasses the ontology declares (the variants of each kind), for graphs that hold the data
#: without the ontology.
_KNOWN_SUBCLASSES: dict[URIRef, URIRef] = {
    v.cls: k.cls for k in kinds_with_role(Role.FACTOR) for v in k.variants if v.cls != k.cls
}


def entity_kinds(rdf: rdflib.Graph) -> dict[URIRef, tuple[Kind, OutcomeKind | None, URIRef | None]]:
    """Entity → (kind, outcome kind, most specific type) from its rdf:type and rdfs:subClassOf."""
    supers: dict[URIRef, set[URIRef]] = defaultdict(set)
    for sub, sup in rdf.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            supers[sub].add(sup)
    for sub, sup in _KNOWN_SUBCLASSES.items():
        supers[sub].add(sup)
    order = {c: i for i, (c, _, _) in enumerate(_KIND_CLASSES)}
    by_class = {c: (k, ok) for c, k, ok in _KIND_CLASSES}
    cache: dict[URIRef, set[URIRef]] = {}

    def closure(cls: URIRef) -> set[URIRef]:
        if cls not in cache:
            seen, stack = {cls}, [cls]
            while stack:
                for sup in supers.get(stack.pop(), ()):
                    if sup not in seen:
                        seen.add(sup)
                        stack.append(sup)
            cache[cls] = seen
        return cache[cls]

    types: dict[URIRef, list[URIRef]] = defaultdict(list)
    for entity, cls in rdf.subject_objects(RDF.type):
        if isinstance(entity, URIRef) and isinstance(cls, URIRef):
            types[entity].append(cls)
    result: dict[URIRef, tuple[Kind, OutcomeKind | None, URIRef | None]] = {}
    for entity, classes in types.items():
        best: tuple[int, URIRef, URIRef] | None = None
        for cls in classes:
            for kind_class in closure(cls) & set(order):
                candidate = (order[kind_class], kind_class, cls)
                if best is None or candidate[0] < best[0] or (
                    candidate[0] == best[0] and len(closure(cls)) > len(closure(best[2]))
                ):
                    best = candidate
        if best is not None:
            kind, outcome_kind = by_class[best[1]]
            result[entity] = (kind, outcome_kind, best[2])
    return result
