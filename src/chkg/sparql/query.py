"""The SPARQL query catalogue, parameter binding, the embedded store and result formats.

A catalogue query is a ``queries/NNN_slug.rq`` file opening with a grlc-style
header (``#+ summary:``, ``#+ description:``, ``#+ tags:``, ``#+ defaults:``).
Its parameters are the variables named ``?_name`` (grlc's convention); a
parameter whose name ends in ``_iri`` or whose default is an IRI or CURIE takes
an IRI, any other a plain string literal.

Parameters are bound as RDF terms, never pasted into the query text: each value
becomes an RDF term (an IRI checked by Oxigraph's parser, or a literal), is
serialised as N-Triples (so quotes, backslashes and newlines are escaped), and
goes into a ``VALUES`` block opening the query's ``WHERE`` group, located by a
SPARQL lexer rather than by searching the text. The same bound query runs on
the embedded store and on every endpoint, so both see one query.

The embedded store is an in-memory :class:`pyoxigraph.Store` (measured about
an order of magnitude faster than rdflib's memory store on the catalogue, see
``benchmarks/bench_store.py``). It reaches nothing outside the graph: ``SERVICE``,
``LOAD`` and every other update, and JSON-LD files with remote contexts raise
:class:`~chkg.errors.RefusedOperationError` unless ``allow_remote=True``.

Examples
--------
>>> from rdflib import Graph
>>> g = Graph().parse(data='''
...     @prefix chkg: <https://w3id.org/creative-health-kg/> .
...     @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
...     chkg:burnout rdfs:label "burnout"@en .
...     chkg:retention rdfs:label "retention"@en .''', format="turtle")
>>> store = EmbeddedStore.from_graph(g)
>>> text = '''PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
... SELECT ?x WHERE { ?x rdfs:label ?l FILTER(STR(?l) = ?_label) }'''
>>> result = store.run(bind_parameters(text, {"_label": parse_value("burnout", "literal")}))
>>> [str(row[0]) for row in result.rows]
['https://w3id.org/creative-health-kg/burnout']
>>> result = store.run(bind_parameters(text, {"_label": parse_value('x" } ; DROP ALL ; #', "literal")}))
>>> result.rows
[]
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Literal as TypingLiteral
from typing import cast

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from chkg.errors import (
    InputFileError,
    QuerySyntaxError,
    RefusedOperationError,
    UnknownParameterError,
    UsageError,
)
from chkg.vocab.namespace import PREFIXES, curie
from chkg.project import bundled_project
from chkg.rdf.turtle import rdflib_term

__all__ = [
    "ResultFormat",
    "ParameterKind",
    "QueryParameter",
    "CatalogueQuery",
    "QueryResult",
    "EmbeddedStore",
    "catalogue",
    "find_query",
    "read_query",
    "parse_value",
    "resolve_parameters",
    "bind_parameters",
    "check_syntax",
    "check_refused",
    "query_form",
    "has_order_by",
    "run_query",
    "format_result",
    "result_from_json",
    "read_query_text",
    "to_rdflib",
    "to_oxigraph",
]

#: How a parameter's value is read: an IRI (``<...>``, ``chkg:curie``), a string or an integer.
ParameterKind = TypingLiteral["iri", "literal", "integer"]


class ResultFormat(str, Enum):
    """Output formats of ``chkg query``."""

    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"


# -- The catalogue --------------------------------------------------------------

_FILE_NAME = re.compile(r"^(?P<number>\d{3})_(?P<slug>[a-z0-9][a-z0-9_-]*)\.rq$")
_HEADER_LINE = re.compile(r"^#\+\s?(?P<body>.*)$")


@dataclass(frozen=True)
class QueryParameter:
    """One ``?_name`` parameter of a query.

    ``name`` is the variable name without ``?`` (``_value_iri``); ``optional`` is
    true for grlc's ``?__name`` form, which may stay unbound.
    """

    name: str
    kind: ParameterKind
    default: str | None = None
    optional: bool = False

    @property
    def key(self) -> str:
        """The name a user passes to ``--param``: the variable without its underscores."""
        return self.name.lstrip("_")


@dataclass(frozen=True)
class CatalogueQuery:
    """A query file with its grlc header read.

    Examples
    --------
    >>> q = read_query_text("#+ summary: Count things\\n#+ tags:\\n#+   - counts\\n"
    ...                     "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", name="count")
    >>> q.summary, q.tags, q.ordered
    ('Count things', ('counts',), False)
    """

    name: str
    text: str
    path: Path | None = None
    number: str | None = None
    summary: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    defaults: Mapping[str, str] = field(default_factory=dict)
    parameters: tuple[QueryParameter, ...] = ()

    @property
    def ordered(self) -> bool:
        """Whether the query fixes its row order with ``ORDER BY``."""
        return has_order_by(self.text)

    def parameter(self, key: str) -> QueryParameter:
        """Return the parameter a user names ``key`` (with or without ``?_``)."""
        wanted = key.lstrip("?$").lstrip("_")
        for param in self.parameters:
            if param.key == wanted:
                return param
        known = ", ".join(p.key for p in self.parameters) or "none"
        raise UnknownParameterError(
            f"query {self.name!r} has no parameter {key!r} (its parameters: {known})"
        )


def catalogue(folder: Path | None = None) -> list[CatalogueQuery]:
    """Read every ``NNN_slug.rq`` file of the catalogue folder, in number order.

    Parameters
    ----------
    folder
        The folder to read; the project's ``queries/`` by default.

    Returns
    -------
    list of CatalogueQuery

    Examples
    --------
    >>> names = [q.name for q in catalogue()]
    >>> len(names) >= 15
    True
    """
    folder = folder or bundled_project().queries
    found = []
    for path in sorted(folder.glob("*.rq")):
        if _FILE_NAME.match(path.name):
            found.append(read_query(path))
    return found


def find_query(name: str, folder: Path | None = None) -> CatalogueQuery:
    """Find a query by file path, catalogue slug or number prefix.

    Parameters
    ----------
    name
        A path to an ``.rq`` file, a slug (``regional-strategies``), a file stem
        (``009_regional-strategies``) or a number (``9``, ``009``).
    folder
        The catalogue folder; the project's ``queries/`` by default.

    Raises
    ------
    UsageError
        No query, or more than one, matches ``name``.

    Examples
    --------
    >>> find_query("1").number
    '001'
    """
    path = Path(name)
    if path.suffix == ".rq" and path.is_file():
        return read_query(path)
    if path.suffix == ".rq" and (path.parent != Path(".") or path.exists()):
        raise InputFileError(f"query file not found: {name}")
    queries = catalogue(folder)
    wanted = name.strip().lower().removesuffix(".rq")
    if wanted.isdigit():
        matches = [q for q in queries if q.number is not None and int(q.number) == int(wanted)]
    else:
        matches = [q for q in queries if wanted in (q.name, f"{q.number}_{q.name}")]
        if not matches:
            matches = [q for q in queries if q.name.startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise UsageError(f"no catalogue query named {name!r} (see `chkg query --list`)")
    names = ", ".join(f"{q.number}_{q.name}" for q in matches)
    raise UsageError(f"{name!r} matches several catalogue queries: {names}")


def read_query(path: Path) -> CatalogueQuery:
    """Read one query file and its grlc header."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFileError(f"cannot read query file {path}: {exc}") from exc
    match = _FILE_NAME.match(Path(path).name)
    name = match["slug"] if match else Path(path).stem
    number = match["number"] if match else None
    return read_query_text(text, name=name, path=Path(path), number=number)


