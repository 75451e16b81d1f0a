"""The SHACL engines: pyshacl-turbo fed the store's N-Triples, or pySHACL (the reference), bounded.

pyshacl-turbo (a Rust engine with pySHACL's API) is given every file's triples as N-Triples
text, literals as written, parsed in Rust, so no rdflib graph of the data is built; pySHACL
needs an rdflib graph (:meth:`chkg.graph.store.GraphStore.to_rdflib`). Both agree with each other
on all 98 W3C SHACL core tests (``tests/validation/test_shacl_engine.py``, turbo also fed as chkg
feeds it). Measured on the generated 1M-triple checkout (2-core machine, ``benchmarks.generate``):
pyshacl-turbo on the store 36 s, against 162-183 s on an rdflib graph and 362 s for pySHACL.

pySHACL runs Python regular expressions, which can backtrack for ever on a pattern such as
``(a+)+$``: its run is bounded by :data:`PYSHACL_TIMEOUT` seconds (raise it with ``timeout``).
On the main thread a ``SIGALRM`` timer stops it; a signal can only reach the main thread, so
elsewhere (a server's worker, a thread pool) pySHACL runs in a forked child process that is
killed at the deadline, and only the report's triples come back.

Examples
--------
>>> from rdflib import Graph
>>> shapes = Graph().parse(data='''@prefix sh: <http://www.w3.org/ns/shacl#> .
... <http://e/S> a sh:NodeShape ; sh:targetNode <http://e/a> ;
...     sh:property [ sh:path <http://e/p> ; sh:minCount 1 ; sh:message "needs p"@en ] .''', format="turtle")
>>> results, used, note = run_shacl(Graph(), shapes, engine="pyshacl")
>>> [(r.message, r.path, r.shape) for r in results], used
([('needs p', 'http://e/p', 'http://e/S')], 'pyshacl')
"""

from __future__ import annotations

import importlib.util
import logging
import multiprocessing
import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from multiprocessing.connection import Connection
from types import FrameType
from typing import Any, Literal

import pyshacl
import pyshacl_turbo
from pyshacl_turbo.rdf import Input as TurboInput
from rdflib import RDF, BNode, Graph, Namespace, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.term import Node

from chkg.errors import ShapesError
from chkg.validation.render import curie_of
from chkg.validation.severity import SH, Severity
from chkg.validation.shapes import check_shapes_reach

__all__ = ["Engine", "EngineName", "ShaclResult", "PYSHACL_TIMEOUT", "run_shacl", "default_engine", "quiet_rdflib",
           "turbo_on_n_triples"]

_SH = Namespace(SH)
#: Seconds pySHACL may run before it is stopped (catastrophic regular expressions).
PYSHACL_TIMEOUT = 600.0


class Engine(Enum):
    """The SHACL engines :func:`chkg.validate` can run."""

    PYSHACL = "pyshacl"
    TURBO = "pyshacl-turbo"


#: An engine by name, as the CLI passes it.
EngineName = Literal["pyshacl", "pyshacl-turbo"]


@dataclass(frozen=True)
class ShaclResult:
    """One SHACL result, before it is located in a file."""

    severity: Severity
    message: str
    focus: Node | None
    path: str | None
    shape: str
    value: Node | None = None


def default_engine() -> Engine:
    """pyshacl-turbo when it is installed, else pySHACL."""
    return Engine.TURBO if importlib.util.find_spec("pyshacl_turbo") is not None else Engine.PYSHACL


def run_shacl(
    data: Graph | str, shapes: Graph, *, engine: Engine | EngineName | None = None,
    timeout: float = PYSHACL_TIMEOUT,
) -> tuple[list[ShaclResult], str, str]:
    """Run SHACL ``shapes`` over ``data`` (an rdflib graph, or N-Triples text); fall back to pySHACL if turbo fails.

    Returns
    -------
    tuple
        The results, the engine that produced them, and a note (empty, or why the fallback ran).

    Raises
    ------
    ShapesError
        The shapes hold SPARQL nested too deep or naming SERVICE
        (:func:`~chkg.validation.shapes.check_shapes_reach`), or pySHACL did not finish within
        ``timeout`` seconds, or failed on the shapes.
    """
    # no engine sees SPARQL nested too deep or reaching outside the graph (SERVICE), whoever calls
    check_shapes_reach(shapes)
    chosen = Engine(engine) if engine is not None else default_engine()
    note = ""
    with quiet_rdflib():
        if chosen is Engine.TURBO:
            try:
                if isinstance(data, str):
                    _, report, _ = turbo_on_n_triples(data, shapes)
                else:
                    _, report, _ = pyshacl_turbo.validate(data, shacl_graph=shapes, advanced=True,
                                                          allow_warnings=True, allow_infos=True)
                if isinstance(report, Graph):
                    return _shacl_results(report, shapes), chosen.value, note
                note = f"pyshacl-turbo failed ({report}); validated with pySHACL instead"
            except Exception as exc:
                note = f"pyshacl-turbo failed ({exc.__class__.__name__}: {exc}); validated with pySHACL instead"
        graph = data if isinstance(data, Graph) else Graph().parse(data=data, format="nt")
        if timeout > 0 and threading.current_thread() is not threading.main_thread():
            report = _pyshacl_in_child(graph, shapes, timeout)
        else:
            with _deadline(timeout):
                try:
                    report = _pyshacl(graph, shapes)
                except _Timeout:
                    raise ShapesError(_stopped(timeout)) from None
    return _shacl_results(report, shapes), Engine.PYSHACL.value, note


