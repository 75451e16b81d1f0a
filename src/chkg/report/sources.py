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

from chkg.graph.quotes import fold, read_text_file
from chkg.report.facts import ReportFacts
from chkg.report.model import ClaimLocation, SourceDoc, SourceSpan

__all__ = ["ClaimLocation", "find_folded", "paragraph", "source_documents", "claim_locations", "anchor"]

_QUOTE_CLASS = {"'": "['\u2018\u2019\u201a\u201b]", '"': "[\"\u201c\u201d\u201e\u201f]"}


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
    facts: ReportFacts, sources_dir: Path | Sequence[Path], slug_of: Mapping[str, str] | None = None
) -> tuple[SourceDoc, ...]:
    """Every source whose text file is found, with its statements' (or claims') spans.

    Parameters
    ----------
    facts
        The sources, statements and claims (:class:`~chkg.report.facts.ReportFacts`).
    sources_dir
        Where the sources' ``chkg:textFile`` files are.
    slug_of
        Source IRI → page slug (default: the IRI's last segment).
    """
    docs: list[SourceDoc] = []
    claims_by_statement: dict[str, list[str]] = defaultdict(list)
    unstated: dict[str, list[str]] = defaultdict(list)
    for claim, fact in facts.claims.items():
        if fact.statement is not None:
            claims_by_statement[fact.statement].append(claim)
        elif fact.passage_source is not None and not fact.stated_otherwise:
            unstated[fact.passage_source].append(claim)
    statements_by_source: dict[str, list[str]] = defaultdict(list)
    for statement, st in facts.statements.items():
        statements_by_source[st.source].append(statement)
    for source in sorted(facts.sources):
        about = facts.sources[source]
        found_text = read_text_file(about.text_file, sources_dir) if about.text_file is not None else None
        if found_text is None:
            continue
        raw = found_text[1]
        spans: list[SourceSpan] = []
        for statement in sorted(statements_by_source.get(source, ())):
            st = facts.statements[statement]
            if st.start is None or st.end is None or not 0 <= st.start <= st.end <= len(raw):
                continue
            spans.append(SourceSpan(st.start, st.end, statement, st.label or anchor(statement),
                                    tuple(sorted(claims_by_statement.get(statement, ())))))
        for claim in sorted(unstated.get(source, ())):
            quote = facts.claims[claim].quote
            found = find_folded(raw, quote) if quote is not None else None
            if found is not None:
                spans.append(SourceSpan(found[0], found[1], claim, f"claim {anchor(claim)}", (claim,)))
        title = about.title or about.label or anchor(source)
        slug = (slug_of or {}).get(source) or anchor(source).lower()
        docs.append(SourceDoc(source, slug, title, raw, tuple(sorted(spans, key=lambda s: (s.start, s.end)))))
    return tuple(docs)


def claim_locations(facts: ReportFacts, docs: Iterable[SourceDoc]) -> dict[str, ClaimLocation]:
    """Claim IRI → its paragraph in its source and the quote's offsets inside that paragraph.

    The quote is looked for inside the claim's statement span first, then the whole text.
    """
    out: dict[str, ClaimLocation] = {}
    for doc in docs:
        for span in doc.spans:
            for claim in span.claims:
                fact = facts.claims.get(claim)
                quote = fact.quote if fact is not None else None
                found = find_folded(doc.text[span.start:span.end], quote) if quote is not None else None
                start, end = (span.start + found[0], span.start + found[1]) if found else (span.start, span.end)
                a, b = paragraph(doc.text, start, end)
                out[claim] = ClaimLocation(doc.slug, doc.text[a:b], start - a, end - a)
    return out
