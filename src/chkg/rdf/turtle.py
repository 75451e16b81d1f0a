"""Strict Turtle parsing with ``file:line:column`` errors and subject positions.

rdflib's own Turtle parser accepts many invalid documents (spaces in IRIs,
literal subjects, bad escapes) and normalises literals while parsing
(``"007"^^xsd:integer`` becomes ``"7"``). This module parses with pyoxigraph's
strict parser instead, converts its terms to rdflib terms *without* literal
normalisation, and turns every failure (syntax, encoding, a missing file) into a
:class:`SyntaxProblem` with a 1-based line and column, never a traceback.

rdflib keeps no positions, so :mod:`chkg.rdf.positions` also reads the Turtle text and
records the line where each subject's description starts; blank nodes take the
line of the top-level subject that contains them. A file that is not Turtle at all
(RDF/XML, JSON-LD, HTML) is named as such instead of with the parser's first complaint.

Examples
--------
>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> good = folder / "good.ttl"
>>> _ = good.write_text('PREFIX ex: <http://example.org/>\\n\\nex:a ex:n "007"^^<http://www.w3.org/2001/XMLSchema#integer> .\\n')
>>> parsed = parse_turtle_file(good)
>>> parsed.ok, len(parsed.triples)
(True, 1)
>>> str(parsed.triples[0][2])
'007'
>>> parsed.positions["http://example.org/a"]
3
>>> bad = folder / "bad.ttl"
>>> _ = bad.write_text("PREFIX ex: <http://example.org/>\\nex:a ex:b ex:c\\nex:d ex:e ex:f .\\n")
>>> print(str(parse_turtle_file(bad).problem).replace(str(folder), "DIR"))
DIR/bad.ttl:3:1: error: A dot is expected at the end of statements
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from chkg.rdf.positions import TokenKind, spread_to_blank_nodes, subject_lines, tokenize
from chkg.untrusted import NEUTRAL_BASE_IRI

__all__ = ["SyntaxProblem", "ParsedFile", "Triple", "parse_turtle_file", "parse_turtle_text", "rdflib_term",
           "TokenKind", "tokenize", "not_turtle_hint", "read_turtle_text", "syntax_problem"]

#: An rdflib triple.
Triple = tuple[Node, Node, Node]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True)
class SyntaxProblem:
    """A file that cannot be read as Turtle, at a 1-based line and column.

    Examples
    --------
    >>> print(SyntaxProblem("data/a.ttl", 4, 7, "The prefix x: has not been declared"))
    data/a.ttl:4:7: error: The prefix x: has not been declared
    """

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: error: {self.message}"


@dataclass
class ParsedFile:
    """What one Turtle file holds: its triples, prefixes and subject positions, or its problem.

    Attributes
    ----------
    path
        The file, as given.
    triples
        Its triples as rdflib terms (literals keep their lexical form); empty on a problem.
    prefixes
        The prefixes the file declares, ``prefix -> namespace IRI``.
    positions
        ``subject -> line`` (1-based) where the subject's description starts, for IRIs
        (keyed by the IRI string) and for blank nodes (keyed by the :class:`~rdflib.BNode`),
        which take the line of the top-level subject containing them.
    problem
        The syntax, encoding or read problem that stopped parsing, or ``None``.

    Examples
    --------
    >>> ParsedFile(Path("x.ttl")).ok
    True
    """

    path: Path
    triples: list[Triple] = field(default_factory=list)
    prefixes: dict[str, str] = field(default_factory=dict)
    positions: dict[str | BNode, int] = field(default_factory=dict)
    problem: SyntaxProblem | None = None

    @property
    def ok(self) -> bool:
        """True when the file parsed."""
        return self.problem is None

    @property
    def empty(self) -> bool:
        """True when the file parsed and holds no triple (valid Turtle, worth a warning)."""
        return self.problem is None and not self.triples

    def line_of(self, node: Node) -> int | None:
        """The line where ``node``'s description starts in this file, or ``None``."""
        key: str | BNode = node if isinstance(node, BNode) else str(node)
        return self.positions.get(key)


def parse_turtle_file(path: Path | str, *, base_iri: str | None = None) -> ParsedFile:
    """Parse one Turtle file strictly; problems are returned, never raised.

    Parameters
    ----------
    path
        The Turtle file.
    base_iri
        The base for relative IRIs; default: a neutral ``urn:chkg:relative/`` (never a local path).

    Returns
    -------
    ParsedFile
        With ``problem`` set when the file is missing, unreadable, not UTF-8 or not Turtle.

    Examples
    --------
    >>> parse_turtle_file("/nonexistent/x.ttl").problem.message
    'cannot read the file: No such file or directory'
    """
    path = Path(path)
    text = read_turtle_text(path)
    if isinstance(text, SyntaxProblem):
        return ParsedFile(path, problem=text)
    if base_iri is None:
        base_iri = NEUTRAL_BASE_IRI
    return parse_turtle_text(text, file=str(path), base_iri=base_iri, path=path)