def read_query_text(
    text: str, *, name: str = "query", path: Path | None = None, number: str | None = None
) -> CatalogueQuery:
    """Build a :class:`CatalogueQuery` from query text with an optional grlc header."""
    header = _read_header(text)
    defaults = _as_mapping(header.get("defaults"))
    tags = header.get("tags", [])
    params = tuple(_parameter(var, defaults) for var in _parameter_variables(text))
    return CatalogueQuery(
        name=name,
        text=text,
        path=path,
        number=number,
        summary=str(header.get("summary", "")),
        description=str(header.get("description", "")),
        tags=tuple(tags if isinstance(tags, list) else [t.strip() for t in str(tags).split(",")]),
        defaults=defaults,
        parameters=params,
    )


def _read_header(text: str) -> dict[str, object]:
    """Read the ``#+ key: value`` lines (a small YAML subset: scalars and ``- item`` lists)."""
    header: dict[str, object] = {}
    current: str | None = None
    for line in text.splitlines():
        m = _HEADER_LINE.match(line.strip())
        if not m:
            if line.strip() and not line.strip().startswith("#"):
                break
            continue
        body = m["body"].rstrip()
        item = re.match(r"^\s*-\s*(.*)$", body)
        if item and current is not None:
            value = header.setdefault(current, [])
            if isinstance(value, list):
                value.append(_unquote(item.group(1)))
            continue
        key, _, value_text = body.partition(":")
        current = key.strip()
        value_text = value_text.strip()
        header[current] = _unquote(value_text) if value_text else []
    return header


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


