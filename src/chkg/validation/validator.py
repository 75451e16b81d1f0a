"""``validate()``: syntax, SHACL shapes, graph and evidence checks over the store, as typed results.

What is checked, in order:

1. every file parses as strict Turtle (``check:syntax``, a Violation with line and column),
   and holds at least one triple (``check:empty-file``, a Warning);
2. the graph checks over what curators wrote (:mod:`chkg.validation.checks`): undefined terms,
   dangling references, duplicate labels, ill-typed literals;
3. the evidence checks (:mod:`chkg.validation.evidence`): quotes in their sources, statements'
   W3C selectors against every source's raw text, quotes inside their statements;
4. the SHACL shapes (the project's ``ontology/shapes.ttl``, or ``shapes``) over the merged graph
   (ontology + data + materialised influence triples), after checking the shapes file itself
   (:mod:`chkg.validation.shapes`); the engine is chosen in :mod:`chkg.validation.engines`.

Everything runs over one pyoxigraph store (:func:`chkg.graph.store.open_store`), in memory. With
a ``cache`` folder, a report whose inputs (every file's content, the shapes, the source texts, the
engine, chkg's version) are unchanged is read back instead of recomputed, and each file's subject
lines are kept; the store itself is read afresh, because the checks scan the whole graph and that
costs more on the on-disk store than parsing again (measured: 10 s of CPU against 5.7 s at 100k
triples after a one-file edit).

Each result carries the file and line where its focus node's description starts.

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

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.term import Node

from chkg.graph.cache import load_report, report_key, save_report
from chkg.graph.loader import expand_paths
from chkg.graph.locate import Locator, Term
from chkg.graph.reading import Progress, file_key, read_bytes
from chkg.graph.store import GraphStore, open_store
from chkg.project import ProjectPaths, bundled_project
from chkg.rdf.turtle import parse_turtle_file
from chkg.validation.checks import graph_checks
from chkg.validation.engines import (
    PYSHACL_TIMEOUT,
    Engine,
    EngineName,
    ShaclResult,
    default_engine,
    quiet_rdflib,
    run_shacl,
)
from chkg.validation.evidence import evidence_checks, sources_dirs
from chkg.validation.render import IRI_SCHEMES, curie_of
from chkg.validation.results import ValidationReport, ValidationResult
from chkg.validation.severity import Severity
from chkg.validation.shapes import check_shapes

__all__ = [
    "Severity",
    "Engine",
    "EngineName",
    "ValidationResult",
    "ValidationReport",
    "validate",
    "validate_store",
    "run_shacl",
]


def validate(
    paths: Sequence[Path | str] | None = None,
    *,
    engine: Engine | EngineName | None = None,
    shapes: Path | None = None,
    project: ProjectPaths | None = None,
    cache: Path | None = None,
    progress: Progress | None = None,
    notice: Callable[[str], None] | None = None,
    timeout: float = PYSHACL_TIMEOUT,
    phase: Callable[[str], None] | None = None,
) -> ValidationReport:
    """Validate Turtle files against the shapes and the graph and evidence checks.

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
    cache
        A cache folder (``<checkout>/.chkg-cache``); ``None`` (the default) reads everything afresh.
    progress
        Called with ``(bytes read, bytes to read)`` while files are parsed.
    notice
        Called with one line when the cache was rebuilt or could not be used.
    timeout
        Seconds pySHACL may run before it is stopped.
    phase
        Called with the name of each phase after reading (the graph checks, the evidence
        checks, the SHACL shapes) as it begins, for a progress display.

    Returns
    -------
    ValidationReport
        Every finding, located at file and line.

    Raises
    ------
    InputFileError
        A path does not exist (a usage error, exit code 2).
    ShapesError
        The shapes file cannot be applied (invalid regex, cyclic list, bad parameter...).

    Examples
    --------
    >>> report = validate([])
    >>> report.conforms, report.files[0].endswith("chkg.ttl")
    (True, True)
    """
    project = project or bundled_project()
    shapes_path = shapes if shapes is not None else project.shapes
    chosen = Engine(engine) if engine is not None else default_engine()
    key = ""
    if cache is not None:
        key = _report_key(paths, project, shapes_path, chosen)
        saved = load_report(cache, key)
        if saved is not None:
            try:
                return ValidationReport.from_dict(saved)
            except (KeyError, TypeError, ValueError):
                pass  # a damaged saved report is recomputed
    # in memory: the checks scan the whole graph, which costs more on the on-disk store than reading
    # every file again (100k triples: 10 s of CPU against 5.7 s); the cache keeps positions and reports
    with open_store(paths, project=project, cache=cache, progress=progress, notice=notice, on_disk=False) as loaded:
        report = validate_store(loaded, shapes_path, engine=chosen, sources=project.sources, timeout=timeout,
                                phase=phase)
    if cache is not None:
        save_report(cache, key, report.to_dict())
    return report


def validate_store(
    loaded: GraphStore, shapes: Path, *, engine: Engine | EngineName | None = None, sources: Path,
    timeout: float = PYSHACL_TIMEOUT, phase: Callable[[str], None] | None = None,
) -> ValidationReport:
    """Validate what is in ``loaded`` against ``shapes`` (see :func:`validate`)."""
    begin = phase or (lambda _: None)
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
    begin("checking terms, references, labels and literals")
    locator = Locator(loaded)
    results.extend(graph_checks(loaded, locator))
    files = [entry.path for entry in loaded.files]
    begin("checking quotes and selectors against the sources")
    results.extend(evidence_checks(loaded, locator, sources_dirs(files, sources)))
    used_engine = ""
    if not shapes.exists():
        results.append(ValidationResult(Severity.INFO, f"no shapes file at {shapes}: SHACL shapes were not applied",
                                        file=str(shapes), source_shape="check:shapes"))
    else:
        parsed = parse_turtle_file(shapes)
        if parsed.problem is not None:
            p = parsed.problem
            results.append(ValidationResult(Severity.VIOLATION, p.message, file=p.file, line=p.line,
                                            column=p.column, source_shape="check:syntax"))
        else:
            with quiet_rdflib():
                shapes_graph = Graph(bind_namespaces="none")
                shapes_graph.addN((s, p_, o, shapes_graph) for s, p_, o in parsed.triples)
                check_shapes(shapes_graph, parsed.prefixes)
            chosen = Engine(engine) if engine is not None else default_engine()
            begin(f"applying the SHACL shapes ({chosen.value})")
            data: Graph | str = loaded.n_triples() if chosen is Engine.TURBO else loaded.to_rdflib()
            shacl_results, used_engine, note = run_shacl(data, shapes_graph, engine=chosen, timeout=timeout)
            results.extend(_from_shacl(r, locator) for r in shacl_results)
            if note:
                results.append(ValidationResult(Severity.INFO, note, source_shape="check:shapes"))
    order = {str(f): i for i, f in enumerate(files)}
    results.sort(key=lambda r: (-r.severity.rank, order.get(r.file or "", len(order)), r.file or "",
                                r.line or 0, r.column or 0, r.message))
    return ValidationReport(tuple(results), tuple(str(f) for f in files), len(loaded), used_engine)


# -- Private helpers -----------------------------------------------------------


def _report_key(paths: Sequence[Path | str] | None, project: ProjectPaths, shapes: Path, engine: Engine) -> str:
    """A key over every input of a report: each file's content key, the shapes, the source texts, the engine."""
    files = expand_paths(paths, project=project)
    parts = [engine.value]
    for file in files:
        data = read_bytes(file)
        parts.append(file_key(file, data) if isinstance(data, bytes) else f"unreadable {file}")
    shapes_data = read_bytes(shapes)
    parts.append("shapes " + (hashlib.sha256(shapes_data).hexdigest() if isinstance(shapes_data, bytes) else "none"))
    for folder in (f for f in sources_dirs(files, project.sources) if f.is_dir()):
        for text in sorted(p for p in folder.iterdir() if p.is_file() and p.suffix != ".ttl"):
            data = read_bytes(text)
            parts.append(file_key(text, data) if isinstance(data, bytes) else f"unreadable {text}")
    return report_key(parts)


def _ox(node: Node | None) -> Term | None:
    """The pyoxigraph term for an rdflib node of a SHACL report."""
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, RdfLiteral):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        datatype = ox.NamedNode(str(node.datatype)) if node.datatype else None
        return ox.Literal(str(node), datatype=datatype)
    return None


def _from_shacl(result: ShaclResult, locator: Locator) -> ValidationResult:
    focus, value = _ox(result.focus), _ox(result.value)
    if focus is not None and value is not None and result.path and result.path.startswith(IRI_SCHEMES):
        file, line = locator.locate_triple(focus, ox.NamedNode(result.path), value)
    else:
        file, line = locator.locate(focus)
    shape = curie_of(result.shape) if result.shape.startswith(IRI_SCHEMES) else result.shape
    focus_text = None if result.focus is None else (
        f"_:{result.focus}" if isinstance(result.focus, BNode) else str(result.focus))
    return ValidationResult(result.severity, result.message, focus_text, result.path, file, line, None, shape)
