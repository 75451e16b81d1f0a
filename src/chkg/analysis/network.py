"""The typed analysis graph: entities, claims, bridges and contexts, read from RDF.

:func:`analysis_graph` projects the merged graph (or the result of
:data:`chkg.analysis.construct.ANALYSIS_CONSTRUCT` on an endpoint) into an
:class:`AnalysisGraph`: a :class:`networkx.MultiDiGraph` of entity IRIs whose edges are keyed by
claim IRI (the structure), beside dictionaries of typed records (:class:`Entity`,
:class:`Claim`, :class:`Bridge`) that hold what the analysis reads. Every claim is an edge,
whatever its claim type; the chain search decides which claims may carry influence.

Examples
--------
>>> from rdflib import Graph
>>> G = analysis_graph(Graph().parse(format="turtle", data='''
... PREFIX chkg: <https://w3id.org/creative-health-kg/>
... PREFIX prov: <http://www.w3.org/ns/prov#>
... PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
... chkg:plan a chkg:WorkforcePlan ; rdfs:label "plan"@en .
... chkg:burnout a chkg:WorkforceOutcome ; rdfs:label "burnout"@en ;
...     chkg:desirableDirection chkg:lowerIsBetter .
... chkg:c1 a chkg:Influence ; prov:influencer chkg:plan ; chkg:influencee chkg:burnout ;
...     chkg:sign chkg:negative ; chkg:claimType chkg:assertedEffect .
... '''))
>>> plan, burnout = (f"https://w3id.org/creative-health-kg/{n}" for n in ("plan", "burnout"))
>>> G.entities[plan].kind, G.entities[burnout].direction
('policy', 'lower')
>>> [(c.sign, c.claim_type, c.certainty.label) for c in G.claims_between(plan, burnout)]
[(-1, 'assertedEffect', 'very low')]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import networkx as nx
import rdflib
from rdflib import RDF, RDFS, URIRef
from rdflib.namespace import DCTERMS, SKOS

from chkg.analysis.kinds import OUTCOME_KINDS, Kind, OutcomeKind, entity_kinds
from chkg.errors import UnknownEntityError, UsageError
from chkg.evidence.certainty import Certainty, appraise_claim, order_reasons, source_of_claim
from chkg.evidence.contexts import context_hierarchy
from chkg.graph.resolve import EntityIndex
from chkg.vocab.curies import last_segment, show
from chkg.vocab.namespace import CHKG

__all__ = [
    "Kind",
    "OutcomeKind",
    "ToKind",
    "TO_KINDS",
    "Direction",
    "EFFECT_CLAIM_TYPES",
    "Entity",
    "Claim",
    "Bridge",
    "AnalysisGraph",
    "analysis_graph",
    "outcomes_of_kind",
    "nodes_of_kind",
]

ToKind = Literal["workforce", "patient", "system", "culture", "any"]
#: The values of :data:`ToKind`: the outcome kinds of the kinds table, and ``any``.
TO_KINDS: tuple[str, ...] = (*OUTCOME_KINDS, "any")
#: Which way an outcome is better: ``higher`` (wellbeing) or ``lower`` (burnout).
Direction = Literal["higher", "lower"]

#: Claim types that carry influence along a chain by default (EVIDENCE-MODEL §2). A claim with
#: no claim type is read as an asserted effect (and its certainty says so).
EFFECT_CLAIM_TYPES = frozenset({"observedEffect", "assertedEffect", ""})

PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")

_DIRECTIONS: dict[URIRef, Direction] = {CHKG.higherIsBetter: "higher", CHKG.lowerIsBetter: "lower"}


@dataclass(frozen=True)
class Entity:
    """A node: a policy, approach, value, mechanism, outcome...

    ``direction`` is the outcome's ``chkg:desirableDirection`` (``None`` when not recorded);
    ``families`` its ``skos:broader`` concepts (IRIs).
    """

    iri: str
    label: str
    kind: Kind = "other"
    outcome_kind: OutcomeKind | None = None
    type_label: str = ""
    alt_labels: tuple[str, ...] = ()
    definition: str = ""
    example_of: tuple[str, ...] = ()
    direction: Direction | None = None
    families: tuple[str, ...] = ()


@dataclass(frozen=True)
class Claim:
    """One ``chkg:Influence`` claim: an edge ``subject → object`` with its evidence.

    ``claim_type`` is the local name of its ``chkg:claimType`` (``"assertedEffect"``; ``""``
    when none is recorded). ``statement`` is its ``chkg:statedIn`` (``None`` when none is
    recorded: the claim then counts as a statement of its own). ``source`` is the IRI of the
    ``chkg:Source``.
    """

    iri: str
    subject: str
    object: str
    certainty: Certainty
    relation: str = "chkg:influences"
    relation_label: str = "influences"
    sign: int = 1
    claim_type: str = ""
    statement: str | None = None
    statement_label: str = ""
    passage: str | None = None
    passage_label: str = ""
    section: str = ""
    source: str | None = None
    source_title: str = ""
    source_type: str = ""
    contexts: tuple[str, ...] = ()
    certainty_reasons: tuple[str, ...] = ()
    quote: str = ""
    mechanism: str = ""

    @property
    def effect(self) -> bool:
        """True for an observed or asserted effect (it carries influence by default)."""
        return self.claim_type in EFFECT_CLAIM_TYPES

    @property
    def line_of_evidence(self) -> str:
        """What counts as one independent line of evidence: its statement, else itself."""
        return self.statement or self.iri


@dataclass(frozen=True)
class Bridge:
    """The curator's record that the source makes ``from_claim`` and ``to_claim`` one argument."""

    iri: str
    from_claim: str
    to_claim: str
    quote: str = ""
    statement: str | None = None
    label: str = ""


