"""``validate()``: SHACL shapes and graph checks over the merged graph, as typed results.

What is checked, in order:

1. every file parses as strict Turtle (``check:syntax``, a Violation with line and column),
   and holds at least one triple (``check:empty-file``, a Warning);
2. the project's SHACL shapes (``ontology/shapes.ttl``) over the merged graph
   (ontology + data + materialised influence triples);
3. graph checks done in Python:

   - ``check:undefined-term``: a predicate or class in the chkg namespace that the ontology
     does not define (a typo such as ``chkg:ledto``), with the closest term as a hint;
   - ``check:dangling-reference``: a chkg IRI used as a subject or object that nothing
     defines (no ``rdf:type`` anywhere);
   - ``check:duplicate-label``: two entities of one class with the same label (case-folded);
   - ``check:quote-not-in-source``: a ``chkg:quote`` that does not stand in the text of the
     source its passage belongs to (whitespace and typographic quotes folded);
     ``check:source-text-missing`` when that text cannot be read; ``check:quote-source``
     when the cited passage leads to no ``chkg:Source``.

Each result carries the file and line where its focus node's description starts.

The SHACL engine is pyshacl-turbo (a Rust engine with pySHACL's API) when it is
installed: on ``benchmarks/bench_validate.py`` (10k triples, eight shapes, one
SPARQL constraint) it gave the same 49 results as pySHACL in 0.29 s against 11.1 s, and
it agrees with pySHACL on all 98 W3C SHACL core tests (``tests/validation/test_shacl_engine.py``).
pySHACL is the fallback when pyshacl-turbo is missing or fails.

Examples
--------
>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.ttl").write_text('''PREFIX chkg: <https://w3id.org/creative-health-kg/>
... chkg:plan a chkg:Policy ;
...     chkg:ledto chkg:wellbeing .
... ''')
>>> report = validate([folder], shapes=folder / "no-shapes.ttl")
>>> [(r.line, r.source_shape) for r in report.results if r.severity is Severity.VIOLATION]
[(2, 'check:undefined-term'), (2, 'check:dangling-reference')]
>>> report.failed(Severity.VIOLATION)
True
"""

from __future__ import annotations

import difflib
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from enum import Enum
from pathlib import Path
from typing import Any, Literal, TypeGuard

from rdflib import RDF, RDFS, BNode, Graph, Literal as RdfLiteral, Namespace, URIRef
from rdflib.term import Node

from chkg.graph.loader import LoadResult, PositionIndex, load_files, materialise_influences
from chkg.vocab.namespace import CHKG, CHKG_NS, ONTOLOGY_IRI, PREFIXES, curie
from chkg.project import ProjectPaths, bundled_project
from chkg.graph.quotes import SourceTexts, fold, source_of
from chkg.rdf.turtle import parse_turtle_file

__all__ = [
    "Severity",
    "Engine",
    "EngineName",
    "ValidationResult",
    "ValidationReport",
    "validate",
    "run_shacl",
]

_SH = Namespace("http://www.w3.org/ns/shacl#")
_NS = str(CHKG_NS)
_ONTOLOGY = str(ONTOLOGY_IRI)
_IRI_SCHEMES = ("http://", "https://", "urn:", "file:")
#: Prefixes for CURIEs in messages: the project's, plus its shapes' and SHACL's.
_CURIE_PREFIXES = {**PREFIXES, "chsh": _NS + "shapes/", "sh": str(_SH)}


class Severity(Enum):
    """How much a result matters; ordered VIOLATION > WARNING > INFO.

    Examples
    --------
    >>> Severity.from_shacl(URIRef("http://www.w3.org/ns/shacl#Warning"))
    <Severity.WARNING: 'warning'>
    >>> Severity.VIOLATION.rank > Severity.WARNING.rank
    True
    """

    VIOLATION = "violation"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """3 for violations, 2 for warnings, 1 for infos."""
        return {"violation": 3, "warning": 2, "info": 1}[self.value]

    @classmethod
    def from_shacl(cls, iri: Node | None) -> Severity:
        """The severity of ``sh:Violation``, ``sh:Warning`` or ``sh:Info`` (anything else: violation)."""
        if not isinstance(iri, URIRef):
            return cls.VIOLATION
        return {_SH.Warning: cls.WARNING, _SH.Info: cls.INFO}.get(iri, cls.VIOLATION)


