"""Finding what a curator names: entities, relations, sources, sections, passages, statements.

Each function takes the text a curator typed (an IRI, a CURIE, a bare local name, a label
or a heading) and returns one node, or raises :class:`~chkg.errors.UsageError` naming
the candidates, so that ``chkg new`` never guesses.

Examples
--------
>>> closest_span("helped to legitimize it", "It helped to [legitimise](#) it.")
" (the text has 'helped to ' but goes on '[legitimise](#) it.')"
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import cast

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS

from chkg.curation.datafiles import show
from chkg.curation.names import relation_slug
from chkg.errors import InputFileError, UsageError
from chkg.graph.quotes import fold, read_source_text, source_of
from chkg.graph.resolve import fold_name, resolve_entity
from chkg.project import ProjectPaths
from chkg.vocab.curies import last_segment, local_name
from chkg.vocab.namespace import CHKG, CHKG_NS, OA

__all__ = [
    "resolve",
    "resolve_typed",
    "resolve_relation",
    "source_containing",
    "source_text",
    "sections_of",
    "find_section",
    "section_of_quote",
    "only_passage",
    "statements_of",
    "statement_exact",
    "closest_span",
]

_BARE_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def resolve(graph: Graph, text: str) -> URIRef:
    """An entity by bare local name (``culture-and-values``), else :func:`chkg.graph.resolve.resolve_entity`."""
    bare = text.strip()
    if _BARE_NAME.fullmatch(bare) and (CHKG_NS[bare], RDF.type, None) in graph:
        return CHKG_NS[bare]
    return resolve_entity(graph, text)


def resolve_typed(graph: Graph, text: str, cls: URIRef, what: str) -> URIRef:
    """:func:`resolve`, refusing an entity that is not typed ``cls`` (``what`` names it)."""
    iri = resolve(graph, text)
    if (iri, RDF.type, cls) not in graph:
        raise UsageError(f"{show(iri)} is not a {what}")
    return iri


def resolve_relation(graph: Graph, text: str) -> URIRef:
    """``chkg:influences`` or a subproperty, from a CURIE, local name, kebab form or label."""
    from_names = _relation_names(graph)
    wanted = text.strip().removeprefix("chkg:").lower()
    for prop, names in sorted(from_names.items()):
        if wanted in names or text.strip() == str(prop):
            return prop
    listed = ", ".join(sorted(show(p) for p in from_names))
    raise UsageError(f"unknown relation {text!r}: use one of {listed}")


def source_containing(graph: Graph, node: URIRef) -> URIRef:
    """The ``chkg:Source`` a section, passage or statement is part of."""
    source = source_of(graph, node)
    if source is None:
        raise UsageError(f"{show(node)} is not part of any chkg:Source")
    return source


def source_text(graph: Graph, source: URIRef, project: ProjectPaths) -> tuple[Path, str]:
    """The file and raw text of ``source`` (:func:`chkg.graph.quotes.read_source_text`)."""
    name = graph.value(source, CHKG.textFile)
    if name is None:
        raise UsageError(f"{show(source)} has no chkg:textFile")
    found = read_source_text(graph, source, project.sources)
    if found is None:
        raise InputFileError(f"cannot read the text of {show(source)}: {name} (not in {project.sources}, or not UTF-8)")
    return found


def sections_of(graph: Graph, source: URIRef) -> list[URIRef]:
    """The sections of ``source``, in IRI order."""
    return sorted(
        s
        for s in graph.subjects(DCTERMS.isPartOf, source)
        if isinstance(s, URIRef) and (s, RDF.type, CHKG.Section) in graph
    )


def find_section(graph: Graph, text: str, source: str | None) -> URIRef:
    """A section by IRI, CURIE, label or heading (within ``source`` when given)."""
    if source is not None:
        source_iri = resolve_typed(graph, source, CHKG.Source, "source")
        candidates = sections_of(graph, source_iri)
    else:
        candidates = sorted(s for s in graph.subjects(RDF.type, CHKG.Section) if isinstance(s, URIRef))
    wanted = fold_name(text)
    matches = [
        s
        for s in candidates
        if wanted in (fold_name(str(s)), fold_name(show(s)), fold_name(local_name(s)))
        or any(fold_name(str(v)) == wanted for p in (RDFS.label, CHKG.heading) for v in graph.objects(s, p))
    ]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise UsageError(f"no section matches {text!r}" + (f" in {source}" if source else ""))
    raise UsageError(f"{text!r} matches {len(matches)} sections ({', '.join(show(m) for m in matches)}): give --source")


def section_of_quote(graph: Graph, source: URIRef, quote: str, text: str) -> URIRef:
    """The section whose heading comes last before the quote in the (folded) text."""
    folded = fold(text)
    at = folded.find(fold(quote))
    best: tuple[int, URIRef] | None = None
    for section in sections_of(graph, source):
        heading = graph.value(section, CHKG.heading)
        if heading is None:
            continue
        position = folded.find(fold(str(heading)))
        if 0 <= position <= at and (best is None or position > best[0]):
            best = (position, section)
    if best is None:
        raise UsageError(f"cannot tell which section of {show(source)} the quote is in: give --section or --passage")
    return best[1]


def only_passage(graph: Graph, section: URIRef) -> URIRef:
    """The one passage of ``section``; several or none is an error saying what to do."""
    passages = sorted(
        p
        for p in graph.subjects(DCTERMS.isPartOf, section)
        if isinstance(p, URIRef) and (p, RDF.type, CHKG.Passage) in graph
    )
    if len(passages) == 1:
        return passages[0]
    if not passages:
        raise UsageError(f"{show(section)} has no passage: add one with `chkg new passage \"...\" --section {show(section)}`")
    raise UsageError(
        f"{show(section)} has {len(passages)} passages; choose one with --passage: " + ", ".join(show(p) for p in passages)
    )


def statements_of(graph: Graph, *, source: URIRef | None = None, passage: URIRef | None = None) -> list[URIRef]:
    """The statements of a source (``oa:hasSource``) or of a passage (``dcterms:isPartOf``), in IRI order."""
    found = {s for s in graph.subjects(RDF.type, CHKG.Statement) if isinstance(s, URIRef)}
    if source is not None:
        found = {s for s in found if (s, OA.hasSource, source) in graph}
    if passage is not None:
        found = {s for s in found if (s, DCTERMS.isPartOf, passage) in graph}
    return sorted(found)


def statement_exact(graph: Graph, statement: URIRef) -> str | None:
    """The ``oa:exact`` text of a statement's quote selector, or ``None``."""
    for selector in graph.objects(statement, OA.hasSelector):
        exact = graph.value(selector, OA.exact)
        if exact is not None:
            return str(exact)
    return None


