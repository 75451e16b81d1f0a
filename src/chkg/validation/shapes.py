"""Checks of a SHACL shapes file itself, so a broken file is one line naming the shape and the problem.

A curator's own shapes (``chkg validate --shapes FILE``) can hold what would make either engine
fail with a traceback or run for ever: an invalid ``sh:pattern``, a cyclic or broken RDF list
(``sh:in``, ``sh:languageIn``, ``sh:or``...), a parameter of the wrong kind (``sh:minCount "x"``),
or a SPARQL constraint whose query does not parse. :func:`check_shapes` finds the first such
problem and raises :class:`~chkg.errors.ShapesError` with it.

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
from collections.abc import Mapping

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from chkg.errors import QueryLimitError, ShapesError
from chkg.sparql.lexer import check_depth, names_service
from chkg.validation.render import curie_of
from chkg.validation.severity import SH
from chkg.vocab.curies import Converter

__all__ = ["check_shapes"]

_SH = Namespace(SH)
_COUNTS = (_SH.minCount, _SH.maxCount, _SH.minLength, _SH.maxLength)
_IRIS = (_SH.datatype, _SH["class"], _SH.severity, _SH.nodeKind, _SH.targetClass)
_LISTS = (_SH["in"], _SH.languageIn, _SH["or"], _SH["and"], _SH.xone, _SH.ignoredProperties)
_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE, "q": 0}
_MAX_LIST = 100_000


def check_shapes(shapes: Graph, prefixes: Mapping[str, str] | None = None) -> None:
    """Raise :class:`~chkg.errors.ShapesError` for the first problem of ``shapes`` (in shape order).

    Parameters
    ----------
    shapes
        The shapes graph.
    prefixes
        The shapes file's own prefixes, to name its shapes as the file does (``ex:S``).

    Raises
    ------
    ShapesError
        With the shape's name and what is wrong with it.
    """
    for subject in sorted(set(shapes.subjects()), key=lambda n: (isinstance(n, BNode), str(n))):
        problem = _problem(shapes, subject)
        if problem is not None:
            raise ShapesError(f"shape {_shape_name(shapes, subject, prefixes or {})}: {problem}")


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
    for constraint in shapes.objects(node, _SH.sparql):
        for key, predicate in (("sh:select", _SH.select), ("sh:ask", _SH.ask)):
            for query in shapes.objects(constraint, predicate):
                text = _declared_prefixes(shapes, constraint) + str(query)
                # the same checks as chkg query, before any parser sees the text: thousands of
                # nested brackets crash Oxigraph's parser, and SERVICE would reach the network
                try:
                    check_depth(text, name=f"the SPARQL constraint's {key}")
                except QueryLimitError as exc:
                    return str(exc).replace("; raise it with --max-depth", "")
                if names_service(text):
                    return (f"the SPARQL constraint's {key} uses SERVICE, which reaches outside the graph; "
                            "chkg does not run it")
                try:
                    ox.Store().query(text.replace("$this", "?this").replace("$PATH", "<urn:x:p>"))
                except SyntaxError as exc:
                    return f"the SPARQL constraint's {key} does not parse ({str(exc).splitlines()[0]})"
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