class Engine(Enum):
    """The SHACL engines :func:`validate` can run."""

    PYSHACL = "pyshacl"
    TURBO = "pyshacl-turbo"


#: An engine by name, as the CLI passes it.
EngineName = Literal["pyshacl", "pyshacl-turbo"]


@dataclass(frozen=True)
class ValidationResult:
    """One finding: what is wrong, where, and which shape or check found it.

    Attributes
    ----------
    severity
        Violation, warning or info.
    message
        What is wrong and how to fix it.
    focus
        The node the finding is about (IRI, or ``_:id`` for a blank node), if any.
    path
        The property concerned (an IRI, or a SPARQL-style path), if any.
    file, line, column
        Where the focus node's description starts (column only for syntax problems).
    source_shape
        The SHACL shape (a CURIE) or, for the checks done in Python, the check id
        (``check:dangling-reference``).

    Examples
    --------
    >>> r = ValidationResult(Severity.WARNING, "the file holds no triple", file="a.ttl", line=1,
    ...                      source_shape="check:empty-file")
    >>> r.to_dict()["severity"]
    'warning'
    """

    severity: Severity
    message: str
    focus: str | None = None
    path: str | None = None
    file: str | None = None
    line: int | None = None
    column: int | None = None
    source_shape: str = ""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


@dataclass(frozen=True)
class ValidationReport:
    """Every result of a validation run, sorted violations first, then by file and line.

    Attributes
    ----------
    results
        The findings.
    files
        The files validated, in order.
    triples
        How many triples the merged graph held (influences materialised).
    engine
        The SHACL engine that ran (``""`` when no shapes were applied).

    Examples
    --------
    >>> report = ValidationReport((ValidationResult(Severity.WARNING, "w"),))
    >>> report.conforms, report.counts[Severity.WARNING]
    (True, 1)
    >>> report.failed(Severity.VIOLATION), report.failed(Severity.WARNING)
    (False, True)
    """

    results: tuple[ValidationResult, ...] = ()
    files: tuple[str, ...] = ()
    triples: int = 0
    engine: str = ""

    @property
    def conforms(self) -> bool:
        """True when no result is a violation."""
        return not any(r.severity is Severity.VIOLATION for r in self.results)

    @property
    def counts(self) -> dict[Severity, int]:
        """How many results of each severity."""
        counts = dict.fromkeys(Severity, 0)
        for result in self.results:
            counts[result.severity] += 1
        return counts

    def failed(self, fail_on: Severity = Severity.VIOLATION) -> bool:
        """True when a result is at least as severe as ``fail_on``."""
        return any(r.severity.rank >= fail_on.rank for r in self.results)

    def to_json(self, *, cwd: Path | None = None) -> str:
        """The report as JSON (files relative to ``cwd`` when they are under it)."""
        results = []
        for result in self.results:
            data = result.to_dict()
            data["file"] = _display_path(result.file, cwd)
            results.append(data)
        document = {
            "conforms": self.conforms,
            "engine": self.engine,
            "counts": {severity.value: n for severity, n in self.counts.items()},
            "files": [_display_path(f, cwd) for f in self.files],
            "triples": self.triples,
            "results": results,
        }
        return json.dumps(document, indent=2, ensure_ascii=False)

    def to_sarif(self, *, cwd: Path | None = None) -> str:
        """The report as SARIF 2.1.0, for code-scanning tools."""
        from chkg import __version__

        levels = {Severity.VIOLATION: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
        rules = sorted({r.source_shape for r in self.results if r.source_shape})
        results = []
        for result in self.results:
            entry: dict[str, Any] = {
                "ruleId": result.source_shape or "shacl",
                "level": levels[result.severity],
                "message": {"text": _with_focus(result)},
            }
            if result.file:
                region: dict[str, int] = {"startLine": result.line or 1}
                if result.column:
                    region["startColumn"] = result.column
                entry["locations"] = [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": _display_path(result.file, cwd)},
                            "region": region,
                        }
                    }
                ]
            results.append(entry)
        document = {
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "chkg validate",
                            "version": __version__,
                            "rules": [{"id": rule} for rule in rules],
                        }
                    },
                    "results": results,
                }
            ],
        }
        return json.dumps(document, indent=2, ensure_ascii=False)

    def to_text(self, *, cwd: Path | None = None) -> str:
        """Plain text: one line per result, grouped by severity, then a summary line.

        Each line reads ``file:line: severity: message [focus node, path]``; syntax problems
        read ``file:line:column: error: message``. Files are shown relative to ``cwd``.
        """
        lines: list[str] = []
        counts = self.counts
        for severity in Severity:
            group = [r for r in self.results if r.severity is severity]
            if not group:
                continue
            lines.append(f"{_plural(counts[severity], severity.value)}:")
            lines.extend(_text_line(result, cwd) for result in group)
            lines.append("")
        status = "FAILED" if not self.conforms else "passed"
        summary = ", ".join(_plural(counts[s], s.value) for s in Severity)
        engine = f", SHACL engine {self.engine}" if self.engine else ""
        lines.append(
            f"chkg validate {status}: {summary} "
            f"({_plural(len(self.files), 'file')}, {_plural(self.triples, 'triple')}{engine})"
        )
        return "\n".join(lines)


