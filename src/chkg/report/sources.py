"""The source viewer's data: each source's raw text with every claim's span, and where a claim's
quote stands inside its paragraph (for the explorer's "click a step, read the quote").

Spans come from the statements' W3C Web Annotation selectors (``oa:TextPositionSelector``
``oa:start``/``oa:end`` over the raw text, EVIDENCE-MODEL §1). A claim without a statement is
anchored at its quote, found in the raw text with the folding of :mod:`chkg.graph.quotes`
(whitespace runs and typographic quotes), so older data still gets highlights.

Examples
--------
>>> text = "Intro.\\n\\nIt “helped” staff\\nstay. More.\\n\\nEnd."
>>> find_folded(text, 'helped" staff stay')
(12, 30)
>>> paragraph(text, 12, 30)
(8, 37)
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS, Namespace
from rdflib.term import Node

from chkg.graph.quotes import fold, read_source_text, source_of
from chkg.graph.store import TripleFilter
from chkg.report.model import ClaimLocation, SourceDoc, SourceSpan
from chkg.vocab.namespace import CHKG_NS

__all__ = ["ClaimLocation", "find_folded", "paragraph", "source_documents", "claim_locations", "anchor"]

OA = Namespace("http://www.w3.org/ns/oa#")
_QUOTE_CLASS = {"'": "['\u2018\u2019\u201a\u201b]", '"': "[\"\u201c\u201d\u201e\u201f]"}


_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_OA = "http://www.w3.org/ns/oa#"
_CHKG = str(CHKG_NS)

#: The triples :func:`source_documents`, :func:`claim_locations` and the report's family names
#: read (under half of the evidence graph): ``chkg report`` hands rdflib only these when the
#: analysis graph comes from the cache. ``tests/report/test_report_sources_filter.py`` checks the
#: source pages come out the same as from the whole evidence graph.
SOURCE_PAGE_TRIPLES = TripleFilter(
    predicates=frozenset({
        _RDF + "type", str(RDFS.label), "http://www.w3.org/2004/02/skos/core#prefLabel", str(DCTERMS.title),
        str(DCTERMS.isPartOf), _OA + "hasSource", _OA + "hasSelector", _OA + "start", _OA + "end",
        _CHKG + "statedIn", _CHKG + "quote", _CHKG + "citesPassage", _CHKG + "textFile",
    }),
    types=frozenset({_CHKG + "Influence", _CHKG + "Source", _OA + "TextPositionSelector"}),
)


def anchor(iri: str) -> str:
    """The HTML id of a claim or statement in the source viewer: its IRI's last segment.

    Examples
    --------
    >>> anchor("https://w3id.org/creative-health-kg/claim-a1")
    'claim-a1'
    """
    last = re.split(r"[/#:]", iri.rstrip("/#"))[-1]
    return re.sub(r"[^A-Za-z0-9_-]+", "-", last).strip("-") or "claim"


def find_folded(text: str, quote: str) -> tuple[int, int] | None:
    """The span of ``quote`` in ``text`` as :func:`chkg.graph.quotes.fold` matches it, or None.

    Examples
    --------
    >>> find_folded("a  b\\u2019s c", "b's c"), find_folded("abc", "x")
    ((3, 8), None)
    """
    words = fold(quote).split(" ")
    if not words or words == [""]:
        return None
    parts = ["".join(_QUOTE_CLASS.get(ch, re.escape(ch)) for ch in word) for word in words]
    match = re.search(r"\s+".join(parts), text)
    return (match.start(), match.end()) if match else None


def paragraph(text: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph (between blank lines) around ``[start, end)``, stripped of outer blanks."""
    left = text.rfind("\n\n", 0, start)
    right = text.find("\n\n", end)
    a = 0 if left < 0 else left + 2
    b = len(text) if right < 0 else right
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def source_documents(
    rdf: Graph, sources_dir: Path | Sequence[Path], slug_of: Mapping[str, str] | None = None
) -> tuple[SourceDoc, ...]:
    """Every source whose text file is found, with its statements' (or claims') spans.

    Parameters
    ----------
    rdf
        The merged graph (claims, statements, sources).
    sources_dir
        Where the sources' ``chkg:textFile`` files are.
    slug_of
        Source IRI → page slug (default: the IRI's last segment).
    """
    folders = [Path(sources_dir)] if isinstance(sources_dir, (str, Path)) else [Path(d) for d in sources_dir]
    docs: list[SourceDoc] = []
    claims_by_statement: dict[URIRef, list[str]] = defaultdict(list)
    for claim in rdf.subjects(RDF.type, CHKG_NS.Influence):
        statement = rdf.value(claim, CHKG_NS.statedIn)
        if isinstance(statement, URIRef):
            claims_by_statement[statement].append(str(claim))
    unstated = _claims_without_statement(rdf)
    for source in sorted({s for s in rdf.subjects(RDF.type, CHKG_NS.Source) if isinstance(s, URIRef)}):
        found_text = read_source_text(rdf, source, folders)
        if found_text is None:
            continue
        raw = found_text[1]
        spans: list[SourceSpan] = []
        for statement in sorted({s for s in rdf.subjects(OA.hasSource, source) if isinstance(s, URIRef)}):
            start, end = _position(rdf, statement)
            if start is None or end is None or not 0 <= start <= end <= len(raw):
                continue
            label = rdf.value(statement, RDFS.label)
            spans.append(SourceSpan(start, end, str(statement), str(label or anchor(str(statement))),
                                    tuple(sorted(claims_by_statement.get(statement, ())))))
        for claim in sorted(unstated.get(source, ())):
            quote = rdf.value(claim, CHKG_NS.quote)
            found = find_folded(raw, str(quote)) if quote is not None else None
            if found is not None:
                spans.append(SourceSpan(found[0], found[1], str(claim), f"claim {anchor(str(claim))}", (str(claim),)))
        title = rdf.value(source, DCTERMS.title) or rdf.value(source, RDFS.label) or anchor(str(source))
        slug = (slug_of or {}).get(str(source)) or anchor(str(source)).lower()
        docs.append(SourceDoc(str(source), slug, str(title), raw, tuple(sorted(spans, key=lambda s: (s.start, s.end)))))
    return tuple(docs)


