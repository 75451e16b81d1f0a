"""A ROBOT-report-style quality check of ``ontology/chkg.ttl``, term by term.

What ``robot report`` checks on OBO ontologies, for this one: every term has one English label,
unique across terms; one English definition; ``rdfs:isDefinedBy`` the ontology; the header carries
the metadata W3C and OBO headers carry. Then what this ontology promises besides: SKOS concepts with
one ``skos:prefLabel`` per language equal to the label, in a scheme, top concepts in every scheme;
reused terms declared with the kind their own vocabulary gives them and never given an axiom;
the ``CHKG`` namespace of ``chkg.vocab.namespace`` naming exactly the ontology's terms; and every
term stated in the same order (type, label, preferred label, definition, scope note, defined by,
then axioms) under a section banner.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pytest
from rdflib import OWL, RDF, RDFS, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, SKOS, VANN
from rdflib.term import Node

from chkg.vocab.curies import show as curie
from chkg.vocab.namespace import CHKG, CHKG_NS, ONTOLOGY_IRI
from ontology.owl_tools import ONTOLOGY, ontology, project, vocabularies

VERSION = "0.2.0"
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


def terms() -> list[URIRef]:
    """The ontology's own terms: what is ``rdfs:isDefinedBy`` the ontology."""
    return sorted(s for s in ontology().subjects(RDFS.isDefinedBy, ONTOLOGY_IRI) if isinstance(s, URIRef))


TERMS = terms()


def _english(values: list[Node]) -> list[Literal]:
    return [v for v in values if isinstance(v, Literal) and v.language == "en"]


# -- Per term --------------------------------------------------------------------------


@pytest.mark.parametrize("term", TERMS, ids=curie)
def test_term_has_one_english_label_and_definition(term: URIRef) -> None:
    graph = ontology()
    labels = list(graph.objects(term, RDFS.label))
    definitions = list(graph.objects(term, SKOS.definition))
    assert len(labels) == 1 and _english(labels), f"{curie(term)}: one rdfs:label @en, found {labels}"
    assert len(definitions) == 1 and _english(definitions), f"{curie(term)}: one skos:definition @en"
    assert str(definitions[0]).endswith("."), f"{curie(term)}: the definition is a sentence"
    assert list(graph.objects(term, RDFS.isDefinedBy)) == [ONTOLOGY_IRI]


def test_labels_are_unique_across_terms() -> None:
    """ROBOT's duplicate_label: two terms never share a label (case and spacing aside)."""
    graph = ontology()
    by_label: dict[str, list[str]] = defaultdict(list)
    for term in TERMS:
        for label in graph.objects(term, RDFS.label):
            by_label[" ".join(str(label).casefold().split())].append(curie(term))
    shared = {label: names for label, names in by_label.items() if len(names) > 1}
    assert not shared, f"terms sharing a label: {shared}"


def test_every_term_is_typed_with_one_kind() -> None:
    """A class, an object, data or annotation property, a concept scheme or a concept of a closed set."""
    graph = ontology()
    for term in TERMS:
        types = set(graph.objects(term, RDF.type)) - {OWL.FunctionalProperty}
        assert len(types) == 1, f"{curie(term)} has types {sorted(map(curie, types))}"


# -- Header ----------------------------------------------------------------------------


