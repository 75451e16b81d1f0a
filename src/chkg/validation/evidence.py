"""The evidence checks of ``chkg validate``: quotes and W3C selectors against the source texts.

- ``check:quote-not-in-source``: a ``chkg:quote`` that does not stand in the text of the source
  its passage belongs to (whitespace and typographic quotes folded, :func:`chkg.graph.quotes.fold`);
  ``check:source-text-missing`` when that text cannot be read; ``check:quote-source`` when the
  cited passage leads to no ``chkg:Source``;
- ``check:selector``: a ``chkg:Statement`` whose ``oa:exact``, ``oa:prefix``, ``oa:suffix``,
  ``oa:start`` or ``oa:end`` disagree with the raw text of its ``oa:hasSource``, for every source
  (:func:`chkg.evidence.selectors.check_selectors`, docs/EVIDENCE-MODEL.md section 1);
- ``check:quote-not-in-statement``: a claim's ``chkg:quote`` that is not inside its statement's
  exact text (both folded);
- ``check:passage-mismatch``: a claim whose ``chkg:citesPassage`` is not its statement's passage.

Examples
--------
>>> sources_dirs([], Path("/p/data/sources"))
[PosixPath('/p/data/sources')]
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef

from chkg.evidence.selectors import check_selectors
from chkg.graph.locate import Locator
from chkg.graph.quotes import SourceTexts, fold
from chkg.validation.checks import result_at
from chkg.validation.render import curie_of, display_path
from chkg.validation.results import ValidationResult
from chkg.validation.severity import Severity
from chkg.vocab.namespace import CHKG_NS

__all__ = ["evidence_checks", "sources_dirs"]

_NS = str(CHKG_NS)
_PREFIXES = f"""PREFIX chkg: <{_NS}>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
_QUOTE = ox.NamedNode(_NS + "quote")
_CITES = ox.NamedNode(_NS + "citesPassage")
_TEXT_FILE = ox.NamedNode(_NS + "textFile")
_HAS_SELECTOR = ox.NamedNode("http://www.w3.org/ns/oa#hasSelector")
# a passage is at most a few levels below its source; stop on cycles or deep chains
_MAX_PART_OF_DEPTH = 16
_FIX = ("copy oa:exact from the raw source file; `chkg fmt --fill-selectors` recomputes oa:prefix, oa:suffix, "
        "oa:start and oa:end from it")


def sources_dirs(files: Sequence[Path], project_sources: Path) -> list[Path]:
    """Folders to search for source texts: ``sources/`` near each loaded file, then the project's."""
    found: list[Path] = []
    for file in files:
        parent = file.resolve().parent
        candidates = [parent] if parent.name == "sources" else []
        candidates += [ancestor / "sources" for ancestor in [parent, *parent.parents][:3]]
        for candidate in candidates:
            if candidate.is_dir() and candidate not in found:
                found.append(candidate)
    if project_sources.resolve() not in found:
        found.append(project_sources.resolve())
    return found


def evidence_checks(loaded: Any, locator: Locator, folders: list[Path]) -> list[ValidationResult]:
    """Every evidence check over ``loaded`` (a :class:`~chkg.graph.store.GraphStore`).

    Each query is one simple pattern (joins and ``isPartOf`` chains are followed in Python), so
    the cost stays linear in the number of claims and statements.
    """
    quoted = _rows(loaded, "SELECT ?claim ?passage ?quote WHERE { ?claim chkg:quote ?quote ; chkg:citesPassage ?passage }")
    placed = _rows(loaded, "SELECT ?st ?source ?sel WHERE { ?st a chkg:Statement ; oa:hasSource ?source ; "
                           "oa:hasSelector ?sel }")
    if not quoted and not placed:
        return []
    pairs = [(row["source"].value, row["name"].value) for row in _rows(loaded, """
        SELECT ?source ?name WHERE { ?source a chkg:Source ; chkg:textFile ?name FILTER(isIRI(?source)) }
        ORDER BY ?source ?name""")]
    texts = SourceTexts.from_names(pairs, folders)
    parts: dict[Any, list[Any]] = {}
    for row in _rows(loaded, "SELECT ?x ?y WHERE { ?x dcterms:isPartOf ?y }"):
        parts.setdefault(row["x"], []).append(row["y"])
    sources = {row["s"] for row in _rows(loaded, "SELECT ?s WHERE { ?s a chkg:Source FILTER(isIRI(?s)) }")}
    anchors = _anchors(loaded, placed)
    missing: set[str] = set()
    results = _quotes_in_sources(quoted, parts, sources, texts, locator, missing)
    results += _selectors(anchors, texts, locator, missing)
    results += _quotes_in_statements(loaded, anchors, parts, locator)
    return results


