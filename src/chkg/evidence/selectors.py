"""W3C Web Annotation selectors: where in a source's raw text a statement stands.

A statement (``chkg:Statement``, docs/EVIDENCE-MODEL.md §1) is anchored twice, as
the Web Annotation model does it: an ``oa:TextQuoteSelector`` (``oa:exact`` with up
to 32 code points of ``oa:prefix`` and ``oa:suffix``) and an
``oa:TextPositionSelector`` (``oa:start``, ``oa:end``, end exclusive). Both address
the **raw** text of the source file (decoded UTF-8, not folded, Markdown markup
and page-break blank lines included), so that ``text[start:end] == exact``.

This module is the one home of that arithmetic: :func:`locate` finds an exact text,
:func:`selectors_for` computes the four anchors of a span, and
:func:`check_selectors` says, in words a curator can act on, what is wrong with
anchors written in a file. Positions are Python string indices, which are Unicode
code points, as the model requires.

Examples
--------
>>> text = "One. It \\u2018helps\\u2019 staff. Two."
>>> span = locate(text, "It \\u2018helps\\u2019 staff.")
>>> span
TextSpan(start=5, end=22)
>>> s = selectors_for(text, span, context=4)
>>> (s.prefix, s.suffix, s.exact == text[5:22])
('ne. ', ' Two', True)
>>> check_selectors(text, s.exact, prefix=s.prefix, suffix=s.suffix, start=s.start, end=s.end)
[]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from chkg.errors import AmbiguousExactError, ChkgError, ExactNotFoundError, SelectorError
from chkg.graph.quotes import fold
from chkg.vocab.curies import show
from chkg.vocab.namespace import CHKG, OA

__all__ = ["MAX_CONTEXT", "TextSpan", "TextSelectors", "FillResult", "occurrences", "locate", "selectors_for",
           "check_selectors", "fill_selectors"]

#: The longest ``oa:prefix`` / ``oa:suffix``, in code points (docs/EVIDENCE-MODEL.md §1).
MAX_CONTEXT = 32

# how much of a wrong text to show in a problem message
_SHOWN = 40
# the datatype of oa:start and oa:end (a URIRef, not rdflib's XSD namespace, which warns when inspected)
_NON_NEGATIVE_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#nonNegativeInteger")


@dataclass(frozen=True)
class TextSpan:
    """A half-open range ``[start, end)`` of code points in a text.

    Examples
    --------
    >>> TextSpan(2, 5).of("abcdefg")
    'cde'
    """

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise SelectorError(f"not a text span: start {self.start}, end {self.end}")

    def of(self, text: str) -> str:
        """The characters of ``text`` in this span."""
        return text[self.start:self.end]


@dataclass(frozen=True)
class TextSelectors:
    """The quote and position anchors of one span (``oa:exact``, ``oa:prefix``, ``oa:suffix``, ``oa:start``, ``oa:end``)."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int

    @property
    def span(self) -> TextSpan:
        """The position anchors as a :class:`TextSpan`."""
        return TextSpan(self.start, self.end)


def occurrences(text: str, exact: str) -> list[TextSpan]:
    """Every place ``exact`` occurs in ``text``, overlapping ones included, in text order.

    Examples
    --------
    >>> occurrences("aaa", "aa")
    [TextSpan(start=0, end=2), TextSpan(start=1, end=3)]
    >>> occurrences("abc", "")
    []
    """
    if not exact:
        return []
    found = []
    at = text.find(exact)
    while at != -1:
        found.append(TextSpan(at, at + len(exact)))
        at = text.find(exact, at + 1)
    return found


