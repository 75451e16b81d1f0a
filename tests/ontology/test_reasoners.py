"""Real reasoners and the OWL API's profile checker on the ontology, the data and the reused vocabularies.

- HermiT (an OWL 2 DL reasoner, through the OWL API): the ontology, the bundled data and the
  reused vocabularies together are consistent and no named class is unsatisfiable.
- The OWL API's OWL 2 DL profile checker: the ontology alone, and with the data, break no rule
  of OWL 2 DL (every entity declared, no illegal punning, OWL 2 datatypes only), and no property
  the data uses is read as an annotation property (which hides it from a reasoner).
- ``reasonable`` (an OWL 2 RL reasoner): every triple it infers about the data is expected or in
  ``allowed-inferences.tsv``; no node is typed ``owl:Nothing``; no two names are made one.

Each check also runs on a hand-made broken case, so that it is seen to catch what it is for:
the 0.1.0 alignment (``chkg:influences owl:inverseOf prov:wasInfluencedBy``,
``chkg:citesPassage rdfs:subPropertyOf prov:hadPrimarySource``), a disjointness broken, the
profile faults issue 11 lists.
"""

from __future__ import annotations

import functools

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import SKOS

from chkg.vocab.namespace import CHKG, CHKG_NS
from ontology.inferences import read_allow_list, unexpected
from ontology.owl_tools import merged, ontology, owl_check, project, rl_closure, vocabularies

pytestmark = pytest.mark.xdist_group("reasoners")

PROV = "http://www.w3.org/ns/prov#"

#: The two axioms of ontology 0.1.0 that over-committed PROV-O (issue 11).
OLD_ALIGNMENT = f"""
@prefix chkg: <{CHKG_NS}> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix prov: <{PROV}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
chkg:influences owl:inverseOf prov:wasInfluencedBy .
chkg:citesPassage rdfs:subPropertyOf prov:hadPrimarySource .
prov:wasInfluencedBy a owl:ObjectProperty .
prov:hadPrimarySource a owl:ObjectProperty .
"""


@functools.cache
def everything() -> Graph:
    """Ontology, bundled data and reused vocabularies."""
    return merged(project(), vocabularies())


def tbox() -> Graph:
    return merged(ontology(), vocabularies())


# -- HermiT ----------------------------------------------------------------------------


def test_hermit_finds_ontology_data_and_vocabularies_consistent() -> None:
    assert owl_check("consistency", everything()) == [("CONSISTENT", "true")]


def test_hermit_finds_every_class_satisfiable() -> None:
    """Classified on the ontology (with its own individuals) and the vocabularies: a TBox question."""
    lines = owl_check("classes", tbox())
    assert ("CONSISTENT", "true") in lines, lines
    unsatisfiable = [text for kind, text in lines if kind == "UNSATISFIABLE"]
    assert unsatisfiable == []


def test_hermit_catches_an_unsatisfiable_class() -> None:
    """A control: a class below both chkg:Outcome and chkg:OutcomeFamily (disjoint) is unsatisfiable."""
    graph = merged(ontology())
    graph.add((CHKG_NS["FamilyOutcome"], RDF.type, OWL.Class))
    graph.add((CHKG_NS["FamilyOutcome"], RDFS.subClassOf, CHKG.Outcome))
    graph.add((CHKG_NS["FamilyOutcome"], RDFS.subClassOf, CHKG.OutcomeFamily))
    assert ("UNSATISFIABLE", str(CHKG_NS["FamilyOutcome"])) in owl_check("classes", graph)


def test_hermit_catches_a_family_that_is_an_outcome() -> None:
    """A control: chkg:OutcomeFamily is disjoint with chkg:Outcome, so one node typed both is inconsistent."""
    graph = merged(ontology())
    node = CHKG_NS["burnout"]
    graph.add((node, RDF.type, CHKG.OutcomeFamily))
    graph.add((node, RDF.type, CHKG.WorkforceOutcome))
    assert owl_check("consistency", graph) == [("CONSISTENT", "false")]


# -- The OWL 2 DL profile --------------------------------------------------------------


#: The annotation properties the ontology declares, and OWL's own.
ANNOTATION_PROPERTIES = {
    str(s) for s in ontology().subjects(RDF.type, OWL.AnnotationProperty)
} | {
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2000/01/rdf-schema#comment",
    "http://www.w3.org/2000/01/rdf-schema#seeAlso",
    "http://www.w3.org/2000/01/rdf-schema#isDefinedBy",
    "http://www.w3.org/2002/07/owl#versionInfo",
    "http://www.w3.org/2002/07/owl#priorVersion",
}


