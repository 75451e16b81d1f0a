"""Influence paths over the graph: the NetworkX analysis graph, paths, reach, leverage,
knock-out, minimum cuts and the evidence gap map.

The RDF graph is projected into a :class:`networkx.MultiDiGraph` (:func:`analysis_graph`): one
node per entity, one edge per influence claim, keyed by the claim's IRI. The projection reads
only the triples that :data:`ANALYSIS_CONSTRUCT` selects, so it gives the same graph from the
embedded store (:func:`chkg.load`) or from the result of that query on a SPARQL endpoint.

Scoring
-------
A path's score is in (0, 1]; higher is better::

    score = prod_i (HOP_FACTOR * rank_i / MAX_RANK) * JOIN_FACTOR ** joins

- ``rank_i`` is the evidence rank of the claim chosen for hop *i* (``chkg:rank``: external 1,
  asserted 2, reported 3, evidenced 4; a claim without one counts as 1);
- ``HOP_FACTOR`` (0.8) makes every extra hop cost, so fewer hops score higher;
- a *join* is a pair of consecutive hops whose claims cite different passages (or no passage):
  the chain is stitched from claims made in different places, and each join multiplies the
  score by ``JOIN_FACTOR`` (0.85). Joins are listed on the path.

Where several claims support one hop, the claims are chosen together along the path (a Viterbi
pass) to maximise the score, so a claim citing the same passage as its neighbour wins over an
equally strong one from elsewhere; the others are counted as ``alternatives``.

The net sign of a path is the product of its hops' signs: reducing burnout (-1) which itself
reduces retention (-1) nets a positive influence on retention (+1).

Search
------
:func:`find_paths` never enumerates every simple path. It keeps only nodes that lie on some
walk of at most ``max_hops`` hops (hop distances from the source plus to the targets), joins the
targets to one virtual sink, and lets :func:`networkx.shortest_simple_paths` (Yen's algorithm)
yield paths in order of ``-log`` of their join-free score. Joins only lower a score, so that
order bounds every later path from above: the search stops as soon as the next path's bound
falls below the *k*-th best score found.

Examples
--------
>>> G = toy_graph()
>>> [p.labels(G) for p in find_paths(G, "x:plan", "x:retention")]
[('plan', 'wellbeing', 'retention'), ('plan', 'burnout', 'retention')]
>>> best = find_paths(G, "x:plan", "x:retention")[0]
>>> round(best.score, 4), best.sign, best.joins
(0.408, 1, (0,))
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

import networkx as nx
import rdflib
from rdflib import RDF, RDFS, URIRef
from rdflib.namespace import DCTERMS, SKOS

from chkg.errors import UnknownEntityError, UsageError
from chkg.vocab.namespace import CHKG, curie

__all__ = [
    "ANALYSIS_CONSTRUCT",
    "HOP_FACTOR",
    "JOIN_FACTOR",
    "MAX_RANK",
    "Kind",
    "OutcomeKind",
    "ToKind",
    "Hop",
    "Path",
    "OutcomeReach",
    "PolicyReach",
    "LeverageRow",
    "PairChange",
    "KnockOut",
    "MinCut",
    "GapCell",
    "GapMap",
    "analysis_graph",
    "find_paths",
    "outcomes_of_kind",
    "nodes_of_kind",
    "reach",
    "leverage",
    "knock_out",
    "min_cut",
    "gap_map",
    "node_ref",
    "path_to_dict",
    "paths_document",
    "toy_graph",
]

#: Every hop multiplies the score by at most this (a hop of the strongest evidence).
HOP_FACTOR = 0.8
#: Each join between hops citing different passages multiplies the score by this.
JOIN_FACTOR = 0.85
#: The highest evidence rank (``chkg:evidenced``).
MAX_RANK = 4

Kind = Literal[
    "policy",
    "approach",
    "value",
    "practice",
    "mechanism",
    "outcome",
    "organisation",
    "place",
    "programme",
    "resource",
    "staff_group",
    "other",
]
OutcomeKind = Literal["workforce", "patient", "system", "culture"]
ToKind = Literal["workforce", "patient", "system", "culture", "any"]

PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")

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
    CHKG.Review: CHKG.Policy,
    CHKG.Strategy: CHKG.Policy,
    CHKG.RegionalCreativeHealthStrategy: CHKG.Policy,
    CHKG.StatutoryGuidance: CHKG.Policy,
    CHKG.WorkforcePlan: CHKG.Policy,
    CHKG.Framework: CHKG.Policy,
    CHKG.Report: CHKG.Policy,
    CHKG.PolicyProgramme: CHKG.Policy,
}

_SINK = ("chkg:paths", "sink")

ANALYSIS_CONSTRUCT = """\
# The triples the path analysis needs, and nothing else: claims with every property, the
# evidence ranks, passage > section > source, and the typed, labelled entities.
# Run it on any store holding the ontology and the data; chkg.analysis.paths.analysis_graph() builds
# the same analysis graph from its result as from the whole graph.
PREFIX chkg: <https://w3id.org/creative-health-kg/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