def read_turtle_text(path: Path) -> str | SyntaxProblem:
    """The text of a Turtle file, or the problem that stops it being read (missing, not UTF-8).

    Examples
    --------
    >>> read_turtle_text(Path("/nonexistent/x.ttl")).message
    'cannot read the file: No such file or directory'
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        return SyntaxProblem(str(path), 1, 1, f"cannot read the file: {reason}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _line_column_of_byte(data, exc.start)
        message = f"the file is not UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8"
        return SyntaxProblem(str(path), line, column, message)


def parse_turtle_text(
    text: str, *, file: str = "<string>", base_iri: str | None = None, path: Path | None = None
) -> ParsedFile:
    """Parse Turtle from a string strictly; see :func:`parse_turtle_file`.

    Examples
    --------
    >>> parse_turtle_text("<http://e/a> <http://e/b> <http://e/ c> .").problem.column
    27
    >>> parse_turtle_text("").empty
    True
    """
    parsed = ParsedFile(path if path is not None else Path(file))
    # Keep the statements read before a syntax error: one broken statement at the end of a
    # file must not make every entity the file defines look missing to the other checks.
    triples: list[Triple] = []
    parser = ox.parse(text, format=ox.RdfFormat.TURTLE, base_iri=base_iri, rename_blank_nodes=True)
    try:
        for quad in parser:
            triples.append((rdflib_term(quad.subject), rdflib_term(quad.predicate), rdflib_term(quad.object)))
    except SyntaxError as exc:
        parsed.problem = syntax_problem(file, text, exc)
    except (ValueError, RecursionError, MemoryError) as exc:  # pragma: no cover - defensive
        parsed.problem = SyntaxProblem(file, 1, 1, f"cannot parse the file: {exc}")
    parsed.triples = triples
    parsed.prefixes = dict(parser.prefixes)
    positions: dict[str | BNode, int] = dict(subject_lines(text, base_iri))
    # IRIs are keyed by their text (a URIRef is not equal to its str), blank nodes by themselves
    edges = ((s if isinstance(s, BNode) else str(s), o) for s, _, o in triples if isinstance(o, BNode))
    spread_to_blank_nodes(positions, edges, BNode)
    parsed.positions = positions
    return parsed


def syntax_problem(file: str, text: str, exc: SyntaxError) -> SyntaxProblem:
    """The :class:`SyntaxProblem` for pyoxigraph's ``exc`` on ``text``, naming a non-Turtle format.

    Examples
    --------
    >>> syntax_problem("a.rdf", "<?xml version='1.0'?>", SyntaxError("Invalid IRI code point ' '")).message
    'this looks like RDF/XML, not Turtle: convert it to Turtle (.ttl) first'
    """
    hint = not_turtle_hint(text)
    if hint is not None:
        return SyntaxProblem(file, 1, 1, hint)
    return SyntaxProblem(file, exc.lineno or 1, exc.offset or 1, _clean_message(exc.msg or str(exc)))


_FORMATS = (
    (re.compile(r"<\?xml\b|<rdf:RDF\b|<!DOCTYPE\s+rdf:RDF", re.IGNORECASE), "RDF/XML"),
    (re.compile(r"<!DOCTYPE\s+html\b|<html\b", re.IGNORECASE), "HTML"),
    (re.compile(r"[{\[]\s*(?:\"@context\"|\"@id\"|\"@graph\"|[{\]])"), "JSON-LD"),
)


def not_turtle_hint(text: str) -> str | None:
    """A message when ``text`` starts like another format than Turtle (RDF/XML, HTML, JSON-LD), else ``None``.

    Examples
    --------
    >>> not_turtle_hint('<?xml version="1.0"?><rdf:RDF/>')
    'this looks like RDF/XML, not Turtle: convert it to Turtle (.ttl) first'
    >>> not_turtle_hint("<http://e/a> <http://e/b> <http://e/c> .") is None
    True
    """
    head = text.lstrip("\ufeff \t\r\n")[:200]
    for pattern, name in _FORMATS:
        if pattern.match(head):
            return f"this looks like {name}, not Turtle: convert it to Turtle (.ttl) first"
    return None


# -- Private helpers -----------------------------------------------------------


_MESSAGE_PREFIX = re.compile(r"^Parser error (?:at|between) line [^:]*: ")


def _clean_message(message: str) -> str:
    """Drop pyoxigraph's own position prefix: the problem carries the position."""
    return _MESSAGE_PREFIX.sub("", message)


def _line_column_of_byte(data: bytes, index: int) -> tuple[int, int]:
    """1-based line and column (in characters) of the byte at ``index``."""
    before = data[:index]
    line = before.count(b"\n") + 1
    line_start = before.rfind(b"\n") + 1
    column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    return line, column


def rdflib_term(term: object) -> Node:
    """Convert a pyoxigraph term to rdflib, keeping a literal's lexical form (no normalisation).

    Raises
    ------
    ValueError
        For a term rdflib cannot hold (an RDF 1.2 triple term).

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> rdflib_term(ox.Literal("01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))).n3()
    '"01"^^<http://www.w3.org/2001/XMLSchema#integer>'
    """
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language, normalize=False)
        datatype = term.datatype.value
        if datatype in (_XSD_STRING, _RDF_LANG_STRING):
            return Literal(term.value, normalize=False)
        return Literal(term.value, datatype=URIRef(datatype), normalize=False)
    raise ValueError(f"unsupported RDF term: {term!r}")  # pragma: no cover - RDF-star only