def turbo_on_n_triples(n_triples: str, shapes: Graph, *, allow_warnings: bool = True,
                       allow_infos: bool = True) -> tuple[bool, Graph | object, str]:
    """pyshacl-turbo over N-Triples text, parsed in Rust (a plain string would go through rdflib's parser).

    Blank-node labels are kept in the report, so its focus nodes are the store's blank nodes.
    """
    data = TurboInput(n_triples, "nt", None, {}, preserve_ids=True)
    compiled = pyshacl_turbo.compile_shapes(shapes, advanced=True)  # type: ignore[no-untyped-call]
    conforms, report, text = compiled.validate(data, allow_warnings=allow_warnings, allow_infos=allow_infos)
    return bool(conforms), report, str(text)


@contextmanager
def quiet_rdflib() -> Iterator[None]:
    """Silence rdflib's tracebacks for ill-typed literals (``check:ill-typed-literal`` reports them once)."""
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


# -- Private helpers -----------------------------------------------------------


class _Timeout(Exception):
    """The deadline of :func:`_deadline` passed."""


def _stopped(timeout: float) -> str:
    return (f"pySHACL did not finish within {timeout:g} s and was stopped (a sh:pattern that backtracks, such "
            "as (a+)+$, can run for ever); simplify the pattern or use --engine pyshacl-turbo")


def _pyshacl(graph: Graph, shapes: Graph) -> Graph:
    """pySHACL's report graph; shapes it cannot apply are one :class:`ShapesError` line."""
    try:
        _, report, _ = pyshacl.validate(graph, shacl_graph=shapes, advanced=True, allow_warnings=True,
                                        allow_infos=True)
    except (ValueError, TypeError, RuntimeError, AttributeError, KeyError, re.error) as exc:
        raise ShapesError(f"pySHACL cannot apply the shapes: {str(exc).splitlines()[0] if str(exc) else exc}") \
            from None
    if not isinstance(report, Graph):
        raise ShapesError(f"pySHACL gave no report graph: {type(report).__name__}")
    return report


def _pyshacl_in_child(graph: Graph, shapes: Graph, timeout: float) -> Graph:
    """:func:`_pyshacl` in a forked child killed after ``timeout`` seconds (any thread).

    The child shares the parent's graphs as they are at the fork (nothing is serialised on
    the way in) and sends back the report's triples; its blank nodes keep their identifiers,
    so focus nodes and shapes are the parent's own.
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(graph, shapes, sender), name="chkg-pyshacl", daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise ShapesError(_stopped(timeout))
        try:
            outcome, value = receiver.recv()
        except EOFError:
            raise ShapesError(f"pySHACL stopped without a report (exit {child.exitcode})") from None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    if outcome == "error":
        raise ShapesError(str(value))
    if outcome == "raise":
        raise value
    report = Graph()
    for triple in value:
        report.add(triple)
    return report


def _child(graph: Graph, shapes: Graph, sender: Connection) -> None:
    """The forked child of :func:`_pyshacl_in_child`: one message, then exit."""
    message: tuple[str, Any]
    try:
        message = ("ok", list(_pyshacl(graph, shapes)))
    except ShapesError as exc:
        message = ("error", str(exc))
    except Exception as exc:  # handed to the parent, which raises it
        message = ("raise", exc)
    try:
        sender.send(message)
    except Exception as exc:  # an exception that cannot be pickled
        sender.send(("error", f"pySHACL failed: {type(exc).__name__}: {exc}"))
    sender.close()


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Raise :class:`_Timeout` in the block after ``seconds`` (main thread only; elsewhere no bound)."""
    if threading.current_thread() is not threading.main_thread() or seconds <= 0:
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise _Timeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _node_str(node: Node | None) -> str | None:
    if node is None:
        return None
    return f"_:{node}" if isinstance(node, BNode) else str(node)


def _shacl_results(report: Graph, shapes: Graph) -> list[ShaclResult]:
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
            message = f"{name} constraint not met" + (f" by {curie_of(value)}" if value is not None else "")
        shape = report.value(node, _SH.sourceShape)
        if isinstance(shape, BNode):
            parent = shapes.value(None, _SH.property, shape)
            shape_name = _node_str(parent) if isinstance(parent, URIRef) else None
            shape = URIRef(shape_name) if shape_name else None
        results.append(ShaclResult(
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
        return str(path) if depth == 0 else curie_of(path)
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
