"""Parameter values and their binding: values become RDF terms, never query text.

Each ``--param`` value becomes an RDF term (an IRI checked by Oxigraph's IRI
parser, an integer, or a plain literal), is serialised as N-Triples (so quotes,
backslashes and newlines are escaped), and goes into a ``VALUES`` block opening
the query's ``WHERE`` group, located by the lexer rather than by searching the
text. The same bound query runs on the embedded store and on every endpoint.

Examples
--------
>>> print(bind_parameters("SELECT ?x WHERE { ?x ?p ?_l }", {"_l": parse_value('x" }', "literal")}))
SELECT ?x WHERE { VALUES (?_l) { ("x\\" }") }
 ?x ?p ?_l }
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from chkg.errors import UsageError
from chkg.sparql.catalogue import CatalogueQuery, ParameterKind
from chkg.sparql.lexer import pattern_start
from chkg.vocab.namespace import PREFIXES

__all__ = ["parse_value", "resolve_parameters", "bind_parameters", "closest_labels"]


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
    >>> from chkg.sparql.catalogue import read_query_text
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
    position = pattern_start(text)
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


def closest_labels(value: str, labels: Iterable[str], *, limit: int = 3) -> list[str]:
    """The labels closest to ``value`` (for "did you mean"), best first; empty if it matches one.

    Case and surrounding space are ignored when matching, so ``Burnout`` matches
    ``burnout`` and is not corrected.

    Examples
    --------
    >>> closest_labels("burnot", ["burnout", "retention", "burn-out rate"])
    ['burnout', 'burn-out rate']
    >>> closest_labels("Burnout", ["burnout"])
    []
    """
    known = {label.strip().casefold(): label for label in labels}
    wanted = value.strip().casefold()
    if wanted in known:
        return []
    found = difflib.get_close_matches(wanted, list(known), n=limit, cutoff=0.6)
    return [known[key] for key in found]
