"""Strict Turtle parsing with ``file:line:column`` errors and subject positions.

rdflib's own Turtle parser accepts many invalid documents (spaces in IRIs,
literal subjects, bad escapes) and normalises literals while parsing
(``"007"^^xsd:integer`` becomes ``"7"``). This module parses with pyoxigraph's
strict parser instead, converts its terms to rdflib terms *without* literal
normalisation, and turns every failure (syntax, encoding, a missing file) into a
:class:`SyntaxProblem` with a 1-based line and column, never a traceback.

rdflib keeps no positions, so a small tokenizer also reads the Turtle text and
records the line where each subject's description starts; blank nodes take the
line of the top-level subject that contains them.

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
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal as TypingLiteral
from typing import cast

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

__all__ = ["SyntaxProblem", "ParsedFile", "Triple", "parse_turtle_file", "parse_turtle_text", "rdflib_term",
           "TokenKind", "tokenize"]

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
        The base for relative IRIs; default: the file's ``file:`` URI.

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
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        return ParsedFile(path, problem=SyntaxProblem(str(path), 1, 1, f"cannot read the file: {reason}"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _line_column_of_byte(data, exc.start)
        message = f"the file is not UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8"
        return ParsedFile(path, problem=SyntaxProblem(str(path), line, column, message))
    if base_iri is None:
        base_iri = path.resolve().as_uri()
    return parse_turtle_text(text, file=str(path), base_iri=base_iri, path=path)


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
    import pyoxigraph as ox

    parsed = ParsedFile(path if path is not None else Path(file))
    # Keep the statements read before a syntax error: one broken statement at the end of a
    # file must not make every entity the file defines look missing to the other checks.
    triples: list[Triple] = []
    parser = ox.parse(text, format=ox.RdfFormat.TURTLE, base_iri=base_iri, rename_blank_nodes=True)
    try:
        for quad in parser:
            triples.append((rdflib_term(quad.subject), rdflib_term(quad.predicate), rdflib_term(quad.object)))
    except SyntaxError as exc:
        parsed.problem = SyntaxProblem(file, exc.lineno or 1, exc.offset or 1, _clean_message(exc.msg))
    except (ValueError, RecursionError, MemoryError) as exc:  # pragma: no cover - defensive
        parsed.problem = SyntaxProblem(file, 1, 1, f"cannot parse the file: {exc}")
    parsed.triples = triples
    parsed.prefixes = dict(parser.prefixes)
    parsed.positions = _positions(text, base_iri, triples)
    return parsed


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
    import pyoxigraph as ox

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


# One token of Turtle text: enough to find comments and where statements start.
_TOKEN = re.compile(
    r"""
      (?P<ws>[ \t\r\n]+)
    | (?P<comment>\#[^\n]*)
    | (?P<iri><[^>\n]*>)
    | (?P<long>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*''')
    | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    | (?P<punct>[\[\]();,])
    | (?P<dtype>\^\^)
    | (?P<at>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<bare>(?:\\.|[^\s<>"'()\[\];,\#^\\])+)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_LOCAL_ESCAPE = re.compile(r"\\(.)")

#: The kinds of token :func:`tokenize` reports (the group names of ``_TOKEN``).
TokenKind = TypingLiteral["ws", "comment", "iri", "long", "string", "punct", "dtype", "at", "bare", "other"]


def tokenize(text: str) -> Iterator[tuple[TokenKind, str, int]]:
    """``(kind, text, line)`` of each token of Turtle ``text``, at its 1-based starting line.

    Kinds: ``ws``, ``comment``, ``iri``, ``long`` and ``string`` (quoted literals), ``punct``,
    ``dtype`` (``^^``), ``at`` (a language tag or ``@prefix``), ``bare`` (prefixed names,
    keywords, numbers; escapes such as ``\\#`` kept) and ``other``. A ``#`` inside a string,
    an IRI or an escape is not a comment.

    Examples
    --------
    >>> text = '# banner\\n<http://e/a#x> ex:b\\\\#c "not # a comment" . # trailing\\n'
    >>> [(kind, value, line) for kind, value, line in tokenize(text) if kind == "comment"]
    [('comment', '# banner', 1), ('comment', '# trailing', 2)]
    """
    line = 1
    for match in _TOKEN.finditer(text):
        value = match.group()
        yield cast(TokenKind, match.lastgroup or "other"), value, line
        line += value.count("\n")


def _positions(text: str, base_iri: str | None, triples: list[Triple]) -> dict[str | BNode, int]:
    """``subject -> line`` for the subjects that start statements, and their blank nodes."""
    positions: dict[str | BNode, int] = {}
    prefixes: dict[str, str] = {}
    base = base_iri or ""
    depth = 0
    expect_subject = True
    directive: list[str] | None = None  # tokens of a PREFIX/BASE directive being read
    directive_kind = ""
    for kind, value, token_line in tokenize(text):
        if kind in ("ws", "comment"):
            continue
        if kind == "bare":
            # a prefixed name never ends in '.', so trailing dots end the statement
            stripped = value
            while stripped.endswith(".") and not stripped.endswith("\\."):
                stripped = stripped[:-1]
            dots = len(value) - len(stripped)
            head: list[tuple[TokenKind, str]] = [("bare", stripped)] if stripped else []
            tail: list[tuple[TokenKind, str]] = [("punct", ".")] * dots
            tokens = head + tail
        else:
            tokens = [(kind, value)]
        for kind, value in tokens:
            if directive is not None:
                if kind == "punct" and value == "." and directive_kind.startswith("@"):
                    continue
                directive.append(value)
                if (directive_kind.lower().endswith("prefix") and len(directive) == 2) or (
                    directive_kind.lower().endswith("base") and len(directive) == 1
                ):
                    if directive_kind.lower().endswith("prefix"):
                        namespace = _resolve(directive[1][1:-1], base)
                        if namespace is not None:
                            prefixes[directive[0].rstrip(":")] = namespace
                    else:
                        base = _resolve(directive[0][1:-1], base) or base
                    directive = None
                    expect_subject = True
                continue
            if kind == "punct":
                if value == "." and depth == 0:
                    expect_subject = True
                elif value in "[(":
                    expect_subject = False
                    depth += 1
                elif value in "])":
                    depth = max(depth - 1, 0)
                continue
            if not expect_subject or depth:
                continue
            expect_subject = False
            if kind == "at" and value.lower() in ("@prefix", "@base") or (
                kind == "bare" and value.lower() in ("prefix", "base")
            ):
                directive, directive_kind = [], value
                continue
            iri = _subject_iri(kind, value, prefixes, base)
            if iri is not None:
                positions.setdefault(iri, token_line)
    _spread_to_blank_nodes(positions, triples)
    return positions


def _subject_iri(kind: str, value: str, prefixes: dict[str, str], base: str) -> str | None:
    """The IRI a subject token stands for, or ``None`` (blank node, unknown prefix)."""
    if kind == "iri":
        return _resolve(value[1:-1], base)
    if kind == "bare" and ":" in value and not value.startswith("_:"):
        prefix, local = value.split(":", 1)
        if prefix in prefixes:
            return prefixes[prefix] + _LOCAL_ESCAPE.sub(r"\1", local)
    return None


_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _resolve(iri: str, base: str) -> str | None:
    """The absolute IRI that ``<iri>`` stands for, resolved against ``base`` with its escapes decoded.

    Absolute IRIs without escapes are taken as they are; the rest go through pyoxigraph,
    so that resolution follows RFC 3986 exactly as the parser did.
    """
    if "\\" not in iri and _ABSOLUTE_IRI.match(iri):
        return iri
    import pyoxigraph as ox

    try:
        quad = next(iter(ox.parse(f"<{iri}> <x:p> <x:o> .", format=ox.RdfFormat.TURTLE, base_iri=base or None)))
    except (SyntaxError, StopIteration, ValueError):
        return None
    return str(quad.subject.value)


def _spread_to_blank_nodes(positions: dict[str | BNode, int], triples: list[Triple]) -> None:
    """Give each blank node the line of the top-level subject that contains it (breadth first)."""
    children: dict[Node, list[BNode]] = {}
    for subject, _, obj in triples:
        if isinstance(obj, BNode):
            children.setdefault(subject, []).append(obj)
    if not children:
        return
    queue: deque[tuple[Node, int]] = deque()
    for subject in children:
        if not isinstance(subject, BNode):
            line = positions.get(str(subject))
            if line is not None:
                queue.append((subject, line))
    while queue:
        node, line = queue.popleft()
        for child in children.get(node, ()):
            if child not in positions:
                positions[child] = line
                queue.append((child, line))
