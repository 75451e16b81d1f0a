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
    """Every evidence check over ``loaded`` (a :class:`~chkg.graph.store.GraphStore`)."""
    pairs = [(row["source"].value, row["name"].value) for row in _rows(loaded, """
        SELECT ?source ?name WHERE { ?source a chkg:Source ; chkg:textFile ?name FILTER(isIRI(?source)) }
        ORDER BY ?source ?name""")]
    quoted = _rows(loaded, """
        SELECT DISTINCT ?claim ?passage ?quote ?source WHERE {
          ?claim chkg:quote ?quote ; chkg:citesPassage ?passage .
          OPTIONAL { ?passage dcterms:isPartOf* ?source . ?source a chkg:Source FILTER(isIRI(?source)) }
        } ORDER BY ?claim ?passage ?source""")
    statements = _rows(loaded, """
        SELECT ?st ?source ?exact ?prefix ?suffix ?start ?end WHERE {
          ?st a chkg:Statement ; oa:hasSource ?source ; oa:hasSelector ?sel .
          OPTIONAL { ?sel oa:exact ?exact } OPTIONAL { ?sel oa:prefix ?prefix } OPTIONAL { ?sel oa:suffix ?suffix }
          OPTIONAL { ?sel oa:start ?start } OPTIONAL { ?sel oa:end ?end }
        } ORDER BY ?st""")
    if not quoted and not statements:
        return []
    texts = SourceTexts.from_names(pairs, folders)
    missing: set[str] = set()
    results = _quotes_in_sources(quoted, texts, locator, missing)
    results += _selectors(statements, texts, locator, missing)
    results += _quotes_in_statements(loaded, locator)
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


def _quotes_in_sources(rows: list[Any], texts: SourceTexts, locator: Locator, missing: set[str]) -> list[ValidationResult]:
    results: list[ValidationResult] = []
    seen: set[tuple[str, str, str]] = set()
    for row in rows:
        claim, passage, quote, source = row["claim"], row["passage"], row["quote"], row["source"]
        if (str(claim), str(passage), str(quote)) in seen:
            continue  # one source per claim, passage and quote (the first, in IRI order)
        seen.add((str(claim), str(passage), str(quote)))
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


def _selectors(rows: list[Any], texts: SourceTexts, locator: Locator, missing: set[str]) -> list[ValidationResult]:
    anchors: dict[Any, dict[str, Any]] = {}
    for row in rows:
        found = anchors.setdefault(row["st"], {"source": row["source"]})
        for name in ("exact", "prefix", "suffix", "start", "end"):
            if row[name] is not None and name not in found:
                found[name] = row[name].value
    results: list[ValidationResult] = []
    for statement, found in anchors.items():
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


def _quotes_in_statements(loaded: Any, locator: Locator) -> list[ValidationResult]:
    results: list[ValidationResult] = []
    for row in _rows(loaded, """
            SELECT DISTINCT ?claim ?quote ?st ?exact WHERE {
              ?claim chkg:quote ?quote ; chkg:statedIn ?st . ?st oa:hasSelector/oa:exact ?exact
            } ORDER BY ?claim ?st"""):
        quote, exact = row["quote"], row["exact"]
        if not fold(quote.value) or fold(quote.value) in fold(exact.value):
            continue
        shown = fold(quote.value)
        shown = shown if len(shown) <= 80 else shown[:77] + "..."
        results.append(result_at(
            locator, Severity.VIOLATION,
            f'the quote "{shown}" is not inside the exact text of its statement {curie_of(row["st"].value)}: '
            "quote words of that sentence, or point chkg:statedIn at the statement that holds them",
            focus=row["claim"], path=_QUOTE, value=quote, check="check:quote-not-in-statement"))
    for row in _rows(loaded, """
            SELECT DISTINCT ?claim ?passage ?st WHERE {
              ?claim chkg:citesPassage ?passage ; chkg:statedIn ?st . ?st dcterms:isPartOf ?part .
              FILTER NOT EXISTS { ?st dcterms:isPartOf ?passage }
            } ORDER BY ?claim"""):
        results.append(result_at(
            locator, Severity.VIOLATION,
            f"chkg:citesPassage {curie_of(row['passage'].value)} is not the passage of its statement "
            f"{curie_of(row['st'].value)}: cite the statement's passage",
            focus=row["claim"], path=_CITES, value=row["passage"], check="check:passage-mismatch"))
    return results