def locate(text: str, exact: str, occurrence: int | None = None) -> TextSpan:
    """Where ``exact`` stands in ``text``, matched code point for code point (nothing folded).

    Parameters
    ----------
    text
        The raw source text.
    exact
        The text to find; it must not be empty.
    occurrence
        Which occurrence to take (1 = the first), when the text occurs more than once;
        ``None`` (the default) requires exactly one occurrence.

    Returns
    -------
    TextSpan
        The span of the chosen occurrence.

    Raises
    ------
    ExactNotFoundError
        ``exact`` is empty or does not occur (or has fewer occurrences than ``occurrence``).
    AmbiguousExactError
        ``exact`` occurs more than once and ``occurrence`` is ``None``.

    Examples
    --------
    >>> locate("a cat, a cat", "a cat", occurrence=2)
    TextSpan(start=7, end=12)
    >>> locate("a cat, a cat", "a cat")
    Traceback (most recent call last):
    ...
    chkg.errors.AmbiguousExactError: 'a cat' occurs 2 times (at 0–5, 7–12); choose an occurrence or quote more text
    """
    found = occurrences(text, exact)
    if not found:
        raise ExactNotFoundError(f"{_show(exact)} does not occur in the text" + _near_miss(text, exact))
    if occurrence is None:
        if len(found) > 1:
            raise AmbiguousExactError(f"{_show(exact)} occurs {len(found)} times (at {_where(found)}); "
                                      "choose an occurrence or quote more text")
        return found[0]
    if not 1 <= occurrence <= len(found):
        raise ExactNotFoundError(f"{_show(exact)} occurs {len(found)} time(s); there is no occurrence {occurrence}")
    return found[occurrence - 1]


def selectors_for(text: str, span: TextSpan, context: int = MAX_CONTEXT) -> TextSelectors:
    """The quote and position anchors of ``span`` in ``text``: up to ``context`` code points either side.

    The prefix and suffix are shorter only at the start and end of the text.

    Examples
    --------
    >>> s = selectors_for("Hello, world", TextSpan(7, 12), context=3)
    >>> (s.prefix, s.exact, s.suffix, s.start, s.end)
    ('o, ', 'world', '', 7, 12)
    """
    if span.end > len(text):
        raise SelectorError(f"span {span.start}–{span.end} runs past the end of the text ({len(text)} code points)")
    if not 1 <= context <= MAX_CONTEXT:
        raise SelectorError(f"context must be 1 to {MAX_CONTEXT} code points, not {context}")
    return TextSelectors(
        exact=span.of(text),
        prefix=text[max(0, span.start - context):span.start],
        suffix=text[span.end:span.end + context],
        start=span.start,
        end=span.end,
    )


def check_selectors(
    text: str,
    exact: str,
    *,
    prefix: str | None = None,
    suffix: str | None = None,
    start: int | None = None,
    end: int | None = None,
) -> list[str]:
    """What is wrong with a statement's anchors, one human-readable problem per string (empty: all agree).

    Checks, against the raw ``text``: ``exact`` occurs; ``text[start:end] == exact``
    (and, when not, where ``exact`` does occur, so a curator can fix the numbers);
    the prefix ends right at ``start`` and the suffix begins right at ``end``; both are at
    most :data:`MAX_CONTEXT` code points and empty only at the start or end of the text.
    Anchors given as ``None`` are missing and reported so.

    Examples
    --------
    >>> text = "one two three"
    >>> check_selectors(text, "two", prefix="one ", suffix=" three", start=4, end=7)
    []
    >>> check_selectors(text, "two", prefix="on ", suffix=" three", start=5, end=8)
    ["exact 'two' is not at 5–8 (the text there is 'wo '); it occurs at 4–7", "prefix 'on ' disagrees with the 3 code point(s) before the exact text: 'ne '"]
    """
    problems: list[str] = []
    found = occurrences(text, exact)
    if not exact:
        return ["exact is empty"]
    if not found:
        problems.append(f"exact {_show(exact)} does not occur in the text" + _near_miss(text, exact))
    for name, value in (("start", start), ("end", end), ("prefix", prefix), ("suffix", suffix)):
        if value is None:
            problems.append(f"{name} is missing")
    if start is not None and end is not None:
        if not 0 <= start <= end <= len(text):
            problems.append(f"start–end {start}–{end} is not a span of the text (0–{len(text)})")
        elif text[start:end] != exact:
            where = f"; it occurs at {_where(found)}" if found else ""
            problems.append(f"exact {_show(exact)} is not at {start}–{end} "
                            f"(the text there is {_show(text[start:end])}){where}")
    # the anchors are checked against where the exact text is: the positions if given, else the only occurrence
    anchor = _anchor(text, exact, start, end, found)
    if anchor is not None:
        problems += _context_problems(text, anchor, prefix, suffix)
    return problems


