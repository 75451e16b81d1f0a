"""Checks of a SHACL shapes file itself, so a broken file is one line naming the shape and the problem.

A curator's own shapes (``chkg validate --shapes FILE``) can hold what would make either engine
fail with a traceback or run for ever: an invalid ``sh:pattern``, a cyclic or broken RDF list
(``sh:in``, ``sh:languageIn``, ``sh:or``...), a parameter of the wrong kind (``sh:minCount "x"``),
or a SPARQL query (of a constraint, a SPARQL target, a constraint component's validator, a
rule...) that does not parse. :func:`check_shapes` finds the first such problem and raises
:class:`~chkg.errors.ShapesError` with it.

Every SPARQL text of the file (``sh:select``, ``sh:ask``, ``sh:construct``, wherever it sits: both
engines run SHACL-AF) passes the checks of ``chkg query`` before any parser or engine sees it:
the nesting depth (thousands of brackets crash Oxigraph's parser) and what it reaches
(:func:`chkg.sparql.checks.reaches_outside`: ``SERVICE`` would make the engine fetch a URL, and a
shapes file never may). :func:`check_shapes_reach` is that lexer check alone, which
:func:`chkg.validation.engines.run_shacl` applies to every shapes graph. Then each text is parsed
by Oxigraph in a child process with a deadline (:data:`SHAPES_PARSE_SECONDS` for the whole
file), as Oxigraph's planning time grows steeply with a query's triple patterns.

Examples
--------
>>> from rdflib import Graph
>>> shapes = Graph().parse(data='''@prefix sh: <http://www.w3.org/ns/shacl#> .
... <http://e/S> a sh:NodeShape ; sh:property [ sh:path <http://e/p> ; sh:pattern "a(" ] .''', format="turtle")
>>> check_shapes(shapes)
Traceback (most recent call last):
...
chkg.errors.ShapesError: shape <http://e/S>: sh:pattern "a(" is not a valid regular expression (missing ), unterminated subpattern at position 1)
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from chkg.errors import ChkgError, QueryLimitError, ShapesError
from chkg.sparql.bounds import call_within
from chkg.sparql.checks import reaches_outside
from chkg.sparql.lexer import check_depth
from chkg.untrusted import NEUTRAL_BASE_IRI
from chkg.validation.render import curie_of
from chkg.validation.severity import SH
from chkg.vocab.curies import Converter

__all__ = ["SHAPES_PARSE_SECONDS", "check_shapes", "check_shapes_reach"]

#: Seconds Oxigraph may take to parse all the SPARQL of one shapes file.
SHAPES_PARSE_SECONDS = 30.0

_SH = Namespace(SH)
_COUNTS = (_SH.minCount, _SH.maxCount, _SH.minLength, _SH.maxLength)
_IRIS = (_SH.datatype, _SH["class"], _SH.severity, _SH.nodeKind, _SH.targetClass)
_LISTS = (_SH["in"], _SH.languageIn, _SH["or"], _SH["and"], _SH.xone, _SH.ignoredProperties)
_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE, "q": 0}
_MAX_LIST = 100_000
#: The predicates whose object is SPARQL text (SHACL-SPARQL and SHACL-AF).
_QUERY_KEYS = ((_SH.select, "sh:select"), (_SH.ask, "sh:ask"), (_SH.construct, "sh:construct"))
#: What the node holding a query is, by the predicate that points at it.
_ROLES = ((_SH.sparql, "SPARQL constraint"), (_SH.target, "SPARQL target"), (_SH.validator, "SPARQL validator"),
          (_SH.nodeValidator, "SPARQL validator"), (_SH.propertyValidator, "SPARQL validator"),
          (_SH.rule, "SPARQL rule"))
#: What the node holding a query is, by its type, when nothing points at it (a function, a target type).
_TYPES = ((_SH.SPARQLFunction, "SPARQL function"), (_SH.SPARQLTargetType, "SPARQL target type"),
          (_SH.SPARQLConstraint, "SPARQL constraint"), (_SH.SPARQLRule, "SPARQL rule"))


def check_shapes(shapes: Graph, prefixes: Mapping[str, str] | None = None, *,
                 timeout: float = SHAPES_PARSE_SECONDS) -> None:
    """Raise :class:`~chkg.errors.ShapesError` for the first problem of ``shapes`` (in shape order).

    Parameters
    ----------
    shapes
        The shapes graph.
    prefixes
        The shapes file's own prefixes, to name its shapes as the file does (``ex:S``).
    timeout
        Seconds Oxigraph may take to parse all the file's SPARQL (each text in a child process).

    Raises
    ------
    ShapesError
        With the shape's name and what is wrong with it.
    """
    for subject in sorted(set(shapes.subjects()), key=lambda n: (isinstance(n, BNode), str(n))):
        problem = _problem(shapes, subject)
        if problem is not None:
            raise ShapesError(f"shape {_shape_name(shapes, subject, prefixes or {})}: {problem}")
    queries = _queries(shapes, prefixes or {})
    _check_reach(queries)
    deadline = time.monotonic() + timeout
    for query in queries:
        stopped = (f"{query.owner}: {query.role} was not parsed within {timeout:g} s (Oxigraph's time to prepare "
                   "a query grows steeply with its triple patterns); simplify it")
        left = deadline - time.monotonic()
        if left <= 0:
            raise ShapesError(stopped)
        try:
            problem = call_within(left, partial(_parse_problem, query.text), name=f"{query.owner}: {query.role}",
                                  stopped=stopped)
        except ChkgError as exc:  # out of time (QueryLimitError), or the parser died (a signal) or failed
            raise ShapesError(str(exc)) from None
        if problem is not None:
            raise ShapesError(f"{query.owner}: {query.role} does not parse ({problem})")


def check_shapes_reach(shapes: Graph, prefixes: Mapping[str, str] | None = None) -> None:
    """Refuse, by the lexer alone, SPARQL in ``shapes`` nested too deep or reaching outside the graph.

    The check every shapes graph passes before either engine sees it
    (:func:`chkg.validation.engines.run_shacl`); :func:`check_shapes` includes it.

    Examples
    --------
    >>> shapes = Graph().parse(data='''@prefix sh: <http://www.w3.org/ns/shacl#> .
    ... <http://e/S> sh:target [ a sh:SPARQLTarget ;
    ...     sh:select "SELECT ?this { SERVICE <http://e/sparql> { ?this ?p ?o } }" ] .''', format="turtle")
    >>> check_shapes_reach(shapes)
    Traceback (most recent call last):
    ...
    chkg.errors.ShapesError: shape <http://e/S>: the SPARQL target's sh:select uses SERVICE, which reaches outside the graph; chkg does not run it
    """
    _check_reach(_queries(shapes, prefixes or {}))


# -- Private helpers -----------------------------------------------------------


def _problem(shapes: Graph, node: Node) -> str | None:
    for pattern in shapes.objects(node, _SH.pattern):
        flags = 0
        for flag in shapes.objects(node, _SH.flags):
            for letter in str(flag):
                if letter not in _FLAGS:
                    return f'sh:flags "{flag}" holds "{letter}", which is not a regular expression flag (i, m, s, x, q)'
                flags |= _FLAGS[letter]
        if not isinstance(pattern, Literal):
            return f"sh:pattern {curie_of(pattern)} is not a string"
        try:
            re.compile(str(pattern), flags)
        except re.error as exc:
            return f'sh:pattern "{pattern}" is not a valid regular expression ({exc})'
    for predicate in _COUNTS:
        for value in shapes.objects(node, predicate):
            if not (isinstance(value, Literal) and re.fullmatch(r"\+?[0-9]+", str(value))):
                return f"{curie_of(predicate)} {_shown(value)} is not a non-negative integer"
    for predicate in _IRIS:
        for value in shapes.objects(node, predicate):
            if not isinstance(value, URIRef):
                return f"{curie_of(predicate)} {_shown(value)} is not an IRI"
    for predicate in _LISTS:
        for head in shapes.objects(node, predicate):
            problem = _list_problem(shapes, head)
            if problem is not None:
                return f"{curie_of(predicate)}: {problem}"
    return None


def _list_problem(shapes: Graph, head: Node) -> str | None:
    """Why ``head`` is not a well-formed RDF list (a cycle, a missing rdf:first or rdf:rest), or ``None``."""
    seen: set[Node] = set()
    node = head
    while node != RDF.nil:
        if node in seen:
            return "the list is cyclic (an rdf:rest leads back into it)"
        if len(seen) > _MAX_LIST or isinstance(node, Literal):
            return "not a well-formed RDF list"
        seen.add(node)
        if shapes.value(node, RDF.first) is None:
            return "not a well-formed RDF list (a node without rdf:first)"
        rest = list(shapes.objects(node, RDF.rest))
        if len(rest) != 1:
            return "not a well-formed RDF list (a node without exactly one rdf:rest)"
        node = rest[0]
    return None


@dataclass(frozen=True)
class _Query:
    """One SPARQL text of a shapes file: whose it is and what it is, for the error line."""

    owner: str  # "shape ex:S"
    role: str  # "the SPARQL target's sh:select"
    text: str  # with the sh:prefixes declarations it is given


def _queries(shapes: Graph, prefixes: Mapping[str, str]) -> list[_Query]:
    """Every SPARQL text of ``shapes``, in a stable order (by shape, then text)."""
    found = []
    for predicate, key in _QUERY_KEYS:
        for holder, query in shapes.subject_objects(predicate):
            role = next((name for via, name in _ROLES if (None, via, holder) in shapes), None) or next(
                (name for kind, name in _TYPES if (holder, RDF.type, kind) in shapes), "SPARQL query")
            found.append(_Query(f"shape {_shape_name(shapes, holder, prefixes)}", f"the {role}'s {key}",
                                _declared_prefixes(shapes, holder) + str(query)))
    return sorted(found, key=lambda q: (q.owner, q.role, q.text))


def _check_reach(queries: list[_Query]) -> None:
    """The lexer's checks of ``chkg query`` (depth, SERVICE and updates), before any parser sees a text."""
    for query in queries:
        try:
            check_depth(query.text, name=f"{query.owner}: {query.role}", option=None)
        except QueryLimitError as exc:
            raise ShapesError(str(exc)) from None
        reach = reaches_outside(query.text)
        if reach == "SERVICE":
            raise ShapesError(f"{query.owner}: {query.role} uses SERVICE, which reaches outside the graph; "
                              "chkg does not run it")
        if reach == "UPDATE":
            raise ShapesError(f"{query.owner}: {query.role} is an update (LOAD, INSERT, DROP ...), which "
                              "chkg does not run")