def _as_mapping(value: object) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in value if isinstance(value, list) else []:
        key, sep, val = str(item).partition(":")
        if sep:
            out[key.strip().lstrip("?").lstrip("_")] = _unquote(val)
    return out


def _parameter_variables(text: str) -> list[str]:
    seen: list[str] = []
    for token in _tokens(text):
        if token.kind == "var" and token.text[1:].startswith("_") and token.text[1:] not in seen:
            seen.append(token.text[1:])
    return seen


def _parameter(var: str, defaults: Mapping[str, str]) -> QueryParameter:
    key = var.lstrip("_")
    default = defaults.get(key)
    kind: ParameterKind = "literal"
    if key.endswith("_iri") or (default is not None and _looks_like_iri(default)):
        kind = "iri"
    elif key.endswith("_integer"):
        kind = "integer"
    return QueryParameter(name=var, kind=kind, default=default, optional=var.startswith("__"))


def _looks_like_iri(value: str) -> bool:
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        return True
    prefix, sep, _ = value.partition(":")
    return bool(sep) and (prefix in PREFIXES or prefix in ("http", "https", "urn"))


# -- Parameter values and binding ----------------------------------------------


def parse_value(value: str, kind: ParameterKind) -> URIRef | Literal:
    """Turn a ``--param`` value into an RDF term of the parameter's kind.

    IRIs are written ``<https://...>``, as a CURIE with a project prefix
    (``chkg:burnout``) or as a bare absolute ``http(s)`` IRI, and are checked by
    Oxigraph's IRI parser. Anything else is a plain string literal, taken as it
    is: quotes and braces in it stay characters of the string.

    Examples
    --------
    >>> parse_value("chkg:burnout", "iri")
    rdflib.term.URIRef('https://w3id.org/creative-health-kg/burnout')
    >>> parse_value('x" } ; DROP ALL ; #', "literal").n3()
    '"x\\\\" } ; DROP ALL ; #"'
    >>> parse_value("3", "integer").n3()
    '"3"^^<http://www.w3.org/2001/XMLSchema#integer>'
    """
    if kind == "literal":
        return Literal(value)
    if kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", value.strip()):
            raise UsageError(f"parameter value {value!r} is not an integer")
        return Literal(value.strip(), datatype=XSD.integer)
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        iri = text[1:-1]
    else:
        prefix, sep, local = text.partition(":")
        if sep and prefix in PREFIXES:
            iri = PREFIXES[prefix] + local
        elif sep and prefix in ("http", "https", "urn"):
            iri = text
        else:
            raise UsageError(
                f"parameter value {value!r} is not an IRI: write <https://...> or a CURIE "
                f"such as chkg:burnout (prefixes: {', '.join(sorted(PREFIXES))})"
            )
    try:
        ox.NamedNode(iri)
    except ValueError as exc:
        raise UsageError(f"parameter value {value!r} is not a valid IRI: {exc}") from exc
    return URIRef(iri)


def resolve_parameters(
    query: CatalogueQuery, given: Mapping[str, str] | Iterable[tuple[str, str]]
) -> dict[str, URIRef | Literal]:
    """Check ``--param`` values against the query and fill in its defaults.

    Returns a mapping from variable name (``_label``) to RDF term. Raises
    :class:`~chkg.errors.UnknownParameterError` for a name the query does not
    declare, :class:`~chkg.errors.UsageError` for a missing required value.

    Examples
    --------
    >>> q = read_query_text("#+ defaults:\\n#+   - label: burnout\\n"
    ...     "SELECT ?x WHERE { ?x ?p ?_label }")
    >>> resolve_parameters(q, {})
    {'_label': rdflib.term.Literal('burnout')}
    >>> resolve_parameters(q, {"nope": "1"})
    Traceback (most recent call last):
    ...
    chkg.errors.UnknownParameterError: query 'query' has no parameter 'nope' (its parameters: label)
    """
    pairs = list(given.items()) if isinstance(given, Mapping) else list(given)
    values: dict[str, str] = {}
    for key, value in pairs:
        values[query.parameter(key).name] = value
    bound: dict[str, URIRef | Literal] = {}
    for param in query.parameters:
        raw = values.get(param.name, param.default)
        if raw is None:
            if param.optional:
                continue
            raise UsageError(
                f"query {query.name!r} needs a value for its parameter {param.key!r}: "
                f"--param {param.key}=..."
            )
        bound[param.name] = parse_value(raw, param.kind)
    return bound