@dataclass
class FillResult:
    """What :func:`fill_selectors` did: statements whose anchors changed, and those it could not anchor."""

    changed: list[URIRef] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def fill_selectors(graph: Graph, texts: Mapping[Node, str]) -> FillResult:
    """Compute ``oa:prefix``, ``oa:suffix``, ``oa:start``, ``oa:end`` of every ``chkg:Statement`` from its ``oa:exact``.

    A curator writes only the exact text; this fills the rest in ``graph`` (in place), so that
    :func:`check_selectors` passes. When the exact text occurs more than once, the occurrence the
    statement already points at (by its positions, else by its prefix and suffix) is kept; if none
    is, the statement is left as it is and reported.

    Parameters
    ----------
    graph
        Statements (``oa:hasSource`` a source, one ``oa:TextQuoteSelector`` with ``oa:exact``).
    texts
        The raw text of each source (``source IRI -> text``, decoded UTF-8, not folded).

    Returns
    -------
    FillResult
        The statements whose anchors changed, and one message per statement left unanchored.

    Examples
    --------
    >>> from chkg.vocab.namespace import CHKG_NS
    >>> g = Graph()
    >>> s, q = CHKG_NS["statement-p-1"], BNode()
    >>> for triple in [(s, RDF.type, CHKG.Statement), (s, OA.hasSource, CHKG_NS.src), (s, OA.hasSelector, q),
    ...                (q, RDF.type, OA.TextQuoteSelector), (q, OA.exact, Literal("two"))]:
    ...     _ = g.add(triple)
    >>> fill_selectors(g, {CHKG_NS.src: "one two three"}).changed == [s]
    True
    >>> sorted(str(o) for o in g.objects(None, OA.start)), str(g.value(q, OA.suffix))
    (['4'], ' three')
    """
    result = FillResult()
    for statement in sorted(s for s in set(graph.subjects(RDF.type, CHKG.Statement)) if isinstance(s, URIRef)):
        name = show(statement)
        source = graph.value(statement, OA.hasSource)
        text = texts.get(source) if source is not None else None
        quotes = [s for s in graph.objects(statement, OA.hasSelector) if (s, RDF.type, OA.TextQuoteSelector) in graph]
        exact = graph.value(quotes[0], OA.exact) if len(quotes) == 1 else None
        if text is None:
            result.problems.append(f"{name}: the text of its source {show(source)} is not known")
            continue
        if exact is None:
            result.problems.append(f"{name}: needs exactly one oa:TextQuoteSelector with an oa:exact")
            continue
        positions = [s for s in graph.objects(statement, OA.hasSelector)
                     if (s, RDF.type, OA.TextPositionSelector) in graph]
        try:
            span = _choose(text, str(exact), graph, quotes[0], positions[0] if len(positions) == 1 else None)
        except ChkgError as error:
            result.problems.append(f"{name}: {error}")
            continue
        if _write(graph, statement, quotes[0], positions, selectors_for(text, span)):
            result.changed.append(statement)
    return result


# -- Private helpers -----------------------------------------------------------


def _int(value: Node | None) -> int | None:
    if isinstance(value, Literal) and isinstance(value.toPython(), int):
        return int(value.toPython())
    return None


def _choose(text: str, exact: str, graph: Graph, quote: Node, position: Node | None) -> TextSpan:
    """The occurrence of ``exact`` a statement means: its positions, else its prefix/suffix, else the only one."""
    found = occurrences(text, exact)
    if not found:
        return locate(text, exact)  # raises, with a hint when only folding differs
    start, end = (_int(graph.value(position, OA.start)), _int(graph.value(position, OA.end))) if position else (None, None)
    if start is not None and end is not None and TextSpan(start, end) in found:
        return TextSpan(start, end)
    if len(found) == 1:
        return found[0]
    prefix, suffix = graph.value(quote, OA.prefix), graph.value(quote, OA.suffix)
    fitting = [s for s in found
               if (prefix is None or text[:s.start].endswith(str(prefix)))
               and (suffix is None or text[s.end:].startswith(str(suffix)))]
    if len(fitting) == 1 and (prefix is not None or suffix is not None):
        return fitting[0]
    return locate(text, exact)  # raises AmbiguousExactError, saying where each occurrence is