CONSTRUCT {
  ?claim a chkg:Influence ;
      prov:influencer ?subject ;
      chkg:influencee ?object ;
      chkg:relation ?relation ;
      chkg:sign ?sign ;
      chkg:evidenceStrength ?strength ;
      chkg:mechanism ?mechanism ;
      chkg:quote ?quote ;
      chkg:citesPassage ?passage .
  ?relation rdfs:label ?relationLabel .
  ?strength rdfs:label ?strengthLabel ;
      chkg:rank ?rank .
  ?passage rdfs:label ?passageLabel ;
      dcterms:isPartOf ?section .
  ?section rdfs:label ?sectionLabel ;
      dcterms:isPartOf ?source .
  ?source dcterms:title ?sourceTitle .
  ?entity a ?type , ?kindClass ;
      chkg:exampleOf ?general ;
      rdfs:label ?label ;
      skos:altLabel ?altLabel ;
      skos:definition ?definition .
  ?type rdfs:label ?typeLabel .
}
WHERE {
  {
    # 1. each claim and its own properties (functional, except the mechanism)
    ?claim a chkg:Influence ;
        prov:influencer ?subject ;
        chkg:influencee ?object .
    OPTIONAL { ?claim chkg:relation ?relation }
    OPTIONAL { ?claim chkg:sign ?sign }
    OPTIONAL { ?claim chkg:quote ?quote }
    OPTIONAL { ?claim chkg:mechanism ?mechanism }
    OPTIONAL { ?claim chkg:citesPassage ?passage }
    OPTIONAL { ?claim chkg:evidenceStrength ?strength }
  }
  UNION
  {
    # 2. relation labels
    ?claim a chkg:Influence ; chkg:relation ?relation .
    ?relation rdfs:label ?relationLabel .
  }
  UNION
  {
    # 3. evidence strengths and their ranks
    ?claim a chkg:Influence ; chkg:evidenceStrength ?strength .
    OPTIONAL { ?strength rdfs:label ?strengthLabel }
    OPTIONAL { ?strength chkg:rank ?rank }
  }
  UNION
  {
    # 4. where the evidence stands: passage, section, source
    ?claim a chkg:Influence ; chkg:citesPassage ?passage .
    OPTIONAL { ?passage rdfs:label ?passageLabel }
    OPTIONAL {
      ?passage dcterms:isPartOf ?section .
      OPTIONAL { ?section rdfs:label ?sectionLabel }
      OPTIONAL {
        ?section dcterms:isPartOf ?source .
        OPTIONAL { ?source dcterms:title ?sourceTitle }
      }
    }
  }
  UNION
  {
    # 5. entities of the analysed kinds, with the kind class made explicit
    VALUES ?kindClass {
      chkg:Policy chkg:Approach chkg:Value chkg:Practice chkg:Mechanism chkg:Outcome
      chkg:WorkforceOutcome chkg:PatientOutcome chkg:SystemOutcome chkg:CultureOutcome
      chkg:Organisation chkg:Place chkg:Programme chkg:Resource chkg:StaffGroup
    }
    ?entity a ?type .
    ?type rdfs:subClassOf* ?kindClass .
    OPTIONAL { ?type rdfs:label ?typeLabel }
  }
  UNION
  {
    # 6. names and definitions of everything a claim links
    { ?claim prov:influencer ?entity } UNION { ?claim chkg:influencee ?entity }
    ?claim a chkg:Influence .
    { ?entity rdfs:label ?label }
    UNION { ?entity skos:altLabel ?altLabel }
    UNION { ?entity skos:definition ?definition }
    UNION { ?entity a ?type }
  }
  UNION
  {
    # 7. names and definitions of every typed entity (policies without claims included)
    ?entity a/rdfs:subClassOf* chkg:Factor .
    { ?entity rdfs:label ?label }
    UNION { ?entity skos:altLabel ?altLabel }
    UNION { ?entity skos:definition ?definition }
    UNION { ?entity chkg:exampleOf ?general }
  }
}
"""


# -- results ------------------------------------------------------------------


@dataclass(frozen=True)
class Hop:
    """One hop of a path: the claim chosen to explain ``start → end``.

    ``alternatives`` counts the other claims that also link ``start`` to ``end``.
    """

    start: str
    end: str
    claim: str
    relation: str
    relation_label: str
    sign: int
    rank: int
    strength: str
    quote: str
    mechanism: str
    passage: str | None
    passage_label: str
    section: str
    source: str
    alternatives: int = 0


@dataclass(frozen=True)
class Path:
    """A simple path, its hops with their chosen claims, its score and net sign.

    ``joins`` holds, for each join, the index ``i`` of the hop after which the chain moves to a
    claim citing another passage (hops ``i`` and ``i + 1``).
    """

    nodes: tuple[str, ...]
    hops: tuple[Hop, ...]
    score: float
    sign: int
    joins: tuple[int, ...] = ()

    @property
    def length(self) -> int:
        """The number of hops."""
        return len(self.hops)

    def labels(self, G: nx.MultiDiGraph) -> tuple[str, ...]:
        """The labels of the path's nodes."""
        return tuple(_label(G, n) for n in self.nodes)


@dataclass(frozen=True)
class OutcomeReach:
    """How one policy reaches one outcome: path count (up to ``max_hops``) and the best path."""

    outcome: str
    label: str
    outcome_kind: str | None
    path_count: int
    best: Path


@dataclass(frozen=True)
class PolicyReach:
    """The outcomes one policy reaches, best score first."""

    policy: str
    label: str
    outcomes: tuple[OutcomeReach, ...]
    truncated: bool = False

    def of_kind(self, kind: str) -> tuple[OutcomeReach, ...]:
        """The reached outcomes of one kind (``workforce``, ``patient``, ...)."""
        return tuple(o for o in self.outcomes if o.outcome_kind == kind)


@dataclass(frozen=True)
class LeverageRow:
    """A node and how much of the policy-to-outcome traffic goes through it."""

    node: str
    label: str
    kind: str
    paths_through: int
    betweenness: float
    policies: int
    outcomes: int


@dataclass(frozen=True)
class PairChange:
    """A policy-outcome pair before and after a knock-out."""

    policy: str
    outcome: str
    paths_before: int
    paths_after: int
    best_before: float
    best_after: float


@dataclass(frozen=True)
class KnockOut:
    """What removing nodes does to policy-to-outcome paths.

    ``lost``: pairs that had a path and have none; ``weakened``: pairs that keep a path but
    with fewer paths or a lower best score; ``unaffected`` counts the rest.
    """

    removed: tuple[str, ...]
    lost: tuple[PairChange, ...]
    weakened: tuple[PairChange, ...]
    unaffected: int
    max_hops: int


@dataclass(frozen=True)
class MinCut:
    """A minimum set of nodes whose removal disconnects ``policy`` from ``outcome``.

    ``direct`` is true when a claim links them directly: then no node set can cut them apart,
    and ``nodes`` is the minimum cut of the indirect routes alone (what remains once the direct
    claims are set aside). ``connected`` is false when no path links them at all.
    """

    policy: str
    outcome: str
    nodes: tuple[str, ...]
    direct: bool
    connected: bool