def bind_parameters(text: str, bindings: Mapping[str, Node]) -> str:
    """Return ``text`` with a ``VALUES`` block binding ``bindings`` opening its WHERE group.

    Each term is serialised as N-Triples (rdflib's ``n3()`` of an IRI or a literal,
    which escapes quotes, backslashes and newlines), so a value can never end the
    string it stands in. The block goes right after the ``{`` that opens the query
    pattern, found by lexing the query (comments, strings and IRIs skipped), so
    the parameters are bound before the filters of that group are evaluated.

    Examples
    --------
    >>> print(bind_parameters("SELECT * WHERE { ?s ?p ?_o }", {"_o": Literal('a"b')}))
    SELECT * WHERE { VALUES (?_o) { ("a\\"b") }
     ?s ?p ?_o }
    """
    if not bindings:
        return text
    position = _pattern_start(text)
    names = list(bindings)
    terms = []
    for name in names:
        term = bindings[name]
        if not isinstance(term, (URIRef, Literal)):
            raise UsageError(f"parameter {name!r} must be bound to an IRI or a literal")
        terms.append(_ntriples(term))
    block = (
        " VALUES (" + " ".join(f"?{n}" for n in names) + ") { (" + " ".join(terms) + ") }\n"
    )
    return text[:position] + block + text[position:]


def _ntriples(term: URIRef | Literal) -> str:
    if isinstance(term, URIRef):
        return str(ox.NamedNode(str(term)))
    if term.language:
        return str(ox.Literal(str(term), language=term.language))
    if term.datatype is not None:
        return str(ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype))))
    return str(ox.Literal(str(term)))


# -- A small SPARQL lexer -------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    kind: str  # word, var, iri, string, punct
    text: str
    start: int


_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_\-.]*(:[^\s{}()<>\"',;]*)?|:[^\s{}()<>\"',;]*")
_VAR = re.compile(r"[?$][A-Za-z0-9_\u00b7\u00c0-\uffff]+")
_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")


def _tokens(text: str) -> Iterable[_Token]:
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
        elif c in "\"'":
            long = text.startswith(c * 3, i)
            quote = c * 3 if long else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            yield _Token("string", text[i : j + len(quote)], i)
            i = j + len(quote)
        elif c == "<" and (m := _IRI.match(text, i)):
            yield _Token("iri", m.group(), i)
            i = m.end()
        elif c in "?$" and (m := _VAR.match(text, i)):
            yield _Token("var", m.group(), i)
            i = m.end()
        elif m := _WORD.match(text, i):
            yield _Token("word", m.group(), i)
            i = m.end()
        else:
            yield _Token("punct", c, i)
            i += 1


_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}


def query_form(text: str) -> str:
    """Return the query form (``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``) or ``UPDATE``.

    Examples
    --------
    >>> query_form("PREFIX x: <urn:x:> # a comment\\nconstruct { ?s ?p ?o } WHERE { ?s ?p ?o }")
    'CONSTRUCT'
    >>> query_form("LOAD <http://example.org/data.ttl>")
    'UPDATE'
    """
    for token in _tokens(text):
        if token.kind != "word":
            continue
        word = token.text.upper()
        if word in _FORMS:
            return word
        if word in _UPDATE_WORDS:
            return "UPDATE"
    return "UNKNOWN"


def has_order_by(text: str) -> bool:
    """Whether the outermost query has ``ORDER BY`` (after its WHERE group closes).

    Examples
    --------
    >>> has_order_by("SELECT * { { SELECT ?s { ?s ?p ?o } ORDER BY ?s LIMIT 1 } }")
    False
    >>> has_order_by("SELECT * { ?s ?p ?o } ORDER BY ?s")
    True
    """
    depth = 0
    previous = ""
    for token in _tokens(text):
        if token.kind == "punct" and token.text == "{":
            depth += 1
        elif token.kind == "punct" and token.text == "}":
            depth -= 1
        elif token.kind == "word" and depth == 0:
            if token.text.upper() == "BY" and previous == "ORDER":
                return True
            previous = token.text.upper()
    return False


def _pattern_start(text: str) -> int:
    """Offset just after the ``{`` opening the query pattern (the WHERE group)."""
    tokens = list(_tokens(text))
    form = None
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if form is None and tok.kind == "word" and tok.text.upper() in _FORMS:
            form = tok.text.upper()
        elif form == "CONSTRUCT" and tok.kind == "punct" and tok.text == "{":
            # skip the template, then look for WHERE's group
            depth = 0
            while i < len(tokens):
                if tokens[i].text == "{" and tokens[i].kind == "punct":
                    depth += 1
                elif tokens[i].text == "}" and tokens[i].kind == "punct":
                    depth -= 1
                    if depth == 0:
                        break
                i += 1
            form = "CONSTRUCT-TEMPLATE-DONE"
        elif form is not None and tok.kind == "punct" and tok.text == "{":
            return tok.start + 1
        i += 1
    raise UsageError("cannot bind parameters: the query has no WHERE group")