def validate(
    paths: Sequence[Path | str] | None = None,
    *,
    engine: Engine | EngineName | None = None,
    shapes: Path | None = None,
    project: ProjectPaths | None = None,
) -> ValidationReport:
    """Validate Turtle files against the project's shapes and the graph checks.

    Parameters
    ----------
    paths
        Turtle files or folders of them (searched recursively); default: the project's
        ``data/``. The project's ontology is always loaded.
    engine
        The SHACL engine; default pyshacl-turbo when installed, else pySHACL.
    shapes
        The SHACL shapes file; default the project's ``ontology/shapes.ttl``. When it does
        not exist, SHACL is skipped and an info result says so.

    Returns
    -------
    ValidationReport
        Every finding, located at file and line.

    Raises
    ------
    InputFileError
        A path does not exist (a usage error, exit code 2).

    Examples
    --------
    >>> report = validate([])
    >>> report.conforms, report.files[0].endswith("chkg.ttl")
    (True, True)
    """
    project = project or bundled_project()
    loaded = load_files(paths, project=project)
    graph = loaded.graph
    results: list[ValidationResult] = [
        ValidationResult(Severity.VIOLATION, p.message, file=p.file, line=p.line, column=p.column,
                         source_shape="check:syntax")
        for p in loaded.problems
    ]
    results.extend(
        ValidationResult(Severity.WARNING, "the file holds no triple: describe something in it or delete it",
                         file=str(f), line=1, source_shape="check:empty-file")
        for f in loaded.empty
    )
    locator = _Locator(loaded)
    # the graph checks look at what the curators wrote, before materialisation adds flat edges
    results.extend(_undefined_terms(graph, locator))
    results.extend(_dangling_references(graph, locator))
    results.extend(_duplicate_labels(graph, locator))
    results.extend(_quotes(graph, locator, _sources_dirs(loaded.files, project.sources)))
    materialise_influences(graph)

    shapes_path = shapes if shapes is not None else project.shapes
    used_engine = ""
    if not shapes_path.exists():
        results.append(ValidationResult(Severity.INFO, f"no shapes file at {shapes_path}: SHACL shapes were not applied",
                                        file=str(shapes_path), source_shape="check:shapes"))
    else:
        parsed = parse_turtle_file(shapes_path)
        if parsed.problem is not None:
            p = parsed.problem
            results.append(ValidationResult(Severity.VIOLATION, p.message, file=p.file, line=p.line,
                                            column=p.column, source_shape="check:syntax"))
        else:
            shapes_graph = Graph(bind_namespaces="none")
            shapes_graph.addN((s, p_, o, shapes_graph) for s, p_, o in parsed.triples)
            shacl_results, used_engine, note = run_shacl(graph, shapes_graph, engine=engine)
            results.extend(_from_shacl(r, locator) for r in shacl_results)
            if note:
                results.append(ValidationResult(Severity.INFO, note, source_shape="check:shapes"))
    order = {str(f): i for i, f in enumerate(loaded.files)}
    results.sort(key=lambda r: (-r.severity.rank, order.get(r.file or "", len(order)), r.file or "",
                                r.line or 0, r.column or 0, r.message))
    return ValidationReport(tuple(results), tuple(str(f) for f in loaded.files), len(graph), used_engine)


