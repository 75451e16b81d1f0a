"""What the report reads from the RDF besides the analysis graph, gathered once.

The source pages need each source's title and text file, each statement's span (its
``oa:TextPositionSelector``) and label, and each claim's statement, quote and the source its
passage is part of; the gap map needs the outcome families' names. :class:`ReportFacts` holds
exactly that, in plain strings, built either from an rdflib graph (:meth:`ReportFacts.from_rdf`:
an endpoint's answer, a notebook's graph) or by four SPARQL queries on the open store
(:meth:`ReportFacts.from_store`), which at a million triples costs a fraction of handing the
same triples to rdflib and keeps them out of memory.

Both readers give the same facts (``tests/report/test_report_facts.py`` checks it on the bundled
data). Where a node has several values for one property, the smallest is kept, so the result
does not depend on the order a store returns them in.

Examples
--------
>>> from chkg.graph.store import open_store
>>> with open_store() as loaded:
...     facts = ReportFacts.from_store(loaded)
>>> from chkg.graph.loader import load
>>> facts == ReportFacts.from_rdf(load())
True
>>> any(s.text_file for s in facts.sources.values())
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS, SKOS
from rdflib.term import Node

from chkg.graph.quotes import source_of
from chkg.vocab.namespace import CHKG_NS, OA

if TYPE_CHECKING:
    from chkg.graph.store import GraphStore

__all__ = ["SourceFact", "StatementFact", "ClaimFact", "ReportFacts"]


@dataclass(frozen=True)
class SourceFact:
    """A ``chkg:Source``: its title, label and text file name (each may be missing)."""

    title: str | None = None
    label: str | None = None
    text_file: str | None = None


@dataclass(frozen=True)
class StatementFact:
    """A statement (``oa:hasSource`` some source): its source, label and selector span."""

    source: str
    label: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class ClaimFact:
    """A ``chkg:Influence``: its statement, its quote, and the source its passage is part of."""

    statement: str | None = None
    quote: str | None = None
    passage_source: str | None = None
    #: true when the claim names a statement that is not an IRI (it then has no span of its own)
    stated_otherwise: bool = False


@dataclass
class ReportFacts:
    """Sources, statements, claims and names the report reads (see the module documentation)."""

    sources: dict[str, SourceFact] = field(default_factory=dict)
    statements: dict[str, StatementFact] = field(default_factory=dict)
    claims: dict[str, ClaimFact] = field(default_factory=dict)
    #: the outcome families' names: ``skos:prefLabel``, else ``rdfs:label``, of each ``skos:broader`` concept
    names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_rdf(cls, graph: Graph) -> ReportFacts:
        """The facts of an rdflib graph (what :func:`chkg.graph.loader.load` or an endpoint gives)."""
        facts = cls()
        for source in graph.subjects(RDF.type, CHKG_NS.Source):
            if isinstance(source, URIRef):
                facts.sources[str(source)] = SourceFact(_least(graph, source, DCTERMS.title),
                                                        _least(graph, source, RDFS.label),
                                                        _least(graph, source, CHKG_NS.textFile))
        for statement, source in graph.subject_objects(OA.hasSource):
            if isinstance(statement, URIRef) and isinstance(source, URIRef):
                start, end = _span(graph, statement)
                facts.statements[str(statement)] = min(
                    StatementFact(str(source), _least(graph, statement, RDFS.label), start, end),
                    facts.statements.get(str(statement), _LAST), key=_order)
        for claim in graph.subjects(RDF.type, CHKG_NS.Influence):
            if not isinstance(claim, URIRef):
                continue
            statements = sorted(str(s) for s in graph.objects(claim, CHKG_NS.statedIn))
            iris = sorted(str(s) for s in graph.objects(claim, CHKG_NS.statedIn) if isinstance(s, URIRef))
            passages = sorted((p for p in graph.objects(claim, CHKG_NS.citesPassage)), key=str)
            found = source_of(graph, passages[0]) if passages and not statements else None
            facts.claims[str(claim)] = ClaimFact(iris[0] if iris else None, _least(graph, claim, CHKG_NS.quote),
                                                 str(found) if found is not None else None,
                                                 bool(statements) and not iris)
        families = {f for f in graph.objects(None, SKOS.broader) if isinstance(f, URIRef)}
        for family in families:
            name = _least(graph, family, SKOS.prefLabel) or _least(graph, family, RDFS.label)
            if name is not None:
                facts.names[str(family)] = name
        return facts

    @classmethod
    def from_store(cls, loaded: GraphStore) -> ReportFacts:
        """The facts of the files in the open store, by SPARQL.

        The queries read only predicates the files hold (no derived graph has them), so they run
        over whatever the store holds (``derived=None``), never re-deriving or removing anything.
        """
        facts = cls()
        for row in loaded.query(_SOURCES, derived=None):
            iri = row["s"].value
            old = facts.sources.get(iri, SourceFact())
            facts.sources[iri] = SourceFact(_smaller(old.title, _value(row["title"])),
                                            _smaller(old.label, _value(row["label"])),
                                            _smaller(old.text_file, _value(row["file"])))
        for row in loaded.query(_STATEMENTS, derived=None):
            iri = row["st"].value
            start, end = _ints(row["start"], row["end"])
            candidate = StatementFact(row["source"].value, _value(row["label"]), start, end)
            facts.statements[iri] = min(candidate, facts.statements.get(iri, _LAST), key=_order)
        for row in loaded.query(_CLAIMS, derived=None):
            iri = row["c"].value
            known = facts.claims.get(iri, ClaimFact())
            stated = row["statement"]
            statement = stated.value if stated is not None and _is_iri(stated) else None
            passage_source = _value(row["src"]) if stated is None else None
            facts.claims[iri] = ClaimFact(_smaller(known.statement, statement),
                                          _smaller(known.quote, _value(row["quote"])),
                                          _smaller(known.passage_source, passage_source),
                                          known.stated_otherwise or stated is not None)
        for iri, fact in facts.claims.items():  # stated_otherwise: some statement, none an IRI
            if fact.stated_otherwise and fact.statement is not None:
                facts.claims[iri] = ClaimFact(fact.statement, fact.quote, fact.passage_source, False)
        for row in loaded.query(_NAMES, derived=None):
            iri = row["n"].value
            pref, label = _value(row["pref"]), _value(row["label"])
            name = pref if pref is not None else label
            if name is not None:
                facts.names[iri] = _smaller(facts.names.get(iri), name) or name
        return facts


# -- SPARQL for from_store ------------------------------------------------------------

_PREFIXES = """PREFIX chkg: <https://w3id.org/creative-health-kg/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
_SOURCES = _PREFIXES + """SELECT ?s ?title ?label ?file WHERE {
  ?s a chkg:Source . FILTER(isIRI(?s))
  OPTIONAL { ?s dcterms:title ?title } OPTIONAL { ?s rdfs:label ?label } OPTIONAL { ?s chkg:textFile ?file }
}"""
_STATEMENTS = _PREFIXES + """SELECT ?st ?source ?label ?start ?end WHERE {
  ?st oa:hasSource ?source . FILTER(isIRI(?st) && isIRI(?source))
  OPTIONAL { ?st rdfs:label ?label }
  OPTIONAL { ?st oa:hasSelector ?sel . ?sel a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end }
}"""
# a claim with no statement at all is placed by its passage: the source that passage is part of
_CLAIMS = _PREFIXES + """SELECT ?c ?statement ?quote ?src WHERE {
  ?c a chkg:Influence . FILTER(isIRI(?c))
  OPTIONAL { ?c chkg:statedIn ?statement }
  OPTIONAL { ?c chkg:quote ?quote }
  OPTIONAL { FILTER NOT EXISTS { ?c chkg:statedIn ?any }
             ?c chkg:citesPassage ?passage . ?passage dcterms:isPartOf* ?src . ?src a chkg:Source . FILTER(isIRI(?src)) }
}"""
_NAMES = _PREFIXES + """SELECT ?n ?pref ?label WHERE {
  { SELECT DISTINCT ?n WHERE { ?x skos:broader ?n FILTER(isIRI(?n)) } }
  { ?n skos:prefLabel ?pref } UNION { ?n rdfs:label ?label FILTER NOT EXISTS { ?n skos:prefLabel ?p } }
}"""


