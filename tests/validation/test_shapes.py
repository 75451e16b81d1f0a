"""Tests of the SHACL shapes, ``ontology/shapes.ttl``.

Every named shape has a pair of fixtures in ``tests/fixtures/shapes/``, in the
manner of the W3C SHACL test suite's ``core/misc/message-001.ttl``:

- ``<Shape>.pass.ttl``: data the shape accepts (no result from that shape);
- ``<Shape>.fail.ttl``: data the shape rejects, with its own message and
  severity, on exactly the nodes named ``chkg:fail-*`` (and blank nodes).

Each fixture is validated once with pySHACL against the whole shapes graph, on
the ontology and the fixture merged (validation sees ``rdfs:subClassOf`` in the
data graph, without inference), as ``chkg validate`` runs it. Only the results
of the shape under test are looked at: a fixture need not satisfy the others.

The shapes file itself is checked against the SHACL meta-shapes
(``tests/w3c-shacl-shacl/``) and linted for what the meta-shapes miss:
unknown ``sh:`` terms, empty shapes, a shape without its name, message or
severity, an undefined ``chkg:`` term.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pyshacl
import pytest
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDFS, SH
from rdflib.term import Node

ROOT = Path(__file__).resolve().parents[2]
SHAPES = ROOT / "ontology" / "shapes.ttl"
ONTOLOGY = ROOT / "ontology" / "chkg.ttl"
FIXTURES = Path(__file__).parents[1] / "fixtures" / "shapes"
META_SHAPES = Path(__file__).parents[1] / "w3c-shacl-shacl" / "shacl-shacl.ttl"

CHKG = Namespace("https://w3id.org/creative-health-kg/")
CHSH = Namespace("https://w3id.org/creative-health-kg/shapes/")
ONTOLOGY_IRI = URIRef("https://w3id.org/creative-health-kg/ontology")
SHAPES_IRI = URIRef("https://w3id.org/creative-health-kg/shapes")

#: The order every shape states its triples in: type, name, message, severity, target, path, constraints.
HEAD = ["a", "sh:name", "sh:message", "sh:severity"]
TARGETS = {"sh:targetClass", "sh:targetSubjectsOf", "sh:targetObjectsOf", "sh:targetNode"}


@functools.cache
def shapes_graph() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


@functools.cache
def ontology_graph() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def named_shapes() -> list[str]:
    """Local names of the shapes named in ``chsh:`` (the ones with a severity), in file order."""
    text = SHAPES.read_text(encoding="utf-8")
    return re.findall(r"^chsh:(\w+)\n    a sh:(?:Node|Property)Shape ;", text, flags=re.MULTILINE)


@dataclass(frozen=True)
class Result:
    """One validation result, reduced to what the tests compare."""

    shape: Node
    focus: Node
    message: str | None
    severity: Node


@functools.cache
def report_of(fixture: Path, engine: str = "pyshacl") -> Graph:
    """Validate the ontology and ``fixture`` merged against the shapes, once per fixture and engine."""
    module = pyshacl if engine == "pyshacl" else pytest.importorskip("pyshacl_turbo")
    data = Graph()
    data += ontology_graph()
    data.parse(fixture, format="turtle")
    _, report, _ = module.validate(data, shacl_graph=shapes_graph(), inference="none", advanced=False)
    assert isinstance(report, Graph)
    return report


def results_of(fixture: Path) -> list[Result]:
    """pySHACL's results on ``fixture``."""
    report = report_of(fixture)
    results = []
    for result in report.objects(None, SH.result):
        message = report.value(result, SH.resultMessage)
        results.append(
            Result(
                shape=report.value(result, SH.sourceShape),
                focus=report.value(result, SH.focusNode),
                message=None if message is None else str(message),
                severity=report.value(result, SH.resultSeverity),
            )
        )
    return results


def fixture_path(shape: str, kind: str) -> Path:
    return FIXTURES / f"{shape}.{kind}.ttl"


SHAPE_NAMES = named_shapes()


# -- The shapes file -----------------------------------------------------------


