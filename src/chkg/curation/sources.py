"""``chkg source add``: register a source text and describe it, ready for claims to cite.

A source's sections are ``<source>-part-<n>``, each with one passage
``<source>-part-<n>-whole`` (the whole section), so that claims can cite it at once;
finer passages come with ``chkg new passage`` and statements with ``chkg new statement``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from enum import Enum
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from chkg.curation.datafiles import Created, project_graph, refuse_clash
from chkg.curation.fmt import write_canonical
from chkg.curation.names import slugify
from chkg.errors import InputFileError, UsageError
from chkg.project import ProjectPaths, bundled_project
from chkg.rdf.atomic import folder_lock, write_bytes_atomic
from chkg.vocab.kinds import kind_named
from chkg.vocab.namespace import CHKG, CHKG_NS

__all__ = ["TEXT_SUFFIXES", "SourceType", "add_source", "read_text_file"]

#: File name endings ``source add`` accepts: Markdown or plain text.
TEXT_SUFFIXES: tuple[str, ...] = (".md", ".markdown", ".txt")

_HEADING_MARKS = re.compile(r"^\s*#+\s*|\s*#+\s*$")


class SourceType(str, Enum):
    """``--source-type``: what kind of document a source is; its claims' certainty starts from it."""

    PEER_REVIEWED_STUDY = "peer-reviewed-study"
    OFFICIAL_STATISTICS = "official-statistics"
    EVALUATION_REPORT = "evaluation-report"
    GREY_LITERATURE = "grey-literature"
    ADVOCACY_OR_CONSULTATION = "advocacy-or-consultation"

    @property
    def iri(self) -> URIRef:
        """The concept of ``chkg:sourceTypeScheme`` (``chkg:greyLiterature``...)."""
        return _SOURCE_TYPES[self]


_SOURCE_TYPES: dict[SourceType, URIRef] = {
    SourceType.PEER_REVIEWED_STUDY: CHKG.peerReviewedStudy,
    SourceType.OFFICIAL_STATISTICS: CHKG.officialStatistics,
    SourceType.EVALUATION_REPORT: CHKG.evaluationReport,
    SourceType.GREY_LITERATURE: CHKG.greyLiterature,
    SourceType.ADVOCACY_OR_CONSULTATION: CHKG.advocacyOrConsultation,
}


def add_source(
    file: Path,
    *,
    title: str,
    source_type: SourceType,
    sections: Sequence[str] = (),
    name: str | None = None,
    project: ProjectPaths | None = None,
) -> Created:
    """Register a Markdown or plain-text source: copy its text and describe it in Turtle.

    Writes ``data/sources/<name><suffix>`` (the text, byte for byte) and
    ``data/sources/<name>.ttl``: a ``chkg:Source`` with its title and text file,
    one ``chkg:Section`` per heading (``<name>-part-<n>``) and one
    ``chkg:Passage`` per section (``<name>-part-<n>-whole``, the whole section).
    Without ``sections`` the first non-blank line of the text is taken as the heading
    of one section.

    Parameters
    ----------
    file
        The text to register (``.md``, ``.markdown`` or ``.txt``, UTF-8).
    title
        The source's title, in English.
    source_type
        What kind of document it is (``chkg:sourceType``, docs/EVIDENCE-MODEL.md §4).
    sections
        Section headings, each a line of the text as it stands (Markdown ``#``
        marks and surrounding whitespace aside), in the order of the text.
    name
        The local name; default :func:`~chkg.curation.names.slugify` of the file name's stem.
    project
        The project layout; default :func:`chkg.project.bundled_project`.

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
    >>> import shutil, tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> _ = shutil.copytree(bundled_project().root / "ontology", root / "ontology")
    >>> text = root / "Notes.md"
    >>> _ = text.write_text("# Staff voice\\n\\nHuddles flatten hierarchy.\\n")
    >>> made = add_source(text, title="Notes", source_type=SourceType.GREY_LITERATURE, sections=["Staff voice"],
    ...                   project=ProjectPaths(root))
    >>> made.iri, [f.name for f in made.files]
    (rdflib.term.URIRef('https://w3id.org/creative-health-kg/notes'), ['notes.md', 'notes.ttl'])
    >>> add_source(text, title="Notes", source_type=SourceType.GREY_LITERATURE, project=ProjectPaths(root))
    Traceback (most recent call last):
    ...
    chkg.errors.UsageError: a source named 'notes' is already registered: data/sources/notes.md exists; choose another name with --name
    """
    project = project or bundled_project()
    file = Path(file)
    text = read_text_file(file)
    slug = slugify(name) if name else slugify(file.stem)
    suffix = ".md" if file.suffix.lower() == ".markdown" else file.suffix.lower()
    text_target = project.sources / f"{slug}{suffix}"
    ttl_target = kind_named("source").data_path(project.data, source=slug)
    headings = list(sections) or [_first_line(text, file)]
    _check_headings(headings, text, file)

    with folder_lock(project.sources):  # a second `source add` of the same name waits, then is refused
        for target in (text_target, ttl_target, *(project.sources / f"{slug}{s}" for s in TEXT_SUFFIXES)):
            if target.exists():
                raise UsageError(
                    f"a source named {slug!r} is already registered: "
                    f"{target.relative_to(project.root)} exists; choose another name with --name"
                )
        graph = project_graph(project)
        source = CHKG_NS[slug]
        section_iris = [CHKG_NS[f"{slug}-part-{n}"] for n in range(1, len(headings) + 1)]
        passage_iris = [CHKG_NS[f"{slug}-part-{n}-whole"] for n in range(1, len(headings) + 1)]
        for iri in (source, *section_iris, *passage_iris):
            refuse_clash(graph, iri, project)
        out = _describe(source, title, text_target.name, headings, section_iris, passage_iris)
        out.add((source, CHKG.sourceType, source_type.iri))
        write_bytes_atomic(text_target, file.read_bytes())
        try:
            write_canonical(ttl_target, out)
        except BaseException:
            text_target.unlink(missing_ok=True)
            raise
    return Created(source, (text_target, ttl_target))