@dataclass(frozen=True)
class _ShaclResult:
    severity: Severity
    message: str
    focus: Node | None
    path: str | None
    shape: str
    value: Node | None = None


def run_shacl(
    data: Graph, shapes: Graph, *, engine: Engine | EngineName | None = None
) -> tuple[list[_ShaclResult], str, str]:
    """Run SHACL ``shapes`` over ``data``; fall back to pySHACL if pyshacl-turbo fails.

    Returns
    -------
    tuple
        The results, the engine that produced them, and a note (empty, or why the fallback ran).

    Examples
    --------
    >>> shapes = Graph().parse(data='''@prefix sh: <http://www.w3.org/ns/shacl#> .
    ... <http://e/S> a sh:NodeShape ; sh:targetNode <http://e/a> ;
    ...     sh:property [ sh:path <http://e/p> ; sh:minCount 1 ; sh:message "needs p"@en ] .''', format="turtle")
    >>> results, used, note = run_shacl(Graph(), shapes, engine="pyshacl")
    >>> [(r.message, r.path, r.shape) for r in results], used
    ([('needs p', 'http://e/p', 'http://e/S')], 'pyshacl')
    """
    chosen = Engine(engine) if engine is not None else _default_engine()
    note = ""
    if chosen is Engine.TURBO:
        try:
            import pyshacl_turbo

            _, report, _ = pyshacl_turbo.validate(data, shacl_graph=shapes, advanced=True, allow_warnings=True,
                                                  allow_infos=True)
            return _shacl_results(report, shapes), chosen.value, note
        except Exception as exc:  # any engine failure: fall back to the reference engine
            note = f"pyshacl-turbo failed ({exc.__class__.__name__}: {exc}); validated with pySHACL instead"
    import pyshacl

    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, advanced=True, allow_warnings=True, allow_infos=True)
    return _shacl_results(report, shapes), Engine.PYSHACL.value, note


# -- Private helpers -----------------------------------------------------------


def _default_engine() -> Engine:
    import importlib.util

    return Engine.TURBO if importlib.util.find_spec("pyshacl_turbo") is not None else Engine.PYSHACL


def _curie(node: Node | str | None) -> str:
    """``chkg:x`` (also ``chsh:``, ``sh:``) under a known prefix, ``<iri>`` otherwise, ``_:id`` for blank nodes."""
    return curie(node, _CURIE_PREFIXES)


def _node_str(node: Node | None) -> str | None:
    if node is None:
        return None
    return f"_:{node}" if isinstance(node, BNode) else str(node)


class _Locator:
    """Find the file and line of a node: its own description, else a subject that refers to it."""

    def __init__(self, loaded: LoadResult) -> None:
        self.graph = loaded.graph
        self.positions: PositionIndex = loaded.positions
        self.order = {f: i for i, f in enumerate(loaded.files)}
        self.origins = loaded.origins

    def locate_triple(self, subject: Node, predicate: Node, obj: Node) -> tuple[str | None, int | None]:
        """The line of ``subject`` in the file that states the triple, else :meth:`locate`."""
        file = self.origins.get((subject, predicate, obj))
        position = self.positions.in_file(subject, file) if file is not None else None
        if position is None:
            return self.locate(subject)
        return str(position.file), position.line

    def locate(self, node: Node | None) -> tuple[str | None, int | None]:
        if node is None:
            return None, None
        position = self.positions.get(node)
        if position is None:
            referrers = [s for s in self.graph.subjects(None, node) if s in self.positions]
            if not referrers:
                return None, None
            position = min((self.positions[s] for s in referrers), key=self.sort_key)
        return str(position.file), position.line

    def sort_key(self, position: Any) -> tuple[int, int]:
        return self.order.get(position.file, len(self.order)), position.line

    def result(self, severity: Severity, message: str, *, focus: Node | None, check: str,
               path: Node | None = None, value: Node | None = None) -> ValidationResult:
        if focus is not None and path is not None and value is not None:
            file, line = self.locate_triple(focus, path, value)
        else:
            file, line = self.locate(focus)
        return ValidationResult(severity, message, _node_str(focus), _node_str(path), file, line, None, check)