@dataclass
class AnalysisGraph:
    """The analysis graph: structure in :attr:`graph`, typed records beside it.

    Attributes
    ----------
    graph
        Nodes are entity IRIs; one edge per claim, keyed by the claim IRI, without data.
    entities, claims
        IRI → :class:`Entity` / :class:`Claim`.
    bridges
        ``(from_claim, to_claim)`` → :class:`Bridge`.
    broader
        Context IRI → its direct ``skos:broader`` contexts.
    context_labels
        Context IRI → its label.
    """

    graph: nx.MultiDiGraph = field(default_factory=nx.MultiDiGraph)
    entities: dict[str, Entity] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)
    bridges: dict[tuple[str, str], Bridge] = field(default_factory=dict)
    broader: dict[str, frozenset[str]] = field(default_factory=dict)
    context_labels: dict[str, str] = field(default_factory=dict)

    def __contains__(self, node: object) -> bool:
        return node in self.entities

    def add_entity(self, entity: Entity) -> None:
        """Add (or replace) a node."""
        self.entities[entity.iri] = entity
        self.graph.add_node(entity.iri)

    def add_claim(self, claim: Claim) -> None:
        """Add a claim as an edge (its ends become nodes, labelled by their IRI if unknown)."""
        for end in (claim.subject, claim.object):
            if end not in self.entities:
                self.add_entity(Entity(iri=end, label=last_segment(end)))
        self.claims[claim.iri] = claim
        self.graph.add_edge(claim.subject, claim.object, key=claim.iri)

    def add_bridge(self, bridge: Bridge) -> None:
        """Record a bridge between two claims."""
        self.bridges[(bridge.from_claim, bridge.to_claim)] = bridge

    def label(self, node: str) -> str:
        """The label of a node (its IRI when it has none)."""
        entity = self.entities.get(node)
        return entity.label if entity is not None else str(node)

    def kind(self, node: str) -> Kind:
        """The kind of a node (``"other"`` when unknown)."""
        entity = self.entities.get(node)
        return entity.kind if entity is not None else "other"

    def claims_between(self, u: str, v: str) -> list[Claim]:
        """The claims ``u → v``, by IRI."""
        if not self.graph.has_edge(u, v):
            return []
        return [self.claims[k] for k in sorted(self.graph[u][v])]

    def context_label(self, context: str) -> str:
        """The label of a context (its local name when it has none)."""
        return self.context_labels.get(context) or last_segment(context)

    def check_nodes(self, nodes: Iterable[str]) -> None:
        """Raise :class:`~chkg.errors.UnknownEntityError` for the first node not in the graph."""
        for node in nodes:
            if node not in self.entities:
                raise UnknownEntityError(f"no node {node!r} in the analysis graph")

    def without(self, nodes: Iterable[str] = (), claims: Iterable[str] = ()) -> AnalysisGraph:
        """A copy without ``nodes`` and the claims that touch them (for knock-outs), and without
        ``claims``; bridges that lose a claim go too."""
        gone, dropped = set(nodes), set(claims)
        H = AnalysisGraph(broader=self.broader, context_labels=self.context_labels)
        for iri, entity in self.entities.items():
            if iri not in gone:
                H.add_entity(entity)
        for claim in self.claims.values():
            if claim.subject not in gone and claim.object not in gone and claim.iri not in dropped:
                H.add_claim(claim)
        H.bridges = {k: b for k, b in self.bridges.items() if k[0] in H.claims and k[1] in H.claims}
        return H

    def index(self, kinds: Sequence[str] | None = None) -> EntityIndex:
        """The names of the nodes (of ``kinds``, default all), for
        :func:`chkg.graph.resolve.resolve_entity`."""
        return EntityIndex.from_mapping({
            iri: (e.label, *e.alt_labels)
            for iri, e in self.entities.items()
            if kinds is None or e.kind in kinds
        })


