"""The embedded store: the graph in an in-memory Oxigraph store, queried within bounds.

An in-memory :class:`pyoxigraph.Store` (about an order of magnitude faster than
rdflib's memory store on the catalogue, see ``benchmarks/bench_store.py``). It
reaches nothing outside the graph: ``SERVICE``, ``LOAD`` and every other
update, and JSON-LD files with remote contexts raise
:class:`~chkg.errors.RefusedOperationError` unless ``allow_remote=True``.

Every query runs within :class:`QueryBounds`: its nesting depth is checked by
the lexer before any parser sees it, and it is parsed, planned and evaluated
in a forked child process that the parent kills at the deadline
(:func:`~chkg.sparql.bounds.call_within`), so a query Oxigraph takes long to
plan, or a cartesian product, even one under ``COUNT`` or ``ORDER BY`` that
yields nothing for a long time, ends at the time limit; rows past the row
limit end it too. Updates (only with ``allow_remote``) run in this process,
unbounded: their effect must stay in the store. Each bound is one line,
naming the option that raises it.

Examples
--------
>>> from rdflib import Graph
>>> g = Graph().parse(data="<urn:a> <urn:p> 'x' .", format="turtle")
>>> store = EmbeddedStore.from_graph(g)
>>> store.run("SELECT ?o WHERE { <urn:a> <urn:p> ?o }").rows
[(rdflib.term.Literal('x'),)]
>>> store.run("SELECT * { VALUES ?n { 1 2 3 } }", bounds=QueryBounds(max_rows=2))
Traceback (most recent call last):
...
chkg.errors.QueryLimitError: query: more than 2 rows; raise the limit with --max-rows
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import cast

import pyoxigraph as ox
from rdflib import RDFS, SKOS, Graph
from rdflib.term import Node

from chkg.errors import (
    InputFileError,
    QueryLimitError,
    QuerySyntaxError,
    RefusedOperationError,
)
from chkg.evidence.certainty import certainty_triples
from chkg.graph.loader import load
from chkg.graph.store import CERTAINTY_GRAPH, GraphStore
from chkg.project import ProjectPaths
from chkg.sparql.bounds import QueryBounds, call_within, one_line
from chkg.sparql.checks import check_refused, syntax_error
from chkg.sparql.lexer import check_depth, has_order_by, query_form
from chkg.sparql.results import QueryResult, result_from_solutions, to_oxigraph, to_rdflib
from chkg.untrusted import NEUTRAL_BASE_IRI

__all__ = ["EmbeddedStore"]

def _quad(s: Node, p: Node, o: Node) -> ox.Quad:
    """An rdflib triple as a default-graph Oxigraph quad."""
    # rdflib types every position of a triple as Node, but a graph parsed from RDF has an IRI or
    # blank subject and an IRI predicate; ox.Quad still checks the types when called
    return ox.Quad(
        cast("ox.NamedNode | ox.BlankNode", to_oxigraph(s)),
        cast(ox.NamedNode, to_oxigraph(p)),
        to_oxigraph(o),
    )


class EmbeddedStore:
    """The graph in an in-memory Oxigraph store, queried without reaching outside it.

    Examples
    --------
    >>> g = Graph().parse(data="<urn:a> <urn:p> 'x' .", format="turtle")
    >>> len(EmbeddedStore.from_graph(g))
    1
    """

    def __init__(self, store: ox.Store | None = None, *, union: bool = False, read_only: bool = False) -> None:
        self.store = store if store is not None else ox.Store()
        #: Query the union of the named graphs as the default graph (a loaded checkout keeps one
        #: graph per file).
        self.union = union
        #: Refuse updates (the cache's on-disk store must only change through the cache).
        self.read_only = read_only

    @classmethod
    def from_graph_store(cls, loaded: GraphStore) -> EmbeddedStore:
        """Query a loaded checkout (:func:`chkg.graph.store.open_store`) in place: its file graphs
        plus the derived triples :func:`chkg.load` adds (the flat influence edges and each claim's
        certainty), without copying (the cache's on-disk store included; there the derived graphs
        are kept until a file changes).

        Examples
        --------
        >>> from chkg.graph.store import open_store
        >>> with open_store([]) as loaded:
        ...     EmbeddedStore.from_graph_store(loaded).run("ASK { ?s a ?o }").boolean
        True
        """
        loaded.materialise()
        loaded.add_derived(CERTAINTY_GRAPH, lambda: [
            ox.Triple(cast("ox.NamedNode | ox.BlankNode", to_oxigraph(s)), cast(ox.NamedNode, to_oxigraph(p)),
                      to_oxigraph(o))
            for s, p, o in certainty_triples(loaded.evidence_graph())])
        return cls(loaded.store, union=True, read_only=loaded.cached)

    @classmethod
    def from_graph(cls, graph: Graph) -> EmbeddedStore:
        """Copy the triples of an rdflib graph into a new store (lexical forms kept)."""
        store = ox.Store()
        store.bulk_extend(_quad(s, p, o) for s, p, o in graph)
        return cls(store)

    @classmethod
    def bundled(cls, paths: Sequence[Path] | None = None, *, project: ProjectPaths | None = None) -> EmbeddedStore:
        """The project's graph (ontology + data, influences materialised) from ``chkg.load``."""
        return cls.from_graph(load(list(paths) if paths else None, project=project))

    def __len__(self) -> int:
        return len(self.store)

    def close(self) -> None:
        """Drop this object's reference to the store (an on-disk store is released once no one holds it)."""
        self.store = ox.Store()

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def load_file(self, path: Path, *, allow_remote: bool = False) -> None:
        """Add an RDF file; a JSON-LD file with a remote ``@context`` is refused unless allowed.

        Examples
        --------
        >>> import tempfile
        >>> f = Path(tempfile.mkdtemp()) / "x.jsonld"
        >>> _ = f.write_text('{"@context": "https://schema.org/", "@id": "urn:a", "name": "a"}')
        >>> EmbeddedStore().load_file(f)
        Traceback (most recent call last):
        ...
        chkg.errors.RefusedOperationError: x.jsonld: the remote JSON-LD context https://schema.org/ is refused; pass --allow-remote to allow it
        """
        path = Path(path)
        if path.suffix.lower() in (".jsonld", ".json"):
            try:
                document = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise InputFileError(f"cannot read {path}: {exc}") from exc
            remote = _remote_contexts(document)
            if remote and not allow_remote:
                raise RefusedOperationError(
                    f"{path.name}: the remote JSON-LD context {remote[0]} is refused; "
                    "pass --allow-remote to allow it"
                )
            graph = Graph().parse(path, format="json-ld", publicID=NEUTRAL_BASE_IRI)
            self.store.bulk_extend(_quad(s, p, o) for s, p, o in graph)
            return
        try:
            self.store.bulk_load(path=str(path), base_iri=NEUTRAL_BASE_IRI)
        except (OSError, SyntaxError, ValueError) as exc:
            raise InputFileError(f"cannot load {path}: {exc}") from exc

    def labels(self) -> list[str]:
        """Every ``rdfs:label`` and ``skos:prefLabel`` of the graph (for "did you mean")."""
        text = f"SELECT DISTINCT ?l {{ ?s <{RDFS.label}>|<{SKOS.prefLabel}> ?l }}"
        answer = cast(ox.QuerySolutions, self.store.query(text, use_default_graph_as_union=self.union))
        return [str(solution["l"].value) for solution in answer if solution["l"] is not None]

    def run(
        self,
        text: str,
        *,
        allow_remote: bool = False,
        name: str = "query",
        bounds: QueryBounds | None = None,
        written: str | None = None,
    ) -> QueryResult:
        """Run a (bound) query within ``bounds``; refusals, syntax errors and limits raise chkg errors.

        The query is parsed, planned and evaluated in a child process killed at the time
        limit, so the limit covers parsing too (Oxigraph's planning grows steeply with a
        query's triple patterns, whatever its nesting depth).

        Parameters
        ----------
        text
            The query, parameters already bound (see :func:`chkg.sparql.parameters.bind_parameters`).
        allow_remote
            Let ``SERVICE`` and updates (``LOAD``...) through.
        name
            How to name the query in error messages.
        bounds
            Rows, seconds and nesting depth; :class:`QueryBounds` defaults if None.
        written
            The query as its user wrote it, before parameters were bound: a syntax error is
            placed (line and column) in this text.
        """
        bounds = bounds or QueryBounds()
        check_refused(text, allow_remote=allow_remote)
        check_depth(text, max_depth=bounds.max_depth, name=name)
        if query_form(text) == "UPDATE":
            if self.read_only:
                raise RefusedOperationError(f"{name}: updates are not run on the cached store; "
                                            "add --no-cache to run them on a copy in memory")
            try:
                self.store.update(text, base_iri=NEUTRAL_BASE_IRI)
            except SyntaxError as exc:
                raise syntax_error(exc, name, text) from None
            except OSError as exc:
                raise RefusedOperationError(f"{name}: update failed: {one_line(exc)}") from None
            return QueryResult((), [], ordered=True)
        return self._evaluate_in_child(text, name, bounds, written)

    def _evaluate(self, text: str, name: str, bounds: QueryBounds, *, deadline: float,
                  written: str | None = None) -> QueryResult:
        """Evaluate a query here, stopping at the row limit and, between rows, at the deadline."""
        try:
            answer = self.store.query(text, base_iri=NEUTRAL_BASE_IRI, use_default_graph_as_union=self.union)
            if isinstance(answer, ox.QueryTriples):
                graph = Graph()
                for count, triple in enumerate(answer, start=1):
                    _check_progress(count, bounds, deadline, name)
                    graph.add(_rdflib_triple(triple))
                return QueryResult(("subject", "predicate", "object"), [], graph=graph)
            return result_from_solutions(
                answer,
                ordered=has_order_by(text),
                progress=lambda count: _check_progress(count, bounds, deadline, name),
            )
        except SyntaxError as exc:
            raise _syntax_error_as_written(exc, name, text, written) from None
        except (OSError, RuntimeError) as exc:
            # a failing SERVICE call under --allow-remote, an evaluation error
            raise RefusedOperationError(f"{name}: {one_line(exc)}") from None

    def _evaluate_in_child(self, text: str, name: str, bounds: QueryBounds, written: str | None) -> QueryResult:
        """Prepare and evaluate in a forked child that is killed at the deadline (parsing included)."""
        deadline = time.monotonic() + bounds.timeout
        return call_within(
            bounds.timeout,
            lambda: self._evaluate(text, name, bounds, deadline=deadline, written=written),
            name=name,
            stopped=f"{name}: stopped after {bounds.timeout:g} s; raise the limit with --timeout",
        )