def closest_span(quote: str, text: str) -> str:
    """A hint: how far the quote matches the text, and how the text goes on from there."""
    folded_quote, folded_text = fold(quote), fold(text)
    low, high = 0, len(folded_quote)
    while low < high:  # the longest prefix of the quote found in the text
        middle = (low + high + 1) // 2
        if folded_quote[:middle] in folded_text:
            low = middle
        else:
            high = middle - 1
    if low < 8:
        return ""
    prefix = folded_quote[:low]
    at = folded_text.find(prefix) + low
    return f" (the text has {prefix!r} but goes on {folded_text[at : at + 30]!r})"


# -- Private helpers -----------------------------------------------------------


def _relation_names(graph: Graph) -> dict[URIRef, set[str]]:
    """``chkg:influences`` and its subproperties, each with the names a curator may use for it."""
    # transitive_subjects is typed Optional only because its start may be None; from an IRI it
    # yields graph terms, and every rdflib term is a str
    family = {URIRef(cast(str, p)) for p in graph.transitive_subjects(RDFS.subPropertyOf, CHKG.influences)}
    family.add(CHKG.influences)
    names: dict[URIRef, set[str]] = {}
    for prop in family:
        label = str(graph.value(prop, RDFS.label) or "").lower()
        names[prop] = {last_segment(prop).lower(), relation_slug(prop), label} - {""}
    return names
