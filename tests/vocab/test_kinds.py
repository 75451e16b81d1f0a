"""The kinds table (chkg.vocab.kinds) against the ontology, record by record."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import SKOS

from chkg.errors import UsageError
from chkg.project import bundled_project
from chkg.vocab.kinds import KINDS, Role, kind_named, kind_of_classes


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(bundled_project().ontology, format="turtle")


def _superclasses(ontology: Graph, cls: URIRef) -> set[URIRef]:
    return {c for c in ontology.transitive_objects(cls, RDFS.subClassOf) if isinstance(c, URIRef)}


def test_every_class_and_scheme_is_declared_in_the_ontology(ontology: Graph) -> None:
    failures = []
    for kind in KINDS:
        for cls in kind.classes:
            if (cls, RDF.type, OWL.Class) not in ontology:
                failures.append(f"{kind.name}: {cls} is not an owl:Class of ontology/chkg.ttl")
        for variant in kind.variants:
            if kind.cls not in _superclasses(ontology, variant.cls):
                failures.append(f"{kind.name}: variant {variant.name} ({variant.cls}) is not a subclass of {kind.cls}")
        if kind.scheme is not None and (kind.scheme, RDF.type, SKOS.ConceptScheme) not in ontology:
            failures.append(f"{kind.name}: {kind.scheme} is not a skos:ConceptScheme of ontology/chkg.ttl")
    assert not failures, "\n".join(failures)


def test_every_factor_class_of_the_ontology_has_a_kind(ontology: Graph) -> None:
    """A new subclass of chkg:Factor in the ontology must get a row (or be a variant of one)."""
    factor = URIRef("https://w3id.org/creative-health-kg/Factor")
    known = {cls for kind in KINDS for cls in kind.classes}
    missing = sorted(
        str(c) for c in ontology.transitive_subjects(RDFS.subClassOf, factor)
        if isinstance(c, URIRef) and c != factor and c not in known
    )
    assert not missing, f"classes under chkg:Factor with no row in chkg.vocab.kinds.KINDS: {missing}"


def test_the_roles_follow_the_ontology(ontology: Graph) -> None:
    factor = URIRef("https://w3id.org/creative-health-kg/Factor")
    for kind in KINDS:
        is_factor = factor in _superclasses(ontology, kind.cls)
        assert is_factor == (kind.role is Role.FACTOR), kind.name


def test_data_files_exist_for_the_bundled_kinds() -> None:
    data = bundled_project().data
    for kind in KINDS:
        if "{source}" in kind.data_file:
            assert kind.data_path(data, source="culture-and-values").parent == data / "sources"
        else:
            assert kind.data_path(data).suffix == ".ttl", kind.name


def test_names_are_unique_and_kebab_case() -> None:
    names = [k.name for k in KINDS]
    assert len(set(names)) == len(names)
    assert all(n == n.lower() and "_" not in n and " " not in n for n in names)


def test_lookups() -> None:
    assert kind_named("STAFF_GROUP").name == "staff-group"
    workforce = URIRef("https://w3id.org/creative-health-kg/WorkforceOutcome")
    assert kind_of_classes([URIRef("http://www.w3.org/ns/prov#Plan"), workforce]).name == "outcome"
    assert kind_of_classes([URIRef("http://example.org/Nothing")]) is None
    with pytest.raises(UsageError, match="a statement is curated beside its source"):
        kind_named("statement").data_path(Path("data"))
    with pytest.raises(UsageError, match="takes no --type"):
        kind_named("value").variant("x")