# -- helpers ----------------------------------------------------------------------------

_LAST = StatementFact("\U0010ffff")


def _order(fact: StatementFact) -> tuple[Any, ...]:
    """Statements with a span first, then by source, label and span: one choice whatever the order read."""
    return (fact.start is None, fact.source, fact.label or "", fact.start or 0, fact.end or 0)


def _smaller(old: str | None, new: str | None) -> str | None:
    if old is None:
        return new
    return old if new is None or old <= new else new


def _least(graph: Graph, node: Node, prop: URIRef) -> str | None:
    values = sorted(str(v) for v in graph.objects(node, prop))
    return values[0] if values else None


def _span(graph: Graph, statement: URIRef) -> tuple[int | None, int | None]:
    spans = []
    for selector in graph.objects(statement, OA.hasSelector):
        if (selector, RDF.type, OA.TextPositionSelector) in graph:
            for start in graph.objects(selector, OA.start):
                for end in graph.objects(selector, OA.end):
                    spans.append(_ints_of(str(start), str(end)))
    spans.sort(key=lambda s: (s[0] is None, s))
    return spans[0] if spans else (None, None)


def _ints(start: Any, end: Any) -> tuple[int | None, int | None]:
    if start is None or end is None:
        return None, None
    return _ints_of(start.value, end.value)


def _ints_of(start: str, end: str) -> tuple[int | None, int | None]:
    try:
        return int(start), int(end)
    except ValueError:
        return None, None


def _value(term: Any) -> str | None:
    return None if term is None else str(term.value)


def _is_iri(term: Any) -> bool:
    return isinstance(term, ox.NamedNode)