def _in_namespace(node: Node) -> TypeGuard[URIRef]:
    return isinstance(node, URIRef) and str(node).startswith(_NS) and not str(node).startswith(_ONTOLOGY)


def _ontology_terms(graph: Graph) -> set[URIRef]:
    return {s for s in graph.subjects(RDFS.isDefinedBy, ONTOLOGY_IRI) if isinstance(s, URIRef)}


def _hint(node: Node, candidates: Iterable[Node]) -> str:
    names = {str(c)[len(_NS):]: c for c in candidates if _in_namespace(c)}
    local = str(node)[len(_NS):]
    close = difflib.get_close_matches(local, list(names), n=1, cutoff=0.75)
    if not close:
        lowered = {n.lower(): n for n in names}
        close = [lowered[local.lower()]] if local.lower() in lowered else []
    return f"; did you mean {_curie(names[close[0]])}?" if close else ""


def _undefined_terms(graph: Graph, locator: _Locator) -> list[ValidationResult]:
    terms = _ontology_terms(graph)
    classes = {t for t in terms if str(t)[len(_NS):][:1].isupper()}
    properties = terms - classes
    results = []
    seen: set[tuple[Node, Node]] = set()
    for s, p, o in graph:
        if _in_namespace(p) and p not in terms and (s, p) not in seen:
            seen.add((s, p))
            results.append(locator.result(
                Severity.VIOLATION,
                f"{_curie(p)} is not a property of the ontology{_hint(p, properties)} "
                "(use a property defined in ontology/chkg.ttl)",
                focus=s, path=p, value=o, check="check:undefined-term"))
        if p == RDF.type and _in_namespace(o) and o not in terms and (s, o) not in seen:
            seen.add((s, o))
            results.append(locator.result(
                Severity.VIOLATION,
                f"{_curie(o)} is not a class of the ontology{_hint(o, classes)} "
                "(use a class defined in ontology/chkg.ttl)",
                focus=s, path=RDF.type, value=o, check="check:undefined-term"))
    return results


def _dangling_references(graph: Graph, locator: _Locator) -> list[ValidationResult]:
    defined = {s for s in graph.subjects(RDF.type, None)}
    terms = _ontology_terms(graph)
    uses: dict[URIRef, list[tuple[Node, Node]]] = defaultdict(list)  # node -> [(subject, predicate)]
    undescribed: set[URIRef] = set()
    for s, p, o in graph:
        if p == RDF.type:
            continue  # a typed subject is defined; unknown classes are check:undefined-term
        if _in_namespace(s) and s not in defined:
            undescribed.add(s)
        if _in_namespace(o) and o not in defined and o not in terms:
            uses[o].append((s, p))
    results = []
    candidates = defined | terms
    for node, refs in sorted(uses.items()):
        if node in undescribed:
            continue  # reported once below, as a subject without a type
        subject, predicate = min(refs, key=lambda ref: _sort_position(locator, ref[0]))
        more = f" (and {len(refs) - 1} other uses)" if len(refs) > 1 else ""
        results.append(locator.result(
            Severity.VIOLATION,
            f"{_curie(node)} is used but never defined{more}: describe it with a type and a label, "
            f"or fix the reference{_hint(node, candidates)}",
            focus=subject, path=predicate, value=node, check="check:dangling-reference"))
    for node in sorted(undescribed):
        results.append(locator.result(
            Severity.VIOLATION,
            f"{_curie(node)} has no rdf:type: add `a chkg:<Class>` to its description",
            focus=node, check="check:dangling-reference"))
    return results


