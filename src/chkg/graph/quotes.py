"""Quote folding and lookup in the source texts kept under ``data/sources/``.

A claim's ``chkg:quote`` must stand verbatim in the text of the source its
passage belongs to. Only what a copy-and-paste changes is folded: every run of
whitespace (line breaks, tabs, non-breaking spaces) becomes one space, and
typographic quotes become straight ones. Everything else (dashes, ellipses,
emphasis markers, case) must match the source file's text as it is, because
a dash or an ellipsis can change what a quote says.

Examples
--------
>>> fold("  it \\u201chelped\\u201d   to\\nlegitimise\\u2019s ")
'it "helped" to legitimise\\'s'
>>> quote_in_source("helped to  legitimise", "It helped\\nto legitimise investment.")
True
>>> quote_in_source("helped to legitimize", "It helped\\nto legitimise investment.")
False
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, Graph, URIRef
from rdflib.term import Node

from chkg.vocab.namespace import CHKG

__all__ = ["fold", "quote_in_source", "source_of", "read_source_text", "read_text_file", "SourceTexts"]

_DCTERMS_IS_PART_OF = URIRef("http://purl.org/dc/terms/isPartOf")
_WHITESPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"'})
# a passage is at most a few levels below its source; stop on cycles or deep chains
_MAX_PART_OF_DEPTH = 16


def fold(text: str) -> str:
    """Collapse whitespace runs to one space, straighten typographic quotes, strip the ends.

    Parameters
    ----------
    text
        A quote or a source text.

    Returns
    -------
    str
        The folded text; dashes and everything else left as they are.

    Examples
    --------
    >>> fold("\\u2018a\\u2019\\u00a0\\t\\u2013 b")
    "'a' \\u2013 b"
    """
    return _WHITESPACE.sub(" ", text.translate(_QUOTES)).strip()


def quote_in_source(quote: str, source_text: str) -> bool:
    """True when the folded ``quote`` occurs in the folded ``source_text``.

    An empty (or all-whitespace) quote proves nothing and is never found.

    Examples
    --------
    >>> quote_in_source("\\u201cstaff\\u201d", 'listen to "staff"')
    True
    >>> quote_in_source("  ", "anything")
    False
    """
    folded = fold(quote)
    return bool(folded) and folded in fold(source_text)


def source_of(graph: Graph, node: Node) -> URIRef | None:
    """The ``chkg:Source`` that ``node`` (a passage or section) is part of, following ``dcterms:isPartOf``.

    Examples
    --------
    >>> from chkg.vocab.namespace import CHKG_NS
    >>> g = Graph()
    >>> _ = g.add((CHKG_NS.src, RDF.type, CHKG.Source))
    >>> _ = g.add((CHKG_NS.sec, _DCTERMS_IS_PART_OF, CHKG_NS.src))
    >>> _ = g.add((CHKG_NS.pas, _DCTERMS_IS_PART_OF, CHKG_NS.sec))
    >>> source_of(g, CHKG_NS.pas) == CHKG_NS.src
    True
    """
    frontier = [node]
    seen = {node}
    for _ in range(_MAX_PART_OF_DEPTH):
        for current in frontier:
            if isinstance(current, URIRef) and (current, RDF.type, CHKG.Source) in graph:
                return current
        frontier = [
            parent
            for current in frontier
            for parent in graph.objects(current, _DCTERMS_IS_PART_OF)
            if parent not in seen
        ]
        seen.update(frontier)
        if not frontier:
            break
    return None


@dataclass
class SourceTexts:
    """The folded text of each ``chkg:Source``, read from its ``chkg:textFile``.

    Attributes
    ----------
    texts
        ``source -> folded text`` for every source whose file was read.
    files
        ``source -> the file read``.
    missing
        ``source -> the file name declared`` for sources whose file is not found,
        not UTF-8, or names a place outside the sources folders.
    raw
        ``source -> raw text`` (not folded), which W3C selectors address.

    Examples
    --------
    >>> import tempfile
    >>> from chkg.vocab.namespace import CHKG_NS
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.md").write_text("It \\u201chelped\\u201d.")
    >>> g = Graph()
    >>> _ = g.add((CHKG_NS.a, RDF.type, CHKG.Source))
    >>> _ = g.parse(data='<https://w3id.org/creative-health-kg/a> <https://w3id.org/creative-health-kg/textFile> "a.md" .', format="nt")
    >>> texts = SourceTexts.from_graph(g, folder)
    >>> texts.contains(CHKG_NS.a, '"helped"')
    True
    """

    texts: dict[URIRef, str] = field(default_factory=dict)
    files: dict[URIRef, Path] = field(default_factory=dict)
    missing: dict[URIRef, str] = field(default_factory=dict)
    raw: dict[URIRef, str] = field(default_factory=dict)

    @classmethod
    def from_graph(cls, graph: Graph, sources_dir: Path | Sequence[Path]) -> SourceTexts:
        """Read the text of every ``chkg:Source`` with a ``chkg:textFile``.

        Parameters
        ----------
        graph
            The merged graph.
        sources_dir
            The sources folder, or folders searched in order (the first holding the file wins).
        """
        texts = cls()
        # only IRIs are sources; rdflib orders two URIRefs by their text, as key=str does
        for source in sorted({s for s in graph.subjects(RDF.type, CHKG.Source) if isinstance(s, URIRef)}, key=str):
            name = graph.value(source, CHKG.textFile)
            if name is None:
                continue
            found = read_source_text(graph, source, sources_dir)
            if found is None:
                texts.missing[source] = str(name)
            else:
                texts.files[source], text = found
                texts.texts[source] = fold(text)
        return texts

    @classmethod
    def from_names(cls, pairs: Iterable[tuple[str, str]], sources_dir: Path | Sequence[Path]) -> SourceTexts:
        """Read the text of each ``(source IRI, text file name)`` pair, as the store gives them (the first name wins).

        The same reader as :func:`read_source_text` (a text file never leaves the sources folders);
        the raw text is kept too, for the W3C selectors.

        Examples
        --------
        >>> SourceTexts.from_names([("http://e/s", "../none.md")], Path("/nonexistent")).missing
        {rdflib.term.URIRef('http://e/s'): '../none.md'}
        """
        folders = [Path(sources_dir)] if isinstance(sources_dir, (str, Path)) else [Path(d) for d in sources_dir]
        texts = cls()
        for iri, name in pairs:
            source = URIRef(iri)
            if source in texts.texts or source in texts.missing:
                continue
            file = _find(name, folders)
            text = _read(file) if file is not None else None
            if file is None or text is None:
                texts.missing[source] = name
            else:
                texts.raw[source], texts.texts[source], texts.files[source] = text, fold(text), file
        return texts

    def contains(self, source: URIRef, quote: str) -> bool:
        """True when ``quote`` occurs (folded) in ``source``'s text; False if the text is unknown."""
        text = self.texts.get(source)
        folded = fold(quote)
        return text is not None and bool(folded) and folded in text


