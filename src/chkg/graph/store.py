"""The store at the centre: every file parsed once, strictly, into one pyoxigraph Store.

Each file goes into its own named graph (``urn:chkg:file:<key>``, the key a hash of the file's
location and content), so a file can be dropped and re-read alone, and a triple's file is the
graph that holds it. Queries see the union of the file graphs plus ``urn:chkg:derived`` (the
flat influence triples materialised from each ``chkg:Influence``).

:func:`open_store` is the store-based path of every command: with a cache folder it keeps the
store on disk (:mod:`chkg.graph.cache`) and re-reads only the files whose content changed; rdflib
is needed only by callers that must have an rdflib graph (:meth:`GraphStore.to_rdflib`).

Examples
--------
>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "claims.ttl").write_text('''
... PREFIX chkg: <https://w3id.org/creative-health-kg/>
... PREFIX prov: <http://www.w3.org/ns/prov#>
... chkg:claim-a a chkg:Influence ;
...     prov:influencer chkg:plan ; chkg:influencee chkg:wellbeing ; chkg:relation chkg:enables .
... ''')
>>> with open_store([folder]) as loaded:
...     ask = "ASK { <https://w3id.org/creative-health-kg/plan> ?r ?o }"
...     len(loaded.files), loaded.problems, bool(loaded.query(ask))
(2, [], True)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from chkg.graph.cache import Cached, open_cached, prune_positions
from chkg.graph.loader import expand_paths
from chkg.graph.reading import CERTAINTY_GRAPH, DERIVED_GRAPH, FileEntry, Progress, as_written, read_all, read_bytes
from chkg.project import ProjectPaths, bundled_project
from chkg.rdf.turtle import SyntaxProblem, rdflib_term
from chkg.vocab.namespace import PREFIXES

__all__ = ["CERTAINTY_GRAPH", "DERIVED_GRAPH", "EVIDENCE_PREDICATES", "GraphStore", "open_store"]


_CHKG = "https://w3id.org/creative-health-kg/"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_INFLUENCE = ox.NamedNode(_CHKG + "Influence")
_INFLUENCER = ox.NamedNode("http://www.w3.org/ns/prov#influencer")
_RELATION = ox.NamedNode(_CHKG + "relation")
_INFLUENCEE = ox.NamedNode(_CHKG + "influencee")

#: The predicates the analysis graph and the report read, besides every ``chkg:`` predicate.
#: ``tests/analysis/test_loading.py`` checks that the projection gives the same analysis graph
#: and report as the whole graph.
EVIDENCE_PREDICATES: frozenset[str] = frozenset({
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2000/01/rdf-schema#subClassOf",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://www.w3.org/2004/02/skos/core#definition",
    "http://www.w3.org/2004/02/skos/core#broader",
    "http://purl.org/dc/terms/title",
    "http://purl.org/dc/terms/isPartOf",
    "http://www.w3.org/ns/prov#influencer",
    "http://www.w3.org/ns/oa#hasSource",
    "http://www.w3.org/ns/oa#hasSelector",
    "http://www.w3.org/ns/oa#exact",
    "http://www.w3.org/ns/oa#prefix",
    "http://www.w3.org/ns/oa#suffix",
    "http://www.w3.org/ns/oa#start",
    "http://www.w3.org/ns/oa#end",
})



@dataclass
class GraphStore:
    """The loaded files in one pyoxigraph store, and what was read from each.

    Use as a context manager (or call :meth:`close`) so that a store on disk is released.

    Attributes
    ----------
    store
        The store: one named graph per file, plus :data:`DERIVED_GRAPH`.
    files
        One :class:`FileEntry` per file, in load order (the ontology first).
    prefixes
        The project's prefixes plus those the files declare.
    reread
        The files parsed by this open (all of them without a cache; the changed ones with it).
    """

    store: ox.Store
    files: list[FileEntry]
    prefixes: dict[str, str] = field(default_factory=dict)
    reread: list[Path] = field(default_factory=list)
    written: dict[str, bytes] = field(default_factory=dict)
    written_dir: Path | None = None
    positions_dir: Path | None = None
    _release: Callable[[], None] | None = None
    _cached: Cached | None = None
    #: the derived graphs in the store (from the cache when no file changed since they were made)
    _ready: set[str] = field(default_factory=set)
    _derived: list[ox.Triple] | None = None

    @property
    def problems(self) -> list[SyntaxProblem]:
        """One problem per file that could not be read whole, in file order."""
        return [f.problem for f in self.files if f.problem is not None]

    @property
    def cached(self) -> bool:
        """True when the store is the cache's store on disk (it must change only through the cache)."""
        return self._release is not None

    @property
    def empty(self) -> list[Path]:
        """Files that parsed and hold no triple."""
        return [f.path for f in self.files if f.problem is None and not f.triples]

    @property
    def file_graphs(self) -> list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph]:
        """The named graphs of the files, in file order (each once)."""
        return list(dict.fromkeys(f.graph for f in self.files))

    def query(self, sparql: str, *, derived: bool | None = True) -> Any:
        """Run a SPARQL query over the union of the files' graphs and, by ``derived``, the derived graphs.

        ``True``: the derived graphs are added first (once; on the cache's store they stay for later
        runs). ``False``: the files alone, exactly; derived graphs a query command left in the
        cache's store are removed first, since restricting Oxigraph's default graph to a list of
        file graphs costs a scan per file (minutes at a thousand files). ``None``: whatever the
        store holds, for queries whose predicates only the files hold (the report's facts).
        The union is Oxigraph's union default graph (one index scan whatever the number of files).
        """
        if derived:
            self.materialise()
        elif derived is False and self._ready:
            self._drop_derived()
        return self.store.query(sparql, use_default_graph_as_union=True)

    def _drop_derived(self) -> None:
        """Remove the derived graphs from the store (and from the cache's record of them)."""
        if self._cached is not None:
            self._cached.drop_derived()
        else:
            for graph in self._ready:
                self.store.remove_graph(ox.NamedNode(graph))
        self._ready.clear()

    def materialise(self) -> None:
        """Add the flat influence triples to :data:`DERIVED_GRAPH` (once)."""
        self.add_derived(DERIVED_GRAPH, self.derived)

    def add_derived(self, graph: ox.NamedNode, compute: Callable[[], Iterable[ox.Triple]]) -> None:
        """Add the triples ``compute()`` gives as the named graph ``graph``, unless the store has it already.

        On the cache's store the graph is kept for later runs until a file changes (derived
        triples are a function of every file), so ``compute`` runs once per change of the data.
        Queries see it (the union of the named graphs); ``query(derived=False)`` removes it first.
        """
        if graph.value in self._ready:
            return
        quads = (ox.Quad(t.subject, t.predicate, t.object, graph) for t in compute())
        if self._cached is not None:
            self._cached.add_derived(graph, quads)
        else:
            self.store.extend(quads)
        self._ready.add(graph.value)

    def derived(self) -> list[ox.Triple]:
        """The flat triple ``subject relation object`` of every ``chkg:Influence`` node (computed once)."""
        if self._derived is None:
            # one index scan per predicate, joined here: as one SPARQL pattern, Oxigraph's join order
            # took 1,000 s at 1M triples
            graphs = set(self.file_graphs)

            def values(predicate: ox.NamedNode) -> dict[Any, list[Any]]:
                found: dict[Any, list[Any]] = {}
                for quad in self.store.quads_for_pattern(None, predicate, None):
                    if quad.graph_name in graphs:
                        found.setdefault(quad.subject, []).append(quad.object)
                return found

            claims = {q.subject for q in self.store.quads_for_pattern(None, _RDF_TYPE, _INFLUENCE)
                      if q.graph_name in graphs}
            influencers, relations, influencees = values(_INFLUENCER), values(_RELATION), values(_INFLUENCEE)
            triples: dict[ox.Triple, None] = {}
            for claim in claims:
                for subject in influencers.get(claim, ()):
                    for relation in relations.get(claim, ()):
                        for obj in influencees.get(claim, ()):
                            if isinstance(relation, ox.NamedNode) and not isinstance(subject, ox.Literal) \
                                    and not isinstance(obj, ox.Literal):
                                triples[ox.Triple(subject, relation, obj)] = None
            self._derived = list(triples)
        return self._derived

    def evidence_graph(self) -> Graph:
        """The triples of the files that the analysis, the report and the certainty rule read, as an rdflib graph.

        One pass over the file graphs keeps the triples whose predicate is a ``chkg:`` term or one
        of :data:`EVIDENCE_PREDICATES` (a tenth of the cost of giving rdflib everything).

        Examples
        --------
        >>> with open_store([]) as loaded:
        ...     len(loaded.evidence_graph()) > 100
        True
        """
        graphs = set(self.file_graphs)
        keep: dict[ox.NamedNode, bool] = {}
        graph = Graph(bind_namespaces="none")
        for prefix, namespace in self.prefixes.items():
            graph.bind(prefix, namespace)

        def wanted(predicate: ox.NamedNode) -> bool:
            if predicate not in keep:
                keep[predicate] = predicate.value.startswith(_CHKG) or predicate.value in EVIDENCE_PREDICATES
            return keep[predicate]

        graph.addN(
            (rdflib_term(q.subject), rdflib_term(q.predicate), rdflib_term(q.object), graph)
            for q in self.store.quads_for_pattern(None, None, None)
            if q.graph_name in graphs and wanted(q.predicate)
        )
        return graph

    def triples(self, *, derived: bool = True) -> Iterator[ox.Triple]:
        """Every distinct triple of the union, as pyoxigraph triples (literals in the store's canonical form)."""
        for solution in self.query("SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o }", derived=derived):
            yield ox.Triple(solution["s"], solution["p"], solution["o"])

    def __len__(self) -> int:
        """How many distinct triples the union holds (derived included)."""
        for solution in self.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }"):
            return int(solution["n"].value)
        return 0  # pragma: no cover - COUNT always answers

    def to_rdflib(self, *, derived: bool = True) -> Graph:
        """The union as an rdflib graph, literals as written, for code that needs rdflib."""
        graph = Graph(bind_namespaces="none")
        for prefix, namespace in self.prefixes.items():
            graph.bind(prefix, namespace)
        parser = ox.parse(self.n_triples(derived=derived).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
        graph.addN((rdflib_term(q.subject), rdflib_term(q.predicate), rdflib_term(q.object), graph) for q in parser)
        return graph

    def n_triples(self, *, derived: bool = True) -> str:
        """Every file's triples as N-Triples, literals exactly as written (the store keeps canonical forms).

        This is what SHACL must see: ``"1"^^xsd:nonNegativeInteger`` stays so (the store would
        make it an ``xsd:integer``). A triple stated in two files appears twice (RDF merges them).
        """
        parts: list[bytes] = []
        for entry in {e.key: e for e in self.files}.values():
            text = self.written.get(entry.key)
            if text is None and self.written_dir is not None:
                try:
                    text = (self.written_dir / f"{entry.key}.nt").read_bytes()
                except OSError:
                    text = None
            parts.append(text if text is not None else as_written(entry))
        if derived:
            parts.append(bytes(ox.serialize(self.derived(), format=ox.RdfFormat.N_TRIPLES) or b""))
        return b"".join(parts).decode("utf-8")

    def close(self) -> None:
        """Release the store (and the cache's lock, when it came from the cache)."""
        release, self._release = self._release, None
        self._cached = None
        if release is not None:
            self.store = ox.Store()  # drop the on-disk store before its lock is released
            release()

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


def open_store(
    paths: Sequence[Path | str] | None = None,
    *,
    project: ProjectPaths | None = None,
    cache: Path | None = None,
    progress: Progress | None = None,
    notice: Callable[[str], None] | None = None,
    on_disk: bool = True,
) -> GraphStore:
    """Read the ontology and the data into one store, from the cache where the files are unchanged.

    Parameters
    ----------
    paths
        Turtle files or folders; default: the project's ``data/`` (the ontology is always read).
    project
        The checkout; default: the bundled one.
    cache
        A cache folder (``<checkout>/.chkg-cache``) to keep the store in between runs; ``None``
        keeps it in memory only.
    progress
        Called with ``(bytes read, bytes to read)`` while files are parsed.
    notice
        Called with a one-line message when the cache was unusable and was rebuilt or skipped.
    on_disk
        With a ``cache``: keep the store itself on disk (only changed files are parsed, but
        full-graph queries on the on-disk store cost more); ``False`` reads every file into
        memory and uses the cache folder only for positions (what ``chkg validate`` does).

    Raises
    ------
    InputFileError
        A path does not exist.
    """
    files = expand_paths(paths, project=project or bundled_project())
    contents = [(file, read_bytes(file)) for file in files]
    if cache is not None and on_disk:
        cached = open_cached(cache, contents, progress=progress, notice=notice or (lambda _: None))
        if cached is not None:
            loaded = GraphStore(cached.store, cached.entries, reread=cached.reread, written=cached.written,
                                written_dir=cached.written_dir, positions_dir=cache / "positions",
                                _release=cached.release, _cached=cached, _ready=set(cached.derived))
            del cached
            _finish(loaded)
            return loaded
    store = ox.Store()
    written: dict[str, bytes] = {}
    loaded = GraphStore(store, read_all(store, contents, progress, written=written), reread=list(files), written=written)
    if cache is not None:
        loaded.positions_dir = prune_positions(cache, {entry.key for entry in loaded.files})
    _finish(loaded)
    return loaded


# -- Private helpers -----------------------------------------------------------


def _finish(loaded: GraphStore) -> None:
    """Collect the prefixes the files declare."""
    loaded.prefixes = dict(PREFIXES)
    for entry in loaded.files:
        for prefix, namespace in entry.prefixes.items():
            loaded.prefixes.setdefault(prefix, namespace)