# -- Private helpers -----------------------------------------------------------


def _rows(loaded: Any, sparql: str) -> list[Any]:
    return list(loaded.query(_PREFIXES + sparql, derived=False))


def _text_missing(source: ox.NamedNode, texts: SourceTexts, locator: Locator, reported: set[str]) -> list[ValidationResult]:
    if source.value in reported:
        return []
    reported.add(source.value)
    name = texts.missing.get(URIRef(source.value))
    problem = (f'its text file "{name}" is not found (or not UTF-8) under data/sources/'
               if name is not None else "it has no chkg:textFile")
    return [result_at(locator, Severity.VIOLATION,
                      f"quotes and selectors citing {curie_of(source.value)} cannot be checked: {problem}; add the "
                      "source text under data/sources/ and name it with chkg:textFile",
                      focus=source, path=_TEXT_FILE, check="check:source-text-missing")]


def _source_of(node: Any, parts: dict[Any, list[Any]], sources: set[Any]) -> Any:
    """The nearest ``chkg:Source`` ``node`` is part of (breadth first, bounded), or ``None``."""
    frontier, seen = [node], {node}
    for _ in range(_MAX_PART_OF_DEPTH):
        found = sorted((n for n in frontier if n in sources), key=str)
        if found:
            return found[0]
        frontier = [parent for current in frontier for parent in parts.get(current, ()) if parent not in seen]
        seen.update(frontier)
        if not frontier:
            break
    return None


def _quotes_in_sources(rows: list[Any], parts: dict[Any, list[Any]], sources: set[Any], texts: SourceTexts,
                       locator: Locator, missing: set[str]) -> list[ValidationResult]:
    results: list[ValidationResult] = []
    for row in sorted(rows, key=lambda r: (str(r["claim"]), str(r["passage"]), str(r["quote"]))):
        claim, passage, quote = row["claim"], row["passage"], row["quote"]
        source = _source_of(passage, parts, sources)
        if source is None:
            results.append(result_at(
                locator, Severity.VIOLATION,
                f"the passage {curie_of(str(getattr(passage, 'value', passage)))} is not part of any chkg:Source, so "
                "the quote cannot be checked: link it with dcterms:isPartOf to a section of a source",
                focus=claim, path=_CITES, value=passage, check="check:quote-source"))
            continue
        key = _source_key(source, texts)
        if key is None:
            results += _text_missing(source, texts, locator, missing)
            continue
        if not isinstance(quote, ox.Literal) or not fold(quote.value):
            continue  # an empty quote is the shapes' business
        if not texts.contains(key, quote.value):
            shown = fold(quote.value)
            shown = shown if len(shown) <= 80 else shown[:77] + "..."
            results.append(result_at(
                locator, Severity.VIOLATION,
                f'the quote "{shown}" is not in the text of {curie_of(source.value)} '
                f"({display_path(str(texts.files[key]), None)}): copy the words verbatim from the "
                "source (only whitespace and typographic quotes are folded)",
                focus=claim, path=_QUOTE, value=quote, check="check:quote-not-in-source"))
    return results


def _source_key(source: ox.NamedNode, texts: SourceTexts) -> URIRef | None:
    key = URIRef(source.value)
    return key if key in texts.texts else None


