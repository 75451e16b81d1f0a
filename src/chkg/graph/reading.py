"""Reading one Turtle file into its named graph of a pyoxigraph store, strictly, keyed by content.

The one reader of :mod:`chkg.graph.store` and :mod:`chkg.graph.cache`: a file's triples go into
``urn:chkg:file:<key>``, where the key hashes the file's URI and bytes, so equal keys mean
equal triples and a changed file gets a new graph.

Examples
--------
>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> entry = read_file_into(store, Path("/x/a.ttl"), b"<http://e/a> <http://e/b> 1 .", "k")
>>> entry.triples, entry.problem, len(store)
(1, None, 1)
>>> read_file_into(store, Path("/x/b.ttl"), b"<http://e/a> <http://e/b> .", "k2").problem.line
1
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from chkg.rdf.turtle import SyntaxProblem, syntax_problem
from chkg.untrusted import NEUTRAL_BASE_IRI

__all__ = ["CERTAINTY_GRAPH", "DERIVED_GRAPH", "FILE_GRAPH_PREFIX", "Contents", "FileEntry", "Progress", "file_key", "read_bytes", "read_file_into", "read_all", "as_written"]

#: Named graphs of files are ``urn:chkg:file:<key>``.
FILE_GRAPH_PREFIX = "urn:chkg:file:"

#: The graph of triples chkg derives (flat influence edges); kept in the cache until a file changes.
DERIVED_GRAPH = ox.NamedNode("urn:chkg:derived")
#: The named graph of each claim's materialised ``chkg:certainty`` and ``chkg:certaintyReason``
#: (added for SPARQL queries by :meth:`chkg.sparql.store.EmbeddedStore.from_graph_store`).
CERTAINTY_GRAPH = ox.NamedNode("urn:chkg:derived-certainty")

#: ``progress(done, total)`` in bytes of Turtle read; called as files are parsed.
Progress = Callable[[int, int], None]

# bytes between two progress reports inside one file
_PROGRESS_STEP = 1 << 20

#: A file's bytes, or the problem that stopped it being read.
Contents = Sequence[tuple[Path, "bytes | SyntaxProblem"]]


@dataclass(frozen=True)
class FileEntry:
    """One file as read into the store.

    Attributes
    ----------
    path
        The file, as given.
    key
        ``sha256`` of the file's URI and bytes: equal keys mean equal triples.
    triples
        How many triples it holds (those read before a syntax problem included).
    problem
        Why it could not be read whole, or ``None``.
    prefixes
        The prefixes it declares.
    """

    path: Path
    key: str
    triples: int
    problem: SyntaxProblem | None = None
    prefixes: dict[str, str] = field(default_factory=dict)

    @property
    def graph(self) -> ox.NamedNode:
        """The named graph holding this file's triples."""
        return ox.NamedNode(FILE_GRAPH_PREFIX + self.key)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (for the cache's manifest)."""
        problem = self.problem
        return {"key": self.key, "triples": self.triples, "prefixes": self.prefixes,
                "problem": [problem.file, problem.line, problem.column, problem.message] if problem else None}

    @classmethod
    def from_dict(cls, path: Path, data: dict[str, Any]) -> FileEntry:
        """The inverse of :meth:`to_dict`; raises ``KeyError``/``TypeError``/``ValueError`` on a damaged entry."""
        problem = data["problem"]
        return cls(path, str(data["key"]), int(data["triples"]),
                   SyntaxProblem(str(problem[0]), int(problem[1]), int(problem[2]), str(problem[3])) if problem else None,
                   {str(k): str(v) for k, v in dict(data["prefixes"]).items()})


def file_key(path: Path, data: bytes) -> str:
    """The content key of a file: ``sha256`` over its URI (relative IRIs depend on it) and its bytes.

    Examples
    --------
    >>> file_key(Path("/a.ttl"), b"x") == file_key(Path("/a.ttl"), b"x") != file_key(Path("/b.ttl"), b"x")
    True
    """
    digest = hashlib.sha256(path.resolve().as_uri().encode("utf-8"))
    digest.update(b"\0")
    digest.update(data)
    return digest.hexdigest()


def as_written(entry: FileEntry) -> bytes:
    """The file's triples as N-Triples, literals exactly as written (re-read from the file).

    The store keeps literals in canonical form (``"007"^^xsd:integer`` becomes ``"7"``, an
    ``xsd:nonNegativeInteger`` an ``xsd:integer``), so SHACL, which checks datatypes and lexical
    forms, is fed the parser's own output instead of the store's.
    """
    data = read_bytes(entry.path)
    if not isinstance(data, bytes):
        return b""
    return _n_triples(_parse_quads(data, entry.path, ox.DefaultGraph()))


class _Counting(io.BytesIO):
    """A byte stream that reports how much of it the parser has read (progress inside one big file)."""

    def __init__(self, data: bytes, report: Callable[[int], None] | None) -> None:
        super().__init__(data)
        self._report = report
        self._reported = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        position = self.tell()
        if self._report is not None and (position - self._reported >= _PROGRESS_STEP or not chunk):
            self._reported = position
            self._report(position)
        return chunk


def read_file_into(store: ox.Store, path: Path, data: bytes, key: str,
                   written: dict[str, bytes] | None = None, progress: Callable[[int], None] | None = None) -> FileEntry:
    """Parse one file's ``data`` strictly into its named graph; problems are returned, never raised.

    A file with a syntax error keeps the triples read before the error, so one broken
    statement at the end of a file does not make every entity it defines look missing.
    ``progress`` is called with the bytes read so far, about every megabyte.
    """
    graph = ox.NamedNode(FILE_GRAPH_PREFIX + key)
    base = NEUTRAL_BASE_IRI  # relative IRIs never carry a local path into outputs
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[:exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1:].decode("utf-8", errors="replace")) + 1
        message = f"the file is not UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8"
        return FileEntry(path, key, 0, SyntaxProblem(str(path), line, column, message))
    try:
        raw = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
        parser = ox.parse(_Counting(raw, progress), format=ox.RdfFormat.TURTLE, base_iri=base,
                          rename_blank_nodes=True)
        quads = [ox.Quad(q.subject, q.predicate, q.object, graph) for q in parser]
        prefixes = dict(parser.prefixes)
        problem = None
    except SyntaxError as exc:
        quads, prefixes, problem = _read_until_error(text, base, graph), {}, syntax_problem(str(path), text, exc)
    except MemoryError as exc:
        quads, prefixes = [], {}
        problem = SyntaxProblem(str(path), 1, 1, _too_long(exc))
    except (ValueError, RecursionError) as exc:  # pragma: no cover - defensive
        quads, prefixes, problem = [], {}, SyntaxProblem(str(path), 1, 1, f"cannot parse the file: {exc}")
    store.extend(quads)
    if written is not None:
        written[key] = _n_triples(quads)
    return FileEntry(path, key, len(quads), problem, prefixes)


