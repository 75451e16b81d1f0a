"""Reading the project's curated data and adding to its files, safely.

Every scaffolding command checks everything first and writes last: it reads the
project (:func:`project_graph`), refuses a local name already used
(:func:`refuse_clash`), and only then adds its triples with :func:`add_to_file`, which
changes the file under the folder's write lock (:func:`chkg.rdf.atomic.update_file`):
two curators (or two ``chkg new``) adding to one file at once both land, and a name
added meanwhile by the other is still refused. Files are written in canonical form
(:func:`chkg.rdf.canonical.canonical_turtle`) and never lose a ``#`` comment silently.

Placeholders
------------
A required field that is not given is *left out*, never filled with a dummy value: a
``"TODO"`` literal would look like data to every query and report. What is left out is
what the shapes (``ontology/shapes.ttl``) report, so ``chkg validate`` keeps naming it
until it is filled. :class:`Created` lists what is still to fill, and the CLI prints it.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from chkg.curation.fmt import find_comments, read_turtle
from chkg.errors import InputFileError, UsageError
from chkg.graph.loader import load
from chkg.project import ProjectPaths
from chkg.rdf.atomic import update_file
from chkg.rdf.canonical import canonical_turtle
from chkg.rdf.turtle import parse_turtle_file, parse_turtle_text
from chkg.untrusted import NEUTRAL_BASE_IRI
from chkg.vocab.curies import CHKG_ONLY

__all__ = ["Created", "project_graph", "refuse_clash", "file_defining", "add_to_file", "show"]

Triple = tuple[Node, Node, Node]


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


def show(iri: Node) -> str:
    """``chkg:x`` for the project's own IRIs, ``<iri>`` for any other (how messages name them)."""
    return CHKG_ONLY.show(iri)


def project_graph(project: ProjectPaths) -> Graph:
    """The ontology plus the data of ``project`` (influences not materialised)."""
    return load([project.data] if project.data.is_dir() else [], materialise=False, project=project)


def refuse_clash(graph: Graph, iri: URIRef, project: ProjectPaths) -> None:
    """Refuse a name any subject of the ontology or data already has, naming that entity.

    Raises
    ------
    chkg.errors.UsageError
        ``iri`` is a subject already; the message says what it is and where.
    """
    if (iri, None, None) not in graph:
        return
    label = graph.value(iri, RDFS.label) or graph.value(iri, DCTERMS.title)
    kind = ", ".join(sorted(str(graph.value(t, RDFS.label) or show(t)) for t in graph.objects(iri, RDF.type)))
    where = ""
    with suppress(UsageError):  # described in the ontology, not in a data file
        where = f" ({file_defining(project, iri).relative_to(project.root)})"
    described = f"{kind} {str(label)!r}" if label is not None else kind or "a subject"
    raise UsageError(f"{show(iri)} already exists: {described.strip()}{where}; give another local name with --name")


def file_defining(project: ProjectPaths, iri: URIRef) -> Path:
    """The data file in which ``iri`` is a subject (source descriptions first).

    Raises
    ------
    chkg.errors.UsageError
        No data file describes ``iri``.
    """
    files = sorted(project.data.rglob("*.ttl")) if project.data.is_dir() else []
    for file in sorted(files, key=lambda f: (f.parent != project.sources, str(f))):
        parsed = parse_turtle_file(file)
        if any(s == iri for s, _, _ in parsed.triples):
            return file
    raise UsageError(f"no data file describes {show(iri)}")


def add_to_file(path: Path, triples: Sequence[Triple], *, new: URIRef | None = None) -> None:
    """Add triples to a data file and rewrite it canonically, under the folder's write lock.

    The file is read again under the lock, so what another writer added meanwhile is kept.

    Parameters
    ----------
    path
        The data file (created if missing).
    triples
        What to add.
    new
        The entity being created: refused if the file, as it is now, already describes it.

    Raises
    ------
    chkg.errors.UsageError
        The file has ``#`` comments rewriting would drop, or ``new`` appeared meanwhile.
    chkg.errors.InputFileError
        The file is not valid Turtle.
    """

    def change(old: bytes | None) -> bytes:
        graph = Graph()
        if old is not None:
            try:
                text = old.decode("utf-8-sig")
            except UnicodeDecodeError:
                graph = read_turtle(path)  # reports the position of the bad byte
                text = ""
            comments = find_comments(text, path)
            if comments:
                listed = "; ".join(f"line {c.line}: {c.text}" for c in comments[:5])
                raise UsageError(
                    f"{path} has comments that rewriting it would drop ({listed}); move the notes "
                    "into skos:editorialNote or run `chkg fmt --drop-comments` on it first"
                )
            parsed = parse_turtle_text(text, file=str(path), base_iri=NEUTRAL_BASE_IRI, path=path)
            if parsed.problem is not None:
                raise InputFileError(str(parsed.problem))
            for triple in parsed.triples:
                graph.add(triple)
        if new is not None and (new, None, None) in graph:
            raise UsageError(f"{show(new)} was added to {path.name} meanwhile; give another local name with --name")
        for triple in triples:
            graph.add(triple)
        return canonical_turtle(graph).encode("utf-8")

    update_file(path, change)