@dataclass(frozen=True)
class GapCell:
    """The evidence behind a row → outcome cell: distinct claims and passages on its paths."""

    claims: int = 0
    passages: int = 0
    paths: int = 0
    direct: bool = False

    @property
    def gap(self) -> bool:
        """True when no claim links the row to the outcome within ``max_hops``."""
        return self.claims == 0


@dataclass(frozen=True)
class GapMap:
    """The evidence gap map: ``cells[(row, column)]`` for every row and outcome column."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: dict[tuple[str, str], GapCell] = field(default_factory=dict)
    max_hops: int = 5

    def cell(self, row: str, column: str) -> GapCell:
        """The cell of ``row`` and ``column`` (an empty cell when it has no evidence)."""
        return self.cells.get((str(row), str(column)), GapCell())

    @property
    def gaps(self) -> int:
        """How many cells are empty."""
        return sum(1 for r in self.rows for c in self.columns if self.cell(r, c).gap)


# -- building the analysis graph -----------------------------------------------


def analysis_graph(rdf: rdflib.Graph) -> nx.MultiDiGraph:
    """Project an RDF graph into the analysis multi-digraph.

    Parameters
    ----------
    rdf : rdflib.Graph
        Any graph holding the triples :data:`ANALYSIS_CONSTRUCT` selects: the merged graph of
        :func:`chkg.load`, or the result of running that query on an endpoint.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes are IRIs (``str``) with attributes ``iri``, ``label``, ``alt_labels``, ``kind``
        (see :data:`Kind`), ``outcome_kind`` (workforce/patient/system/culture or ``None``),
        ``type_label``, ``definition`` and ``example_of`` (the IRIs of what the source gives
        it as an example of). Each ``chkg:Influence`` claim is one edge, keyed by
        the claim IRI, with ``claim``, ``relation`` (a CURIE), ``relation_label``, ``sign``
        (+1/-1), ``mechanism``, ``quote``, ``passage``, ``passage_label``, ``section``,
        ``source``, ``strength`` (label) and ``rank``.

    Examples
    --------
    >>> from rdflib import Graph
    >>> g = Graph().parse(format="turtle", data='''
    ... @prefix chkg: <https://w3id.org/creative-health-kg/> .
    ... @prefix prov: <http://www.w3.org/ns/prov#> .
    ... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ... chkg:plan a chkg:WorkforcePlan ; rdfs:label "plan"@en .
    ... chkg:burnout a chkg:WorkforceOutcome ; rdfs:label "burnout"@en .
    ... chkg:c1 a chkg:Influence ; prov:influencer chkg:plan ; chkg:influencee chkg:burnout ;
    ...     chkg:relation chkg:contributesTo ; chkg:sign chkg:negative .
    ... ''')
    >>> G = analysis_graph(g)
    >>> G.nodes["https://w3id.org/creative-health-kg/plan"]["kind"]
    'policy'
    >>> [(d["relation"], d["sign"]) for _, _, d in G.edges(data=True)]
    [('chkg:contributesTo', -1)]
    """
    G = nx.MultiDiGraph()
    kinds = _kinds(rdf)
    claims = sorted(set(rdf.subjects(RDF.type, CHKG.Influence)), key=str)
    linked: set[URIRef] = set()
    for claim in claims:
        linked.update(o for o in rdf.objects(claim, PROV.influencer) if isinstance(o, URIRef))
        linked.update(o for o in rdf.objects(claim, CHKG.influencee) if isinstance(o, URIRef))
    for entity in sorted(set(kinds) | linked, key=str):
        kind, outcome_kind, type_iri = kinds.get(entity, ("other", None, None))
        G.add_node(
            str(entity),
            iri=str(entity),
            label=_text(rdf, entity, (RDFS.label, SKOS.prefLabel, DCTERMS.title)) or _local(entity),
            alt_labels=tuple(sorted(str(a) for a in rdf.objects(entity, SKOS.altLabel))),
            kind=kind,
            outcome_kind=outcome_kind,
            type_label=(_text(rdf, type_iri, (RDFS.label,)) if type_iri else "") or kind,
            definition=_text(rdf, entity, (SKOS.definition,)),
            example_of=tuple(sorted(str(g) for g in rdf.objects(entity, CHKG.exampleOf))),
        )
    for claim in claims:
        subject = rdf.value(claim, PROV.influencer)
        obj = rdf.value(claim, CHKG.influencee)
        if not isinstance(subject, URIRef) or not isinstance(obj, URIRef):
            continue
        relation = rdf.value(claim, CHKG.relation)
        strength = rdf.value(claim, CHKG.evidenceStrength)
        passage = rdf.value(claim, CHKG.citesPassage)
        section = rdf.value(passage, DCTERMS.isPartOf) if passage is not None else None
        source = rdf.value(section, DCTERMS.isPartOf) if section is not None else None
        rank_value = rdf.value(strength, CHKG.rank) if strength is not None else None
        try:
            rank = int(str(rank_value)) if rank_value is not None else 1
        except (TypeError, ValueError):
            rank = 1
        G.add_edge(
            str(subject),
            str(obj),
            key=str(claim),
            claim=str(claim),
            relation=curie(relation, brackets=False) if relation is not None else "chkg:influences",
            relation_label=(_text(rdf, relation, (RDFS.label,)) if relation is not None else "")
            or (_local(relation) if relation is not None else "influences"),
            sign=-1 if rdf.value(claim, CHKG.sign) == CHKG.negative else 1,
            mechanism=_text(rdf, claim, (CHKG.mechanism,)),
            quote=_text(rdf, claim, (CHKG.quote,)),
            passage=str(passage) if passage is not None else None,
            passage_label=_text(rdf, passage, (RDFS.label,)) if passage is not None else "",
            section=_text(rdf, section, (RDFS.label, CHKG.heading)) if section is not None else "",
            source=_text(rdf, source, (DCTERMS.title, RDFS.label)) if source is not None else "",
            strength=(_text(rdf, strength, (RDFS.label,)) or _local(strength)) if strength else "",
            rank=max(1, min(MAX_RANK, rank)),
        )
    return G


def toy_graph() -> nx.MultiDiGraph:
    """A five-node analysis graph for examples and doctests (node ids are ``x:name``).

    ``plan`` lowers ``burnout`` (asserted, passage p1), ``burnout`` lowers ``retention``
    (evidenced, p2); ``plan`` raises ``wellbeing`` (reported, p1) and ``wellbeing`` raises
    ``retention`` (two claims: asserted in p1, evidenced in p3); ``plan`` raises ``care``
    (external knowledge, p4).

    Examples
    --------
    >>> G = toy_graph()
    >>> G.number_of_nodes(), G.number_of_edges()
    (5, 6)
    """
    G = nx.MultiDiGraph()
    for name, kind, outcome_kind in [
        ("plan", "policy", None),
        ("burnout", "outcome", "workforce"),
        ("wellbeing", "outcome", "workforce"),
        ("retention", "outcome", "workforce"),
        ("care", "outcome", "patient"),
    ]:
        G.add_node(f"x:{name}", iri=f"x:{name}", label=name, alt_labels=(), kind=kind,
                   outcome_kind=outcome_kind, type_label=kind, definition="")
    for key, u, v, sign, rank, passage in [
        ("c1", "plan", "burnout", -1, 2, "p1"),
        ("c2", "burnout", "retention", -1, 4, "p2"),
        ("c3", "plan", "wellbeing", 1, 3, "p1"),
        ("c4", "wellbeing", "retention", 1, 2, "p1"),
        ("c5", "wellbeing", "retention", 1, 4, "p3"),
    ]:
        _toy_edge(G, key, u, v, sign, rank, passage)
    _toy_edge(G, "c6", "plan", "care", 1, 1, "p4")
    return G


# -- paths --------------------------------------------------------------------


def find_paths(
    G: nx.MultiDiGraph,
    source: str,
    targets: str | Iterable[str],
    *,
    max_hops: int = 5,
    top: int = 5,
) -> list[Path]:
    """The ``top`` best simple paths from ``source`` to any of ``targets``, best first.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An analysis graph (:func:`analysis_graph`).
    source : str
        The start node (an IRI).
    targets : str or iterable of str
        One end node, or several (a path ends at the first target it reaches or goes on
        through it to another). ``source`` itself is never a target.
    max_hops : int, optional
        The longest path considered, in hops (default 5).
    top : int, optional
        How many paths to return (default 5).

    Returns
    -------
    list of Path
        Best score first; ties by fewer hops, then by labels. Empty when no path exists.

    Raises
    ------
    chkg.errors.UnknownEntityError
        ``source`` or a target is not a node of ``G``.
    chkg.errors.UsageError
        ``max_hops`` or ``top`` is below 1.

    Notes
    -----
    See the module documentation for the score and the bounded search: candidates come from
    :func:`networkx.shortest_simple_paths` in order of an upper bound of their score, and the
    search stops once that bound falls below the ``top``-th best score.

    Examples
    --------
    >>> G = toy_graph()
    >>> paths = find_paths(G, "x:plan", ["x:retention", "x:care"], top=3)
    >>> [(p.nodes[-1], round(p.score, 4), p.sign) for p in paths]
    [('x:retention', 0.408, 1), ('x:retention', 0.272, 1), ('x:care', 0.2, 1)]
    >>> paths[0].hops[1].claim, paths[0].hops[1].alternatives
    ('c5', 1)
    """
    _check_positive(max_hops=max_hops, top=top)
    source = str(source)
    wanted = [str(targets)] if isinstance(targets, str) else [str(t) for t in targets]
    for node in (source, *wanted):
        if node not in G:
            raise UnknownEntityError(f"no node {node!r} in the analysis graph")
    return _best_paths(G, source, set(wanted) - {source}, max_hops, top)


def outcomes_of_kind(G: nx.MultiDiGraph, kind: ToKind = "any") -> list[str]:
    """The outcome nodes of one kind (``"any"``: every outcome), sorted by label.

    Examples
    --------
    >>> outcomes_of_kind(toy_graph(), "patient")
    ['x:care']
    """
    if kind not in get_args(ToKind):
        raise UsageError(f"unknown outcome kind {kind!r}; choose one of {', '.join(get_args(ToKind))}")
    found = [
        n
        for n, d in G.nodes(data=True)
        if d.get("kind") == "outcome" and (kind == "any" or d.get("outcome_kind") == kind)
    ]
    return sorted(found, key=lambda n: (_label(G, n).casefold(), n))


def nodes_of_kind(G: nx.MultiDiGraph, *kinds: str) -> list[str]:
    """The nodes of the given kinds, sorted by label.

    Examples
    --------
    >>> nodes_of_kind(toy_graph(), "policy")
    ['x:plan']
    """
    found = [n for n, d in G.nodes(data=True) if d.get("kind") in kinds]
    return sorted(found, key=lambda n: (_label(G, n).casefold(), n))


# -- analyses -----------------------------------------------------------------


def reach(
    G: nx.MultiDiGraph,
    policies: Iterable[str] | None = None,
    *,
    max_hops: int = 5,
    path_limit: int = 100_000,
) -> list[PolicyReach]:
    """For each policy, the outcomes it reaches, with path counts and best scores.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An analysis graph.
    policies : iterable of str, optional
        The policies to cover (default: every node of kind ``policy``).
    max_hops : int, optional
        Paths longer than this are not counted (default 5).
    path_limit : int, optional
        Stop counting a policy's paths after this many (``truncated`` is then true, and the
        counts are lower bounds).

    Returns
    -------
    list of PolicyReach
        In the order of ``policies`` (default: by label); each policy's outcomes best first.

    Notes
    -----
    A path count is the number of distinct simple node sequences of at most ``max_hops`` hops
    (several claims on one hop do not multiply paths). The best path is exact: every counted
    path is scored.

    Examples
    --------
    >>> [(o.label, o.path_count, round(o.best.score, 3)) for o in reach(toy_graph())[0].outcomes]
    [('wellbeing', 1, 0.6), ('retention', 2, 0.408), ('burnout', 1, 0.4), ('care', 1, 0.2)]
    """
    _check_positive(max_hops=max_hops, path_limit=path_limit)
    D = _projection(G)
    chosen = _policies(G, policies)
    outcomes = set(outcomes_of_kind(G, "any"))
    result: list[PolicyReach] = []
    for policy in chosen:
        counts: dict[str, int] = defaultdict(int)
        best: dict[str, Path] = {}
        truncated = False
        for i, nodes in enumerate(_simple_paths(D, policy, outcomes - {policy}, max_hops)):
            if i >= path_limit:
                truncated = True
                break
            end = nodes[-1]
            counts[end] += 1
            path = _score_path(G, D, nodes)
            if end not in best or _rank_key(G, path) < _rank_key(G, best[end]):
                best[end] = path
        items = [
            OutcomeReach(
                outcome=o,
                label=_label(G, o),
                outcome_kind=G.nodes[o].get("outcome_kind"),
                path_count=counts[o],
                best=best[o],
            )
            for o in best
        ]
        items.sort(key=lambda r: (_rank_key(G, r.best), r.label.casefold()))
        result.append(PolicyReach(policy, _label(G, policy), tuple(items), truncated))
    return result


def leverage(
    G: nx.MultiDiGraph,
    *,
    kinds: Sequence[str] = ("approach", "practice", "value", "mechanism"),
    max_hops: int = 5,
    path_limit: int = 1_000_000,
) -> list[LeverageRow]:
    """Rank nodes by how many policy-to-outcome paths go through them.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An analysis graph.
    kinds : sequence of str, optional
        The kinds of node ranked (default: approaches, practices, values and mechanisms).
    max_hops : int, optional
        The longest path counted (default 5).
    path_limit : int, optional
        Stop counting after this many paths in all.

    Returns
    -------
    list of LeverageRow
        Nodes on at least one path, most paths first; ties by betweenness, then label.

    Notes
    -----
    ``paths_through`` counts the simple policy-to-outcome paths of at most ``max_hops`` hops
    that pass through the node (as an intermediate node): it answers "on how many routes from
    a policy to an outcome does this lie?" directly. ``betweenness`` is
    :func:`networkx.betweenness_centrality_subset` with sources = policies and targets =
    outcomes (unnormalised): the share of *shortest* routes through the node, which does not
    see longer, alternative routes; it breaks ties. ``policies`` and ``outcomes`` count the
    distinct endpoints of the paths through the node.

    Examples
    --------
    >>> G = toy_graph()
    >>> G.nodes["x:wellbeing"]["kind"] = "approach"
    >>> [(r.label, r.paths_through, r.betweenness) for r in leverage(G)]
    [('wellbeing', 1, 0.5)]
    """
    _check_positive(max_hops=max_hops, path_limit=path_limit)
    D = _projection(G)
    policies = nodes_of_kind(G, "policy")
    outcomes = set(outcomes_of_kind(G, "any"))
    through: dict[str, int] = defaultdict(int)
    ends: dict[str, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    seen = 0
    for policy in policies:
        for nodes in _simple_paths(D, policy, outcomes - {policy}, max_hops):
            seen += 1
            if seen > path_limit:
                break
            for node in nodes[1:-1]:
                through[node] += 1
                ends[node][0].add(policy)
                ends[node][1].add(nodes[-1])
    betweenness = nx.betweenness_centrality_subset(
        D, sources=policies, targets=sorted(outcomes), normalized=False
    )
    rows = [
        LeverageRow(
            node=n,
            label=_label(G, n),
            kind=G.nodes[n].get("kind", "other"),
            paths_through=count,
            betweenness=round(float(betweenness.get(n, 0.0)), 6),
            policies=len(ends[n][0]),
            outcomes=len(ends[n][1]),
        )
        for n, count in through.items()
        if G.nodes[n].get("kind") in kinds
    ]
    rows.sort(key=lambda r: (-r.paths_through, -r.betweenness, r.label.casefold(), r.node))
    return rows


def knock_out(
    G: nx.MultiDiGraph,
    remove: Iterable[str],
    *,
    policies: Iterable[str] | None = None,
    max_hops: int = 5,
) -> KnockOut:
    """What removing nodes does to the paths from policies to outcomes.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An analysis graph.
    remove : iterable of str
        The nodes to remove.
    policies : iterable of str, optional
        The policies to consider (default: every policy).
    max_hops : int, optional
        Paths longer than this do not count (default 5).

    Returns
    -------
    KnockOut
        Pairs that lose every path, pairs that only weaken. Pairs whose policy or outcome is
        itself removed are left out.

    Examples
    --------
    >>> ko = knock_out(toy_graph(), ["x:wellbeing"])
    >>> [(c.outcome, c.paths_before, c.paths_after) for c in ko.lost], ko.unaffected
    ([], 2)
    >>> [(c.outcome, c.paths_before, c.paths_after) for c in ko.weakened]
    [('x:retention', 2, 1)]
    """
    removed = tuple(dict.fromkeys(str(r) for r in remove))
    for node in removed:
        if node not in G:
            raise UnknownEntityError(f"no node {node!r} in the analysis graph")
    chosen = [p for p in _policies(G, policies) if p not in removed]
    before = _pair_stats(G, chosen, max_hops)
    H = G.copy()
    H.remove_nodes_from(removed)
    after = _pair_stats(H, chosen, max_hops)
    lost: list[PairChange] = []
    weakened: list[PairChange] = []
    unaffected = 0
    for (policy, outcome), (count, best) in sorted(before.items()):
        if outcome in removed:
            continue
        count_after, best_after = after.get((policy, outcome), (0, 0.0))
        change = PairChange(policy, outcome, count, count_after, best, best_after)
        if count_after == 0:
            lost.append(change)
        elif count_after < count or best_after < best - 1e-12:
            weakened.append(change)
        else:
            unaffected += 1
    return KnockOut(removed, tuple(lost), tuple(weakened), unaffected, max_hops)


def min_cut(G: nx.MultiDiGraph, policy: str, outcome: str) -> MinCut:
    """A minimum set of nodes whose removal leaves no path from ``policy`` to ``outcome``.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An analysis graph.
    policy, outcome : str
        The two nodes (any two nodes, in fact).

    Returns
    -------
    MinCut
        ``connected`` is false (and ``nodes`` empty) when no path links them. When a claim
        links them directly no node set can separate them: ``direct`` is true and ``nodes``
        cuts the indirect routes only.

    Notes
    -----
    Paths of any length count here (unlike ``max_hops`` elsewhere): a cut must stop every
    route. Computed with :func:`networkx.minimum_node_cut` on the simple digraph projection.

    Examples
    --------
    >>> cut = min_cut(toy_graph(), "x:plan", "x:retention")
    >>> sorted(cut.nodes), cut.direct
    (['x:burnout', 'x:wellbeing'], False)
    """
    policy, outcome = str(policy), str(outcome)
    for node in (policy, outcome):
        if node not in G:
            raise UnknownEntityError(f"no node {node!r} in the analysis graph")
    if policy == outcome:
        raise UsageError("a minimum cut needs two different nodes")
    D = nx.DiGraph(_projection(G))
    direct = D.has_edge(policy, outcome)
    if direct:
        D.remove_edge(policy, outcome)
    if not nx.has_path(D, policy, outcome):
        return MinCut(policy, outcome, (), direct, direct)
    cut = nx.minimum_node_cut(D, policy, outcome)
    ordered = tuple(sorted(cut, key=lambda n: (_label(G, n).casefold(), n)))
    return MinCut(policy, outcome, ordered, direct, True)


def gap_map(
    G: nx.MultiDiGraph,
    *,
    row_kinds: Sequence[str] = ("policy", "approach"),
    max_hops: int = 5,
    path_limit: int = 100_000,
) -> GapMap:
    """The evidence gap map: rows (policies and approaches) × outcomes.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An analysis graph.
    row_kinds : sequence of str, optional
        The kinds of the rows (default: policies, then approaches).
    max_hops : int, optional
        The longest path whose evidence counts (default 5).
    path_limit : int, optional
        Stop following a row's paths after this many.

    Returns
    -------
    GapMap
        Rows by kind then label; columns are outcomes, workforce first, then patient, system
        and culture. A cell counts the distinct claims on every hop of every simple path of at
        most ``max_hops`` hops from the row to the outcome (all the claims of a hop, not only
        the best), and the distinct passages they cite. An empty cell is a gap.

    Examples
    --------
    >>> gm = gap_map(toy_graph())
    >>> cell = gm.cell("x:plan", "x:retention")
    >>> cell.claims, cell.passages, cell.paths, cell.direct
    (5, 3, 2, False)
    """
    _check_positive(max_hops=max_hops, path_limit=path_limit)
    D = _projection(G)
    rows = [n for kind in row_kinds for n in nodes_of_kind(G, kind)]
    columns = sorted(
        outcomes_of_kind(G, "any"),
        key=lambda n: (_OUTCOME_ORDER.get(G.nodes[n].get("outcome_kind"), 9), _label(G, n).casefold(), n),
    )
    column_set = set(columns)
    cells: dict[tuple[str, str], GapCell] = {}
    for row in rows:
        claims: dict[str, set[str]] = defaultdict(set)
        paths: dict[str, int] = defaultdict(int)
        for i, nodes in enumerate(_simple_paths(D, row, column_set - {row}, max_hops)):
            if i >= path_limit:
                break
            paths[nodes[-1]] += 1
            for u, v in itertools.pairwise(nodes):
                claims[nodes[-1]].update(D[u][v]["claims"])
        for column, claim_set in claims.items():
            passages = {
                p
                for u, v, k, p in G.edges(keys=True, data="passage")
                if k in claim_set and p is not None
            }
            cells[(row, column)] = GapCell(
                claims=len(claim_set),
                passages=len(passages),
                paths=paths[column],
                direct=D.has_edge(row, column),
            )
    return GapMap(tuple(rows), tuple(columns), cells, max_hops)


# -- JSON ---------------------------------------------------------------------


def node_ref(G: nx.MultiDiGraph, node: str) -> dict[str, str]:
    """``{"iri", "label"}`` of a node.

    Examples
    --------
    >>> node_ref(toy_graph(), "x:care")
    {'iri': 'x:care', 'label': 'care'}
    """
    return {"iri": str(node), "label": _label(G, node)}


def path_to_dict(G: nx.MultiDiGraph, path: Path) -> dict[str, Any]:
    """A path as the JSON object of ``chkg paths --format json``.

    Keys ``score``, ``sign``, ``hops`` (each ``from``, ``to``, ``relation``, ``sign``,
    ``quote``, ``section``, ``source``, plus ``claim``, ``mechanism``, ``passage``,
    ``strength``, ``alternatives``), ``nodes`` (``iri``, ``label``, ``kind``) and ``joins``.

    Examples
    --------
    >>> G = toy_graph()
    >>> d = path_to_dict(G, find_paths(G, "x:plan", "x:care")[0])
    >>> d["score"], d["sign"], d["hops"][0]["relation"], d["nodes"][1]["kind"]
    (0.2, 1, 'chkg:influences', 'outcome')
    """
    hops = [
        {
            "from": node_ref(G, h.start),
            "to": node_ref(G, h.end),
            "relation": h.relation,
            "sign": h.sign,
            "quote": h.quote,
            "section": h.section,
            "source": h.source,
            "claim": h.claim,
            "mechanism": h.mechanism,
            "passage": {"iri": h.passage, "label": h.passage_label},
            "strength": {"label": h.strength, "rank": h.rank},
            "alternatives": h.alternatives,
        }
        for h in path.hops
    ]
    joins = [
        {
            "after_hop": i + 1,
            "at": node_ref(G, path.nodes[i + 1]),
            "from_passage": path.hops[i].passage_label or path.hops[i].passage,
            "to_passage": path.hops[i + 1].passage_label or path.hops[i + 1].passage,
        }
        for i in path.joins
    ]
    return {
        "score": round(path.score, 6),
        "sign": path.sign,
        "hops": hops,
        "nodes": [
            {"iri": n, "label": _label(G, n), "kind": G.nodes[n].get("kind", "other")}
            for n in path.nodes
        ],
        "joins": joins,
    }


def paths_document(
    G: nx.MultiDiGraph, source: str, target: str | None, paths: Sequence[Path]
) -> dict[str, Any]:
    """The one JSON object ``chkg paths --format json`` prints.

    ``{"from": {"iri", "label"}, "to": {"iri", "label"} | null, "paths": [...]}``; ``to`` is
    null when the targets were a kind of outcome.

    Examples
    --------
    >>> G = toy_graph()
    >>> doc = paths_document(G, "x:plan", None, find_paths(G, "x:plan", ["x:care"]))
    >>> doc["to"], len(doc["paths"])
    (None, 1)
    """
    return {
        "from": node_ref(G, source),
        "to": node_ref(G, target) if target is not None else None,
        "paths": [path_to_dict(G, p) for p in paths],
    }


# -- helpers ------------------------------------------------------------------

_OUTCOME_ORDER = {"workforce": 0, "patient": 1, "system": 2, "culture": 3}


def _check_positive(**values: int) -> None:
    for name, value in values.items():
        if not isinstance(value, int) or value < 1:
            raise UsageError(f"{name.replace('_', '-')} must be a whole number of at least 1, not {value!r}")


def _label(G: nx.Graph, node: Hashable) -> str:
    data = G.nodes[node] if node in G else {}
    return str(data.get("label") or node)


def _text(rdf: rdflib.Graph, subject: Any, props: Sequence[URIRef]) -> str:
    """The first value of the first property that has one; English or untagged preferred."""
    for prop in props:
        values = list(rdf.objects(subject, prop))
        if values:
            values.sort(key=lambda v: (getattr(v, "language", None) not in (None, "en"), str(v)))
            return str(values[0])
    return ""


def _local(iri: Any) -> str:
    text = str(iri)
    return text.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _kinds(rdf: rdflib.Graph) -> dict[URIRef, tuple[Kind, OutcomeKind | None, URIRef | None]]:
    """Entity → (kind, outcome kind, most specific type) from its rdf:type and rdfs:subClassOf."""
    supers: dict[URIRef, set[URIRef]] = defaultdict(set)
    for sub, sup in rdf.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            supers[sub].add(sup)
    for sub, sup in _KNOWN_SUBCLASSES.items():
        supers[sub].add(sup)
    for kind_class, _, _ in _KIND_CLASSES:
        supers.setdefault(kind_class, set())
    order = {c: i for i, (c, _, _) in enumerate(_KIND_CLASSES)}
    by_class = {c: (k, ok) for c, k, ok in _KIND_CLASSES}

    def closure(cls: URIRef) -> set[URIRef]:
        seen, stack = {cls}, [cls]
        while stack:
            for sup in supers.get(stack.pop(), ()):
                if sup not in seen:
                    seen.add(sup)
                    stack.append(sup)
        return seen

    cache: dict[URIRef, set[URIRef]] = {}
    result: dict[URIRef, tuple[Kind, OutcomeKind | None, URIRef | None]] = {}
    types: dict[URIRef, list[URIRef]] = defaultdict(list)
    for entity, cls in rdf.subject_objects(RDF.type):
        if isinstance(entity, URIRef) and isinstance(cls, URIRef):
            types[entity].append(cls)
    for entity, classes in types.items():
        best: tuple[int, URIRef, URIRef] | None = None
        for cls in classes:
            if cls not in cache:
                cache[cls] = closure(cls)
            for kind_class in cache[cls] & set(order):
                candidate = (order[kind_class], kind_class, cls)
                if best is None or candidate[0] < best[0] or (
                    candidate[0] == best[0] and len(cache[cls]) > len(cache[best[2]])
                ):
                    best = candidate
        if best is not None:
            kind, outcome_kind = by_class[best[1]]
            result[entity] = (kind, outcome_kind, best[2])
    return result


def _hop_quality(rank: int) -> float:
    return HOP_FACTOR * max(1, min(MAX_RANK, rank)) / MAX_RANK


def _claim_order(G: nx.MultiDiGraph, u: str, v: str) -> list[str]:
    """The claims on ``u → v``, strongest first, then by IRI (a stable choice among equals)."""
    edges = G[u][v]
    return sorted(edges, key=lambda k: (-edges[k].get("rank", 1), str(k)))


def _projection(G: nx.MultiDiGraph) -> nx.DiGraph:
    """One edge per node pair: its claims, strongest first, and ``cost`` = -log(best quality)."""
    D = nx.DiGraph()
    D.add_nodes_from(G.nodes)
    for u, v in set(G.edges()):
        if u == v:
            continue
        claims = _claim_order(G, u, v)
        best = G[u][v][claims[0]].get("rank", 1)
        D.add_edge(u, v, claims=claims, cost=-math.log(_hop_quality(best)))
    return D


def _within(D: nx.DiGraph | nx.MultiDiGraph, source: str, targets: set[str], max_hops: int) -> set[str]:
    """Nodes on some walk of at most ``max_hops`` hops from ``source`` to a target."""
    forward = nx.single_source_shortest_path_length(D, source, cutoff=max_hops)
    backward: dict[str, int] = {}
    frontier = [t for t in targets if t in D]
    for t in frontier:
        backward[t] = 0
    depth = 0
    while frontier and depth < max_hops:
        depth += 1
        nxt = []
        for node in frontier:
            for pred in D.predecessors(node):
                if pred not in backward:
                    backward[pred] = depth
                    nxt.append(pred)
        frontier = nxt
    return {n for n, d in forward.items() if n in backward and d + backward[n] <= max_hops}


def _simple_paths(
    D: nx.DiGraph, source: str, targets: set[str], max_hops: int
) -> Iterator[tuple[str, ...]]:
    """Every simple path of at most ``max_hops`` hops from ``source`` to a target (pruned DFS)."""
    keep = _within(D, source, targets, max_hops)
    if source not in keep:
        return
    H = D.subgraph(keep)
    ends = targets & keep
    if not ends:
        return
    for nodes in nx.all_simple_paths(H, source, ends, cutoff=max_hops):
        yield tuple(nodes)


def _score_path(G: nx.MultiDiGraph, D: nx.DiGraph, nodes: Sequence[str]) -> Path:
    """Choose one claim per hop (Viterbi over the claims) to maximise the score."""
    options = [D[u][v]["claims"] for u, v in itertools.pairwise(nodes)]
    # best[i][c] = (score of the best chain ending with claim c at hop i, its predecessor)
    layers: list[dict[str, tuple[float, str | None]]] = []
    for i, claims in enumerate(options):
        u, v = nodes[i], nodes[i + 1]
        layer: dict[str, tuple[float, str | None]] = {}
        for claim in claims:
            data = G[u][v][claim]
            quality = _hop_quality(data.get("rank", 1))
            if i == 0:
                layer[claim] = (quality, None)
                continue
            prev_u = nodes[i - 1]
            best_prev: tuple[float, str | None] = (-1.0, None)
            for prev_claim in options[i - 1]:
                prev_score = layers[-1][prev_claim][0]
                same = _same_passage(G[prev_u][u][prev_claim], data)
                value = prev_score * (1.0 if same else JOIN_FACTOR)
                if value > best_prev[0] + 1e-15:
                    best_prev = (value, prev_claim)
            layer[claim] = (best_prev[0] * quality, best_prev[1])
        layers.append(layer)
    last_claim = max(options[-1], key=lambda c: (layers[-1][c][0], -options[-1].index(c)))
    chosen = [last_claim]
    for i in range(len(layers) - 1, 0, -1):
        previous = layers[i][chosen[-1]][1]
        chosen.append(previous if previous is not None else options[i - 1][0])
    chosen.reverse()
    hops: list[Hop] = []
    for i, claim in enumerate(chosen):
        u, v = nodes[i], nodes[i + 1]
        d = G[u][v][claim]
        hops.append(
            Hop(
                start=u,
                end=v,
                claim=str(claim),
                relation=d.get("relation", "chkg:influences"),
                relation_label=d.get("relation_label", ""),
                sign=int(d.get("sign", 1)),
                rank=int(d.get("rank", 1)),
                strength=d.get("strength", ""),
                quote=d.get("quote", ""),
                mechanism=d.get("mechanism", ""),
                passage=d.get("passage"),
                passage_label=d.get("passage_label", ""),
                section=d.get("section", ""),
                source=d.get("source", ""),
                alternatives=len(options[i]) - 1,
            )
        )
    joins = tuple(
        i for i in range(len(hops) - 1) if not _same_passage(G[nodes[i]][nodes[i + 1]][chosen[i]],
                                                              G[nodes[i + 1]][nodes[i + 2]][chosen[i + 1]])
    )
    score = math.prod(_hop_quality(h.rank) for h in hops) * JOIN_FACTOR ** len(joins)
    sign = math.prod(h.sign for h in hops)
    return Path(tuple(nodes), tuple(hops), score, sign, joins)


def _same_passage(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return a.get("passage") is not None and a.get("passage") == b.get("passage")


def _rank_key(G: nx.MultiDiGraph, path: Path) -> tuple[float, int, tuple[str, ...]]:
    return (-round(path.score, 12), path.length, tuple(_label(G, n).casefold() for n in path.nodes))


def _best_paths(
    G: nx.MultiDiGraph, source: str, targets: set[str], max_hops: int, top: int
) -> list[Path]:
    keep = _within(G, source, targets, max_hops)
    ends = targets & keep
    if source not in keep or not ends:
        return []
    D = _projection(G.subgraph(keep))
    H = D.copy()
    for end in ends:
        H.add_edge(end, _SINK, cost=0.0)
    heap: list[tuple[float, int, Path]] = []  # min-heap of the best ``top`` by score
    counter = itertools.count()
    for nodes in nx.shortest_simple_paths(H, source, _SINK, weight="cost"):
        route = nodes[:-1]
        bound = math.exp(-sum(H[u][v]["cost"] for u, v in itertools.pairwise(route)))
        if len(heap) == top and bound < heap[0][0] * (1 - 1e-9):
            break
        if len(route) - 1 > max_hops:
            continue
        path = _score_path(G, D, route)
        item = (path.score, -next(counter), path)
        if len(heap) < top:
            heapq.heappush(heap, item)
        elif path.score > heap[0][0]:
            heapq.heapreplace(heap, item)
    return sorted((p for _, _, p in heap), key=lambda p: _rank_key(G, p))


def _policies(G: nx.MultiDiGraph, policies: Iterable[str] | None) -> list[str]:
    if policies is None:
        return nodes_of_kind(G, "policy")
    chosen = [str(p) for p in policies]
    for p in chosen:
        if p not in G:
            raise UnknownEntityError(f"no node {p!r} in the analysis graph")
    return list(dict.fromkeys(chosen))


def _pair_stats(
    G: nx.MultiDiGraph, policies: Sequence[str], max_hops: int
) -> dict[tuple[str, str], tuple[int, float]]:
    """(policy, outcome) → (path count, best score) over paths of at most ``max_hops`` hops."""
    D = _projection(G)
    outcomes = set(outcomes_of_kind(G, "any"))
    stats: dict[tuple[str, str], tuple[int, float]] = {}
    for policy in policies:
        if policy not in D:
            continue
        for nodes in _simple_paths(D, policy, outcomes - {policy}, max_hops):
            score = _score_path(G, D, nodes).score
            count, best = stats.get((policy, nodes[-1]), (0, 0.0))
            stats[(policy, nodes[-1])] = (count + 1, max(best, score))
    return stats


def _toy_edge(G: nx.MultiDiGraph, key: str, u: str, v: str, sign: int, rank: int, passage: str) -> None:
    G.add_edge(
        f"x:{u}", f"x:{v}", key=key, claim=key, relation="chkg:influences",
        relation_label="influences", sign=sign, mechanism="", quote=f"quote {key}",
        passage=passage, passage_label=passage, section="s", source="source",
        strength={1: "external knowledge", 2: "asserted", 3: "reported", 4: "evidenced"}[rank],
        rank=rank,
    )
