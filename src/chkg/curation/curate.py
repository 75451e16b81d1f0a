"""Scaffold curated data: ``chkg source add`` and ``chkg new KIND "Label"``.

Every command here checks everything first and writes last: a heading missing
from a source text, a clash of local names or a quote not found in its source
stops the command before any file changes. Files are rewritten in the
project's canonical form (:func:`chkg.rdf.canonical.canonical_turtle`) through
:mod:`chkg.rdf.atomic`.

Placeholders
------------
A required field that is not given is *left out*, never filled with a dummy
value: a ``"TODO"`` literal would look like data to every query and report.
What is left out is what the shapes (``ontology/shapes.ttl``) report, so
``chkg validate`` keeps naming it until it is filled: a missing
``skos:definition`` is a warning (``chsh:*_definition_recommended``), a
missing ``chkg:mechanism`` of a claim is a warning too. :class:`Created`
lists what is still to fill, and the CLI prints it. Fields without which an
entity is broken (the label of an entity; the subject, object, relation,
quote and passage of a claim) are required options, so a scaffold never
breaks validation.

Local names
-----------
An entity's local name is :func:`slugify` of its label
(``"NHS Long Term Workforce Plan"`` → ``chkg:nhs-long-term-workforce-plan``);
a claim's is ``claim-<subject>-<relation>-<object>``; a source's sections are
``<source>-part-<n>``, each with one passage ``<source>-part-<n>-whole``.
A name already used by any subject of the ontology or data is refused; give
another with ``--name``.

Examples
--------
>>> slugify("Co-design / Co-production")
'co-design-co-production'
>>> relation_slug(CHKG.contributesTo)
'contributes-to'
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import cast

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS
from rdflib.term import Node

from chkg.errors import InputFileError, UsageError
from chkg.vocab.namespace import CHKG, CHKG_NS, curie
from chkg.project import ProjectPaths, bundled_project

__all__ = [
    "Kind",
    "PolicyType",
    "OutcomeKind",
    "Sign",
    "Strength",
    "Created",
    "EntityFields",
    "ClaimFields",
    "slugify",
    "relation_slug",
    "add_source",
    "new_entity",
    "new_passage",
    "new_influence",
    "TEXT_SUFFIXES",
]

#: File name endings ``source add`` accepts: Markdown or plain text.
TEXT_SUFFIXES: tuple[str, ...] = (".md", ".markdown", ".txt")


class Kind(str, Enum):
    """What ``chkg new`` can scaffold; each kind has its data file (see :data:`KIND_FILES`)."""

    POLICY = "policy"
    APPROACH = "approach"
    PRACTICE = "practice"
    VALUE = "value"
    OUTCOME = "outcome"
    ORGANISATION = "organisation"
    PLACE = "place"
    MECHANISM = "mechanism"
    RESOURCE = "resource"
    STAFF_GROUP = "staff-group"
    PASSAGE = "passage"
    INFLUENCE = "influence"


class PolicyType(str, Enum):
    """``--type`` of a policy: the subclass of ``chkg:Policy`` it is typed with."""

    POLICY = "policy"
    REVIEW = "review"
    STRATEGY = "strategy"
    REGIONAL_STRATEGY = "regional-strategy"
    STATUTORY_GUIDANCE = "statutory-guidance"
    WORKFORCE_PLAN = "workforce-plan"
    FRAMEWORK = "framework"
    REPORT = "report"
    PROGRAMME = "programme"


class OutcomeKind(str, Enum):
    """``--kind`` of an outcome: which of the four outcome classes it belongs to."""

    WORKFORCE = "workforce"
    PATIENT = "patient"
    SYSTEM = "system"
    CULTURE = "culture"


class Sign(str, Enum):
    """``--sign`` of a claim."""

    POSITIVE = "positive"
    NEGATIVE = "negative"


class Strength(str, Enum):
    """``--strength`` of a claim (``external`` needs a ``dcterms:source``, added by hand)."""

    EXTERNAL = "external"
    ASSERTED = "asserted"
    REPORTED = "reported"
    EVIDENCED = "evidenced"


#: The data file (relative to ``data/``) each entity kind is written to.
KIND_FILES: dict[Kind, str] = {
    Kind.POLICY: "policies.ttl",
    Kind.APPROACH: "approaches.ttl",
    Kind.PRACTICE: "practices.ttl",
    Kind.VALUE: "values.ttl",
    Kind.OUTCOME: "outcomes.ttl",
    Kind.ORGANISATION: "organisations.ttl",
    Kind.PLACE: "places.ttl",
    Kind.MECHANISM: "mechanisms.ttl",
    Kind.RESOURCE: "resources.ttl",
    Kind.STAFF_GROUP: "staff-groups.ttl",
    Kind.INFLUENCE: "influences.ttl",
}

_KIND_CLASSES: dict[Kind, URIRef] = {
    Kind.POLICY: CHKG.Policy,
    Kind.APPROACH: CHKG.Approach,
    Kind.PRACTICE: CHKG.Practice,
    Kind.VALUE: CHKG.Value,
    Kind.ORGANISATION: CHKG.Organisation,
    Kind.PLACE: CHKG.Place,
    Kind.MECHANISM: CHKG.Mechanism,
    Kind.RESOURCE: CHKG.Resource,
    Kind.STAFF_GROUP: CHKG.StaffGroup,
}

_POLICY_CLASSES: dict[PolicyType, URIRef] = {
    PolicyType.POLICY: CHKG.Policy,
    PolicyType.REVIEW: CHKG.Review,
    PolicyType.STRATEGY: CHKG.Strategy,
    PolicyType.REGIONAL_STRATEGY: CHKG.RegionalCreativeHealthStrategy,
    PolicyType.STATUTORY_GUIDANCE: CHKG.StatutoryGuidance,
    PolicyType.WORKFORCE_PLAN: CHKG.WorkforcePlan,
    PolicyType.FRAMEWORK: CHKG.Framework,
    PolicyType.REPORT: CHKG.Report,
    PolicyType.PROGRAMME: CHKG.PolicyProgramme,
}

_OUTCOME_CLASSES: dict[OutcomeKind, URIRef] = {
    OutcomeKind.WORKFORCE: CHKG.WorkforceOutcome,
    OutcomeKind.PATIENT: CHKG.PatientOutcome,
    OutcomeKind.SYSTEM: CHKG.SystemOutcome,
    OutcomeKind.CULTURE: CHKG.CultureOutcome,
}

_SCHEMES: dict[Kind, URIRef] = {
    Kind.VALUE: CHKG.valueScheme,
    Kind.OUTCOME: CHKG.outcomeScheme,
    Kind.STAFF_GROUP: CHKG.staffGroupScheme,
}

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_HEADING_MARKS = re.compile(r"^\s*#+\s*|\s*#+\s*$")
#: Messages name the project's own IRIs as ``chkg:x`` and any other in full.
_CHKG_PREFIX = {"chkg": str(CHKG_NS)}


@dataclass(frozen=True)
class Created:
    """What a scaffolding command wrote.

    Attributes
    ----------
    iri
        The new entity (the source, for ``source add``).
    files
        Every file written, in the order written.
    todo
        Fields left out that ``chkg validate`` reports until they are filled.
    notes
        Defaults chosen on the curator's behalf, worth a second look.
    """

    iri: URIRef
    files: tuple[Path, ...]
    todo: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class EntityFields:
    """Optional fields of ``chkg new`` for an entity (not a passage or claim).

    Entity references (``publisher``, ``led_by``, ``place``, ``example_of``,
    ``reaches``) are IRIs, CURIEs or labels, resolved with :func:`chkg.graph.resolve.resolve_entity`.
    """

    definition: str | None = None
    alt_labels: tuple[str, ...] = ()
    policy_type: PolicyType = PolicyType.POLICY
    outcome_kind: OutcomeKind | None = None
    publisher: str | None = None
    led_by: str | None = None
    place: str | None = None
    example_of: str | None = None
    reaches: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClaimFields:
    """The fields of ``chkg new influence``.

    ``passage`` names the passage cited; without it, ``source`` (and optionally
    ``section``, a heading or label) names where the quote stands, and the passage
    is the one passage of the section the quote is in. ``sign`` and ``strength``
    default to ``positive`` and ``asserted`` (reported in :attr:`Created.notes`).
    """

    subject: str
    obj: str
    relation: str
    quote: str
    passage: str | None = None
    source: str | None = None
    section: str | None = None
    sign: Sign | None = None
    strength: Strength | None = None
    mechanism: str | None = None


def slugify(text: str) -> str:
    """A readable local name: lowercase ASCII, every other run of characters one hyphen.

    Raises
    ------
    chkg.errors.UsageError
        When nothing is left (a label of punctuation only).

    Examples
    --------
    >>> slugify("Arts Council England’s Creative Health & Wellbeing Strategy")
    'arts-council-england-s-creative-health-wellbeing-strategy'
    >>> slugify("Café Scientifique")
    'cafe-scientifique'
    >>> slugify("––")
    Traceback (most recent call last):
    ...
    chkg.errors.UsageError: cannot make a local name from '––': give one with --name
    """
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    slug = _NON_ALNUM.sub("-", folded.lower()).strip("-")
    if not slug:
        raise UsageError(f"cannot make a local name from {text!r}: give one with --name")
    return slug


def relation_slug(relation: URIRef) -> str:
    """The kebab-case form of an influence property's local name, for claim names.

    Examples
    --------
    >>> relation_slug(CHKG.embedsValue), relation_slug(CHKG.legitimises)
    ('embeds-value', 'legitimises')
    """
    local = str(relation).rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return _CAMEL.sub("-", local).lower()


# -- source add ---------------------------------------------------------------


def add_source(
    file: Path,
    *,
    title: str,
    sections: Sequence[str] = (),
    name: str | None = None,
    project: ProjectPaths | None = None,
) -> Created:
    """Register a Markdown or plain-text source: copy its text and describe it in Turtle.

    Writes ``data/sources/<name><suffix>`` (the text, byte for byte) and
    ``data/sources/<name>.ttl``: a ``chkg:Source`` with its title and text file,
    one ``chkg:Section`` per heading (``<name>-part-<n>``) and one
    ``chkg:Passage`` per section (``<name>-part-<n>-whole``, the whole section),
    so that claims can cite the source at once; finer passages come with
    ``chkg new passage``. Without ``sections`` the first non-blank line of
    the text is taken as the heading of one section.

    Parameters
    ----------
    file
        The text to register (``.md``, ``.markdown`` or ``.txt``, UTF-8).
    title
        The source's title, in English.
    sections
        Section headings, each a line of the text as it stands (Markdown ``#``
        marks and surrounding whitespace aside), in the order of the text.
    name
        The local name; default :func:`slugify` of the file name's stem.
    project
        The project layout; default :func:`chkg.project.default_paths`.

    Returns
    -------
    Created

    Raises
    ------
    chkg.errors.InputFileError
        The file is missing, binary, not UTF-8 or not a text format.
    chkg.errors.UsageError
        A name clashes, or a heading does not stand in the text; nothing is written.

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> text = root / "Notes.md"
    >>> _ = text.write_text("# Staff voice\\n\\nHuddles flatten hierarchy.\\n")
    >>> made = add_source(text, title="Notes", sections=["Staff voice"], project=ProjectPaths(root))
    >>> made.iri, [f.name for f in made.files]
    (rdflib.term.URIRef('https://w3id.org/creative-health-kg/notes'), ['notes.md', 'notes.ttl'])
    >>> add_source(text, title="Notes", project=ProjectPaths(root))
    Traceback (most recent call last):
    ...
    chkg.errors.UsageError: a source named 'notes' is already registered: data/sources/notes.md exists; choose another name with --name
    """
    project = project or bundled_project()
    file = Path(file)
    text = _read_source_text(file)
    slug = slugify(name) if name else slugify(file.stem)
    suffix = ".md" if file.suffix.lower() == ".markdown" else file.suffix.lower()
    text_target = project.sources / f"{slug}{suffix}"
    ttl_target = project.sources / f"{slug}.ttl"
    for target in (text_target, ttl_target, *(project.sources / f"{slug}{s}" for s in TEXT_SUFFIXES)):
        if target.exists():
            raise UsageError(
                f"a source named {slug!r} is already registered: "
                f"{target.relative_to(project.root)} exists; choose another name with --name"
            )
    headings = list(sections) or [_first_line(text, file)]
    _check_headings(headings, text, file)

    graph = _project_graph(project)
    source = CHKG_NS[slug]
    section_iris = [CHKG_NS[f"{slug}-part-{n}"] for n in range(1, len(headings) + 1)]
    passage_iris = [CHKG_NS[f"{slug}-part-{n}-whole"] for n in range(1, len(headings) + 1)]
    for iri in (source, *section_iris, *passage_iris):
        _refuse_clash(graph, iri, project)

    out = Graph()
    out.add((source, RDF.type, CHKG.Source))
    out.add((source, RDFS.label, Literal(title, lang="en")))
    out.add((source, DCTERMS.title, Literal(title, lang="en")))
    out.add((source, CHKG.textFile, Literal(text_target.name)))
    for n, (heading, section, passage) in enumerate(zip(headings, section_iris, passage_iris), start=1):
        out.add((section, RDF.type, CHKG.Section))
        out.add((section, RDFS.label, Literal(f"{title}, part {n}: {heading}", lang="en")))
        out.add((section, CHKG.heading, Literal(heading)))
        out.add((section, DCTERMS.isPartOf, source))
        out.add((passage, RDF.type, CHKG.Passage))
        out.add((passage, RDFS.label, Literal(f"{title}, part {n}, whole section", lang="en")))
        out.add((passage, DCTERMS.isPartOf, section))

    from chkg.rdf.atomic import write_bytes_atomic
    from chkg.curation.fmt import write_canonical

    write_bytes_atomic(text_target, file.read_bytes())
    try:
        write_canonical(ttl_target, out)
    except BaseException:
        text_target.unlink(missing_ok=True)
        raise
    return Created(source, (text_target, ttl_target))


# -- new ----------------------------------------------------------------------


def new_entity(
    kind: Kind,
    label: str,
    fields: EntityFields | None = None,
    *,
    name: str | None = None,
    project: ProjectPaths | None = None,
) -> Created:
    """Add an entity of ``kind`` to its data file (see :data:`KIND_FILES`), in canonical form.

    Parameters
    ----------
    kind
        Any :class:`Kind` but ``passage`` and ``influence`` (see :func:`new_passage`,
        :func:`new_influence`).
    label
        The English label; the local name is :func:`slugify` of it unless ``name`` is given.
    fields
        Optional fields; a missing definition is left out and reported in ``todo``.
    name
        The local name to use instead of the label's slug.
    project
        The project layout; default :func:`chkg.project.default_paths`.

    Returns
    -------
    Created

    Raises
    ------
    chkg.errors.UsageError
        The name clashes with an existing entity (named in the message), a field is missing
        (an outcome's ``--kind``), a reference does not resolve, or the data file has comments.

    Examples
    --------
    >>> import tempfile
    >>> root = ProjectPaths(Path(tempfile.mkdtemp()))
    >>> made = new_entity(Kind.VALUE, "Dignity", project=root)
    >>> made.iri, made.files[0].name, made.todo
    (rdflib.term.URIRef('https://w3id.org/creative-health-kg/dignity'), 'values.ttl', ('skos:definition',))
    >>> new_entity(Kind.VALUE, "dignity!", project=root)
    Traceback (most recent call last):
    ...
    chkg.errors.UsageError: chkg:dignity already exists: value 'Dignity' (data/values.ttl); give another local name with --name
    """
    if kind in (Kind.PASSAGE, Kind.INFLUENCE):
        raise UsageError(f"use new_passage/new_influence for a {kind.value}")
    project = project or bundled_project()
    fields = fields or EntityFields()
    if not label.strip():
        raise UsageError("the label must not be empty")
    if kind is Kind.OUTCOME and fields.outcome_kind is None:
        raise UsageError("an outcome needs --kind workforce|patient|system|culture")
    graph = _project_graph(project)
    iri = CHKG_NS[slugify(name) if name else slugify(label)]
    _refuse_clash(graph, iri, project)

    if kind is Kind.POLICY:
        cls = _POLICY_CLASSES[fields.policy_type]
    elif kind is Kind.OUTCOME and fields.outcome_kind is not None:
        cls = _OUTCOME_CLASSES[fields.outcome_kind]
    else:
        cls = _KIND_CLASSES[kind]
    triples: list[tuple[Node, Node, Node]] = [
        (iri, RDF.type, cls),
        (iri, RDFS.label, Literal(label.strip(), lang="en")),
    ]
    todo: list[str] = []
    if fields.definition:
        triples.append((iri, SKOS.definition, Literal(fields.definition.strip(), lang="en")))
    else:
        todo.append("skos:definition")
    triples += [(iri, SKOS.altLabel, Literal(alt, lang="en")) for alt in fields.alt_labels]
    if kind in _SCHEMES:
        triples.append((iri, SKOS.inScheme, _SCHEMES[kind]))
    references = [
        (DCTERMS.publisher, fields.publisher),
        (CHKG.ledBy, fields.led_by),
        (DCTERMS.spatial, fields.place),
        (CHKG.exampleOf, fields.example_of),
        *((CHKG.reachesStaffGroup, group) for group in fields.reaches),
    ]
    for prop, text in references:
        if text:
            triples.append((iri, prop, _resolve(graph, text)))
    target = project.data / KIND_FILES[kind]
    _add_to_file(target, triples)
    return Created(iri, (target,), tuple(todo))


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
        The local name; default ``<source>-`` + :func:`slugify` of the label.
    project
        The project layout.

    Returns
    -------
    Created
    """
    project = project or bundled_project()
    graph = _project_graph(project)
    section_iri = _find_section(graph, section, source)
    source_iri = _source_of(graph, section_iri)
    iri = CHKG_NS[slugify(name) if name else f"{_local(source_iri)}-{slugify(label)}"]
    _refuse_clash(graph, iri, project)
    target = _file_defining(project, section_iri)
    _add_to_file(
        target,
        [
            (iri, RDF.type, CHKG.Passage),
            (iri, RDFS.label, Literal(label.strip(), lang="en")),
            (iri, DCTERMS.isPartOf, section_iri),
        ],
    )
    return Created(iri, (target,))


def new_influence(
    fields: ClaimFields, *, name: str | None = None, project: ProjectPaths | None = None
) -> Created:
    """Add an influence claim to ``data/influences.ttl``, its quote checked first.

    The subject and object are resolved (:func:`chkg.graph.resolve.resolve_entity`), the relation
    must be ``chkg:influences`` or one of its subproperties, and the quote must stand in the
    cited source's text (:func:`chkg.graph.quotes.quote_in_source`, whitespace and typographic
    quotes folded). Only then is the file written.

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
        Unknown or ambiguous subject, object, relation or passage; a quote not in the source;
        a clash of names.
    """
    from chkg.graph.quotes import quote_in_source

    project = project or bundled_project()
    graph = _project_graph(project)
    subject = _resolve(graph, fields.subject)
    obj = _resolve(graph, fields.obj)
    relation = _resolve_relation(graph, fields.relation)
    if not fields.quote.strip():
        raise UsageError("the quote must not be empty")

    if fields.passage:
        passage = _resolve(graph, fields.passage)
        if (passage, RDF.type, CHKG.Passage) not in graph:
            raise UsageError(f"{_curie(passage)} is not a chkg:Passage")
        source = _source_of(graph, passage)
    elif fields.source:
        source = _resolve_typed(graph, fields.source, CHKG.Source, "source")
        passage = None
    else:
        raise UsageError("say where the quote stands: --passage, or --source [--section]")
    text_path, text = _source_text(graph, source, project)
    if not quote_in_source(fields.quote, text):
        raise UsageError(
            f"the quote is not in the text of {_curie(source)} ({text_path.name}): "
            f"{fields.quote!r}{_closest_span(fields.quote, text)}; copy it verbatim from the source"
        )
    if passage is None:
        section = (
            _find_section(graph, fields.section, _curie(source))
            if fields.section
            else _section_of_quote(graph, source, fields.quote, text)
        )
        passage = _only_passage(graph, section)

    sign = fields.sign or Sign.POSITIVE
    strength = fields.strength or Strength.ASSERTED
    local = slugify(name) if name else f"claim-{_local(subject)}-{relation_slug(relation)}-{_local(obj)}"
    iri = CHKG_NS[local]
    _refuse_clash(graph, iri, project)
    triples: list[tuple[Node, Node, Node]] = [
        (iri, RDF.type, CHKG.Influence),
        (iri, PROV.influencer, subject),
        (iri, CHKG.influencee, obj),
        (iri, CHKG.relation, relation),
        (iri, CHKG.sign, CHKG[sign.value]),
        (iri, CHKG.evidenceStrength, CHKG[strength.value]),
        (iri, CHKG.quote, Literal(fields.quote.strip())),
        (iri, CHKG.citesPassage, passage),
    ]
    todo: list[str] = []
    if fields.mechanism:
        triples.append((iri, CHKG.mechanism, Literal(fields.mechanism.strip(), lang="en")))
    else:
        todo.append("chkg:mechanism")
    notes = [f"cites {_curie(passage)}"]
    if fields.sign is None:
        notes.append(f"sign defaulted to chkg:{sign.value} (--sign negative if it lowers its object)")
    if fields.strength is None:
        notes.append(f"evidence strength defaulted to chkg:{strength.value} (--strength)")
    target = project.data / KIND_FILES[Kind.INFLUENCE]
    _add_to_file(target, triples)
    return Created(iri, (target,), tuple(todo), tuple(notes))


# -- Private helpers -----------------------------------------------------------


def _read_source_text(file: Path) -> str:
    """The text of a source file, refusing what is not UTF-8 Markdown or plain text."""
    if not file.is_file():
        raise InputFileError(f"no such file: {file}")
    if file.suffix.lower() not in TEXT_SUFFIXES:
        raise InputFileError(
            f"{file}: a source must be Markdown or plain text ({', '.join(TEXT_SUFFIXES)}); "
            "convert it to text first"
        )
    data = file.read_bytes()
    if b"\x00" in data:
        raise InputFileError(f"{file}: binary content (NUL bytes); a source must be text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputFileError(
            f"{file}:{line}: not UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8"
        ) from exc
    if not text.strip():
        raise InputFileError(f"{file}: the file is empty")
    return text


def _heading_lines(text: str) -> list[str]:
    """The lines of a text as headings could stand in it (Markdown ``#`` marks stripped)."""
    return [_HEADING_MARKS.sub("", line).strip() for line in text.splitlines()]


def _first_line(text: str, file: Path) -> str:
    for line in _heading_lines(text):
        if line:
            return line
    raise InputFileError(f"{file}: the file is empty")  # pragma: no cover - checked on reading


def _check_headings(headings: Sequence[str], text: str, file: Path) -> None:
    """Every heading must be a line of the text; report all that are not, with close lines."""
    lines = _heading_lines(text)
    present = set(lines)
    problems = []
    for heading in headings:
        if heading.strip() not in present:
            close = difflib.get_close_matches(heading.strip(), [l for l in lines if l], n=1, cutoff=0.6)
            hint = f" (closest line: {close[0]!r})" if close else ""
            problems.append(f"{heading!r}{hint}")
    if problems:
        raise UsageError(
            f"not a line of {file.name}: " + "; ".join(problems) + ". A --section heading must stand as a line of the text"
        )
    if len(set(headings)) != len(headings):
        raise UsageError("a --section heading is given twice")


def _project_graph(project: ProjectPaths) -> Graph:
    """The ontology plus the data of ``project`` (influences not materialised)."""
    from chkg.graph.loader import load

    return load([project.data] if project.data.is_dir() else [], materialise=False)


def _refuse_clash(graph: Graph, iri: URIRef, project: ProjectPaths) -> None:
    """Refuse a name any subject of the ontology or data already has, naming that entity."""
    if (iri, None, None) not in graph:
        return
    label = graph.value(iri, RDFS.label) or graph.value(iri, DCTERMS.title)
    kind = ", ".join(sorted(str(graph.value(t, RDFS.label) or _curie(t)) for t in graph.objects(iri, RDF.type)))
    where = ""
    try:
        where = f" ({_file_defining(project, iri).relative_to(project.root)})"
    except UsageError:
        pass
    described = f"{kind} {str(label)!r}" if label is not None else kind or "a subject"
    raise UsageError(
        f"{_curie(iri)} already exists: {described.strip()}{where}; give another local name with --name"
    )


def _file_defining(project: ProjectPaths, iri: URIRef) -> Path:
    """The data file in which ``iri`` is a subject."""
    from chkg.rdf.turtle import parse_turtle_file

    files = sorted(project.data.rglob("*.ttl")) if project.data.is_dir() else []
    for file in sorted(files, key=lambda f: (f.parent != project.sources, str(f))):
        parsed = parse_turtle_file(file)
        if any(s == iri for s, _, _ in parsed.triples):
            return file
    raise UsageError(f"no data file describes {_curie(iri)}")


def _add_to_file(path: Path, triples: Sequence[tuple[Node, Node, Node]]) -> None:
    """Add triples to a data file and rewrite it canonically; refuse to drop its comments."""
    from chkg.curation.fmt import find_comments, read_turtle, write_canonical

    graph = Graph()
    if path.exists():
        comments = find_comments(path.read_text(encoding="utf-8"), path)
        if comments:
            listed = "; ".join(f"line {c.line}: {c.text}" for c in comments[:5])
            raise UsageError(
                f"{path} has comments that rewriting it would drop ({listed}); move the notes "
                "into skos:editorialNote or run `chkg fmt --drop-comments` on it first"
            )
        graph = read_turtle(path)
    for triple in triples:
        graph.add(triple)
    write_canonical(path, graph)


def _curie(iri: Node) -> str:
    """``chkg:x`` for the project's own IRIs, ``<iri>`` for any other."""
    return curie(iri, _CHKG_PREFIX)


def _local(iri: Node) -> str:
    text = str(iri)
    return text[len(str(CHKG_NS)) :] if text.startswith(str(CHKG_NS)) else slugify(text.rsplit("/", 1)[-1])


def _resolve_relation(graph: Graph, text: str) -> URIRef:
    """``chkg:influences`` or a subproperty, from a CURIE, local name, kebab form or label."""
    # transitive_subjects is typed Optional only because its start may be None; from an IRI it
    # yields graph terms, and every rdflib term is a str
    family = {
        URIRef(cast(str, p)) for p in graph.transitive_subjects(RDFS.subPropertyOf, CHKG.influences)
    }
    family.add(CHKG.influences)
    wanted = text.strip().removeprefix("chkg:").lower()
    for prop in sorted(family):
        label = str(graph.value(prop, RDFS.label) or "").lower()
        local = str(prop).rsplit("/", 1)[-1]
        if wanted in (local.lower(), relation_slug(prop), label) or text.strip() == str(prop):
            return prop
    names = ", ".join(sorted(f"chkg:{str(p).rsplit('/', 1)[-1]}" for p in family))
    raise UsageError(f"unknown relation {text!r}: use one of {names}")


def _resolve(graph: Graph, text: str) -> URIRef:
    """An entity by bare local name (``culture-and-values``), else :func:`chkg.graph.resolve.resolve_entity`."""
    from chkg.graph.resolve import resolve_entity

    bare = text.strip()
    if re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", bare) and (CHKG_NS[bare], RDF.type, None) in graph:
        return CHKG_NS[bare]
    return resolve_entity(graph, text)


def _resolve_typed(graph: Graph, text: str, cls: URIRef, what: str) -> URIRef:
    iri = _resolve(graph, text)
    if (iri, RDF.type, cls) not in graph:
        raise UsageError(f"{_curie(iri)} is not a {what}")
    return iri


def _source_of(graph: Graph, node: URIRef) -> URIRef:
    from chkg.graph.quotes import source_of

    source = source_of(graph, node)
    if source is None:
        raise UsageError(f"{_curie(node)} is not part of any chkg:Source")
    return source


def _source_text(graph: Graph, source: URIRef, project: ProjectPaths) -> tuple[Path, str]:
    name = graph.value(source, CHKG.textFile)
    if name is None:
        raise UsageError(f"{_curie(source)} has no chkg:textFile")
    path = project.sources / str(name)
    try:
        return path, path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFileError(f"cannot read the text of {_curie(source)}: {path}") from exc


def _sections_of(graph: Graph, source: URIRef) -> list[URIRef]:
    return sorted(
        s
        for s in graph.subjects(DCTERMS.isPartOf, source)
        if isinstance(s, URIRef) and (s, RDF.type, CHKG.Section) in graph
    )


def _find_section(graph: Graph, text: str, source: str | None) -> URIRef:
    """A section by IRI, CURIE, label or heading (within ``source`` when given)."""
    from chkg.graph.resolve import fold

    if source is not None:
        source_iri = _resolve_typed(graph, source, CHKG.Source, "source")
        candidates = _sections_of(graph, source_iri)
    else:
        candidates = sorted(
            s for s in graph.subjects(RDF.type, CHKG.Section) if isinstance(s, URIRef)
        )
    wanted = fold(text)
    matches = [
        s
        for s in candidates
        if wanted in (fold(str(s)), fold(_curie(s)), fold(_local(s)))
        or any(fold(str(v)) == wanted for p in (RDFS.label, CHKG.heading) for v in graph.objects(s, p))
    ]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise UsageError(f"no section matches {text!r}" + (f" in {source}" if source else ""))
    raise UsageError(
        f"{text!r} matches {len(matches)} sections ({', '.join(_curie(m) for m in matches)}): give --source"
    )


def _section_of_quote(graph: Graph, source: URIRef, quote: str, text: str) -> URIRef:
    """The section whose heading comes last before the quote in the (folded) text."""
    from chkg.graph.quotes import fold

    folded = fold(text)
    at = folded.find(fold(quote))
    best: tuple[int, URIRef] | None = None
    for section in _sections_of(graph, source):
        heading = graph.value(section, CHKG.heading)
        if heading is None:
            continue
        position = folded.find(fold(str(heading)))
        if 0 <= position <= at and (best is None or position > best[0]):
            best = (position, section)
    if best is None:
        raise UsageError(f"cannot tell which section of {_curie(source)} the quote is in: give --section or --passage")
    return best[1]


def _only_passage(graph: Graph, section: URIRef) -> URIRef:
    passages = sorted(
        p
        for p in graph.subjects(DCTERMS.isPartOf, section)
        if isinstance(p, URIRef) and (p, RDF.type, CHKG.Passage) in graph
    )
    if len(passages) == 1:
        return passages[0]
    if not passages:
        raise UsageError(
            f"{_curie(section)} has no passage: add one with `chkg new passage \"...\" --section {_curie(section)}`"
        )
    raise UsageError(
        f"{_curie(section)} has {len(passages)} passages; choose one with --passage: "
        + ", ".join(_curie(p) for p in passages)
    )


def _closest_span(quote: str, text: str) -> str:
    """A hint: how far the quote matches the text, and how the text goes on from there.

    Examples
    --------
    >>> _closest_span("helped to legitimize it", "It helped to [legitimise](#) it.")
    " (the text has 'helped to ' but goes on '[legitimise](#) it.')"
    """
    from chkg.graph.quotes import fold

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
