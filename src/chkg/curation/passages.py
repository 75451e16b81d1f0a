"""``chkg new passage`` and ``chkg new statement``: where in a source a claim stands.

A passage is a part of a section (a paragraph); a statement is one span of the source's
raw text that makes one point (docs/EVIDENCE-MODEL.md §1), anchored by W3C Web
Annotation selectors that :mod:`chkg.evidence.selectors` computes from the exact text,
so that a curator writes only the words.
"""

from __future__ import annotations

from rdflib import RDF, RDFS, BNode, Literal
from rdflib.namespace import DCTERMS, XSD
from rdflib.term import Node

from chkg.curation.datafiles import Created, add_to_file, file_defining, project_graph, refuse_clash, show
from chkg.curation.lookup import (
    find_section,
    resolve_typed,
    source_containing,
    source_text,
    statement_exact,
    statements_of,
)
from chkg.curation.names import slugify
from chkg.errors import UsageError
from chkg.evidence.selectors import locate, selectors_for
from chkg.project import ProjectPaths, bundled_project
from chkg.vocab.curies import local_name
from chkg.vocab.kinds import kind_named
from chkg.vocab.namespace import CHKG, CHKG_NS, OA

__all__ = ["new_passage", "new_statement"]

Triple = tuple[Node, Node, Node]


def new_passage(
    label: str,
    *,
    section: str,
    source: str | None = None,
    name: str | None = None,
    project: ProjectPaths | None = None,
) -> Created:
    """Add a passage of a source's section, to the Turtle file that describes the section.

    Parameters
    ----------
    label
        The English label, e.g. ``"Part 1, paragraph on the Fuller Stocktake"``.
    section
        The section: IRI, CURIE, label or heading (with ``source``, only that source's sections).
    source
        The source the section belongs to (IRI, CURIE or title), to disambiguate a heading.
    name
        The local name; default ``<source>-`` + :func:`~chkg.curation.names.slugify` of the label.
    project
        The project layout.

    Returns
    -------
    Created
    """
    project = project or bundled_project()
    if not label.strip():
        raise UsageError("the label must not be empty")
    graph = project_graph(project)
    section_iri = find_section(graph, section, source)
    source_iri = source_containing(graph, section_iri)
    iri = CHKG_NS[slugify(name) if name else f"{local_name(source_iri)}-{slugify(label)}"]
    refuse_clash(graph, iri, project)
    target = file_defining(project, section_iri)
    add_to_file(
        target,
        [
            (iri, RDF.type, CHKG.Passage),
            (iri, RDFS.label, Literal(label.strip(), lang="en")),
            (iri, DCTERMS.isPartOf, section_iri),
        ],
        new=iri,
    )
    return Created(iri, (target,))


def new_statement(
    exact: str,
    *,
    passage: str,
    label: str | None = None,
    occurrence: int | None = None,
    name: str | None = None,
    project: ProjectPaths | None = None,
) -> Created:
    """Add a statement of ``passage``: the span of the source's text that is ``exact``, anchored.

    The statement goes to ``data/sources/<source>-statements.ttl`` with its
    ``oa:TextQuoteSelector`` (``oa:exact``, ``oa:prefix``, ``oa:suffix``) and
    ``oa:TextPositionSelector`` (``oa:start``, ``oa:end``) computed from the raw text.

    Parameters
    ----------
    exact
        The words, exactly as they stand in the source file (Markdown markup included).
    passage
        The passage the statement is part of (IRI, CURIE, local name or label).
    label
        Default: the passage's label and ``, sentence <n>``.
    occurrence
        Which occurrence (0-based) when ``exact`` stands more than once in the text.
    name
        The local name; default ``statement-<passage without the source's name>-<n>``.
    project
        The project layout.

    Returns
    -------
    Created

    Raises
    ------
    chkg.errors.SelectorError
        ``exact`` is not in the text, or stands there more than once and no occurrence is given.
    chkg.errors.UsageError
        Unknown passage, a clash of names, or the passage already has this statement.
    """
    project = project or bundled_project()
    graph = project_graph(project)
    passage_iri = resolve_typed(graph, passage, CHKG.Passage, "passage")
    source = source_containing(graph, passage_iri)
    _, text = source_text(graph, source, project)
    span = locate(text, exact, occurrence)
    anchors = selectors_for(text, span)
    for existing in statements_of(graph, passage=passage_iri):
        if statement_exact(graph, existing) == anchors.exact:
            raise UsageError(f"{show(passage_iri)} already has this statement: {show(existing)}")

    source_name = local_name(source)
    short = local_name(passage_iri).removeprefix(f"{source_name}-")
    n = len(statements_of(graph, passage=passage_iri)) + 1
    if name:
        iri = CHKG_NS[slugify(name)]
    else:
        while (CHKG_NS[f"statement-{short}-{n}"], None, None) in graph:
            n += 1
        iri = CHKG_NS[f"statement-{short}-{n}"]
    refuse_clash(graph, iri, project)
    passage_label = graph.value(passage_iri, RDFS.label)
    written_label = label.strip() if label else f"{passage_label or local_name(passage_iri)}, sentence {n}"

    quote, position = BNode(), BNode()
    triples: list[Triple] = [
        (iri, RDF.type, CHKG.Statement),
        (iri, RDFS.label, Literal(written_label, lang="en")),
        (iri, OA.hasSource, source),
        (iri, DCTERMS.isPartOf, passage_iri),
        (iri, OA.hasSelector, quote),
        (quote, RDF.type, OA.TextQuoteSelector),
        (quote, OA.exact, Literal(anchors.exact)),
        (quote, OA.prefix, Literal(anchors.prefix)),
        (quote, OA.suffix, Literal(anchors.suffix)),
        (iri, OA.hasSelector, position),
        (position, RDF.type, OA.TextPositionSelector),
        (position, OA.start, Literal(str(anchors.start), datatype=XSD.nonNegativeInteger)),
        (position, OA.end, Literal(str(anchors.end), datatype=XSD.nonNegativeInteger)),
    ]
    target = kind_named("statement").data_path(project.data, source=source_name)
    add_to_file(target, triples, new=iri)
    return Created(iri, (target,), notes=(f"{show(iri)} spans characters {anchors.start}-{anchors.end} of the text",))

