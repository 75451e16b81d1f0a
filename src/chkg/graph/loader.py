"""The merged graph: the ontology plus the curated data, influence triples materialised.

Every file is parsed strictly (:mod:`chkg.rdf.turtle`), so literals keep the lexical
form the curator wrote. :func:`load` is what the rest of chkg builds on and
refuses data with syntax errors; :func:`load_files` keeps going through every
file and returns all problems at once, with a positions index for reporting.

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
>>> from chkg.vocab.namespace import CHKG_NS
>>> graph = load([folder])
>>> (CHKG_NS["plan"], CHKG_NS["enables"], CHKG_NS["wellbeing"]) in graph
True
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from chkg.errors import DataError, InputFileError
from chkg.evidence.certainty import materialise_certainty
from chkg.project import ProjectPaths, bundled_project
from chkg.rdf.turtle import ParsedFile, SyntaxProblem, parse_turtle_file
from chkg.vocab.namespace import CHKG, PREFIXES

__all__ = [
    "Position",
    "PositionIndex",
    "LoadResult",
    "load",
    "load_files",
    "expand_paths",
    "materialise_influences",
]

_PROV_INFLUENCER = URIRef("http://www.w3.org/ns/prov#influencer")


class Position(NamedTuple):
    """Where a subject's description starts: a file and a 1-based line."""

    file: Path
    line: int


class PositionIndex(Mapping[Node, Position]):
    """``subject -> Position`` over every loaded file (the first description wins).

    IRIs and blank nodes are keys; a blank node has the position of the top-level
    subject that contains it.

    Examples
    --------
    >>> index = PositionIndex()
    >>> index.add(Path("a.ttl"), {"http://e/x": 3})
    >>> index[URIRef("http://e/x")]
    Position(file=PosixPath('a.ttl'), line=3)
    >>> URIRef("http://e/y") in index
    False
    """

    def __init__(self) -> None:
        self._positions: dict[str | BNode, Position] = {}
        self._by_file: dict[tuple[Path, str | BNode], int] = {}

    def add(self, file: Path, positions: Mapping[str | BNode, int]) -> None:
        """Record the subject lines of one file, keeping earlier files' positions."""
        for key, line in positions.items():
            self._positions.setdefault(key, Position(file, line))
            self._by_file[(file, key)] = line

    def in_file(self, node: Node, file: Path) -> Position | None:
        """Where ``node``'s description starts in ``file`` (it may be described in several files).

        Examples
        --------
        >>> index = PositionIndex()
        >>> index.add(Path("a.ttl"), {"http://e/x": 3})
        >>> index.add(Path("b.ttl"), {"http://e/x": 7})
        >>> index.in_file(URIRef("http://e/x"), Path("b.ttl")).line, index[URIRef("http://e/x")].line
        (7, 3)
        """
        line = self._by_file.get((file, self._key(node)))
        return Position(file, line) if line is not None else None

    @staticmethod
    def _key(node: object) -> str | BNode:
        return node if isinstance(node, BNode) else str(node)

    def __getitem__(self, node: Node) -> Position:
        return self._positions[self._key(node)]

    def __contains__(self, node: object) -> bool:
        return self._key(node) in self._positions

    def __iter__(self) -> Iterator[Node]:
        for key in self._positions:
            yield key if isinstance(key, BNode) else URIRef(key)

    def __len__(self) -> int:
        return len(self._positions)


@dataclass
class LoadResult:
    """Everything :func:`load_files` read.

    Attributes
    ----------
    graph
        The merged graph of every file that parsed (influences not yet materialised).
    problems
        One :class:`~chkg.rdf.turtle.SyntaxProblem` per file that failed, in file order.
    positions
        Where each subject's description starts.
    files
        Every file read, in order (the ontology first).
    empty
        The files that parsed but hold no triple.
    prefixes
        The project's prefixes plus those the files declare.
    origins
        For each triple, the first file that states it.
    """

    graph: Graph
    problems: list[SyntaxProblem] = field(default_factory=list)
    positions: PositionIndex = field(default_factory=PositionIndex)
    files: list[Path] = field(default_factory=list)
    empty: list[Path] = field(default_factory=list)
    prefixes: dict[str, str] = field(default_factory=dict)
    origins: dict[tuple[Node, Node, Node], Path] = field(default_factory=dict)