def test_named_shapes_are_found() -> None:
    """The regular expression that lists shapes finds every shape that has a severity."""
    with_severity = {s for s in shapes_graph().subjects(SH.severity, None) if isinstance(s, URIRef)}
    assert {CHSH[name] for name in SHAPE_NAMES} == with_severity
    assert len(SHAPE_NAMES) == len(set(SHAPE_NAMES)), "a shape is stated twice"


def test_shapes_conform_to_the_shacl_meta_shapes() -> None:
    meta = Graph().parse(META_SHAPES, format="turtle")
    conforms, _, text = pyshacl.validate(shapes_graph(), shacl_graph=meta, inference="none", advanced=False)
    assert conforms, text


def test_shapes_use_only_shacl_core_terms() -> None:
    """A misspelt sh: term (sh:mincount) would be ignored by engines: every one must be a SHACL term."""
    known = set(SH.__annotations__) | set(SH._extras)  # _extras: class, in, not, or (Python keywords)
    sparql = {"sparql", "select", "ask", "construct", "SPARQLConstraint", "SPARQLTarget", "js"}
    used = {
        str(term)[len(str(SH)) :]
        for triple in shapes_graph()
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(str(SH))
    }
    assert used <= known, f"not SHACL terms: {sorted(used - known)}"
    assert not used & sparql, "the shapes keep to SHACL Core"


def test_no_empty_shapes() -> None:
    """No blank node in the shapes graph is empty (``sh:property [ ]`` checks nothing)."""
    graph = shapes_graph()
    objects = {o for o in graph.objects() if isinstance(o, BNode)}
    empty = [o for o in objects if (o, None, None) not in graph]
    assert not empty
    for shape in graph.objects(None, SH.property):
        assert graph.value(shape, SH.path) is not None, f"{shape} is a property shape without sh:path"


@pytest.mark.parametrize("name", SHAPE_NAMES)
def test_shape_is_described_for_curators(name: str) -> None:
    """Each shape has one English name, one English message and a severity that matches its name."""
    graph, shape = shapes_graph(), CHSH[name]
    for prop in (SH.name, SH.message):
        values = list(graph.objects(shape, prop))
        assert len(values) == 1, f"chsh:{name} needs exactly one {prop}"
        assert isinstance(values[0], Literal) and values[0].language == "en", f"chsh:{name} {prop} is not @en"
    severities = list(graph.objects(shape, SH.severity))
    expected = SH.Warning if name.endswith("_recommended") else SH.Violation
    assert severities == [expected], f"chsh:{name}: warnings, and only they, end in _recommended"
    kinds = set(graph.objects(shape, RDF.type))
    has_path = graph.value(shape, SH.path) is not None
    assert kinds == {SH.PropertyShape if has_path else SH.NodeShape}, f"chsh:{name} is typed wrongly"
    targets = [p for p in graph.predicates(shape, None) if graph.qname(p) in TARGETS]
    assert len(targets) == 1, f"chsh:{name} needs exactly one target"


def test_shapes_state_their_triples_in_the_same_order() -> None:
    """a, sh:name, sh:message, sh:severity, the target, the path, then the constraints."""
    text = SHAPES.read_text(encoding="utf-8")
    for block in re.findall(r"^chsh:\w+\n(?:    .*\n)+", text, flags=re.MULTILINE):
        name = block.split("\n", 1)[0]
        predicates = re.findall(r"^    (\S+) ", block, flags=re.MULTILINE)
        assert predicates[:4] == HEAD, f"{name}: starts with {predicates[:4]}"
        assert predicates[4] in TARGETS, f"{name}: the target comes after the severity"
        rest = predicates[5:]
        if "sh:path" in rest:
            assert rest.index("sh:path") == 0, f"{name}: the path comes right after the target"


def test_chkg_terms_in_shapes_are_defined_by_the_ontology() -> None:
    """A typo in a chkg: term of a shape would make the shape check nothing."""
    ontology = ontology_graph()
    defined = set(ontology.subjects(RDFS.isDefinedBy, None)) | {ONTOLOGY_IRI, SHAPES_IRI}
    used = {
        term
        for triple in shapes_graph()
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(str(CHKG)) and not str(term).startswith(str(CHSH))
    }
    assert used, "the shapes use chkg: terms"
    assert used <= defined, f"not defined in ontology/chkg.ttl: {sorted(used - defined)}"