def _anchors(loaded: Any, placed: list[Any]) -> dict[Any, dict[str, Any]]:
    """``statement -> {"source", "exact", "prefix", "suffix", "start", "end"}`` (the first value of each)."""
    values: dict[Any, dict[str, Any]] = {}
    for row in _rows(loaded, """SELECT ?sel ?p ?v WHERE { ?sel ?p ?v
            VALUES ?p { oa:exact oa:prefix oa:suffix oa:start oa:end } }"""):
        name = row["p"].value.rsplit("#", 1)[-1]
        values.setdefault(row["sel"], {}).setdefault(name, row["v"].value)
    anchors: dict[Any, dict[str, Any]] = {}
    for row in sorted(placed, key=lambda r: (str(r["st"]), str(r["sel"]))):
        found = anchors.setdefault(row["st"], {"source": row["source"]})
        for name, value in sorted(values.get(row["sel"], {}).items()):
            found.setdefault(name, value)
    return anchors


def _selectors(anchors: dict[Any, dict[str, Any]], texts: SourceTexts, locator: Locator,
               missing: set[str]) -> list[ValidationResult]:
    results: list[ValidationResult] = []
    for statement, found in sorted(anchors.items(), key=lambda item: str(item[0])):
        source = found["source"]
        if "exact" not in found or not isinstance(source, ox.NamedNode):
            continue  # a statement without oa:exact or a source IRI is the shapes' business
        key = _source_key(source, texts)
        if key is None:
            results += _text_missing(source, texts, locator, missing)
            continue
        try:
            start, end = (int(found[n]) if n in found else None for n in ("start", "end"))
        except ValueError:
            continue  # not an integer: check:ill-typed-literal says so
        problems = check_selectors(texts.raw[key], found["exact"], prefix=found.get("prefix"),
                                   suffix=found.get("suffix"), start=start, end=end)
        where = display_path(str(texts.files[key]), None)
        for problem in problems:
            results.append(result_at(
                locator, Severity.VIOLATION, f"{problem} in {where}: {_FIX}",
                focus=statement, path=_HAS_SELECTOR, check="check:selector"))
    return results


def _quotes_in_statements(loaded: Any, anchors: dict[Any, dict[str, Any]], parts: dict[Any, list[Any]],
                          locator: Locator) -> list[ValidationResult]:
    results: list[ValidationResult] = []
    stated = _rows(loaded, "SELECT ?claim ?st WHERE { ?claim chkg:statedIn ?st }")
    quotes: dict[Any, list[Any]] = {}
    for row in _rows(loaded, "SELECT ?claim ?quote WHERE { ?claim chkg:quote ?quote }"):
        quotes.setdefault(row["claim"], []).append(row["quote"])
    cited: dict[Any, list[Any]] = {}
    for row in _rows(loaded, "SELECT ?claim ?passage WHERE { ?claim chkg:citesPassage ?passage }"):
        cited.setdefault(row["claim"], []).append(row["passage"])
    for row in sorted(stated, key=lambda r: (str(r["claim"]), str(r["st"]))):
        claim, statement = row["claim"], row["st"]
        exact = str(anchors.get(statement, {}).get("exact", ""))
        for quote in quotes.get(claim, []) if exact else []:
            if not fold(quote.value) or fold(quote.value) in fold(exact):
                continue
            shown = fold(quote.value)
            shown = shown if len(shown) <= 80 else shown[:77] + "..."
            results.append(result_at(
                locator, Severity.VIOLATION,
                f'the quote "{shown}" is not inside the exact text of its statement {curie_of(statement.value)}: '
                "quote words of that sentence, or point chkg:statedIn at the statement that holds them",
                focus=claim, path=_QUOTE, value=quote, check="check:quote-not-in-statement"))
        passages = parts.get(statement, [])
        for passage in cited.get(claim, []) if passages else []:
            if passage not in passages:
                results.append(result_at(
                    locator, Severity.VIOLATION,
                    f"chkg:citesPassage {curie_of(passage.value)} is not the passage of its statement "
                    f"{curie_of(statement.value)}: cite the statement's passage",
                    focus=claim, path=_CITES, value=passage, check="check:passage-mismatch"))
    return results
