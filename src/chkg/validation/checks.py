"""The graph checks of ``chkg validate``, as SPARQL queries over the store (what curators wrote).

- ``check:undefined-term``: a predicate or class in the chkg namespace that the ontology does
  not define (a typo such as ``chkg:ledto``), with the closest term as a hint;
- ``check:dangling-reference``: a chkg IRI used as an object that nothing defines (no
  ``rdf:type`` anywhere), or a chkg subject without a type;
- ``check:duplicate-label``: two entities of one class with the same label (folded, case-folded);
- ``check:ill-typed-literal``: a literal whose text is not of its datatype (``"abc"^^xsd:integer``).

The queries run over the file graphs only (not the derived influence triples), so a misspelt
relation is reported once, where it was written.

Examples
--------
>>> valid_lexical("007", XSD + "integer"), valid_lexical("abc", XSD + "integer"), valid_lexical("x", "http://e/t")
(True, False, True)
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from chkg.graph.locate import Locator, Term
from chkg.graph.quotes import fold
from chkg.validation.render import curie_of, display_path
from chkg.validation.results import ValidationResult
from chkg.validation.severity import Severity
from chkg.vocab.namespace import CHKG_NS, ONTOLOGY_IRI

__all__ = ["XSD", "graph_checks", "valid_lexical", "result_at", "node_str"]

XSD = "http://www.w3.org/2001/XMLSchema#"
_NS = str(CHKG_NS)
_ONTOLOGY = str(ONTOLOGY_IRI)
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_IN_NS = f'STRSTARTS(STR(?{{v}}), "{_NS}") && !STRSTARTS(STR(?{{v}}), "{_ONTOLOGY}")'
_PREFIXES = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

# XML Schema lexical spaces of the datatypes curators use (XSD 1.1 part 2, section 3).
_INT = r"[+-]?[0-9]+"
_DEC = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
_FLOAT = r"(?:[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?INF|NaN)"
_TZ = r"(?:Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
_DATE = r"-?(?:[1-9][0-9]{3,}|0[0-9]{3})-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
_TIME = r"(?:(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?|24:00:00(?:\.0+)?)"
_LEXICAL = {name: re.compile(f"(?:{pattern})\\Z") for name, pattern in {
    "integer": _INT, "long": _INT, "int": _INT, "short": _INT, "byte": _INT,
    "nonNegativeInteger": r"(?:\+?[0-9]+|-0+)", "positiveInteger": r"\+?0*[1-9][0-9]*",
    "decimal": _DEC, "double": _FLOAT, "float": _FLOAT, "boolean": r"(?:true|false|1|0)",
    "date": _DATE + _TZ, "dateTime": _DATE + "T" + _TIME + _TZ, "gYear": r"-?(?:[1-9][0-9]{3,}|0[0-9]{3})" + _TZ,
    "anyURI": r"[^\s]*",
}.items()}


def valid_lexical(text: str, datatype: str) -> bool:
    """Whether ``text`` is in the lexical space of ``datatype`` (datatypes not in the table pass)."""
    pattern = _LEXICAL.get(datatype.removeprefix(XSD)) if datatype.startswith(XSD) else None
    return pattern is None or pattern.match(text) is not None


def graph_checks(loaded: Any, locator: Locator) -> list[ValidationResult]:
    """Every graph check over ``loaded`` (a :class:`~chkg.graph.store.GraphStore`)."""
    return [*_undefined_terms(loaded, locator), *_dangling_references(loaded, locator),
            *_duplicate_labels(loaded, locator), *_ill_typed_literals(loaded, locator)]


def node_str(node: object) -> str | None:
    """A node as results show it: the IRI, ``_:id`` for a blank node, the text of a literal."""
    if node is None:
        return None
    if isinstance(node, ox.BlankNode):
        return f"_:{node.value}"
    return str(getattr(node, "value", node))


def result_at(locator: Locator, severity: Severity, message: str, *, focus: Term | None, check: str,
              path: ox.NamedNode | None = None, value: Term | None = None) -> ValidationResult:
    """A result located at the triple ``focus path value`` when given, else at ``focus``."""
    if focus is not None and path is not None and value is not None:
        file, line = locator.locate_triple(focus, path, value)
    else:
        file, line = locator.locate(focus)
    return ValidationResult(severity, message, node_str(focus), node_str(path), file, line, None, check)


# -- Private helpers -----------------------------------------------------------


def _rows(loaded: Any, sparql: str) -> list[Any]:
    return list(loaded.query(_PREFIXES + sparql, derived=False))


def _terms(loaded: Any) -> set[str]:
    return {row["t"].value for row in _rows(loaded, f"SELECT DISTINCT ?t WHERE {{ ?t rdfs:isDefinedBy <{_ONTOLOGY}> }}")}


def _hint(node: str, candidates: Iterable[str]) -> str:
    names = {c[len(_NS):]: c for c in candidates if c.startswith(_NS) and not c.startswith(_ONTOLOGY)}
    local = node[len(_NS):]
    close = difflib.get_close_matches(local, list(names), n=1, cutoff=0.75)
    if not close:
        lowered = {n.lower(): n for n in names}
        close = [lowered[local.lower()]] if local.lower() in lowered else []
    return f"; did you mean {curie_of(names[close[0]])}?" if close else ""


def _undefined_terms(loaded: Any, locator: Locator) -> list[ValidationResult]:
    terms = _terms(loaded)
    classes = {t for t in terms if t[len(_NS):][:1].isupper()}
    properties = terms - classes
    results = []
    predicates = [row["p"] for row in _rows(loaded, "SELECT DISTINCT ?p WHERE { ?s ?p ?o }")
                  if row["p"].value.startswith(_NS) and not row["p"].value.startswith(_ONTOLOGY)
                  and row["p"].value not in terms]
    for p in predicates:
        uses = _rows(loaded, f"SELECT ?s (MIN(?o) AS ?first) WHERE {{ ?s <{p.value}> ?o }} GROUP BY ?s")
        for row in uses:
            results.append(result_at(
                locator, Severity.VIOLATION,
                f"{curie_of(p.value)} is not a property of the ontology{_hint(p.value, properties)} "
                "(use a property defined in ontology/chkg.ttl)",
                focus=row["s"], path=p, value=row["first"], check="check:undefined-term"))
    undefined_classes = _rows(loaded, f"SELECT DISTINCT ?s ?o WHERE {{ ?s a ?o FILTER(isIRI(?o) && "
                                      f"{_IN_NS.format(v='o')}) }}")
    for row in undefined_classes:
        if row["o"].value in terms:
            continue
        results.append(result_at(
            locator, Severity.VIOLATION,
            f"{curie_of(row['o'].value)} is not a class of the ontology{_hint(row['o'].value, classes)} "
            "(use a class defined in ontology/chkg.ttl)",
            focus=row["s"], path=_RDF_TYPE, value=row["o"], check="check:undefined-term"))
    return results


def _dangling_references(loaded: Any, locator: Locator) -> list[ValidationResult]:
    undescribed = [row["s"] for row in _rows(loaded, f"""
        SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(isIRI(?s) && {_IN_NS.format(v='s')})
                                    FILTER NOT EXISTS {{ ?s a ?type }} }}""")]
    skip = {node.value for node in undescribed}
    dangling = _rows(loaded, f"""
        SELECT ?o ?s ?p WHERE {{ ?s ?p ?o FILTER(?p != rdf:type && isIRI(?o) && {_IN_NS.format(v='o')})
                                 FILTER NOT EXISTS {{ ?o a ?type }}
                                 FILTER NOT EXISTS {{ ?o rdfs:isDefinedBy <{_ONTOLOGY}> }} }}""")
    uses: dict[str, list[tuple[Any, Any]]] = defaultdict(list)
    for row in dangling:
        if row["o"].value not in skip:
            uses[row["o"].value].append((row["s"], row["p"]))
    candidates: set[str] = set()
    if uses:
        candidates = _terms(loaded) | {row["s"].value for row in _rows(loaded, "SELECT DISTINCT ?s WHERE { ?s a ?t }")
                                       if isinstance(row["s"], ox.NamedNode)}
    results = []
    for node, refs in sorted(uses.items()):
        distinct = sorted(set(refs), key=lambda ref: (locator.node_order(ref[0]), str(ref[0]), str(ref[1])))
        subject, predicate = distinct[0]
        more = f" (and {len(distinct) - 1} other uses)" if len(distinct) > 1 else ""
        results.append(result_at(
            locator, Severity.VIOLATION,
            f"{curie_of(node)} is used but never defined{more}: describe it with a type and a label, "
            f"or fix the reference{_hint(node, candidates)}",
            focus=subject, path=predicate, value=ox.NamedNode(node), check="check:dangling-reference"))
    for node in sorted(undescribed, key=lambda n: n.value):
        results.append(result_at(
            locator, Severity.VIOLATION, f"{curie_of(node.value)} has no rdf:type: add `a chkg:<Class>` to its description",
            focus=node, check="check:dangling-reference"))
    return results


def _duplicate_labels(loaded: Any, locator: Locator) -> list[ValidationResult]:
    rows = _rows(loaded, "SELECT DISTINCT ?e ?label ?cls WHERE { ?e rdfs:label ?label ; a ?cls FILTER(isLiteral(?label)) }")
    groups: dict[tuple[str, str], dict[Any, Any]] = defaultdict(dict)  # -> {entity: label}
    for row in sorted(rows, key=lambda r: (str(r["e"]), r["label"].value)):
        groups[(row["cls"].value, fold(row["label"].value).casefold())].setdefault(row["e"], row["label"])
    results = []
    for (cls, _), entities in sorted(groups.items()):
        if len(entities) < 2:
            continue
        ordered = sorted(entities, key=lambda e: (locator.node_order(e), str(e)))
        first = ordered[0]
        first_file, first_line = locator.locate(first)
        where = f" ({display_path(first_file, None)}:{first_line})" if first_file else ""
        for other in ordered[1:]:
            results.append(result_at(
                locator, Severity.VIOLATION,
                f'label "{entities[other].value}" is used by both {curie_of(node_str(first))}{where} and '
                f"{curie_of(node_str(other))}, two {curie_of(cls)}: labels must be unique per class; rename one, "
                "or merge them if they are the same thing",
                focus=other, path=_RDFS_LABEL, value=entities[other], check="check:duplicate-label"))
    return results


def _ill_typed_literals(loaded: Any, locator: Locator) -> list[ValidationResult]:
    datatypes = ", ".join(f"<{XSD}{name}>" for name in _LEXICAL)
    rows = _rows(loaded, f"SELECT DISTINCT ?s ?p ?o WHERE {{ ?s ?p ?o "
                         f"FILTER(isLiteral(?o) && datatype(?o) IN ({datatypes})) }}")
    results = []
    for row in rows:
        literal = row["o"]
        if valid_lexical(literal.value, literal.datatype.value):
            continue
        shown = literal.value if len(literal.value) <= 40 else literal.value[:37] + "..."
        results.append(result_at(
            locator, Severity.VIOLATION,
            f'"{shown}" is not a valid {curie_of(literal.datatype.value)}: write a value of that datatype, '
            "or change the datatype",
            focus=row["s"], path=row["p"], value=literal, check="check:ill-typed-literal"))
    return results