def _check_progress(count: int, bounds: QueryBounds, deadline: float, name: str) -> None:
    if count > bounds.max_rows:
        raise QueryLimitError(
            f"{name}: more than {bounds.max_rows} rows; raise the limit with --max-rows"
        )
    if count % 256 == 0 and time.monotonic() > deadline:
        raise QueryLimitError(
            f"{name}: stopped after {bounds.timeout:g} s; raise the limit with --timeout"
        )


def _syntax_error_as_written(exc: SyntaxError, name: str, text: str, written: str | None) -> QuerySyntaxError:
    """The syntax error of ``text``, placed in ``written`` (the text before its VALUES line was inserted)."""
    if written is None or written == text:
        return syntax_error(exc, name, text)
    try:
        ox.Store().query(written, base_iri=NEUTRAL_BASE_IRI)  # a syntax error stops before planning
    except SyntaxError as own:
        return syntax_error(own, name, written)
    except Exception:  # parsed after all (it cannot): keep the bound text's error
        pass
    return syntax_error(exc, name, text)


def _rdflib_triple(triple: ox.Triple) -> tuple[Node, Node, Node]:
    # a triple's terms are never None, so neither are their conversions
    return cast(
        "tuple[Node, Node, Node]",
        (to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)),
    )


def _remote_contexts(node: object) -> list[str]:
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                for ctx in value if isinstance(value, list) else [value]:
                    # a string context is a document to fetch or read: remote or file:, both refused
                    if isinstance(ctx, str):
                        found.append(ctx)
                    else:
                        found.extend(_remote_contexts(ctx))
            else:
                found.extend(_remote_contexts(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(_remote_contexts(item))
    return found