def _sh_in(shape: URIRef) -> set[Node]:
    graph = shapes_graph()
    return set(Collection(graph, graph.value(shape, SH["in"])))


def test_relation_list_is_the_influence_family() -> None:
    """chsh:Influence_relation lists chkg:influences and every rdfs:subPropertyOf* of it in the ontology."""
    family = set(ontology_graph().transitive_subjects(RDFS.subPropertyOf, CHKG.influences))
    assert _sh_in(CHSH.Influence_relation) == family


@pytest.mark.parametrize(
    ("shape", "cls"),
    [
        (CHSH.Influence_sign, CHKG.Sign),
        (CHSH.Influence_claimType, CHKG.ClaimType),
        (CHSH.Influence_certainty, CHKG.CertaintyLevel),
        (CHSH.Influence_certaintyOverride, CHKG.CertaintyLevel),
        (CHSH.Source_sourceType, CHKG.SourceType),
        (CHSH.Outcome_desirableDirection, CHKG.OutcomeDirection),
    ],
)
def test_closed_sets_match_the_ontology(shape: URIRef, cls: URIRef) -> None:
    """The sh:in lists of the closed sets (signs, claim types, certainty levels...) are the owl:oneOf of their classes."""
    ontology = ontology_graph()
    one_of = set(Collection(ontology, ontology.value(cls, OWL.oneOf)))
    assert _sh_in(shape) == one_of