@pytest.mark.parametrize("with_data", [False, True], ids=["ontology", "ontology+data"])
def test_owl_api_finds_owl2_dl(with_data: bool) -> None:
    lines = owl_check("profile", project() if with_data else ontology())
    violations = [text for kind, text in lines if kind == "VIOLATION"]
    assert violations == [], "\n".join(violations[:20])
    annotations = {text for kind, text in lines if kind == "ANNOTATION"}
    assert annotations <= ANNOTATION_PROPERTIES, f"read as annotations: {sorted(annotations - ANNOTATION_PROPERTIES)}"
    assert f"{PROV}influencer" not in annotations


def test_owl_api_catches_the_faults_of_issue_11() -> None:
    """A control: a range of owl:ObjectProperty, an rdf:langString range, an undeclared PROV term."""
    graph = Graph().parse(data=f"""
        @prefix chkg: <{CHKG_NS}> .
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix prov: <{PROV}> .
        @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <https://example.org/broken> a owl:Ontology .
        chkg:relation a owl:ObjectProperty ; rdfs:range owl:ObjectProperty .
        chkg:mechanism a owl:DatatypeProperty ; rdfs:range rdf:langString .
        chkg:claim prov:influencer chkg:plan .
        """, format="turtle")
    lines = owl_check("profile", graph)
    violations = " ".join(text for kind, text in lines if kind == "VIOLATION")
    assert "owl:ObjectProperty" in violations
    assert "langString" in violations
    assert f"{PROV}influencer" in {text for kind, text in lines if kind == "ANNOTATION"}


# -- OWL 2 RL ----------------------------------------------------------------------------


@functools.cache
def closure() -> Graph:
    return rl_closure(everything())


def test_the_allow_list_is_read() -> None:
    rows = read_allow_list()
    assert ("chkg:Factor", "prov:qualifiedInfluence", "chkg:Influence") in rows
    assert all(len(row) == 3 for row in rows)


def test_rl_reasoner_infers_nothing_outside_the_allow_list() -> None:
    found = unexpected(everything(), closure(), tbox(), read_allow_list())
    assert not found, "inferred and not allowed:\n" + "\n".join(f"{n} × {' '.join(r)}" for r, n in found.most_common())


def test_every_allowed_row_is_still_inferred() -> None:
    """A row nothing infers any more is dead weight that could hide a later mistake: remove it."""
    inferred = set(unexpected(everything(), closure(), tbox(), set()))
    assert read_allow_list() <= inferred, f"not inferred: {sorted(read_allow_list() - inferred)}"


def test_rl_reasoner_finds_no_contradiction() -> None:
    assert not set(closure().subjects(RDF.type, OWL.Nothing))


def test_rl_reasoner_infers_the_qualified_influence_pattern() -> None:
    """PROV-O followed completely: the influencee has the claim as its prov:qualifiedInfluence."""
    graph = closure()
    claim = next(iter(project().subjects(RDF.type, CHKG.Influence)))
    influencee = project().value(claim, CHKG.influencee)
    influencer = project().value(claim, URIRef(f"{PROV}influencer"))
    assert (influencee, URIRef(f"{PROV}qualifiedInfluence"), claim) in graph
    assert (claim, RDF.type, URIRef(f"{PROV}EntityInfluence")) in graph
    assert (influencee, URIRef(f"{PROV}wasInfluencedBy"), influencer) in graph


def test_rl_reasoner_catches_the_old_alignment() -> None:
    """A control: with the 0.1.0 axioms, passages influence claims and claims become factors."""
    broken = merged(everything(), Graph().parse(data=OLD_ALIGNMENT, format="turtle"))
    found = unexpected(broken, rl_closure(broken), merged(tbox(), Graph().parse(data=OLD_ALIGNMENT, format="turtle")),
                       read_allow_list())
    assert ("chkg:Passage", "chkg:influences", "chkg:Influence") in found
    assert ("chkg:Influence", "rdf:type", "chkg:Factor") in found


def test_skos_labels_are_why_validation_runs_without_inference() -> None:
    """With SKOS and a reasoner an alternative name becomes an rdfs:label: the allow-list says so, and why."""
    graph = closure()
    named = next(s for s, o in project().subject_objects(SKOS.altLabel))
    labels = set(graph.objects(named, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
    assert set(project().objects(named, SKOS.altLabel)) <= labels
