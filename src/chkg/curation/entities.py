"""``chkg new KIND "Label"``: add a factor or concept to its data file.

The kinds and their files, classes, schemes and variants come from
:data:`chkg.vocab.kinds.KINDS`; nothing here lists them. Passages and statements
are added by :mod:`chkg.curation.passages`, claims by :mod:`chkg.curation.claims`.

Examples
--------
>>> import shutil, tempfile
>>> from pathlib import Path
>>> root = Path(tempfile.mkdtemp())
>>> _ = shutil.copytree(bundled_project().root / "ontology", root / "ontology")
>>> family = new_entity("value-family", "Respect", project=ProjectPaths(root))
>>> made = new_entity("value", "Dignity", EntityFields(broader="value-family-respect"), project=ProjectPaths(root))
>>> made.iri, made.files[0].name, made.todo
(rdflib.term.URIRef('https://w3id.org/creative-health-kg/dignity'), 'values.ttl', ('skos:definition',))
>>> new_entity("value", "dignity!", EntityFields(broader="value-family-respect"), project=ProjectPaths(root))
Traceback (most recent call last):
...
chkg.errors.UsageError: chkg:dignity already exists: value 'Dignity' (data/values.ttl); give another local name with --name
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import RDF, RDFS, Literal
from rdflib.namespace import DCTERMS, SKOS
from rdflib.term import Node

from chkg.curation.datafiles import Created, add_to_file, project_graph, refuse_clash
from chkg.curation.lookup import resolve
from chkg.curation.names import slugify
from chkg.errors import UsageError
from chkg.project import ProjectPaths, bundled_project
from chkg.vocab.kinds import EntityKind, Role, kind_named
from chkg.vocab.namespace import CHKG, CHKG_NS

__all__ = ["EntityFields", "new_entity"]


@dataclass(frozen=True)
class EntityFields:
    """Optional fields of ``chkg new`` for a factor or a concept.

    ``variant`` is the subclass chosen with the kind's ``--type``/``--kind``
    (:attr:`chkg.vocab.kinds.EntityKind.variants`). Entity references (``publisher``,
    ``led_by``, ``place``, ``example_of``, ``reaches``, ``broader``) are IRIs, CURIEs or
    labels, resolved with :func:`chkg.curation.lookup.resolve`.
    """

    definition: str | None = None
    alt_labels: tuple[str, ...] = ()
    variant: str | None = None
    publisher: str | None = None
    led_by: str | None = None
    place: str | None = None
    example_of: str | None = None
    reaches: tuple[str, ...] = ()
    broader: str | None = None


def new_entity(
    kind: EntityKind | str,
    label: str,
    fields: EntityFields | None = None,
    *,
    name: str | None = None,
    project: ProjectPaths | None = None,
) -> Created:
    """Add an entity of ``kind`` to its data file, in canonical form.

    Parameters
    ----------
    kind
        A kind of role ``factor`` or ``concept`` (or its name): see :mod:`chkg.vocab.kinds`.
    label
        The English label; the local name is the kind's prefix and :func:`slugify` of it,
        unless ``name`` is given.
    fields
        Optional fields; a missing definition is left out and reported in ``todo``.
    name
        The local name to use instead of the minted one.
    project
        The project layout; default :func:`chkg.project.bundled_project`.

    Returns
    -------
    Created

    Raises
    ------
    chkg.errors.UsageError
        The name clashes with an existing entity (named in the message), a required variant
        is missing (an outcome's ``--kind``), a reference does not resolve, or the data file
        has comments.
    """
    kind = kind_named(kind) if isinstance(kind, str) else kind
    if kind.role not in (Role.FACTOR, Role.CONCEPT):
        raise UsageError(f"a {kind.singular} is not added with new_entity: use chkg new {kind.name}")
    project = project or bundled_project()
    fields = fields or EntityFields()
    if not label.strip():
        raise UsageError("the label must not be empty")
    variant = kind.variant(fields.variant)
    if fields.broader and kind.scheme is None:
        raise UsageError(f"--broader applies to concepts of a scheme, not to a {kind.singular}")
    if kind.broader_required and not fields.broader:
        raise UsageError(f"a new {kind.singular} needs --broader: the family it belongs to")
    graph = project_graph(project)
    iri = CHKG_NS[slugify(name) if name else kind.local_prefix + slugify(label)]
    refuse_clash(graph, iri, project)

    triples: list[tuple[Node, Node, Node]] = [
        (iri, RDF.type, variant.cls if variant is not None else kind.cls),
        (iri, RDFS.label, Literal(label.strip(), lang="en")),
    ]
    todo: list[str] = []
    if fields.definition:
        triples.append((iri, SKOS.definition, Literal(fields.definition.strip(), lang="en")))
    else:
        todo.append("skos:definition")
    triples += [(iri, SKOS.altLabel, Literal(alt, lang="en")) for alt in fields.alt_labels]
    if kind.scheme is not None:
        # a concept's preferred label is its label (docs/EVIDENCE-MODEL.md section 5)
        triples.append((iri, SKOS.prefLabel, Literal(label.strip(), lang="en")))
        triples.append((iri, SKOS.inScheme, kind.scheme))
        if kind.top_concept:
            triples.append((iri, SKOS.topConceptOf, kind.scheme))
    references = [
        (DCTERMS.publisher, fields.publisher),
        (CHKG.ledBy, fields.led_by),
        (DCTERMS.spatial, fields.place),
        (CHKG.exampleOf, fields.example_of),
        (SKOS.broader, fields.broader),
        *((CHKG.reachesStaffGroup, group) for group in fields.reaches),
    ]
    for prop, text in references:
        if text:
            triples.append((iri, prop, resolve(graph, text)))
    target = kind.data_path(project.data)
    add_to_file(target, triples, new=iri)
    return Created(iri, (target,), tuple(todo))