def read_all(store: ox.Store, contents: Contents, progress: Progress | None,
             known: dict[str, FileEntry] | None = None, written: dict[str, bytes] | None = None) -> list[FileEntry]:
    """Read every file of ``contents`` into ``store``, except those whose key is in ``known``.

    Parameters
    ----------
    contents
        ``(path, bytes or the read problem)`` per file, in load order.
    known
        Entries already in the store, by key (from the cache); they are not parsed again.
    written
        Filled with each parsed file's triples as N-Triples, literals as written (:func:`as_written`).
    """
    known = dict(known or {})
    todo = [(p, d) for p, d in contents if isinstance(d, bytes) and file_key(p, d) not in known]
    total = sum(len(d) for _, d in todo if isinstance(d, bytes))
    done = 0
    entries: list[FileEntry] = []
    for path, data in contents:
        if isinstance(data, SyntaxProblem):
            entries.append(FileEntry(path, "unreadable-" + hashlib.sha256(str(path).encode()).hexdigest(), 0, data))
            continue
        key = file_key(path, data)
        entry = known.get(key)
        if entry is None:
            within = (lambda at, before=done: progress(before + at, total)) if progress is not None else None
            entry = known[key] = read_file_into(store, path, data, key, written, within)
            done += len(data)
            if progress is not None:
                progress(done, total)
        entries.append(entry if entry.path == path else FileEntry(path, key, entry.triples, entry.problem,
                                                                  entry.prefixes))
    return entries


def read_bytes(path: Path) -> bytes | SyntaxProblem:
    """The bytes of ``path``, or the problem that stops it being read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        return SyntaxProblem(str(path), 1, 1, f"cannot read the file: {exc.strerror or exc.__class__.__name__}")



# -- Private helpers -----------------------------------------------------------


def _read_until_error(text: str, base: str, graph: ox.NamedNode | ox.DefaultGraph) -> list[ox.Quad]:
    quads: list[ox.Quad] = []
    try:
        for quad in ox.parse(text, format=ox.RdfFormat.TURTLE, base_iri=base, rename_blank_nodes=True):
            quads.append(ox.Quad(quad.subject, quad.predicate, quad.object, graph))
    except (SyntaxError, MemoryError, ValueError):
        pass
    return quads


def _too_long(exc: MemoryError) -> str:
    """pyoxigraph's token buffer limit, said so a curator knows what to change."""
    if "buffer maximal size" in str(exc):
        limit = str(exc).rsplit(" ", 1)[-1]
        return (f"a literal or IRI is longer than the parser's limit ({limit} bytes): "
                "shorten it, or keep long texts in a source file under data/sources/")
    return f"cannot parse the file: out of memory ({exc})"


def _parse_quads(data: bytes, path: Path, graph: ox.NamedNode | ox.DefaultGraph) -> list[ox.Quad]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return []
    return _read_until_error(text, NEUTRAL_BASE_IRI, graph)


def _n_triples(quads: list[ox.Quad]) -> bytes:
    return bytes(ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads],
                              format=ox.RdfFormat.N_TRIPLES) or b"")
