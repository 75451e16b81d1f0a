"""Query results: the one result type, term conversion, and reading and writing SPARQL results.

pyoxigraph reads and writes the SPARQL 1.1 result formats (JSON, CSV, TSV, and
XML); chkg uses its parser and serialiser rather than its own. A result's rows
hold rdflib terms (lexical forms kept), so the analysis and the tests compare
answers from the embedded store and from any endpoint alike.

Examples
--------
>>> r = parse_results(b'{"head":{"vars":["n"]},"results":{"bindings":[{"n":{"type":"literal","value":"a"}}]}}',
...                   ox.QueryResultsFormat.JSON, ordered=False)
>>> r.rows
[(rdflib.term.Literal('a'),)]
>>> print(format_result(r, "tsv"), end="")
?n
"a"
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from chkg.errors import UsageError
from chkg.rdf.turtle import rdflib_term
from chkg.untrusted import terminal_safe
from chkg.vocab.curies import show

__all__ = [
    "ResultFormat",
    "QueryResult",
    "to_oxigraph",
    "to_rdflib",
    "parse_results",
    "result_from_solutions",
    "format_result",
]


class ResultFormat(str, Enum):
    """Output formats of ``chkg query``."""

    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"


_OX_FORMATS = {
    ResultFormat.CSV: ox.QueryResultsFormat.CSV,
    ResultFormat.TSV: ox.QueryResultsFormat.TSV,
    ResultFormat.JSON: ox.QueryResultsFormat.JSON,
}


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
            {v: t for v, t in zip(self.variables, row, strict=True) if t is not None} for row in self.rows
        ]

    def column(self, name: str) -> list[Node | None]:
        """The terms of one variable, row by row."""
        index = self.variables.index(name)
        return [row[index] for row in self.rows]


_INTEGER_TYPES = {
    str(XSD[t])
    for t in ["integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"]
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
    if isinstance(term, Literal):
        return (3, str(term), f"{term.language or ''}|{term.datatype or ''}")
    return (4, str(term), "")


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


def result_from_solutions(
    answer: ox.QuerySolutions | ox.QueryBoolean,
    *,
    ordered: bool,
    progress: Callable[[int], None] | None = None,
) -> QueryResult:
    """A :class:`QueryResult` from pyoxigraph's answer; ``progress(n)`` is called before row ``n``.

    ``progress`` may raise to stop reading (a row or time limit).
    """
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult(("ASK",), [], ordered=True, boolean=bool(answer))
    variables = tuple(v.value for v in answer.variables)
    rows: list[tuple[Node | None, ...]] = []
    for count, solution in enumerate(answer, start=1):
        if progress is not None:
            progress(count)
        rows.append(tuple(to_rdflib(solution[v]) for v in variables))
    return QueryResult(variables, rows, ordered=ordered)


def parse_results(data: bytes, fmt: ox.QueryResultsFormat, *, ordered: bool) -> QueryResult:
    """Read SPARQL results (JSON, TSV, CSV, XML) with pyoxigraph's parser.

    Virtuoso's older ``typed-literal`` JSON form is read as a literal.

    Raises
    ------
    SyntaxError, ValueError
        The data is not results of that format (the caller names the server).

    Examples
    --------
    >>> doc = (b'{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "typed-literal",'
    ...        b' "value": "3", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]}}')
    >>> parse_results(doc, ox.QueryResultsFormat.JSON, ordered=False).rows[0][0].n3()
    '"3"^^<http://www.w3.org/2001/XMLSchema#integer>'
    """
    return result_from_solutions(ox.parse_query_results(data, fmt), ordered=ordered)


def _ntriples(term: Node) -> str:
    return str(to_oxigraph(term))


def _serialise(result: QueryResult, fmt: ox.QueryResultsFormat) -> str:
    """Write rows with pyoxigraph's serialiser (read back from their N-Triples terms)."""
    if result.boolean is not None:
        return "true" if result.boolean else "false"
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines.extend("\t".join("" if t is None else _ntriples(t) for t in row) for row in result.rows)
    solutions = ox.parse_query_results("\n".join(lines) + "\n", ox.QueryResultsFormat.TSV)
    data = solutions.serialize(format=fmt)
    return data.decode("utf-8") if data is not None else ""


def _compact(term: Node | None) -> str:
    """A table cell: an IRI as a valid prefixed name or ``<iri>``, a literal's lexical form."""
    text = str(term) if isinstance(term, Literal) else show(term, plain=True)
    return terminal_safe(text, keep_newlines=False)


def format_result(result: QueryResult, fmt: ResultFormat | str = ResultFormat.TABLE) -> str:
    """Render a result as an aligned table, or as SPARQL CSV, TSV or JSON (pyoxigraph's writers).

    The table is for a terminal: its cells pass through
    :func:`chkg.untrusted.terminal_safe`. CSV, TSV and JSON are the SPARQL 1.1
    result formats, byte for byte as pyoxigraph writes them; a CONSTRUCT answer
    is Turtle, or JSON-LD for ``json``.

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
    x,n\r
    https://w3id.org/creative-health-kg/burnout,2\r
    """
    fmt = ResultFormat(fmt)
    if result.boolean is not None:
        if fmt is ResultFormat.JSON:
            return '{"head":{},"boolean":%s}' % ("true" if result.boolean else "false")
        return "true" if result.boolean else "false"
    if result.graph is not None:
        return result.graph.serialize(format="json-ld" if fmt is ResultFormat.JSON else "turtle")
    if fmt is not ResultFormat.TABLE:
        return _serialise(result, _OX_FORMATS[fmt])
    cells = [[_compact(t) for t in row] for row in result.rows]
    widths = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(result.variables)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(result.variables, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells)
    count = len(result.rows)
    lines.append("")
    lines.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(lines)