def _sort_position(locator: _Locator, node: Node) -> tuple[int, int]:
    position = locator.positions.get(node)
    return locator.sort_key(position) if position is not None else (len(locator.order), 0)


def _duplicate_labels(graph: Graph, locator: _Locator) -> list[ValidationResult]:
    groups: dict[tuple[Node, str], dict[Node, Node]] = defaultdict(dict)  # -> {entity: label}
    for entity, label in graph.subject_objects(RDFS.label):
        if not isinstance(label, RdfLiteral):
            continue
        for cls in graph.objects(entity, RDF.type):
            groups[(cls, fold(str(label)).casefold())].setdefault(entity, label)
    results = []
    for (cls, _), entities in sorted(groups.items()):
        if len(entities) < 2:
            continue
        ordered = sorted(entities, key=lambda e: (_sort_position(locator, e), str(e)))
        first = ordered[0]
        first_file, first_line = locator.locate(first)
        where = f" ({_display_path(first_file, None)}:{first_line})" if first_file else ""
        for other in ordered[1:]:
            results.append(locator.result(
                Severity.VIOLATION,
                f'label "{entities[other]}" is used by both {_curie(first)}{where} and {_curie(other)}, '
                f"two {_curie(cls)}: labels must be unique per class; rename one, or merge them if "
                "they are the same thing",
                focus=other, path=RDFS.label, value=entities[other], check="check:duplicate-label"))
    return results


def _sources_dirs(files: Sequence[Path], project_sources: Path) -> list[Path]:
    """Folders to search for source texts: ``sources/`` near each loaded file, then the project's."""
    found: list[Path] = []
    for file in files:
        parent = file.resolve().parent
        candidates = [parent] if parent.name == "sources" else []
        candidates += [ancestor / "sources" for ancestor in [parent, *parent.parents][:3]]
        for candidate in candidates:
            if candidate.is_dir() and candidate not in found:
                found.append(candidate)
    if project_sources.resolve() not in found:
        found.append(project_sources.resolve())
    return found


def _quotes(graph: Graph, locator: _Locator, sources_dirs: list[Path]) -> list[ValidationResult]:
    claims = sorted(set(graph.subjects(CHKG.quote, None)), key=str)
    if not claims:
        return []
    texts = SourceTexts.from_graph(graph, sources_dirs)
    results = []
    reported: set[Node] = set()
    for claim in claims:
        for passage in graph.objects(claim, CHKG.citesPassage):
            source = source_of(graph, passage)
            if source is None:
                results.append(locator.result(
                    Severity.VIOLATION,
                    f"the passage {_curie(passage)} is not part of any chkg:Source, so the quote cannot be "
                    "checked: link it with dcterms:isPartOf to a section of a source",
                    focus=claim, path=CHKG.citesPassage, value=passage, check="check:quote-source"))
                continue
            if source not in texts.texts:
                if source not in reported:
                    reported.add(source)
                    name = texts.missing.get(source)
                    problem = (f'its text file "{name}" is not found (or not UTF-8) under data/sources/'
                               if name is not None else "it has no chkg:textFile")
                    results.append(locator.result(
                        Severity.VIOLATION,
                        f"quotes citing {_curie(source)} cannot be checked: {problem}; add the source text "
                        "under data/sources/ and name it with chkg:textFile",
                        focus=source, path=CHKG.textFile, check="check:source-text-missing"))
                continue
            for quote in graph.objects(claim, CHKG.quote):
                if not isinstance(quote, RdfLiteral) or not fold(str(quote)):
                    continue  # an empty quote is the shapes' business
                if not texts.contains(source, str(quote)):
                    shown = fold(str(quote))
                    shown = shown if len(shown) <= 80 else shown[:77] + "..."
                    results.append(locator.result(
                        Severity.VIOLATION,
                        f'the quote "{shown}" is not in the text of {_curie(source)} '
                        f"({_display_path(str(texts.files[source]), None)}): copy the words verbatim from the "
                        "source (only whitespace and typographic quotes are folded)",
                        focus=claim, path=CHKG.quote, value=quote, check="check:quote-not-in-source"))
    return results