def expand_paths(
    paths: Sequence[Path | str] | None = None, *, project: ProjectPaths | None = None
) -> list[Path]:
    """The Turtle files to load: the ontology first, then each path's ``*.ttl`` (folders recursively, sorted).

    The project's shapes file is never loaded as data (it is applied as shapes).

    Parameters
    ----------
    paths
        Turtle files or folders; ``None`` means the project's ``data/`` folder.
    project
        The checkout whose ontology (always included) and data are read; default: the bundled one.

    Raises
    ------
    InputFileError
        A path does not exist.

    Examples
    --------
    >>> expand_paths([])[0].name
    'chkg.ttl'
    >>> expand_paths(["/nonexistent"])
    Traceback (most recent call last):
    ...
    chkg.errors.InputFileError: no such file or folder: /nonexistent
    """
    project = project or bundled_project()
    if paths is None:
        paths = [project.data] if project.data.is_dir() else []
    files: list[Path] = [project.ontology]
    seen = {project.ontology.resolve(), project.shapes.resolve()}
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.ttl") if p.is_file())
        elif path.exists():
            found = [path]
        else:
            raise InputFileError(f"no such file or folder: {path}")
        for file in found:
            resolved = file.resolve()
            if resolved not in seen:
                seen.add(resolved)
                files.append(file)
    return files


def load_files(
    paths: Sequence[Path | str] | None = None, *, project: ProjectPaths | None = None
) -> LoadResult:
    """Parse every file, keep going past problems, and merge what parsed.

    Parameters
    ----------
    paths
        Turtle files or folders (see :func:`expand_paths`); the ontology is always included.

    Returns
    -------
    LoadResult
        The merged graph, every problem, the positions index.

    Raises
    ------
    InputFileError
        A path does not exist.

    Examples
    --------
    >>> result = load_files([])
    >>> result.problems, len(result.files)
    ([], 1)
    """
    files = expand_paths(paths, project=project)
    result = LoadResult(graph=_new_graph(), files=files, prefixes=dict(PREFIXES))
    for file in files:
        parsed = parse_turtle_file(file)
        _merge(result, parsed)
    return result


def load(
    paths: Sequence[Path] | None = None,
    *,
    materialise: bool = True,
    project: ProjectPaths | None = None,
) -> Graph:
    """The merged graph: the ontology plus the data, influence triples materialised.

    Parameters
    ----------
    paths
        Turtle files or folders; default: every ``*.ttl`` under the project's ``data/``.
        The project's ontology is always included.
    materialise
        Add ``subject relation object`` for each ``chkg:Influence`` node.

    Returns
    -------
    rdflib.Graph
        With the project's prefixes bound.

    Raises
    ------
    DataError
        A file has a syntax problem (the first is named, with the count).
    InputFileError
        A path does not exist.

    Examples
    --------
    >>> graph = load([])
    >>> (CHKG.Policy, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) in graph
    True
    """
    result = load_files(paths, project=project)
    if result.problems:
        count = len(result.problems)
        others = f" (and {count - 1} more; run `chkg validate` to see all)" if count > 1 else ""
        raise DataError(f"{result.problems[0]}{others}")
    if materialise:
        materialise_influences(result.graph)
        materialise_certainty(result.graph)
    return result.graph


def materialise_influences(graph: Graph) -> int:
    """Add the flat triple ``subject relation object`` for every ``chkg:Influence`` node.

    Parameters
    ----------
    graph
        Changed in place.

    Returns
    -------
    int
        How many triples were added (those already present are not counted).

    Examples
    --------
    >>> from chkg.vocab.namespace import CHKG_NS
    >>> g = Graph()
    >>> claim = CHKG_NS["claim-x"]
    >>> for p, o in [(RDF.type, CHKG.Influence), (_PROV_INFLUENCER, CHKG_NS["a"]),
    ...              (CHKG.influencee, CHKG_NS["b"]), (CHKG.relation, CHKG.ledTo)]:
    ...     _ = g.add((claim, p, o))
    >>> materialise_influences(g), materialise_influences(g)
    (1, 0)
    """
    added = 0
    for claim in set(graph.subjects(RDF.type, CHKG.Influence)):
        for subject in graph.objects(claim, _PROV_INFLUENCER):
            for relation in graph.objects(claim, CHKG.relation):
                for obj in graph.objects(claim, CHKG.influencee):
                    if isinstance(subject, Literal) or isinstance(obj, Literal):
                        continue
                    if not isinstance(relation, URIRef):
                        continue
                    triple = (subject, relation, obj)
                    if triple not in graph:
                        graph.add(triple)
                        added += 1
    return added


# -- Private helpers -----------------------------------------------------------


def _new_graph() -> Graph:
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def _merge(result: LoadResult, parsed: ParsedFile) -> None:
    if parsed.problem is not None:
        result.problems.append(parsed.problem)
    elif parsed.empty:
        result.empty.append(parsed.path)
    result.graph.addN((s, p, o, result.graph) for s, p, o in parsed.triples)
    for triple in parsed.triples:
        result.origins.setdefault(triple, parsed.path)
    result.positions.add(parsed.path, parsed.positions)
    for prefix, namespace in parsed.prefixes.items():
        result.prefixes.setdefault(prefix, namespace)