def _parse_problem(text: str) -> str | None:
    """Oxigraph's first line about why ``text`` does not parse, or None (run in a time-bounded child)."""
    try:
        ox.Store().query(text.replace("$PATH", "<urn:x:p>"), base_iri=NEUTRAL_BASE_IRI)
    except SyntaxError as exc:
        return str(exc).splitlines()[0]
    except (OSError, RuntimeError):  # parsed; evaluating on the empty store failed
        return None
    return None


def _declared_prefixes(shapes: Graph, constraint: Node) -> str:
    lines = []
    for owner in shapes.objects(constraint, _SH.prefixes):
        for declaration in shapes.objects(owner, _SH.declare):
            prefix, namespace = shapes.value(declaration, _SH.prefix), shapes.value(declaration, _SH.namespace)
            if prefix is not None and namespace is not None:
                lines.append(f"PREFIX {prefix}: <{namespace}>\n")
    return "".join(lines)


def _shape_name(shapes: Graph, node: Node, prefixes: Mapping[str, str]) -> str:
    """The named shape ``node`` belongs to (a property shape's parent), as a CURIE of the file's prefixes."""
    seen: set[Node] = set()
    while isinstance(node, BNode) and node not in seen:
        seen.add(node)
        parent = next(iter(shapes.subjects(None, node)), None)
        if parent is None:
            break
        node = parent
    own = Converter(prefixes).show(node) if prefixes else ""
    return own if own and not own.startswith("<") else curie_of(node)


def _shown(value: Node) -> str:
    return f'"{value}"' if isinstance(value, Literal) else curie_of(value)