def claim_locations(rdf: Graph, docs: Iterable[SourceDoc]) -> dict[str, ClaimLocation]:
    """Claim IRI → its paragraph in its source and the quote's offsets inside that paragraph.

    The quote is looked for inside the claim's statement span first, then the whole text.
    """
    out: dict[str, ClaimLocation] = {}
    for doc in docs:
        for span in doc.spans:
            for claim in span.claims:
                quote = rdf.value(URIRef(claim), CHKG_NS.quote)
                found = find_folded(doc.text[span.start:span.end], str(quote)) if quote is not None else None
                start, end = (span.start + found[0], span.start + found[1]) if found else (span.start, span.end)
                a, b = paragraph(doc.text, start, end)
                out[claim] = ClaimLocation(doc.slug, doc.text[a:b], start - a, end - a)
    return out


def _position(rdf: Graph, statement: URIRef) -> tuple[int | None, int | None]:
    for selector in rdf.objects(statement, OA.hasSelector):
        if (selector, RDF.type, OA.TextPositionSelector) in rdf:
            start, end = rdf.value(selector, OA.start), rdf.value(selector, OA.end)
            try:
                return int(str(start)), int(str(end))
            except ValueError:
                return None, None
    return None, None


def _claims_without_statement(rdf: Graph) -> dict[Node, set[URIRef]]:
    """Source → the claims that cite one of its passages but no statement (one pass over the claims)."""
    found: dict[Node, set[URIRef]] = defaultdict(set)
    for claim in rdf.subjects(RDF.type, CHKG_NS.Influence):
        if not isinstance(claim, URIRef) or rdf.value(claim, CHKG_NS.statedIn) is not None:
            continue
        passage = rdf.value(claim, CHKG_NS.citesPassage)
        source = source_of(rdf, passage) if passage is not None else None
        if source is not None:
            found[source].add(claim)
    return found