# -- Checks ---------------------------------------------------------------------

_POSITION = re.compile(r"error at (\d+):(\d+)")


def check_syntax(text: str, *, name: str = "query") -> None:
    """Parse ``text`` as a SPARQL 1.1 query; raise QuerySyntaxError with its line and column.

    Examples
    --------
    >>> check_syntax("SELECT * WHERE {\\n  ?s ?p }", name="bad.rq")
    Traceback (most recent call last):
    ...
    chkg.errors.QuerySyntaxError: bad.rq:2:3: malformed SPARQL: Expected SelectQuery, found '?'
    """
    if query_form(text) == "UPDATE":
        # never executed here: the store that runs the update reports its syntax errors
        return
    if any(t.kind == "word" and t.text.upper() == "SERVICE" for t in _tokens(text)):
        # Oxigraph parses by preparing the query, and an ASK would run its SERVICE
        # call right away: check such a query with rdflib's parser, which only parses
        from pyparsing import ParseBaseException
        from rdflib.plugins.sparql.parser import parseQuery

        try:
            parseQuery(text)
        except ParseBaseException as exc:
            raise _syntax_error(SyntaxError(str(exc)), name, text) from None
        return
    try:
        # an empty store: SELECT and CONSTRUCT answers are lazy, nothing is evaluated
        _PARSER_STORE.query(text)
    except SyntaxError as exc:
        raise _syntax_error(exc, name, text) from None
    except (OSError, RuntimeError):
        # parsing succeeded; evaluation on the empty store failed (e.g. SERVICE)
        return


def _syntax_error(exc: SyntaxError, name: str, text: str | None = None) -> QuerySyntaxError:
    """One line naming where the query breaks.

    Oxigraph's parser decides whether a query is valid; its error position is where
    its look-ahead gave up, often the end of the text, so the position reported is
    the one of rdflib's parser (the start of the clause that fails) when it agrees
    that the query is malformed.
    """
    if text is not None:
        from pyparsing import ParseBaseException
        from rdflib.plugins.sparql.parser import parseQuery

        try:
            parseQuery(text)
        except ParseBaseException as pexc:
            found = re.sub(r"\s*\(at char \d+\).*$", "", str(pexc)).strip()
            return QuerySyntaxError(
                f"{name}:{pexc.lineno}:{pexc.col}: malformed SPARQL: {found}"
            )
        except Exception:  # rdflib raises assorted errors on odd input; fall back below
            pass
    message = str(exc)
    m = _POSITION.search(message)
    if m:
        detail = message[m.end() :].lstrip(": ").strip()
        return QuerySyntaxError(f"{name}:{m[1]}:{m[2]}: malformed SPARQL: {detail}")
    return QuerySyntaxError(f"{name}: malformed SPARQL: {message}")


_PARSER_STORE = ox.Store()


def check_refused(text: str, *, allow_remote: bool = False) -> None:
    """Refuse what reaches outside the graph or changes it, unless ``allow_remote``.

    Raises
    ------
    RefusedOperationError
        The query has ``SERVICE``, or is an update (``LOAD``, ``INSERT``, ``DROP``...).

    Examples
    --------
    >>> check_refused("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    chkg.errors.RefusedOperationError: SERVICE reaches outside the graph and is refused; pass --allow-remote to allow it
    >>> check_refused("SELECT * { ?s <http://example.org/SERVICE> 'SERVICE' }")
    """
    if allow_remote:
        return
    if query_form(text) == "UPDATE":
        raise RefusedOperationError(
            "updates (LOAD, INSERT, DROP ...) are refused on the embedded store; "
            "pass --allow-remote to allow them"
        )
    for token in _tokens(text):
        if token.kind == "word" and token.text.upper() == "SERVICE":
            raise RefusedOperationError(
                "SERVICE reaches outside the graph and is refused; pass --allow-remote to allow it"
            )


# -- Results --------------------------------------------------------------------