def test_shapes_header() -> None:
    graph = shapes_graph()
    header = SHAPES_IRI
    DCTERMS = Namespace("http://purl.org/dc/terms/")
    assert (header, RDF.type, OWL.Ontology) in graph
    assert str(graph.value(header, OWL.versionInfo)) == "0.2.0"
    assert graph.value(header, OWL.versionIRI) == URIRef(f"{header}/0.2.0")
    assert graph.value(header, OWL.priorVersion) == URIRef(f"{header}/0.1.0")
    assert str(graph.value(header, DCTERMS.creator)) == "creative-health-kg contributors"
    assert graph.value(header, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert graph.value(header, DCTERMS.title) is not None
    assert graph.value(header, DCTERMS.description) is not None
    assert (None, OWL.imports, None) not in graph


# -- Every shape against its fixtures ------------------------------------------


def test_every_fixture_belongs_to_a_shape() -> None:
    """A fixture left behind by a renamed shape would test nothing."""
    names = set(SHAPE_NAMES)
    for path in FIXTURES.glob("*.ttl"):
        shape, _, kind = path.name.removesuffix(".ttl").rpartition(".")
        if kind in ("pass", "fail"):
            assert shape in names, f"{path.name}: no shape chsh:{shape}"


@pytest.mark.parametrize("name", SHAPE_NAMES)
def test_shape_has_a_passing_and_a_failing_fixture(name: str) -> None:
    for kind in ("pass", "fail"):
        assert fixture_path(name, kind).is_file(), f"write tests/fixtures/shapes/{name}.{kind}.ttl"


@pytest.mark.parametrize("name", SHAPE_NAMES)
def test_shape_accepts_its_passing_fixture(name: str) -> None:
    path = fixture_path(name, "pass")
    if not path.is_file():
        pytest.fail(f"write tests/fixtures/shapes/{name}.pass.ttl")
    fired = [r for r in results_of(path) if r.shape == CHSH[name]]
    assert not fired, f"chsh:{name} fires on its passing fixture: {fired}"


@pytest.mark.parametrize("name", SHAPE_NAMES)
def test_shape_rejects_its_failing_fixture(name: str) -> None:
    path = fixture_path(name, "fail")
    if not path.is_file():
        pytest.fail(f"write tests/fixtures/shapes/{name}.fail.ttl")
    shape = CHSH[name]
    fired = [r for r in results_of(path) if r.shape == shape]
    assert fired, f"chsh:{name} does not fire on its failing fixture"
    message = str(shapes_graph().value(shape, SH.message))
    severity = shapes_graph().value(shape, SH.severity)
    for result in fired:
        assert result.message == message
        assert result.severity == severity
    # Exactly the chkg:fail-* nodes (and blank nodes) are reported.
    fixture = Graph().parse(path, format="turtle")
    expected = {s for s in fixture.subjects() if isinstance(s, URIRef) and str(s).startswith(str(CHKG["fail-"]))}
    focus = {r.focus for r in fired}
    assert expected <= focus, f"not reported: {sorted(expected - focus)}"
    unexpected = {f for f in focus - expected if not isinstance(f, BNode)}
    assert not unexpected, f"reported but not chkg:fail-*: {sorted(unexpected)}"


# -- The data model's own example ----------------------------------------------


def test_the_data_model_example_has_no_violation() -> None:
    """docs/ARCHITECTURE.md's example, in the evidence model, breaks no shape.

    It weakens one: chkg:burnout is an outcome that nothing in the example leads to.
    """
    results = results_of(FIXTURES / "example.ttl")
    assert [r for r in results if r.severity == SH.Violation] == []
    assert {(r.shape, r.focus) for r in results} == {
        (CHSH.Outcome_influencedBy_recommended, CHKG.burnout),
    }


def test_the_data_model_example_is_the_one_in_the_architecture_notes() -> None:
    """The fixture's Turtle, from its PREFIX lines, is the block under "Data model" in docs/ARCHITECTURE.md."""
    fixture = (FIXTURES / "example.ttl").read_text(encoding="utf-8")
    notes = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    block = re.search(r"## Data model \(what a curated file holds\)\n\n```turtle\n(.*?)```", notes, flags=re.DOTALL)
    assert block is not None
    assert block[1] == fixture[fixture.index("PREFIX chkg:"):]


# -- The engines chkg validate may run -----------------------------------------

FIXTURE_FILES = sorted(FIXTURES.glob("*.ttl"))


def _rows(report: Graph) -> Counter[tuple[Node | None, ...]]:
    """Results compared across engines: shape, focus (blank nodes as None), severity, message, component."""
    rows: Counter[tuple[Node | None, ...]] = Counter()
    for result in report.objects(None, SH.result):
        focus = report.value(result, SH.focusNode)
        rows[
            (
                report.value(result, SH.sourceShape),
                None if isinstance(focus, BNode) else focus,
                report.value(result, SH.resultSeverity),
                report.value(result, SH.resultMessage),
                report.value(result, SH.sourceConstraintComponent),
            )
        ] += 1
    return rows


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=[p.name for p in FIXTURE_FILES])
def test_pyshacl_turbo_agrees_with_pyshacl_on_fixture(path: Path) -> None:
    """chkg validate prefers pyshacl-turbo: on every fixture it must report what pySHACL reports."""
    pytest.importorskip("pyshacl_turbo")
    reports = [_rows(report_of(path, engine)) for engine in ("pyshacl", "pyshacl-turbo")]
    assert reports[0] == reports[1]


@pytest.mark.parametrize("engine", ["pyshacl", "pyshacl-turbo"])
def test_chkg_validate_reports_a_shape_at_its_line(engine: str) -> None:
    """Through chkg.validate: each failing claim is reported with the shape's message, at its own line."""
    validate = pytest.importorskip("chkg.validation.validator")
    if engine == "pyshacl-turbo":
        pytest.importorskip("pyshacl_turbo")
    path = fixture_path("Influence_quote", "fail")
    report = validate.validate([path], engine=engine)
    assert report.engine == engine
    message = str(shapes_graph().value(CHSH.Influence_quote, SH.message))
    found = {
        (r.focus, r.line)
        for r in report.results
        if r.source_shape == "chsh:Influence_quote"
        and r.message == message
        and r.severity is validate.Severity.VIOLATION
        and Path(r.file or "").resolve() == path.resolve()
    }
    lines = path.read_text(encoding="utf-8").splitlines()
    expected = {
        (str(CHKG[line.removeprefix("chkg:")]), number)
        for number, line in enumerate(lines, start=1)
        if line.startswith("chkg:fail-")
    }
    assert found == expected
