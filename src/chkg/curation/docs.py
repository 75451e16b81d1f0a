"""``chkg docs``: the ontology's reference page, generated from the ontology, shapes and data.

Three files, checked in and kept current by ``chkg docs`` (``--check`` fails
when they are stale, and a test runs it):

- ``docs/ontology.md``: for the repository;
- ``docs/ontology.html``: one self-contained page (inline style, no script,
  every text escaped by Jinja2's autoescaping);
- ``docs/context.jsonld``: the JSON-LD context of :func:`chkg.curation.export.jsonld_context`.

Each class, property and individual of ``ontology/chkg.ttl`` is listed with
its label, definition, scope note, axioms and one example from the data (the
first, in IRI order, so the page is deterministic); each SHACL shape of
``ontology/shapes.ttl`` with its name, severity, target, path, message and
an example of a node it applies to. Nothing depends on the date or the
machine, so the same files give the same page.

Examples
--------
>>> page = build_docs()
>>> sorted(path.name for path in page)
['context.jsonld', 'ontology.html', 'ontology.md']
>>> "chkg:Policy" in page[bundled_project().root / "docs" / "ontology.md"]
True
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, SH, SKOS
from rdflib.term import Node

from chkg.curation.docs_render import KindRow, OntologyDoc, Shape, Term, render_html, render_markdown
from chkg.curation.export import jsonld_context
from chkg.curation.fmt import read_turtle
from chkg.graph.loader import load
from chkg.project import ProjectPaths, bundled_project
from chkg.rdf.atomic import write_text_atomic
from chkg.rdf.shacl_path import render_path
from chkg.vocab.curies import CONVERTER
from chkg.vocab.kinds import all_kinds
from chkg.vocab.namespace import CHKG, ONTOLOGY_IRI

__all__ = ["Term", "Shape", "KindRow", "OntologyDoc", "collect", "build_docs", "write_docs", "stale_docs"]

#: The project's prefixes and the shapes' ``chsh:``, for every name the page shows.
_NAMES = CONVERTER.with_prefixes({"chsh": "https://w3id.org/creative-health-kg/shapes/"})
_SEVERITY = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}


def collect(project: ProjectPaths | None = None) -> OntologyDoc:
    """Read the ontology, the shapes (when the file exists) and the data into an :class:`OntologyDoc`."""
    project = project or bundled_project()
    ontology = read_turtle(project.ontology)
    shapes = read_turtle(project.shapes) if project.shapes.is_file() else Graph()
    data = load([project.data] if project.data.is_dir() else [])
    terms = {s for s in ontology.subjects(RDFS.isDefinedBy, ONTOLOGY_IRI) if isinstance(s, URIRef)}
    index = _DataIndex.of(data, terms | {ONTOLOGY_IRI})

    def term(iri: URIRef) -> Term:
        axioms: list[tuple[str, str]] = []
        for prop, name in (
            (RDF.type, "type"),
            (RDFS.subClassOf, "subclass of"),
            (RDFS.subPropertyOf, "subproperty of"),
            (RDFS.domain, "domain"),
            (RDFS.range, "range"),
            (OWL.inverseOf, "inverse of"),
            (CHKG.certaintyRank, "certainty rank"),
        ):
            values = sorted(_show(v) for v in ontology.objects(iri, prop))
            if values:
                axioms.append((name, ", ".join(values)))
        one_of = ontology.value(iri, OWL.oneOf)
        if one_of is not None:
            axioms.append(("one of", ", ".join(_show(v) for v in Collection(ontology, one_of))))
        return Term(
            curie=_show(iri),
            anchor=_anchor(iri),
            label=_text(ontology, iri, RDFS.label),
            definition=_text(ontology, iri, SKOS.definition),
            scope_note=_text(ontology, iri, SKOS.scopeNote),
            axioms=tuple(axioms),
            example=_example(data, iri, index, ontology),
        )

    def of_type(kind: URIRef) -> list[Term]:
        return [term(t) for t in sorted(terms) if (t, RDF.type, kind) in ontology]

    classes = of_type(OWL.Class)
    object_properties = of_type(OWL.ObjectProperty)
    datatype_properties = of_type(OWL.DatatypeProperty)
    listed = {t.curie for group in (classes, object_properties, datatype_properties) for t in group}
    individuals = [term(t) for t in sorted(terms) if _show(t) not in listed]
    doc = OntologyDoc(
        title=_text(ontology, ONTOLOGY_IRI, URIRef("http://purl.org/dc/terms/title")) or "chkg",
        version=_text(ontology, ONTOLOGY_IRI, OWL.versionInfo),
        description=_text(ontology, ONTOLOGY_IRI, URIRef("http://purl.org/dc/terms/description")),
        license=", ".join(
            str(v) for v in ontology.objects(ONTOLOGY_IRI, URIRef("http://purl.org/dc/terms/license"))
        ),
        sections=[
            ("Classes", classes),
            ("Object properties", object_properties),
            ("Datatype properties", datatype_properties),
            ("Individuals and concept schemes", individuals),
        ],
    )
    doc.shapes = _shapes(shapes, ontology, data, index)
    doc.kinds = [
        KindRow(
            name=kind.name,
            cls=_show(kind.cls),
            variants=", ".join(_show(v.cls) for v in kind.variants),
            data_file=f"data/{kind.data_file}",
            scheme=_show(kind.scheme) if kind.scheme is not None else "",
            role=kind.role.value,
        )
        for kind in all_kinds()
    ]
    return doc


def build_docs(project: ProjectPaths | None = None) -> dict[Path, str]:
    """The generated files, ``path -> text``, without writing them."""
    project = project or bundled_project()
    doc = collect(project)
    folder = project.root / "docs"
    context = {"@context": jsonld_context(read_turtle(project.ontology))}
    return {
        folder / "ontology.md": render_markdown(doc),
        folder / "ontology.html": render_html(doc),
        folder / "context.jsonld": json.dumps(context, indent=2, ensure_ascii=False) + "\n",
    }


def write_docs(project: ProjectPaths | None = None) -> list[Path]:
    """Write the generated files that changed (atomically); return the paths written."""
    written = []
    for path, text in build_docs(project).items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            write_text_atomic(path, text)
            written.append(path)
    return written


def stale_docs(project: ProjectPaths | None = None) -> list[Path]:
    """The generated files that are missing or differ from what ``chkg docs`` would write."""
    return [
        path
        for path, text in build_docs(project).items()
        if not path.is_file() or path.read_text(encoding="utf-8") != text
    ]


# -- Private helpers -----------------------------------------------------------


def _show(node: Node) -> str:
    """A CURIE that reads as a prefixed name, else ``<iri>``; a literal in Turtle form."""
    return node.n3() if isinstance(node, Literal) else _NAMES.show(node, plain=True)


def _anchor(node: Node) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", _show(node)).strip("-")


def _text(graph: Graph, node: Node, prop: URIRef) -> str:
    values = sorted(str(v) for v in graph.objects(node, prop))
    return values[0] if values else ""


def _label_of(data: Graph, node: Node) -> str:
    label = _text(data, node, RDFS.label) or _text(data, node, URIRef("http://purl.org/dc/terms/title"))
    return f"{_show(node)} “{label}”" if label else _show(node)


def _value(data: Graph, node: Node) -> str:
    if isinstance(node, URIRef):
        return _label_of(data, node)
    if isinstance(node, BNode):  # a selector, shown by its types: a blank node's id changes on every load
        return "[ a " + ", ".join(sorted(_show(t) for t in data.objects(node, RDF.type))) + " ]"
    text = str(node)
    return f"“{text[:120]}…”" if len(text) > 120 else f"“{text}”"


def _subclasses(ontology: Graph, cls: URIRef) -> set[URIRef]:
    found = {cls}
    found.update(s for s in ontology.transitive_subjects(RDFS.subClassOf, cls) if isinstance(s, URIRef))
    return found


@dataclass(frozen=True)
class _DataIndex:
    """The first subject (in IRI order) of each class, each predicate, and pointing at each object."""

    of_class: dict[URIRef, URIRef]
    of_predicate: dict[URIRef, URIRef]
    pointing_at: dict[URIRef, tuple[URIRef, URIRef]]

    @classmethod
    def of(cls, data: Graph, skip: set[URIRef]) -> _DataIndex:
        of_class: dict[URIRef, URIRef] = {}
        of_predicate: dict[URIRef, URIRef] = {}
        pointing_at: dict[URIRef, tuple[URIRef, URIRef]] = {}
        for subject, predicate, obj in sorted(data, key=lambda t: (str(t[0]), str(t[1]), str(t[2]))):
            if not isinstance(subject, URIRef) or subject in skip or not isinstance(predicate, URIRef):
                continue
            of_predicate.setdefault(predicate, subject)
            if isinstance(obj, URIRef):
                if predicate == RDF.type:
                    of_class.setdefault(obj, subject)
                pointing_at.setdefault(obj, (subject, predicate))
        return cls(of_class, of_predicate, pointing_at)

    def instance(self, classes: set[URIRef]) -> URIRef | None:
        """The first instance of any of ``classes``."""
        found = [self.of_class[c] for c in classes if c in self.of_class]
        return min(found, key=str) if found else None


def _with_value(data: Graph, subject: URIRef, path: Node | None) -> str:
    text = _label_of(data, subject)
    if isinstance(path, URIRef):
        values = sorted(data.objects(subject, path), key=lambda value: _value(data, value))
        text += f" → {_value(data, values[0])}" if values else " (no value)"
    return text


def _example(data: Graph, iri: URIRef, index: _DataIndex, ontology: Graph) -> str:
    """One use of a term in the data: an instance of a class, a triple of a property."""
    if (iri, RDF.type, OWL.Class) in ontology:
        instance = index.instance(_subclasses(ontology, iri))
        return _label_of(data, instance) if instance is not None else ""
    if (iri, RDF.type, OWL.ObjectProperty) in ontology or (iri, RDF.type, OWL.DatatypeProperty) in ontology:
        subject = index.of_predicate.get(iri)
        return _with_value(data, subject, iri) if subject is not None else ""
    pointing = index.pointing_at.get(iri)  # an individual: something that points at it
    return f"{_label_of(data, pointing[0])} {_show(pointing[1])} {_show(iri)}" if pointing else ""


def _shapes(shapes: Graph, ontology: Graph, data: Graph, index: _DataIndex) -> list[Shape]:
    found = []
    # only IRI shapes are documented; rdflib orders two URIRefs by their text, as key=str does
    iri_shapes = {
        s
        for kind in (SH.NodeShape, SH.PropertyShape)
        for s in shapes.subjects(RDF.type, kind)
        if isinstance(s, URIRef)
    }
    for shape in sorted(iri_shapes, key=str):
        targets = sorted(shapes.objects(shape, SH.targetClass), key=str)
        target_text = ", ".join(_show(t) for t in targets)
        subjects_of = sorted(shapes.objects(shape, SH.targetSubjectsOf), key=str)
        if subjects_of:
            target_text = ", ".join(filter(None, [target_text, *(f"subjects of {_show(p)}" for p in subjects_of)]))
        path = shapes.value(shape, SH.path)
        classes: set[URIRef] = set()
        for target in targets:
            if isinstance(target, URIRef):
                classes |= _subclasses(ontology, target)
        candidates = [index.instance(classes)] + [index.of_predicate.get(p) for p in subjects_of if isinstance(p, URIRef)]
        focus = min((c for c in candidates if c is not None), key=str, default=None)
        severity = shapes.value(shape, SH.severity)
        found.append(
            Shape(
                curie=_show(shape),
                anchor=_anchor(shape),
                name=_text(shapes, shape, SH.name),
                severity=_SEVERITY.get(severity, "violation") if isinstance(severity, URIRef) else "violation",
                target=target_text,
                path=render_path(shapes, path, name=_show) if path is not None else "",
                message=_text(shapes, shape, SH.message),
                example=_with_value(data, focus, path) if focus is not None else "",
            )
        )
    return found