@dataclass
class QueryResult:
    """The answer of a query: variable names and rows of RDF terms (``None`` if unbound).

    ``ordered`` says the query fixed the row order (``ORDER BY``); otherwise
    :meth:`normalised` sorts the rows, so answers from different stores compare
    equal row for row. ``boolean`` holds an ASK answer, ``graph`` a CONSTRUCT one.
    """

    variables: tuple[str, ...]
    rows: list[tuple[Node | None, ...]]
    ordered: bool = False
    boolean: bool | None = None
    graph: Graph | None = None

    def normalised(self) -> QueryResult:
        """Return the result with server differences smoothed out and a fixed row order.

        Language tags are lower-cased, ``xsd:string`` literals made plain, integer
        types (``xsd:int``, ``xsd:long`` from a server's ``COUNT``) made
        ``xsd:integer`` in canonical form; rows are sorted unless the query ordered them.

        Examples
        --------
        >>> r = QueryResult(("n",), [(Literal("02", datatype=XSD.int),), (Literal("1"),)])
        >>> [row[0].n3() for row in r.normalised().rows]
        ['"1"', '"2"^^<http://www.w3.org/2001/XMLSchema#integer>']
        """
        rows = [tuple(_normalise_term(t) for t in row) for row in self.rows]
        if not self.ordered:
            rows.sort(key=lambda row: tuple(_sort_key(t) for t in row))
        return QueryResult(self.variables, rows, self.ordered, self.boolean, self.graph)

    def as_dicts(self) -> list[dict[str, Node]]:
        """The rows as dicts from variable name to term, unbound variables left out."""
        return [
            {v: t for v, t in zip(self.variables, row) if t is not None} for row in self.rows
        ]

    def column(self, name: str) -> list[Node | None]:
        """The terms of one variable, row by row."""
        index = self.variables.index(name)
        return [row[index] for row in self.rows]


_INTEGER_TYPES = {
    str(XSD[t])
    for t in (
        "integer int long short byte nonNegativeInteger positiveInteger "
        "nonPositiveInteger negativeInteger unsignedLong unsignedInt unsignedShort unsignedByte"
    ).split()
}


def _normalise_term(term: Node | None) -> Node | None:
    if isinstance(term, Literal):
        lexical = str(term)
        if term.language:
            return Literal(lexical, lang=term.language.lower())
        if term.datatype is None or str(term.datatype) == str(XSD.string):
            return Literal(lexical)
        if str(term.datatype) in _INTEGER_TYPES:
            try:
                return Literal(str(int(lexical)), datatype=XSD.integer)
            except ValueError:
                return term
        return Literal(lexical, datatype=term.datatype, normalize=False)
    return term


def _sort_key(term: Node | None) -> tuple[int, str, str]:
    if term is None:
        return (0, "", "")
    if isinstance(term, URIRef):
        return (1, str(term), "")
    if isinstance(term, BNode):
        return (2, str(term), "")
    assert isinstance(term, Literal)
    return (3, str(term), f"{term.language or ''}|{term.datatype or ''}")