def analysis_graph(rdf: rdflib.Graph) -> AnalysisGraph:
    """Project an RDF graph into the analysis graph.

    Parameters
    ----------
    rdf
        The merged graph of :func:`chkg.load`, or the result of
        :data:`~chkg.analysis.construct.ANALYSIS_CONSTRUCT` on an endpoint.

    Returns
    -------
    AnalysisGraph
        One entity per typed or linked IRI; one claim per ``chkg:Influence`` with a subject
        and an object. A claim's certainty is its materialised ``chkg:certainty``, or, when
        the graph has none, the default rule applied to what the graph records.
    """
    G = AnalysisGraph(broader=context_hierarchy(rdf))
    for context in G.broader:
        G.context_labels[context] = _text(rdf, URIRef(context), (RDFS.label, SKOS.prefLabel))
    kinds = entity_kinds(rdf)
    claim_iris = sorted({c for c in rdf.subjects(RDF.type, CHKG.Influence) if isinstance(c, URIRef)}, key=str)
    linked: set[URIRef] = set()
    for claim in claim_iris:
        linked.update(o for o in rdf.objects(claim, PROV.influencer) if isinstance(o, URIRef))
        linked.update(o for o in rdf.objects(claim, CHKG.influencee) if isinstance(o, URIRef))
    for entity in sorted(set(kinds) | linked, key=str):
        kind, outcome_kind, type_iri = kinds.get(entity, ("other", None, None))
        direction = rdf.value(entity, CHKG.desirableDirection)
        G.add_entity(Entity(
            iri=str(entity),
            label=_text(rdf, entity, (RDFS.label, SKOS.prefLabel, DCTERMS.title)) or last_segment(entity),
            kind=kind,
            outcome_kind=outcome_kind,
            type_label=(_text(rdf, type_iri, (RDFS.label,)) if type_iri else "") or kind,
            alt_labels=tuple(sorted(str(a) for a in rdf.objects(entity, SKOS.altLabel))),
            definition=_text(rdf, entity, (SKOS.definition,)),
            example_of=tuple(sorted(str(g) for g in rdf.objects(entity, CHKG.exampleOf))),
            direction=_DIRECTIONS.get(direction) if isinstance(direction, URIRef) else None,
            families=tuple(sorted(str(f) for f in rdf.objects(entity, SKOS.broader))),
        ))
    for claim in claim_iris:
        built = _claim(rdf, claim)
        if built is not None:
            G.add_claim(built)
    for bridge in sorted(set(rdf.subjects(RDF.type, CHKG.Bridge)), key=str):
        from_claim, to_claim = rdf.value(bridge, CHKG.fromClaim), rdf.value(bridge, CHKG.toClaim)
        if from_claim is None or to_claim is None:
            continue
        statement = rdf.value(bridge, CHKG.statedIn)
        G.add_bridge(Bridge(str(bridge), str(from_claim), str(to_claim), _text(rdf, bridge, (CHKG.quote,)),
                            str(statement) if statement is not None else None, _text(rdf, bridge, (RDFS.label,))))
    return G


