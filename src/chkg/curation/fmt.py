"""``chkg fmt``: rewrite curated Turtle in the project's canonical form.

The canonical form is :func:`chkg.rdf.canonical.canonical_turtle` (sorted
``longturtle`` with the project's prefixes): re-formatting a canonical file
gives the same bytes, so a diff shows meaning, not layout.

Comments
--------
The canonical form holds triples only, so a ``#`` comment cannot survive it.
``fmt`` never drops a comment silently: a file with comments is left as it is
and reported (file, line and text of each comment) until the curator either
moves the note into the graph (``skos:editorialNote`` or ``rdfs:comment``,
which do survive) or asks for the comments to go with ``--drop-comments``.
For the same reason the hand-written ``ontology/chkg.ttl`` and
``ontology/shapes.ttl``, whose banner comments structure them, are not
formatted by default (they are not under ``data/``), and naming one explicitly
reports its comments.

Literals keep their lexical form: files are read with the strict parser of
:mod:`chkg.rdf.turtle`, which does not normalise ``"007"^^xsd:integer``.

Examples
--------
>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "a.ttl"
>>> _ = path.write_text("<https://w3id.org/creative-health-kg/a> a <https://w3id.org/creative-health-kg/Value> .\\n")
>>> format_file(path).status
<FmtStatus.REFORMATTED: 'reformatted'>
>>> format_file(path).status
<FmtStatus.UNCHANGED: 'unchanged'>
>>> print(path.read_text())
PREFIX chkg: <https://w3id.org/creative-health-kg/>
<BLANKLINE>
chkg:a
    a chkg:Value ;
.
<BLANKLINE>
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from rdflib import Graph

from chkg.errors import InputFileError, UsageError
from chkg.project import ProjectPaths, bundled_project
from chkg.rdf.atomic import update_file, write_text_atomic
from chkg.rdf.canonical import canonical_turtle
from chkg.rdf.positions import tokenize
from chkg.rdf.turtle import parse_turtle_file

__all__ = [
    "Comment",
    "FmtStatus",
    "FmtResult",
    "find_comments",
    "read_turtle",
    "write_canonical",
    "default_fmt_paths",
    "turtle_files",
    "format_file",
    "format_paths",
]


@dataclass(frozen=True)
class Comment:
    """A ``#`` comment of a Turtle file, at a 1-based line.

    Examples
    --------
    >>> print(Comment(Path("data/a.ttl"), 3, "# note"))
    data/a.ttl:3: # note
    """

    file: Path
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.text}"


class FmtStatus(str, Enum):
    """What ``fmt`` did, or would do, to one file."""

    UNCHANGED = "unchanged"
    """Already canonical."""
    REFORMATTED = "reformatted"
    """Rewritten in canonical form (or, with ``check``, would be)."""
    HAS_COMMENTS = "has comments"
    """Not canonical and holds comments the canonical form would drop: left as it is."""


@dataclass(frozen=True)
class FmtResult:
    """The outcome of formatting one file.

    Attributes
    ----------
    path
        The file.
    status
        See :class:`FmtStatus`.
    written
        True when the file was rewritten.
    comments
        The comments found (dropped when ``written``, kept otherwise).
    """

    path: Path
    status: FmtStatus
    written: bool = False
    comments: tuple[Comment, ...] = field(default_factory=tuple)

    @property
    def needs_work(self) -> bool:
        """True when the file is not in canonical form."""
        return self.status is not FmtStatus.UNCHANGED


def find_comments(text: str, file: Path = Path("<string>")) -> list[Comment]:
    """Return the ``#`` comments of Turtle ``text``, skipping ``#`` inside strings and IRIs.

    Parameters
    ----------
    text
        Turtle text.
    file
        The file name to report.

    Returns
    -------
    list of Comment
        In the order they stand.

    Examples
    --------
    >>> text = '# banner\\n<http://e/a#x> <http://e/p> "not # a comment" . # trailing\\n'
    >>> [(c.line, c.text) for c in find_comments(text)]
    [(1, '# banner'), (2, '# trailing')]
    """
    return [Comment(file, line, value.rstrip()) for kind, value, line in tokenize(text) if kind == "comment"]


def read_turtle(path: Path) -> Graph:
    """Read one Turtle file strictly (lexical forms kept) into a new graph.

    Raises
    ------
    chkg.errors.InputFileError
        When the file is missing, not UTF-8 or not Turtle (the message gives ``file:line:column``).

    Examples
    --------
    >>> read_turtle(Path("/nonexistent.ttl"))
    Traceback (most recent call last):
    ...
    chkg.errors.InputFileError: /nonexistent.ttl:1:1: error: cannot read the file: No such file or directory
    """
    parsed = parse_turtle_file(path)
    if parsed.problem is not None:
        raise InputFileError(str(parsed.problem))
    graph = Graph()
    for prefix, namespace in parsed.prefixes.items():
        graph.bind(prefix, namespace)
    for triple in parsed.triples:
        graph.add(triple)
    return graph


def write_canonical(path: Path, graph: Graph) -> bool:
    """Write ``graph`` to ``path`` in canonical form, atomically, unless it is already there.

    Returns
    -------
    bool
        True when the file was (re)written.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "empty.ttl"
    >>> write_canonical(path, Graph()), write_canonical(path, Graph())
    (True, False)
    """
    text = canonical_turtle(graph)
    if path.exists() and path.read_bytes() == text.encode("utf-8"):
        return False
    write_text_atomic(path, text)
    return True


def default_fmt_paths(data: Path) -> list[Path]:
    """The files ``fmt`` formats by default: every ``*.ttl`` under ``data/`` (sources included).

    Examples
    --------
    >>> default_fmt_paths(Path("/nonexistent"))
    []
    """
    return sorted(data.rglob("*.ttl")) if data.is_dir() else []


def turtle_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders to the ``*.ttl`` files under them; files are kept as given.

    Raises
    ------
    chkg.errors.InputFileError
        When a path does not exist.

    Examples
    --------
    >>> turtle_files([Path("/nonexistent.ttl")])
    Traceback (most recent call last):
    ...
    chkg.errors.InputFileError: no such file or folder: /nonexistent.ttl
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(path.rglob("*.ttl")))
        elif path.is_file():
            files.append(path)
        else:
            raise InputFileError(f"no such file or folder: {path}")
    return files


def format_file(path: Path, *, check: bool = False, drop_comments: bool = False) -> FmtResult:
    """Put one Turtle file in canonical form.

    Parameters
    ----------
    path
        The file.
    check
        Only report; never write.
    drop_comments
        Rewrite a file even though its comments will be lost.

    Returns
    -------
    FmtResult

    Raises
    ------
    chkg.errors.InputFileError
        When the file cannot be read as Turtle.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "c.ttl"
    >>> _ = path.write_text("# keep me\\n<http://e/a> <http://e/p> <http://e/b> .\\n")
    >>> result = format_file(path)
    >>> result.status.value, result.written, [c.line for c in result.comments]
    ('has comments', False, [1])
    >>> format_file(path, drop_comments=True).written
    True
    """
    return _apply(_plan(Path(path)), check=check, drop_comments=drop_comments)


def format_paths(
    paths: Sequence[Path] | None = None,
    *,
    check: bool = False,
    drop_comments: bool = False,
    project: ProjectPaths | None = None,
) -> list[FmtResult]:
    """Format many files (default: :func:`default_fmt_paths` of the project); see :func:`format_file`.

    Every file is read before any is written, so a syntax error anywhere leaves all files untouched.

    Raises
    ------
    chkg.errors.InputFileError
        When a path is missing or a file is not Turtle.
    chkg.errors.UsageError
        When there is no file to format.
    """

    files = turtle_files(paths) if paths else default_fmt_paths((project or bundled_project()).data)
    if not files:
        raise UsageError("no Turtle file to format")
    plans = [_plan(file) for file in files]
    return [_apply(plan, check=check, drop_comments=drop_comments) for plan in plans]


# -- Private helpers -----------------------------------------------------------


@dataclass(frozen=True)
class _Plan:
    """A file read and its canonical text, before anything is written."""

    path: Path
    original: str | None
    canonical: str


def _plan(path: Path) -> _Plan:
    """Read ``path`` (raising on a syntax problem) and compute its canonical text."""
    try:
        original: str | None = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        original = None  # read_turtle reports it, with a position
    return _Plan(path, original, canonical_turtle(read_turtle(path)))


def _apply(plan: _Plan, *, check: bool, drop_comments: bool) -> FmtResult:
    """Decide what to do with one planned file, and write it unless ``check``."""
    if plan.original == plan.canonical:
        return FmtResult(plan.path, FmtStatus.UNCHANGED)
    comments = tuple(find_comments(plan.original or "", plan.path))
    if comments and not drop_comments:
        return FmtResult(plan.path, FmtStatus.HAS_COMMENTS, comments=comments)
    if check:
        return FmtResult(plan.path, FmtStatus.REFORMATTED, comments=comments)
    _write(plan)
    return FmtResult(plan.path, FmtStatus.REFORMATTED, written=True, comments=comments)


def _write(plan: _Plan) -> None:
    """Write the planned canonical text under the folder's lock; if the file changed since it was
    read (a ``chkg new`` meanwhile), format what it holds now instead, so that nothing is lost."""

    def change(current: bytes | None) -> bytes:
        if current is not None and current != (plan.original or "").encode("utf-8"):
            return canonical_turtle(read_turtle(plan.path)).encode("utf-8")
        return plan.canonical.encode("utf-8")

    update_file(plan.path, change)