# -- Term conversion ------------------------------------------------------------


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Convert an rdflib term to a pyoxigraph term, keeping a literal's lexical form.

    Examples
    --------
    >>> to_oxigraph(Literal("2026-11-27", datatype=XSD.date))
    <Literal value=2026-11-27 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#date>>
    """
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise UsageError(f"cannot store the term {term!r}")


def to_rdflib(term: object) -> Node | None:
    """Convert a pyoxigraph term to an rdflib term, keeping a literal's lexical form.

    Examples
    --------
    >>> to_rdflib(ox.Literal("01", datatype=ox.NamedNode(str(XSD.integer)))).n3()
    '"01"^^<http://www.w3.org/2001/XMLSchema#integer>'
    """
    if term is None:
        return None
    try:
        return rdflib_term(term)
    except ValueError:
        raise UsageError(f"cannot convert the term {term!r}") from None


def _quad(s: Node, p: Node, o: Node) -> ox.Quad:
    """An rdflib triple as a default-graph Oxigraph quad."""
    # rdflib types every position of a triple as Node, but a graph parsed from RDF has an IRI or
    # blank subject and an IRI predicate; ox.Quad still checks the types when called
    return ox.Quad(
        cast("ox.NamedNode | ox.BlankNode", to_oxigraph(s)),
        cast(ox.NamedNode, to_oxigraph(p)),
        to_oxigraph(o),
    )


# -- The embedded store ---------------------------------------------------------


class EmbeddedStore:
    """The graph in an in-memory Oxigraph store, queried without reaching outside it.

    Examples
    --------
    >>> g = Graph().parse(data="<urn:a> <urn:p> 'x' .", format="turtle")
    >>> store = EmbeddedStore.from_graph(g)
    >>> len(store)
    1
    >>> store.run("SELECT ?o WHERE { <urn:a> <urn:p> ?o }").rows
    [(rdflib.term.Literal('x'),)]
    """

    def __init__(self, store: ox.Store | None = None) -> None:
        self.store = store if store is not None else ox.Store()

    @classmethod
    def from_graph(cls, graph: Graph) -> EmbeddedStore:
        """Copy the triples of an rdflib graph into a new store (lexical forms kept)."""
        store = ox.Store()
        store.bulk_extend(
            _quad(s, p, o) for s, p, o in graph
        )
        return cls(store)

    @classmethod
    def bundled(cls, paths: Sequence[Path] | None = None) -> EmbeddedStore:
        """The bundled graph (ontology + data, influences materialised) from ``chkg.load``."""
        from chkg.graph.loader import load

        return cls.from_graph(load(list(paths) if paths else None))

    def __len__(self) -> int:
        return len(self.store)

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
            graph = Graph().parse(path, format="json-ld")
            self.store.bulk_extend(
                _quad(s, p, o) for s, p, o in graph
            )
            return
        try:
            self.store.bulk_load(path=str(path))
        except (OSError, SyntaxError, ValueError) as exc:
            raise InputFileError(f"cannot load {path}: {exc}") from exc

    def run(
        self, text: str, *, allow_remote: bool = False, name: str = "query"
    ) -> QueryResult:
        """Run a (bound) query; refusals and syntax errors raise chkg errors.

        Parameters
        ----------
        text
            The query, parameters already bound (see :func:`bind_parameters`).
        allow_remote
            Let ``SERVICE`` and updates (``LOAD``...) through.
        name
            How to name the query in error messages.
        """
        check_refused(text, allow_remote=allow_remote)
        if query_form(text) == "UPDATE":
            try:
                self.store.update(text)
            except SyntaxError as exc:
                raise _syntax_error(exc, name, text) from None
            except OSError as exc:
                raise RefusedOperationError(f"{name}: update failed: {exc}") from exc
            return QueryResult((), [], ordered=True)
        try:
            answer = self.store.query(text)
        except SyntaxError as exc:
            raise _syntax_error(exc, name, text) from None
        except (OSError, RuntimeError) as exc:
            raise RefusedOperationError(f"{name}: {exc}") from exc
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult(("ASK",), [], ordered=True, boolean=bool(answer))
        if isinstance(answer, ox.QueryTriples):
            graph = Graph()
            for triple in answer:
                # a triple's terms are never None, so neither are their conversions
                graph.add(
                    cast(
                        "tuple[Node, Node, Node]",
                        (to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)),
                    )
                )
            return QueryResult(("subject", "predicate", "object"), [], graph=graph)
        variables = tuple(v.value for v in answer.variables)
        rows = [tuple(to_rdflib(solution[v]) for v in variables) for solution in answer]
        return QueryResult(variables, rows, ordered=has_order_by(text))


def _remote_contexts(node: object) -> list[str]:
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                for ctx in value if isinstance(value, list) else [value]:
                    if isinstance(ctx, str) and not ctx.startswith("file:"):
                        found.append(ctx)
                    else:
                        found.extend(_remote_contexts(ctx))
            else:
                found.extend(_remote_contexts(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(_remote_contexts(item))
    return found


# -- Running a catalogue query ----------------------------------------------------


def run_query(
    query: CatalogueQuery,
    params: Mapping[str, str] | Iterable[tuple[str, str]] = (),
    *,
    endpoint: str | None = None,
    graph: str | None = None,
    store: EmbeddedStore | None = None,
    allow_remote: bool = False,
    timeout: float = 30.0,
) -> QueryResult:
    """Bind ``params`` and run ``query`` on the embedded store or on ``endpoint``.

    Parameters
    ----------
    query
        A catalogue query or one read from a file (see :func:`find_query`).
    params
        ``name -> value`` pairs as given to ``--param``; defaults fill the rest.
    endpoint
        A SPARQL endpoint URL; the embedded store of the bundled graph if None.
    graph
        On an endpoint, the named graph to query as the default graph.
    store
        The embedded store to use (built from the bundled graph if None).
    allow_remote
        Let SERVICE and updates through on the embedded store.
    timeout
        Seconds to wait for an endpoint.

    Returns
    -------
    QueryResult

    Examples
    --------
    >>> g = Graph().parse(data="<urn:a> <urn:p> 'x' .", format="turtle")
    >>> q = read_query_text("SELECT ?s WHERE { ?s ?p ?_o }")
    >>> run_query(q, {"o": "x"}, store=EmbeddedStore.from_graph(g)).rows
    [(rdflib.term.URIRef('urn:a'),)]
    """
    bindings = resolve_parameters(query, params)
    label = str(query.path) if query.path else query.name
    if endpoint is None:
        check_refused(query.text, allow_remote=allow_remote)
    check_syntax(query.text, name=label)
    text = bind_parameters(query.text, bindings)
    if endpoint is not None:
        from chkg.sparql.endpoint import select

        return select(endpoint, text, timeout=timeout, graph=graph)
    store = store if store is not None else EmbeddedStore.bundled()
    return store.run(text, allow_remote=allow_remote, name=label)


# -- Formatting -------------------------------------------------------------------


def _compact(term: Node | None) -> str:
    """A table cell: an IRI as a valid prefixed name or ``<iri>``, a literal's lexical form."""
    return str(term) if isinstance(term, Literal) else curie(term, strict=True)


