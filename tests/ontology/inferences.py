"""Sort the triples a reasoner infers about the data into what the allow-list permits and what it does not.

A reasoner over the ontology, the data and the reused vocabularies infers many triples. Those
about terms (classes and properties: the TBox) are left alone. Those about the data are read as
follows:

- ``x rdf:type C`` is expected when ``C`` is ``owl:Thing``, an anonymous class expression, or a
  superclass (``rdfs:subClassOf*`` as stated in the ontology and the vocabularies) of a class
  ``x`` is stated to have. Any other type must be in the allow-list, as
  ``<kind of x> rdf:type <C>``.
- ``x p y`` for any other ``p`` must be in the allow-list as ``<kind of x> <p> <kind of y>``.
- ``x owl:sameAs y`` with ``x != y`` is never expected: the data never says two names are one.

The *kind* of a data node is the topmost chkg class above the classes it is stated to have
(``chkg:Factor`` for a policy or an outcome, ``chkg:Influence`` for a claim...), a selector's
``oa:`` class, ``literal``, or ``external`` (an IRI the data only points to).

The allow-list (``allowed-inferences.tsv``) holds one ``kind<TAB>predicate<TAB>kind-or-class``
per line, CURIEs (an IRI outside the project's prefixes in angle brackets), and comment lines
starting with ``#``. It is short on purpose: a bad alignment (a claim typed a
factor, a passage that "influences" a claim) adds a row that is not there, and the test fails
the day the axiom is written.

Examples
--------
>>> from rdflib import Graph
>>> g = Graph().parse(data='''
... @prefix chkg: <https://w3id.org/creative-health-kg/> .
... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
... chkg:Policy rdfs:subClassOf chkg:Factor . chkg:Review rdfs:subClassOf chkg:Policy .
... chkg:Policy rdfs:isDefinedBy chkg:ontology . chkg:Review rdfs:isDefinedBy chkg:ontology .
... chkg:Factor rdfs:isDefinedBy chkg:ontology .
... chkg:r a chkg:Review .''', format="turtle")
>>> kinds = Kinds(g, g)
>>> kinds.of(URIRef("https://w3id.org/creative-health-kg/r"))
'chkg:Factor'
>>> sorted(kinds.expected_types(URIRef("https://w3id.org/creative-health-kg/r")))[:2]
[rdflib.term.URIRef('http://www.w3.org/2002/07/owl#Thing'), rdflib.term.URIRef('https://w3id.org/creative-health-kg/Factor')]
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from chkg.vocab.curies import show as curie
from chkg.vocab.namespace import CHKG_NS, ONTOLOGY_IRI, PREFIXES

ALLOW_LIST = Path(__file__).resolve().parent / "allowed-inferences.tsv"
OA_NS = PREFIXES["oa"]

#: Namespaces whose terms are vocabulary, never data.
_TERM_NAMESPACES = (*(str(ns) for ns in (OWL, RDF, RDFS)), "http://www.w3.org/2001/XMLSchema#")

Row = tuple[str, str, str]


def read_allow_list(path: Path = ALLOW_LIST) -> set[Row]:
    """The allowed rows of ``path``: (kind, predicate, kind or class), as CURIEs."""
    rows: set[Row] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            kind, predicate, obj = line.strip().split("\t")
            rows.add((kind, predicate, obj))
    return rows


class Kinds:
    """The kind of each data node of ``asserted`` (the input graph), with ``tbox`` (ontology + vocabularies)."""

    def __init__(self, asserted: Graph, tbox: Graph) -> None:
        self.asserted = asserted
        self.tbox = tbox
        self.terms: set[Node] = set(tbox.subjects())  # blank nodes too: class expressions
        for prop in (RDF.type, RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range):
            self.terms |= {o for o in tbox.objects(None, prop) if isinstance(o, URIRef)}
        self.terms.add(ONTOLOGY_IRI)
        self._root_cache: dict[URIRef, frozenset[str]] = {}
        self._super_cache: dict[Node, frozenset[Node]] = {}
        self.chkg_classes = {s for s in tbox.subjects(RDFS.isDefinedBy, ONTOLOGY_IRI) if isinstance(s, URIRef)}

    def is_term(self, node: Node) -> bool:
        """A class, property, individual or scheme of a vocabulary (the ontology's own included)."""
        return node in self.terms or (isinstance(node, URIRef) and str(node).startswith(_TERM_NAMESPACES))

    def _roots(self, cls: URIRef) -> frozenset[str]:
        if cls not in self._root_cache:
            parents = [p for p in self.tbox.objects(cls, RDFS.subClassOf) if p in self.chkg_classes]
            self._root_cache[cls] = (
                frozenset().union(*(self._roots(p) for p in parents if isinstance(p, URIRef)))
                if parents else frozenset({curie(cls)})
            )
        return self._root_cache[cls]

    def of(self, node: Node) -> str:
        """``literal``, ``external``, a selector's ``oa:`` class, or the topmost chkg class(es) of ``node``."""
        if isinstance(node, Literal):
            return "literal"
        roots: set[str] = set()
        for cls in self.asserted.objects(node, RDF.type):
            if isinstance(cls, URIRef) and cls in self.chkg_classes:
                roots |= self._roots(cls)
            elif isinstance(cls, URIRef) and str(cls).startswith(OA_NS):
                roots.add(curie(cls))
        return "+".join(sorted(roots)) if roots else "external"

    def _supers(self, cls: Node) -> frozenset[Node]:
        if cls not in self._super_cache:
            self._super_cache[cls] = frozenset(self.tbox.transitive_objects(cls, RDFS.subClassOf))
        return self._super_cache[cls]

    def expected_types(self, node: Node) -> set[Node]:
        """``owl:Thing`` and every superclass of a class ``node`` is stated to have."""
        expected: set[Node] = {OWL.Thing}
        for cls in self.asserted.objects(node, RDF.type):
            expected |= self._supers(cls)
        return expected


def unexpected(asserted: Graph, closure: Graph, tbox: Graph, allowed: set[Row]) -> Counter[Row]:
    """Rows of the inferred triples about data that are neither expected nor allowed, with their counts."""
    kinds = Kinds(asserted, tbox)
    found: Counter[Row] = Counter()
    for s, p, o in closure:
        if (s, p, o) in asserted or isinstance(s, Literal) or kinds.is_term(s):
            continue
        if isinstance(o, Literal) and (s, p, Literal(str(o))) in asserted:
            continue  # a plain literal the reasoner wrote back typed xsd:string
        if p == OWL.sameAs:
            if s != o:
                found[(curie(s), "owl:sameAs", curie(o))] += 1
            continue
        if p == RDF.type:
            if isinstance(o, BNode) or o in kinds.expected_types(s):
                continue
            row = (kinds.of(s), "rdf:type", curie(o))
        else:
            row = (kinds.of(s), curie(p), kinds.of(o))
        if row not in allowed:
            found[row] += 1
    return found


__all__ = ["ALLOW_LIST", "CHKG_NS", "Kinds", "read_allow_list", "unexpected"]