def _write(graph: Graph, statement: Node, quote: Node, positions: list[Node], selectors: TextSelectors) -> bool:
    """Set the four anchors on the statement's selectors; True when anything changed."""
    position = positions[0] if positions else BNode()
    wanted = [(quote, OA.prefix, Literal(selectors.prefix)), (quote, OA.suffix, Literal(selectors.suffix)),
              (position, OA.start, Literal(selectors.start, datatype=_NON_NEGATIVE_INTEGER)),
              (position, OA.end, Literal(selectors.end, datatype=_NON_NEGATIVE_INTEGER))]
    changed = len(positions) != 1
    for extra in positions[1:]:
        graph.remove((statement, OA.hasSelector, extra))
        graph.remove((extra, None, None))
    if not positions:
        graph.add((statement, OA.hasSelector, position))
        graph.add((position, RDF.type, OA.TextPositionSelector))
    for node, predicate, value in wanted:
        if list(graph.objects(node, predicate)) != [value]:
            graph.set((node, predicate, value))
            changed = True
    return changed





def _anchor(text: str, exact: str, start: int | None, end: int | None, found: list[TextSpan]) -> TextSpan | None:
    """The span the prefix and suffix are checked against, or None when no single one is known."""
    if start is not None and end is not None and 0 <= start <= end <= len(text) and text[start:end] == exact:
        return TextSpan(start, end)
    if len(found) == 1:
        return found[0]
    # the positions are wrong and the exact text is absent or ambiguous: the prefix and suffix
    # may tell which occurrence is meant, but its positions are reported above
    if start is not None and end is not None and 0 <= start <= end <= len(text):
        return TextSpan(start, end)
    return None


def _context_problems(text: str, span: TextSpan, prefix: str | None, suffix: str | None) -> list[str]:
    problems = []
    if prefix is not None:
        before = text[max(0, span.start - len(prefix)):span.start]
        if len(prefix) > MAX_CONTEXT:
            problems.append(f"prefix is {len(prefix)} code points; at most {MAX_CONTEXT}")
        if before != prefix:
            problems.append(f"prefix {_show(prefix)} disagrees with the {len(prefix)} code point(s) before the exact "
                            f"text: {_show(before)}")
        elif not prefix and span.start > 0:
            problems.append("prefix is empty, but the exact text does not start the text")
    if suffix is not None:
        after = text[span.end:span.end + len(suffix)]
        if len(suffix) > MAX_CONTEXT:
            problems.append(f"suffix is {len(suffix)} code points; at most {MAX_CONTEXT}")
        if after != suffix:
            problems.append(f"suffix {_show(suffix)} disagrees with the {len(suffix)} code point(s) after the exact "
                            f"text: {_show(after)}")
        elif not suffix and span.end < len(text):
            problems.append("suffix is empty, but the exact text does not end the text")
    return problems


def _show(text: str) -> str:
    """``text`` quoted for a message, shortened in the middle when long."""
    if len(text) > _SHOWN:
        text = text[:_SHOWN // 2] + "…" + text[-_SHOWN // 2:]
    return repr(text)


def _where(spans: list[TextSpan]) -> str:
    shown = ", ".join(f"{s.start}–{s.end}" for s in spans[:5])
    return shown + (f" and {len(spans) - 5} more" if len(spans) > 5 else "")


def _near_miss(text: str, exact: str) -> str:
    """A hint when ``exact`` would occur but for whitespace or typographic quotes."""
    folded = fold(exact)
    if folded and folded in fold(text):
        return " (it does once whitespace and typographic quotes are folded: copy it from the raw file)"
    return ""
