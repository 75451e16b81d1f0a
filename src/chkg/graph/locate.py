"""Where a node is described: the file and line of a subject, found in the store and the file's text.

Positions are computed lazily, one file at a time, only for files that hold a node a result is
about (and kept in the cache's ``positions/<key>.json`` when the store came from the cache): the file that states a triple is the named graph holding it, and the line comes from
:func:`chkg.rdf.positions.subject_lines` over that file's text. A blank node takes the line of the
top-level subject containing it; a node described nowhere takes the line of the first subject
that refers to it.

Examples
--------
>>> import pathlib, tempfile
>>> from chkg.graph.store import open_store
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.ttl").write_text("PREFIX ex: <http://e/>\\n\\nex:a ex:p [ ex:q ex:b ] .\\n")
>>> with open_store([folder / "a.ttl"]) as loaded:
...     locator = Locator(loaded)
...     file, line = locator.locate(ox.NamedNode("http://e/a"))
...     (pathlib.Path(file).name, line), locator.locate(ox.NamedNode("http://e/b"))[1]
(('a.ttl', 3), 3)
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pyoxigraph as ox

from chkg.errors import ChkgError
from chkg.graph.reading import FileEntry
from chkg.graph.store import GraphStore
from chkg.rdf.atomic import write_text_atomic
from chkg.rdf.positions import spread_to_blank_nodes, subject_lines
from chkg.rdf.turtle import SyntaxProblem, read_turtle_text
from chkg.untrusted import NEUTRAL_BASE_IRI

__all__ = ["Locator", "Term"]

#: A node a result can be about.
Term = ox.NamedNode | ox.BlankNode | ox.Literal
_Key = str | ox.BlankNode


class Locator:
    """Find the file and line of a node or a triple in a :class:`~chkg.graph.store.GraphStore`."""

    def __init__(self, loaded: GraphStore) -> None:
        self.loaded = loaded
        self.store = loaded.store
        self.order = {entry.path: i for i, entry in enumerate(loaded.files)}
        self._by_graph: dict[ox.NamedNode, list[FileEntry]] = {}
        for entry in loaded.files:
            self._by_graph.setdefault(entry.graph, []).append(entry)
        self._lines: dict[Path, dict[_Key, int]] = {}
        self._positions_dir = loaded.positions_dir

    def lines(self, entry: FileEntry) -> dict[_Key, int]:
        """``node -> line`` for the subjects of one file (computed once, when first asked)."""
        cached = self._lines.get(entry.path)
        if cached is not None:
            return cached
        found: dict[_Key, int] = {}
        found.update(self._subject_lines(entry))
        edges = ((_key(q.subject), q.object) for q in self.store.quads_for_pattern(None, None, None, entry.graph)
                 if isinstance(q.object, ox.BlankNode) and not isinstance(q.subject, ox.Triple))
        spread_to_blank_nodes(found, edges, ox.BlankNode)
        self._lines[entry.path] = found
        return found

    def _subject_lines(self, entry: FileEntry) -> dict[str, int]:
        """A file's subject lines: from the cache's ``positions/<key>.json`` when it holds them, else tokenized."""
        saved = self._positions_dir / f"{entry.key}.json" if self._positions_dir is not None else None
        if saved is not None:
            try:
                data = json.loads(saved.read_text(encoding="utf-8"))
                if isinstance(data, dict) and all(isinstance(v, int) for v in data.values()):
                    return {str(k): v for k, v in data.items()}
            except (OSError, ValueError):
                pass  # missing or damaged: computed again below
        text = read_turtle_text(entry.path)
        lines = {} if isinstance(text, SyntaxProblem) else subject_lines(text, NEUTRAL_BASE_IRI)
        if saved is not None:
            with contextlib.suppress(ChkgError):  # a cache that cannot be written only makes the next run slower
                write_text_atomic(saved, json.dumps(lines))
        return lines

    def position_in(self, node: Term, entry: FileEntry) -> int | None:
        """The line where ``node``'s description starts in the file of ``entry``, or ``None``."""
        return self.lines(entry).get(_key(node))

    def locate(self, node: Term | None) -> tuple[str | None, int | None]:
        """The file and line of ``node``'s first description, else of the first subject referring to it."""
        if node is None or isinstance(node, ox.Literal):
            return None, None
        own = self._own_position(node)
        if own is not None:
            return str(own[0]), own[1]
        referrers = {q.subject for q in self.store.quads_for_pattern(None, None, node)
                     if q.graph_name in self._by_graph and not isinstance(q.subject, ox.Triple)}
        positions = [p for p in (self._own_position(s) for s in referrers) if p is not None]
        if not positions:
            return None, None
        file, line = min(positions, key=self.sort_key)
        return str(file), line

    def locate_triple(self, subject: Term, predicate: ox.NamedNode, obj: Term) -> tuple[str | None, int | None]:
        """The line of ``subject`` in the first file that states the triple, else :meth:`locate`."""
        if not isinstance(subject, ox.Literal):
            for entry in self._entries_of(self.store.quads_for_pattern(subject, predicate, obj)):
                line = self.position_in(subject, entry)
                if line is not None:
                    return str(entry.path), line
        return self.locate(subject)

    def sort_key(self, position: tuple[Path, int]) -> tuple[int, int]:
        """Order positions by file (load order), then line."""
        return self.order.get(position[0], len(self.order)), position[1]

    def node_order(self, node: Term) -> tuple[int, int]:
        """The sort key of where ``node`` is described (undescribed nodes last)."""
        own = self._own_position(node) if not isinstance(node, ox.Literal) else None
        return self.sort_key(own) if own is not None else (len(self.order), 0)

    # -- Private helpers ---------------------------------------------------------

    def _own_position(self, node: ox.NamedNode | ox.BlankNode) -> tuple[Path, int] | None:
        for entry in self._entries_of(self.store.quads_for_pattern(node, None, None)):
            line = self.position_in(node, entry)
            if line is not None:
                return entry.path, line
        return None

    def _entries_of(self, quads: object) -> list[FileEntry]:
        """The file entries whose graphs hold any of ``quads``, in load order."""
        graphs = {q.graph_name for q in quads}  # type: ignore[attr-defined]
        entries = [e for g in graphs if isinstance(g, ox.NamedNode) for e in self._by_graph.get(g, ())]
        return sorted(entries, key=lambda e: self.order[e.path])


def _key(node: Term | ox.Triple) -> _Key:
    if isinstance(node, ox.BlankNode):
        return node
    return str(node) if isinstance(node, ox.Triple) else str(node.value)