def read_source_text(graph: Graph, source: URIRef, sources_dir: Path | Sequence[Path]) -> tuple[Path, str] | None:
    """The file and raw text (UTF-8, not folded) of ``source``'s ``chkg:textFile``: the one reader.

    ``None`` when the source names no file, or the file is missing, not UTF-8, or names a place
    outside the sources folders (``../secret``): a text file never leaves them.

    Examples
    --------
    >>> import tempfile
    >>> from chkg.vocab.namespace import CHKG_NS
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.md").write_text("raw  text")
    >>> g = Graph()
    >>> _ = g.parse(data='<https://w3id.org/creative-health-kg/a> <https://w3id.org/creative-health-kg/textFile> "a.md" .', format="nt")
    >>> read_source_text(g, CHKG_NS.a, folder)[1]
    'raw  text'
    >>> _ = g.parse(data='<https://w3id.org/creative-health-kg/b> <https://w3id.org/creative-health-kg/textFile> "../a.md" .', format="nt")
    >>> read_source_text(g, CHKG_NS.b, folder / "sub") is None
    True
    """
    name = graph.value(source, CHKG.textFile)
    return read_text_file(str(name), sources_dir) if name is not None else None


def read_text_file(name: str, sources_dir: Path | Sequence[Path]) -> tuple[Path, str] | None:
    """The file and raw text of the ``chkg:textFile`` value ``name`` (see :func:`read_source_text`).

    >>> read_text_file("../../etc/passwd", Path("data/sources")) is None
    True
    """
    folders = [Path(sources_dir)] if isinstance(sources_dir, (str, Path)) else [Path(d) for d in sources_dir]
    file = _find(name, folders)
    text = _read(file) if file is not None else None
    return (file, text) if file is not None and text is not None else None


# -- Private helpers -----------------------------------------------------------


def _find(name: str, folders: Sequence[Path]) -> Path | None:
    """The file ``name`` in the first folder holding it, refusing paths that leave the folder."""
    for folder in folders:
        root = folder.resolve()
        candidate = (root / name).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    return None


def _read(file: Path) -> str | None:
    try:
        return file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