def outcomes_of_kind(G: AnalysisGraph, kind: ToKind = "any") -> list[str]:
    """The outcome nodes of one kind (``"any"``: every outcome), sorted by label.

    Raises
    ------
    chkg.errors.UsageError
        ``kind`` is not one of :data:`ToKind`.
    """
    if kind not in TO_KINDS:
        raise UsageError(f"unknown outcome kind {kind!r}; choose one of {', '.join(TO_KINDS)}")
    found = [e.iri for e in G.entities.values()
             if e.kind == "outcome" and (kind == "any" or e.outcome_kind == kind)]
    return sorted(found, key=lambda n: (G.label(n).casefold(), n))


def nodes_of_kind(G: AnalysisGraph, *kinds: str) -> list[str]:
    """The nodes of the given kinds, sorted by label."""
    found = [e.iri for e in G.entities.values() if e.kind in kinds]
    return sorted(found, key=lambda n: (G.label(n).casefold(), n))


# -- helpers ------------------------------------------------------------------


def _claim(rdf: rdflib.Graph, claim: URIRef) -> Claim | None:
    subject, obj = rdf.value(claim, PROV.influencer), rdf.value(claim, CHKG.influencee)
    if not isinstance(subject, URIRef) or not isinstance(obj, URIRef):
        return None
    relation = rdf.value(claim, CHKG.relation)
    claim_type = rdf.value(claim, CHKG.claimType)
    statement = rdf.value(claim, CHKG.statedIn)
    passage = rdf.value(claim, CHKG.citesPassage)
    if passage is None and statement is not None:
        passage = rdf.value(statement, DCTERMS.isPartOf)
    section = rdf.value(passage, DCTERMS.isPartOf) if passage is not None else None
    source = source_of_claim(rdf, claim)
    level = Certainty.from_iri(rdf.value(claim, CHKG.certainty))
    reasons = order_reasons(str(r) for r in rdf.objects(claim, CHKG.certaintyReason))
    if level is None:
        appraisal = appraise_claim(rdf, claim)
        level, reasons = appraisal.level, order_reasons(appraisal.reasons)
    source_type = rdf.value(source, CHKG.sourceType) if source is not None else None
    return Claim(
        iri=str(claim),
        subject=str(subject),
        object=str(obj),
        certainty=level,
        relation=show(relation, brackets=False) if relation is not None else "chkg:influences",
        relation_label=(_text(rdf, relation, (RDFS.label,)) or last_segment(relation)) if relation is not None
        else "influences",
        sign=-1 if rdf.value(claim, CHKG.sign) == CHKG.negative else 1,
        claim_type=last_segment(claim_type) if claim_type is not None else "",
        statement=str(statement) if statement is not None else None,
        statement_label=_text(rdf, statement, (RDFS.label,)) if statement is not None else "",
        passage=str(passage) if passage is not None else None,
        passage_label=_text(rdf, passage, (RDFS.label,)) if passage is not None else "",
        section=_text(rdf, section, (RDFS.label, CHKG.heading)) if section is not None else "",
        source=str(source) if source is not None else None,
        source_title=_text(rdf, source, (DCTERMS.title, RDFS.label)) if source is not None else "",
        source_type=last_segment(source_type) if source_type is not None else "",
        contexts=tuple(sorted(str(c) for c in rdf.objects(claim, CHKG.inContext))),
        certainty_reasons=reasons,
        quote=_text(rdf, claim, (CHKG.quote,)),
        mechanism=_text(rdf, claim, (CHKG.mechanism,)),
    )


def _text(rdf: rdflib.Graph, subject: Any, props: Sequence[URIRef]) -> str:
    """The first value of the first property that has one; English or untagged preferred."""
    for prop in props:
        values = list(rdf.objects(subject, prop))
        if values:
            values.sort(key=lambda v: (getattr(v, "language", None) not in (None, "en"), str(v)))
            return str(values[0])
    return ""
