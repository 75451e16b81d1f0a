"""The analysis graph of a checkout, read through the store and kept in the cache between runs.

Every analysis command (``chkg paths``, ``reach``, ``leverage``, ``whatif``, ``gaps``,
``report``) starts here. The files are parsed once into the pyoxigraph store
(:func:`chkg.graph.store.open_store`); only the triples the analysis and the report read
(:meth:`chkg.graph.store.GraphStore.evidence_graph`: the claims, their evidence, the entities'
names, kinds and families) are handed to rdflib, and :func:`chkg.analysis.network.analysis_graph` projects them as it
projects the whole merged graph of :func:`chkg.load`, with the same result.

With a cache folder the finished analysis graph is kept as JSON under a key over every file's
content and the code that builds it, so a second command on an unchanged checkout starts from it
without parsing anything; a changed, added or removed file, or another chkg, makes another key
(never stale). JSON rather than pickle: a cache folder that came with a downloaded checkout must
not be able to run code.

Examples
--------
>>> G = load_analysis([])                   # the bundled ontology alone: no claims
>>> len(G.claims), "https://w3id.org/creative-health-kg/Policy" in G.entities
(0, False)
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any, TypeVar, cast

from rdflib import Graph

from chkg.analysis import kinds as kinds_module
from chkg.analysis import network as network_module
from chkg.analysis.network import AnalysisGraph, Bridge, Claim, Entity, analysis_graph
from chkg.errors import DataError
from chkg.evidence import certainty as certainty_module
from chkg.evidence import contexts as contexts_module
from chkg.evidence.certainty import Certainty
from chkg.graph.cache import load_artifact, save_artifact
from chkg.graph.loader import expand_paths
from chkg.graph.reading import Progress, file_key, read_bytes
from chkg.graph.store import GraphStore, open_store
from chkg.project import ProjectPaths, bundled_project
from chkg.version import __version__
from chkg.vocab import kinds as kinds_table

__all__ = ["graph_from_json", "graph_to_json", "load_analysis", "load_analysis_with", "load_evidence"]

T = TypeVar("T")

_FORMAT = 1

# the modules whose code decides what the analysis graph holds: a change to any makes a new key
_BUILDERS = (network_module, kinds_module, certainty_module, contexts_module, kinds_table)


def load_analysis(
    paths: Sequence[Path | str] | None = None,
    *,
    project: ProjectPaths | None = None,
    cache: Path | None = None,
    progress: Progress | None = None,
    notice: Callable[[str], None] | None = None,
) -> AnalysisGraph:
    """The analysis graph of the ontology and the data, from the cache when nothing changed.

    Parameters
    ----------
    paths
        Turtle files or folders; default: the project's ``data/`` (the ontology is always read).
    project
        The checkout; default: the bundled one.
    cache
        The cache folder (``<checkout>/.chkg-cache``); ``None`` builds everything in memory.
    progress, notice
        As for :func:`chkg.graph.store.open_store`.

    Raises
    ------
    DataError
        A file has a syntax problem (the first is named; ``chkg validate`` lists all).
    InputFileError
        A path does not exist.
    """
    key = _analysis_key(paths, project) if cache is not None else None
    if cache is not None and key is not None:
        kept = _cached_graph(cache, key, notice)
        if kept is not None:
            return kept
    G, _, _ = _load(paths, project, cache, progress, notice, with_rdf=False, reuse=False, read=None)
    return G


def load_evidence(
    paths: Sequence[Path | str] | None = None,
    *,
    project: ProjectPaths | None = None,
    cache: Path | None = None,
    progress: Progress | None = None,
    notice: Callable[[str], None] | None = None,
    with_rdf: bool = True,
) -> tuple[AnalysisGraph, Graph | None]:
    """The analysis graph and (``with_rdf``) the evidence triples it came from, as rdflib.

    The store is read from the cache folder when one is given (only changed files are parsed),
    and the analysis graph is saved there under the key of the contents actually parsed (so
    :func:`load_analysis` finds it next time, and a file changed meanwhile cannot mislabel it).
    """
    G, rdf, _ = _load(paths, project, cache, progress, notice, with_rdf=with_rdf, reuse=False, read=None)
    return G, rdf


def load_analysis_with(
    read: Callable[[GraphStore], T],
    paths: Sequence[Path | str] | None = None,
    *,
    project: ProjectPaths | None = None,
    cache: Path | None = None,
    progress: Progress | None = None,
    notice: Callable[[str], None] | None = None,
) -> tuple[AnalysisGraph, T]:
    """The analysis graph (from the cache when it holds the files as parsed) and ``read(store)``.

    What a command needs from the RDF besides the analysis graph is read from the open store
    (``chkg report``: :meth:`chkg.report.facts.ReportFacts.from_store`), not handed to rdflib,
    which costs ten times the store per triple.

    Examples
    --------
    >>> G, n = load_analysis_with(len, [])
    >>> n > 100, len(G.claims)
    (True, 0)
    """
    G, _, taken = _load(paths, project, cache, progress, notice, with_rdf=False, reuse=True, read=read)
    return G, cast(T, taken)


def _load(paths: Sequence[Path | str] | None, project: ProjectPaths | None, cache: Path | None,
          progress: Progress | None, notice: Callable[[str], None] | None, *, with_rdf: bool, reuse: bool,
          read: Callable[[GraphStore], T] | None) -> tuple[AnalysisGraph, Graph | None, T | None]:
    """Open the store once: the analysis graph (cached under ``reuse``), the rdflib triples, ``read``'s result."""
    with open_store(paths, project=project, cache=cache, progress=progress, notice=notice) as loaded:
        if loaded.problems:
            count = len(loaded.problems)
            others = f" (and {count - 1} more; run `chkg validate` to see all)" if count > 1 else ""
            raise DataError(f"{loaded.problems[0]}{others}")
        key = _key_of([entry.key for entry in loaded.files])
        G = _cached_graph(cache, key, notice) if cache is not None and reuse else None
        rdf = loaded.evidence_graph() if G is None or with_rdf else None
        taken = read(loaded) if read is not None else None
    if G is None:
        assert rdf is not None
        G = analysis_graph(rdf)
        if cache is not None:
            save_artifact(cache, "analysis", key, graph_to_json(G), ".json")
    return G, (rdf if with_rdf else None), taken