def _shacl_results(report: Graph, shapes: Graph) -> list[_ShaclResult]:
    results = []
    for node in report.subjects(RDF.type, _SH.ValidationResult):
        messages = list(report.objects(node, _SH.resultMessage))
        english = [m for m in messages if isinstance(m, RdfLiteral) and m.language in (None, "en")]
        component = report.value(node, _SH.sourceConstraintComponent)
        value = report.value(node, _SH.value)
        if english or messages:
            message = str(sorted(english or messages, key=str)[0])
        else:
            name = str(component).rsplit("#", 1)[-1].removesuffix("ConstraintComponent") if component else "shape"
            message = f"{name} constraint not met" + (f" by {_curie(value)}" if value is not None else "")
        shape = report.value(node, _SH.sourceShape)
        if isinstance(shape, BNode):
            parent = shapes.value(None, _SH.property, shape)
            shape_name = _node_str(parent) if isinstance(parent, URIRef) else None
            shape = URIRef(shape_name) if shape_name else None
        results.append(_ShaclResult(
            Severity.from_shacl(report.value(node, _SH.resultSeverity)),
            message,
            report.value(node, _SH.focusNode),
            _render_path(report, report.value(node, _SH.resultPath)),
            str(shape) if shape is not None else (str(component) if component else "shacl"),
            value,
        ))
    return results


def _render_path(graph: Graph, path: Node | None, depth: int = 0) -> str | None:
    """A SHACL path as a string: the IRI of a predicate, SPARQL syntax with CURIEs otherwise."""
    if path is None:
        return None
    if isinstance(path, URIRef):
        return str(path) if depth == 0 else _curie(path)
    if depth > 8:
        return "..."
    inverse = graph.value(path, _SH.inversePath)
    if inverse is not None:
        return "^" + (_render_path(graph, inverse, depth + 1) or "")
    for predicate, suffix in ((_SH.zeroOrMorePath, "*"), (_SH.oneOrMorePath, "+"), (_SH.zeroOrOnePath, "?")):
        inner = graph.value(path, predicate)
        if inner is not None:
            return f"({_render_path(graph, inner, depth + 1)}){suffix}"
    alternatives = graph.value(path, _SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_render_path(graph, p, depth + 1) or "" for p in graph.items(alternatives)) + ")"
    if graph.value(path, RDF.first) is not None:
        return "/".join(_render_path(graph, p, depth + 1) or "" for p in graph.items(path))
    return f"_:{path}"


def _from_shacl(result: _ShaclResult, locator: _Locator) -> ValidationResult:
    if result.focus is not None and result.value is not None and result.path and result.path.startswith(_IRI_SCHEMES):
        file, line = locator.locate_triple(result.focus, URIRef(result.path), result.value)
    else:
        file, line = locator.locate(result.focus)
    shape = _curie(result.shape) if result.shape.startswith(_IRI_SCHEMES) else result.shape
    return ValidationResult(result.severity, result.message, _node_str(result.focus), result.path, file, line,
                            None, shape)


def _display_path(file: str | None, cwd: Path | None) -> str | None:
    """``file`` relative to ``cwd`` (default: the current folder) when it is under it."""
    if file is None:
        return None
    base = (cwd or Path.cwd()).resolve()
    try:
        return Path(file).resolve().relative_to(base).as_posix()
    except ValueError:
        return file


def _with_focus(result: ValidationResult) -> str:
    parts = [_curie(p) if p.startswith(_IRI_SCHEMES) else p for p in (result.focus, result.path) if p]
    return result.message + (f" [{', '.join(parts)}]" if parts else "")


def _text_line(result: ValidationResult, cwd: Path | None) -> str:
    file = _display_path(result.file, cwd) or "<graph>"
    if result.source_shape == "check:syntax":
        return f"{file}:{result.line}:{result.column}: error: {result.message}"
    where = f"{file}:{result.line}" if result.line else file
    return f"{where}: {result.severity.value}: {_with_focus(result)}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
