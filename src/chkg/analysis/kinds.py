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
from typing import Literal

import rdflib
from rdflib import RDF, RDFS, URIRef

from chkg.vocab.namespace import CHKG

__all__ = ["Kind", "OutcomeKind", "entity_kinds"]

Kind = Literal["policy", "approach", "value", "practice", "mechanism", "outcome", "organisation",
               "place", "programme", "resource", "staff_group", "other"]
OutcomeKind = Literal["workforce", "patient", "system", "culture"]
#: Class → kind, most specific first (an entity takes the first class it has).
_KIND_CLASSES: tuple[tuple[URIRef, Kind, OutcomeKind | None], ...] = (
    (CHKG.WorkforceOutcome, "outcome", "workforce"),
    (CHKG.PatientOutcome, "outcome", "patient"),
    (CHKG.SystemOutcome, "outcome", "system"),
    (CHKG.CultureOutcome, "outcome", "culture"),
    (CHKG.Outcome, "outcome", None),
    (CHKG.Policy, "policy", None),
    (CHKG.Approach, "approach", None),
    (CHKG.Value, "value", None),
    (CHKG.Practice, "practice", None),
    (CHKG.Mechanism, "mechanism", None),
    (CHKG.Organisation, "organisation", None),
    (CHKG.Place, "place", None),
    (CHKG.Programme, "programme", None),
    (CHKG.Resource, "resource", None),
    (CHKG.StaffGroup, "staff_group", None),
)
#: Subclasses the ontology declares, for graphs that hold the data without the ontology.
_KNOWN_SUBCLASSES: dict[URIRef, URIRef] = {
    sub: CHKG.Policy
    for sub in (CHKG.Review, CHKG.Strategy, CHKG.RegionalCreativeHealthStrategy, CHKG.StatutoryGuidance,
                CHKG.WorkforcePlan, CHKG.Framework, CHKG.Report, CHKG.PolicyProgramme)
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