def read_text_file(file: Path) -> str:
    """The text of a file given as a source, refusing what is not UTF-8 Markdown or plain text.

    Raises
    ------
    chkg.errors.InputFileError
        Missing, another format, binary (NUL bytes), not UTF-8 (the line is named), or empty.
    """
    if not file.is_file():
        raise InputFileError(f"no such file: {file}")
    if file.suffix.lower() not in TEXT_SUFFIXES:
        raise InputFileError(
            f"{file}: a source must be Markdown or plain text ({', '.join(TEXT_SUFFIXES)}); convert it to text first"
        )
    data = file.read_bytes()
    if b"\x00" in data:
        raise InputFileError(f"{file}: binary content (NUL bytes); a source must be text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputFileError(f"{file}:{line}: not UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8") from exc
    if not text.strip():
        raise InputFileError(f"{file}: the file is empty")
    return text


# -- Private helpers -----------------------------------------------------------


def _describe(
    source: URIRef,
    title: str,
    text_name: str,
    headings: Sequence[str],
    sections: Sequence[URIRef],
    passages: Sequence[URIRef],
) -> Graph:
    """The Turtle description of a new source: the source, its sections and their whole passages."""
    out = Graph()
    out.add((source, RDF.type, CHKG.Source))
    out.add((source, RDFS.label, Literal(title, lang="en")))
    out.add((source, DCTERMS.title, Literal(title, lang="en")))
    out.add((source, CHKG.textFile, Literal(text_name)))
    for n, (heading, section, passage) in enumerate(zip(headings, sections, passages, strict=True), start=1):
        out.add((section, RDF.type, CHKG.Section))
        out.add((section, RDFS.label, Literal(f"{title}, part {n}: {heading}", lang="en")))
        out.add((section, CHKG.heading, Literal(heading)))
        out.add((section, DCTERMS.isPartOf, source))
        out.add((passage, RDF.type, CHKG.Passage))
        out.add((passage, RDFS.label, Literal(f"{title}, part {n}, whole section", lang="en")))
        out.add((passage, DCTERMS.isPartOf, section))
    return out


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
            close = difflib.get_close_matches(heading.strip(), [line for line in lines if line], n=1, cutoff=0.6)
            hint = f" (closest line: {close[0]!r})" if close else ""
            problems.append(f"{heading!r}{hint}")
    if problems:
        raise UsageError(
            f"not a line of {file.name}: " + "; ".join(problems) + ". A --section heading must stand as a line of the text"
        )
    if len(set(headings)) != len(headings):
        raise UsageError("a --section heading is given twice")