def format_result(result: QueryResult, fmt: ResultFormat | str = ResultFormat.TABLE) -> str:
    """Render a result as an aligned table, SPARQL CSV, SPARQL TSV or SPARQL JSON.

    Examples
    --------
    >>> r = QueryResult(("x", "n"), [(URIRef("https://w3id.org/creative-health-kg/burnout"),
    ...                               Literal(2))])
    >>> print(format_result(r, "table"))
    x             n
    ------------  -
    chkg:burnout  2
    <BLANKLINE>
    (1 row)
    >>> print(format_result(r, "csv"), end="")
    x,n
    https://w3id.org/creative-health-kg/burnout,2
    """
    fmt = ResultFormat(fmt)
    if result.boolean is not None:
        return json.dumps({"head": {}, "boolean": result.boolean}) if fmt is ResultFormat.JSON else (
            "true" if result.boolean else "false"
        )
    if result.graph is not None:
        return result.graph.serialize(format="json-ld" if fmt is ResultFormat.JSON else "turtle")
    if fmt is ResultFormat.JSON:
        return json.dumps(_sparql_json(result), ensure_ascii=False, indent=1)
    if fmt is ResultFormat.CSV:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow(["" if t is None else str(t) for t in row])
        return out.getvalue()
    if fmt is ResultFormat.TSV:
        lines = ["\t".join(f"?{v}" for v in result.variables)]
        for row in result.rows:
            lines.append("\t".join("" if t is None else _ntriples_any(t) for t in row))
        return "\n".join(lines) + "\n"
    cells = [[_compact(t) for t in row] for row in result.rows]
    widths = [
        max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(result.variables)
    ]
    lines = ["  ".join(v.ljust(w) for v, w in zip(result.variables, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells)
    count = len(result.rows)
    lines.append("")
    lines.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(lines)


def _ntriples_any(term: Node) -> str:
    if isinstance(term, BNode):
        return f"_:{term}"
    # a result row holds IRIs, literals and blank nodes; blank nodes were handled above
    return _ntriples(cast("URIRef | Literal", term))


def _sparql_json(result: QueryResult) -> dict[str, object]:
    bindings = []
    for row in result.rows:
        entry: dict[str, dict[str, str]] = {}
        for var, term in zip(result.variables, row):
            if isinstance(term, URIRef):
                entry[var] = {"type": "uri", "value": str(term)}
            elif isinstance(term, BNode):
                entry[var] = {"type": "bnode", "value": str(term)}
            elif isinstance(term, Literal):
                item = {"type": "literal", "value": str(term)}
                if term.language:
                    item["xml:lang"] = term.language
                elif term.datatype is not None:
                    item["datatype"] = str(term.datatype)
                entry[var] = item
        bindings.append(entry)
    return {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}


def result_from_json(document: Mapping[str, object], *, ordered: bool) -> QueryResult:
    """Read SPARQL JSON results, including Virtuoso's older ``typed-literal`` form.

    Examples
    --------
    >>> doc = {"head": {"vars": ["n"]}, "results": {"bindings": [
    ...     {"n": {"type": "typed-literal", "value": "3",
    ...            "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]}}
    >>> result_from_json(doc, ordered=False).rows
    [(rdflib.term.Literal('3', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer')),)]
    """
    if "boolean" in document:
        return QueryResult(("ASK",), [], ordered=True, boolean=bool(document["boolean"]))
    head = document.get("head", {})
    variables = tuple(head.get("vars", [])) if isinstance(head, Mapping) else ()
    results = document.get("results", {})
    raw = results.get("bindings", []) if isinstance(results, Mapping) else []
    rows = []
    for binding in raw:
        rows.append(tuple(_term_from_json(binding.get(v)) for v in variables))
    return QueryResult(variables, rows, ordered=ordered)


def _term_from_json(item: Mapping[str, str] | None) -> Node | None:
    if item is None:
        return None
    kind, value = item.get("type"), item.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    lang = item.get("xml:lang")
    if lang:
        return Literal(value, lang=lang)
    datatype = item.get("datatype")
    if datatype and datatype != str(XSD.string):
        return Literal(value, datatype=URIRef(datatype), normalize=False)
    return Literal(value)