def _cached_graph(cache: Path, key: str, notice: Callable[[str], None] | None) -> AnalysisGraph | None:
    """The analysis graph kept under ``key``, or ``None`` (absent, or unreadable: said in one line)."""
    kept = load_artifact(cache, "analysis", key, ".json")
    if kept is None:
        return None
    try:
        return graph_from_json(kept)
    except (ValueError, KeyError, TypeError) as exc:
        (notice or (lambda _: None))(f"chkg: the cached analysis graph was unreadable ({exc}); rebuilding it")
        return None


# -- the analysis graph as JSON ---------------------------------------------------------------


def graph_to_json(G: AnalysisGraph) -> bytes:
    """The analysis graph as JSON bytes (entities and claims in insertion order, so the graph rebuilt is equal).

    Examples
    --------
    >>> from chkg.report.example import example_graph
    >>> G = example_graph()
    >>> H = graph_from_json(graph_to_json(G))
    >>> H.claims == G.claims and H.entities == G.entities and list(H.graph.edges) == list(G.graph.edges)
    True
    """
    document = {
        "format": _FORMAT,
        "entities": [asdict(e) for e in G.entities.values()],
        "claims": [{**asdict(c), "certainty": int(c.certainty)} for c in G.claims.values()],
        "bridges": [asdict(b) for b in G.bridges.values()],
        "broader": {k: sorted(v) for k, v in G.broader.items()},
        "context_labels": G.context_labels,
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def graph_from_json(data: bytes) -> AnalysisGraph:
    """The analysis graph :func:`graph_to_json` wrote; ``ValueError`` for anything else."""
    document = json.loads(data)
    if not isinstance(document, dict) or document.get("format") != _FORMAT:
        raise ValueError("not an analysis graph of this format")
    G = AnalysisGraph(broader={k: frozenset(v) for k, v in document["broader"].items()},
                      context_labels=dict(document["context_labels"]))
    for item in document["entities"]:
        G.add_entity(Entity(**_tuples(Entity, item)))
    for item in document["claims"]:
        G.add_claim(Claim(**{**_tuples(Claim, item), "certainty": Certainty(item["certainty"])}))
    for item in document["bridges"]:
        G.add_bridge(Bridge(**item))
    return G


# -- Private helpers -----------------------------------------------------------


def _tuples(cls: type, item: dict[str, Any]) -> dict[str, Any]:
    """``item`` with the lists JSON made of tuple fields turned back into tuples."""
    return {f.name: tuple(item[f.name]) if isinstance(item.get(f.name), list) else item[f.name]
            for f in fields(cls) if f.name in item}


def _analysis_key(paths: Sequence[Path | str] | None, project: ProjectPaths | None) -> str | None:
    """The key of the files as they are now (see :func:`_key_of`); ``None`` if a file cannot be read."""
    keys = []
    for path in expand_paths(paths, project=project or bundled_project()):
        data = read_bytes(path)
        if not isinstance(data, bytes):
            return None
        keys.append(file_key(path, data))
    return _key_of(keys)


def _key_of(file_keys: Sequence[str]) -> str:
    """A key over the files' content keys (in load order) and the code that builds the graph."""
    digest = hashlib.sha256(f"chkg {__version__} analysis {_FORMAT}".encode())
    for module in _BUILDERS:
        digest.update(Path(str(module.__file__)).read_bytes())
    for key in file_keys:
        digest.update(b"\0" + key.encode("ascii"))
    return digest.hexdigest()