def test_header_metadata() -> None:
    graph, header = ontology(), ONTOLOGY_IRI
    assert (header, RDF.type, OWL.Ontology) in graph
    assert str(graph.value(header, OWL.versionInfo)) == VERSION
    assert graph.value(header, OWL.versionIRI) == URIRef(f"{header}/{VERSION}")
    assert graph.value(header, OWL.priorVersion) == URIRef(f"{header}/0.1.0")
    assert str(graph.value(header, DCTERMS.creator)) == "creative-health-kg contributors"
    assert graph.value(header, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    for prop in (DCTERMS.title, DCTERMS.description):
        assert _english(list(graph.objects(header, prop))), f"the header needs an English {curie(prop)}"
    created, modified = graph.value(header, DCTERMS.created), graph.value(header, DCTERMS.modified)
    assert isinstance(created, Literal) and isinstance(modified, Literal)
    assert created.toPython() <= modified.toPython()
    assert str(graph.value(header, VANN.preferredNamespacePrefix)) == "chkg"
    assert str(graph.value(header, VANN.preferredNamespaceUri)) == str(CHKG_NS)
    assert (header, OWL.imports, None) not in graph, "reused terms are declared, not imported"


# -- SKOS ------------------------------------------------------------------------------


def concepts() -> list[URIRef]:
    """The ontology's individuals of a class below skos:Concept (signs, claim types, levels...)."""
    graph = ontology()
    classes = set(graph.transitive_subjects(RDFS.subClassOf, SKOS.Concept))
    return sorted(t for t in TERMS if set(graph.objects(t, RDF.type)) & classes)


@pytest.mark.parametrize("concept", concepts(), ids=curie)
def test_concept_has_its_preferred_label_and_scheme(concept: URIRef) -> None:
    graph = ontology()
    preferred = list(graph.objects(concept, SKOS.prefLabel))
    languages = Counter(p.language for p in preferred if isinstance(p, Literal))
    assert preferred and all(n == 1 for n in languages.values()), f"{curie(concept)}: one skos:prefLabel per language"
    assert set(preferred) == set(graph.objects(concept, RDFS.label)), "the preferred label is the label"
    schemes = set(graph.objects(concept, SKOS.inScheme))
    assert len(schemes) == 1 and all((s, RDF.type, SKOS.ConceptScheme) in graph for s in schemes)
    (scheme,) = schemes
    assert (concept, SKOS.topConceptOf, scheme) in graph and (scheme, SKOS.hasTopConcept, concept) in graph


def test_closed_sets_are_their_schemes() -> None:
    """Each closed class (owl:oneOf) lists exactly the top concepts of one scheme."""
    graph = ontology()
    closed = [c for c in TERMS if graph.value(c, OWL.oneOf) is not None]
    assert {curie(c) for c in closed} >= {"chkg:Sign", "chkg:ClaimType", "chkg:CertaintyLevel", "chkg:SourceType"}
    for cls in closed:
        members = set(Collection(graph, graph.value(cls, OWL.oneOf)))
        schemes = {graph.value(m, SKOS.inScheme) for m in members}
        assert len(schemes) == 1, f"{curie(cls)}: its members are in one scheme"
        assert set(graph.objects(schemes.pop(), SKOS.hasTopConcept)) == members


#: Schemes with top concepts by docs/EVIDENCE-MODEL.md: the closed sets, the families, the top contexts.
#: (A flat scheme's concepts, such as the staff groups, get the warning chsh:Concept_topConcept_recommended.)
HIERARCHIES = ["signScheme", "claimTypeScheme", "certaintyScheme", "sourceTypeScheme", "outcomeDirectionScheme",
               "outcomeScheme", "valueScheme", "contextScheme"]


@pytest.mark.parametrize("name", HIERARCHIES)
def test_scheme_has_top_concepts_in_the_bundled_graph(name: str) -> None:
    graph, scheme = project(), CHKG_NS[name]
    tops = set(graph.objects(scheme, SKOS.hasTopConcept)) | set(graph.subjects(SKOS.topConceptOf, scheme))
    assert tops, f"chkg:{name} has no top concept (skos:topConceptOf)"
    for concept in graph.subjects(SKOS.inScheme, scheme):
        assert concept in tops or graph.value(concept, SKOS.broader) is not None, (
            f"{curie(concept)} is neither a top concept of chkg:{name} nor under a broader concept")


def test_certainty_ranks_order_the_levels() -> None:
    graph = ontology()
    ranks = {curie(level): graph.value(level, CHKG.certaintyRank) for level in graph.subjects(RDF.type, CHKG.CertaintyLevel)}
    assert {name: int(rank) for name, rank in ranks.items() if isinstance(rank, Literal)} == {
        "chkg:highCertainty": 4, "chkg:moderateCertainty": 3, "chkg:lowCertainty": 2, "chkg:veryLowCertainty": 1,
    }


# -- Reused terms ----------------------------------------------------------------------


def reused_terms_used() -> set[URIRef]:
    """Every IRI outside chkg (and outside RDF/RDFS/OWL/XSD) used as a class or predicate by ontology or data."""
    graph = project()
    own = (str(CHKG_NS), *(str(ns) for ns in (RDF, RDFS, OWL)), "http://www.w3.org/2001/XMLSchema#")
    used: set[URIRef] = set()
    for _, p, o in graph:
        candidates = [p, o] if p in (RDF.type, RDFS.subClassOf, RDFS.subPropertyOf, OWL.inverseOf) else [p]
        for node in candidates:
            if isinstance(node, URIRef) and not str(node).startswith(own):
                used.add(node)
    return used


def test_reused_terms_are_declared() -> None:
    """OWL 2 DL: every reused class or property used anywhere is declared in chkg.ttl."""
    graph = ontology()
    undeclared = sorted(curie(t) for t in reused_terms_used() if not set(graph.objects(t, RDF.type)) & set(KINDS))
    assert not undeclared, f"declare in the last section of ontology/chkg.ttl: {undeclared}"


def test_reused_terms_are_declared_as_their_vocabulary_declares_them() -> None:
    """A declaration never contradicts the reused vocabulary (where its file is at hand)."""
    graph, vocab = ontology(), vocabularies()
    for term in {s for s in graph.subjects() if isinstance(s, URIRef) and not str(s).startswith(str(CHKG_NS))}:
        ours = set(graph.objects(term, RDF.type)) & set(KINDS)
        theirs = set(vocab.objects(term, RDF.type)) & set(KINDS)
        if ours and theirs:
            assert ours <= theirs, f"{curie(term)}: declared {sorted(map(curie, ours))}, its vocabulary says {sorted(map(curie, theirs))}"


def test_reused_terms_get_no_axiom() -> None:
    """Declarations only: chkg.ttl says nothing else about a term of another vocabulary."""
    graph = ontology()
    for s, p, o in graph:
        if isinstance(s, URIRef) and not str(s).startswith(str(CHKG_NS)) and s != ONTOLOGY_IRI:
            assert p == RDF.type and o in KINDS, f"chkg.ttl states {curie(s)} {curie(p)} {curie(o)}"


# -- The namespace module and the file's layout ---------------------------------------------


def test_namespace_module_names_exactly_the_ontology_terms() -> None:
    declared = {str(CHKG_NS[name]) for name in CHKG.__annotations__}
    assert declared == {str(t) for t in TERMS}


ORDER = ["a", "rdfs:label", "skos:prefLabel", "skos:definition", "skos:scopeNote", "rdfs:isDefinedBy"]


def test_terms_state_their_triples_in_the_same_order() -> None:
    """a, rdfs:label, [skos:prefLabel], skos:definition, [skos:scopeNote], rdfs:isDefinedBy, then axioms."""
    text = ONTOLOGY.read_text(encoding="utf-8")
    blocks = re.findall(r"^chkg:\w+\n(?:    .*\n)+", text, flags=re.MULTILINE)
    assert len(blocks) == len(TERMS)
    for block in blocks:
        name = block.split("\n", 1)[0]
        predicates = [p for p in re.findall(r"^    (\S+) ", block, flags=re.MULTILINE)]
        head = [p for p in predicates if p in ORDER]
        assert head == sorted(head, key=ORDER.index), f"{name}: {head}"
        assert predicates[: len(head)] == head, f"{name}: axioms come after rdfs:isDefinedBy"


def test_terms_stand_under_section_banners() -> None:
    text = ONTOLOGY.read_text(encoding="utf-8")
    banners = re.findall(r"^# -{77}\n#  (.+)\n", text, flags=re.MULTILINE)
    assert len(banners) >= 10
    first_term = re.search(r"^chkg:\w+\n", text, flags=re.MULTILINE)
    assert first_term is not None and text.rfind("# ---", 0, first_term.start()) != -1
