"""``chkg new influence``: add a claim, its quote and statement checked first.

A claim (``chkg:Influence``, docs/EVIDENCE-MODEL.md) says that its subject influences its
object, in the words of one statement of a source: ``chkg:statedIn`` that statement,
``chkg:citesPassage`` the statement's passage, ``chkg:quote`` the shortest span of the
statement that says it, ``chkg:claimType`` how the source says it, and optionally
``chkg:hedged``, ``chkg:indirect`` and ``chkg:inContext``. The statement is the one of the
named passage or source whose exact text holds the quote (whitespace and typographic
quotes folded), so a curator names the source and copies the words.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV
from rdflib.term import Node

from chkg.curation.datafiles import Created, add_to_file, project_graph, refuse_clash, show
from chkg.curation.lookup import (
    closest_span,
    find_section,
    only_passage,
    resolve,
    resolve_relation,
    resolve_typed,
    section_of_quote,
    source_containing,
    source_text,
    statement_exact,
    statements_of,
)
from chkg.curation.names import claim_name, slugify
from chkg.errors import UsageError
from chkg.graph.quotes import fold, quote_in_source
from chkg.project import ProjectPaths, bundled_project
from chkg.vocab.kinds import kind_named
from chkg.vocab.namespace import CHKG, CHKG_NS

__all__ = ["Sign", "ClaimType", "ClaimFields", "new_influence"]

Triple = tuple[Node, Node, Node]


class Sign(str, Enum):
    """``--sign`` of a claim: does the subject raise or lower its object."""

    POSITIVE = "positive"
    NEGATIVE = "negative"

    @property
    def iri(self) -> URIRef:
        """``chkg:positive`` or ``chkg:negative``."""
        return CHKG.positive if self is Sign.POSITIVE else CHKG.negative


class ClaimType(str, Enum):
    """``--claim-type``: how the source says it (docs/EVIDENCE-MODEL.md §2)."""

    OBSERVED_EFFECT = "observed-effect"
    ASSERTED_EFFECT = "asserted-effect"
    POTENTIAL_EFFECT = "potential-effect"
    INTENDED_PURPOSE = "intended-purpose"
    ALIGNMENT = "alignment"
    DEFINITIONAL = "definitional"

    @property
    def iri(self) -> URIRef:
        """The concept of ``chkg:claimTypeScheme`` (``chkg:observedEffect``...)."""
        return _CLAIM_TYPES[self]


_CLAIM_TYPES: dict[ClaimType, URIRef] = {
    ClaimType.OBSERVED_EFFECT: CHKG.observedEffect,
    ClaimType.ASSERTED_EFFECT: CHKG.assertedEffect,
    ClaimType.POTENTIAL_EFFECT: CHKG.potentialEffect,
    ClaimType.INTENDED_PURPOSE: CHKG.intendedPurpose,
    ClaimType.ALIGNMENT: CHKG.alignment,
    ClaimType.DEFINITIONAL: CHKG.definitional,
}


@dataclass(frozen=True)
class ClaimFields:
    """The fields of ``chkg new influence``.

    Where the quote stands: ``statement`` names it; or ``passage``, or ``source`` (and
    optionally ``section``), names where to look for the one statement whose text holds
    the quote. ``sign`` and ``claim_type`` default to ``positive`` and ``asserted-effect``
    (reported in :attr:`Created.notes`). ``contexts`` are ``chkg:Context`` concepts.
    """

    subject: str
    obj: str
    relation: str
    quote: str
    statement: str | None = None
    passage: str | None = None
    source: str | None = None
    section: str | None = None
    sign: Sign | None = None
    claim_type: ClaimType | None = None
    hedged: bool = False
    indirect: bool = False
    contexts: tuple[str, ...] = ()
    mechanism: str | None = None


def new_influence(fields: ClaimFields, *, name: str | None = None, project: ProjectPaths | None = None) -> Created:
    """Add an influence claim to ``data/influences.ttl``, its quote and statement checked first.

    The subject and object are resolved (:func:`chkg.curation.lookup.resolve`), the relation
    must be ``chkg:influences`` or one of its subproperties, and the quote must stand in the
    statement's exact text. Only then is the file written.

    Parameters
    ----------
    fields
        See :class:`ClaimFields`.
    name
        The local name; default ``claim-<subject>-<relation>-<object>``.
    project
        The project layout.

    Returns
    -------
    Created
        ``todo`` names ``chkg:mechanism`` when none is given; ``notes`` the defaults taken.

    Raises
    ------
    chkg.errors.UsageError
        Unknown or ambiguous subject, object, relation, statement, passage or context; a
        quote not in the source, or in no statement (the message says how to add one);
        a clash of names.
    """
    project = project or bundled_project()
    graph = project_graph(project)
    subject = resolve(graph, fields.subject)
    obj = resolve(graph, fields.obj)
    relation = resolve_relation(graph, fields.relation)
    if not fields.quote.strip():
        raise UsageError("the quote must not be empty")
    contexts = [resolve_typed(graph, c, CHKG.Context, "context (chkg:Context)") for c in fields.contexts]
    statement = _statement(graph, fields, project)
    passage = graph.value(statement, DCTERMS.isPartOf)
    if not isinstance(passage, URIRef):
        raise UsageError(f"{show(statement)} is part of no passage (dcterms:isPartOf)")
    if fields.passage and resolve(graph, fields.passage) != passage:
        raise UsageError(f"{show(statement)} is part of {show(passage)}, not of {fields.passage!r}")

    sign = fields.sign or Sign.POSITIVE
    claim_type = fields.claim_type or ClaimType.ASSERTED_EFFECT
    iri = CHKG_NS[slugify(name) if name else claim_name(subject, relation, obj)]
    refuse_clash(graph, iri, project)
    triples: list[Triple] = [
        (iri, RDF.type, CHKG.Influence),
        (iri, PROV.influencer, subject),
        (iri, CHKG.influencee, obj),
        (iri, CHKG.relation, relation),
        (iri, CHKG.sign, sign.iri),
        (iri, CHKG.claimType, claim_type.iri),
        (iri, CHKG.quote, Literal(fields.quote.strip())),
        (iri, CHKG.statedIn, statement),
        (iri, CHKG.citesPassage, passage),
        *((iri, CHKG.inContext, context) for context in contexts),
    ]
    if fields.hedged:
        triples.append((iri, CHKG.hedged, Literal(True)))
    if fields.indirect:
        triples.append((iri, CHKG.indirect, Literal(True)))
    todo: list[str] = []
    if fields.mechanism:
        triples.append((iri, CHKG.mechanism, Literal(fields.mechanism.strip(), lang="en")))
    else:
        todo.append("chkg:mechanism")
    notes = [f"stated in {show(statement)}, which cites {show(passage)}"]
    if fields.sign is None:
        notes.append(f"sign defaulted to chkg:{sign.value} (--sign negative if it lowers its object)")
    if fields.claim_type is None:
        notes.append(f"claim type defaulted to {show(claim_type.iri)} (--claim-type)")
    target = kind_named("influence").data_path(project.data)
    add_to_file(target, triples, new=iri)
    return Created(iri, (target,), tuple(todo), tuple(notes))


# -- Private helpers -----------------------------------------------------------


def _statement(graph: Graph, fields: ClaimFields, project: ProjectPaths) -> URIRef:
    """The one statement the claim is stated in, its text holding the quote."""
    if fields.statement:
        statement = resolve_typed(graph, fields.statement, CHKG.Statement, "statement")
        exact = statement_exact(graph, statement) or ""
        if not quote_in_source(fields.quote, exact):
            raise UsageError(f"the quote is not in the text of {show(statement)}: {fields.quote!r}{closest_span(fields.quote, exact)}")
        return statement
    passage: URIRef | None = None
    if fields.passage:
        passage = resolve_typed(graph, fields.passage, CHKG.Passage, "passage")
        source = source_containing(graph, passage)
        candidates = statements_of(graph, passage=passage)
    elif fields.source:
        source = resolve_typed(graph, fields.source, CHKG.Source, "source")
        candidates = statements_of(graph, source=source)
    else:
        raise UsageError("say where the quote stands: --statement, --passage, or --source [--section]")
    text_path, text = source_text(graph, source, project)
    if not quote_in_source(fields.quote, text):
        raise UsageError(
            f"the quote is not in the text of {show(source)} ({text_path.name}): "
            f"{fields.quote!r}{closest_span(fields.quote, text)}; copy it verbatim from the source"
        )
    if fields.section:
        section = find_section(graph, fields.section, show(source))
        candidates = [s for s in candidates if graph.value(graph.value(s, DCTERMS.isPartOf), DCTERMS.isPartOf) == section]
    holding = [s for s in candidates if fold(fields.quote) in fold(statement_exact(graph, s) or "")]
    if len(holding) == 1:
        return holding[0]
    if len(holding) > 1:
        raise UsageError(
            f"the quote stands in {len(holding)} statements ({', '.join(show(s) for s in holding)}): choose one with --statement"
        )
    if passage is None:
        section = find_section(graph, fields.section, show(source)) if fields.section else section_of_quote(graph, source, fields.quote, text)
        passage = only_passage(graph, section)
    raise UsageError(
        f"no statement of {show(passage)} holds the quote: add the sentence it stands in first, with "
        f"`chkg new statement --passage {show(passage)} --exact \"...\"`"
    )
