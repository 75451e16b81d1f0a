"""``chkg diff OLD NEW``: what a change does, in the curator's terms and to the analysis.

OLD and NEW are git revisions of the project (read with ``git archive`` into a
temporary folder, so the working tree is never touched) or folders with the
project's layout (``data/``, and ``ontology/chkg.ttl`` if the folder has its
own ontology). The report has three parts:

1. **entities** (everything typed in ``data/`` but claims): added, removed,
   relabelled, and other fields changed;
2. **claims** (``chkg:Influence`` nodes): added and removed (with their
   quotes), and changed field by field;
3. **analysis**: policy → outcome pairs that became reachable or unreachable
   (:func:`chkg.analysis.reach.reach`), pairs whose number of paths changed, outcomes
   that gained their first or lost their last influence claim, and evidence
   gap-map cells (:func:`chkg.analysis.gapmap.gap_map`) that were filled, emptied or
   changed.

It renders as text, Markdown (to paste in a pull request) or JSON.

Examples
--------
>>> import tempfile
>>> root = Path(tempfile.mkdtemp())
>>> for name, label in (("old", "burnout"), ("new", "staff burnout")):
...     (root / name / "data").mkdir(parents=True)
...     _ = (root / name / "data" / "outcomes.ttl").write_text(
...         "PREFIX chkg: <https://w3id.org/creative-health-kg/>\\n"
...         f'chkg:burnout a chkg:WorkforceOutcome ; <http://www.w3.org/2000/01/rdf-schema#label> "{label}"@en .\\n')
>>> report = diff_revisions(str(root / "old"), str(root / "new"))
>>> [(c.iri, c.old_label, c.new_label) for c in report.relabelled]
[('chkg:burnout', 'burnout', 'staff burnout')]
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV
from rdflib.term import Node

from chkg.analysis import analysis_graph, gap_map, reach
from chkg.curation.diff_model import (
    CellChange,
    ClaimChange,
    DiffFormat,
    DiffReport,
    EntityChange,
    FieldChange,
    PairChange,
    Relabel,
    Snapshot,
)
from chkg.errors import DataError, InputFileError, UsageError
from chkg.project import ProjectPaths, bundled_project
from chkg.rdf.turtle import parse_turtle_file
from chkg.vocab.curies import show
from chkg.vocab.namespace import CHKG

__all__ = [
    "DiffFormat",
    "FieldChange",
    "EntityChange",
    "Relabel",
    "ClaimChange",
    "PairChange",
    "CellChange",
    "DiffReport",
    "Snapshot",
    "diff_revisions",
    "diff_graphs",
    "snapshot",
]


def diff_revisions(old: str, new: str | None = None, *, repo: Path | None = None) -> DiffReport:
    """Compare two revisions or folders of the project.

    Parameters
    ----------
    old
        A git revision (``HEAD~1``, a branch, a commit) or a folder.
    new
        The same; default: the working tree of the project.
    repo
        The git repository; default: the bundled checkout (the CLI passes the project it works on).

    Returns
    -------
    DiffReport

    Raises
    ------
    chkg.errors.UsageError
        A name is neither a folder nor a revision of the repository.
    chkg.errors.DataError
        A side has a Turtle syntax error.
    """
    repo = repo or bundled_project().root
    new_spec = new if new is not None else str(repo)
    with snapshot(old, repo) as before, snapshot(new_spec, repo) as after:
        report = diff_graphs(before, after)
    if new is None:
        report.new = "working tree"
    return report


@contextmanager
def snapshot(spec: str, repo: Path) -> Iterator[Snapshot]:
    """Load a folder, or a git revision extracted into a temporary folder, as a :class:`Snapshot`."""
    folder = Path(spec)
    if folder.is_dir():
        if not (folder / "data").is_dir():
            raise InputFileError(f"{folder} has no data/ folder: give the root of a copy of the project")
        yield _load_snapshot(spec, folder)
        return
    with tempfile.TemporaryDirectory(prefix="chkg-diff-") as tmp:
        _extract_revision(spec, repo, Path(tmp))
        yield _load_snapshot(spec, Path(tmp))


def diff_graphs(before: Snapshot, after: Snapshot) -> DiffReport:
    """Compare two loaded snapshots; see :func:`diff_revisions`."""
    report = DiffReport(old=before.name, new=after.name)
    _diff_entities(report, before, after)
    _diff_claims(report, before, after)
    _diff_analysis(report, before, after)
    return report


# -- Private helpers: loading ---------------------------------------------------


def _git(repo: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)
    except OSError as exc:  # pragma: no cover - git missing
        raise UsageError(f"cannot run git: {exc}") from exc
    if done.returncode != 0:
        raise UsageError(done.stderr.decode("utf-8", "replace").strip() or f"git {' '.join(args)} failed")
    return done.stdout


def _extract_revision(revision: str, repo: Path, into: Path) -> None:
    """Extract ``ontology/`` and ``data/`` of a revision with ``git archive`` (no checkout)."""
    if revision.startswith("-"):
        raise UsageError(f"not a revision: {revision!r}")
    try:
        commit = _git(repo, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").decode().strip()
    except UsageError as exc:
        raise UsageError(f"{revision!r} is neither a folder nor a git revision of {repo}") from exc
    top = set(_git(repo, "ls-tree", "--name-only", commit).decode("utf-8").split("\n"))
    wanted = [name for name in ("ontology", "data") if name in top]
    if not wanted:
        return
    prefix = _git(repo, "rev-parse", "--show-prefix").decode().strip()
    if prefix:  # the project lives in a sub-folder of the repository
        raise UsageError(f"{repo} is not the top of its git repository")
    archive = _git(repo, "archive", "--format=tar", commit, "--", *wanted)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")


def _load_snapshot(name: str, root: Path) -> Snapshot:
    layout = ProjectPaths(root)
    ontology_file = layout.ontology if layout.ontology.is_file() else bundled_project().ontology
    data, merged = Graph(), Graph()
    files = sorted(layout.data.rglob("*.ttl")) if layout.data.is_dir() else []
    for index, file in enumerate([ontology_file, *files]):
        parsed = parse_turtle_file(file)
        if parsed.problem is not None:
            raise DataError(f"{name}: {parsed.problem}")
        for triple in parsed.triples:
            merged.add(triple)
            if index:  # not the ontology
                data.add(triple)
    return Snapshot(name, data, merged)


# -- Private helpers: comparing --------------------------------------------------

_SKIP_FIELDS = {RDF.type}


def _curie(node: Node) -> str:
    """The IRI as a prefixed name a reader can paste into SPARQL, ``<iri>`` otherwise."""
    return show(node, plain=True)


def _term(node: Node) -> str:
    if isinstance(node, Literal):
        return node.n3()
    if isinstance(node, URIRef):
        return _curie(node)
    return "[]"


def _label(graph: Graph, node: Node) -> str:
    for prop in (RDFS.label, DCTERMS.title):
        value = graph.value(node, prop)
        if value is not None:
            return str(value)
    return _curie(node)


def _type(graph: Graph, node: Node) -> str:
    return ", ".join(sorted(_curie(t) for t in graph.objects(node, RDF.type)))


def _fields(graph: Graph, node: Node) -> dict[str, tuple[str, ...]]:
    values: dict[str, list[str]] = {}
    for prop, value in graph.predicate_objects(node):
        values.setdefault(_curie(prop), []).append(_term(value))
    return {key: tuple(sorted(v)) for key, v in values.items()}


def _changes(before: Graph, after: Graph, node: Node, skip: set[str]) -> tuple[FieldChange, ...]:
    old, new = _fields(before, node), _fields(after, node)
    return tuple(
        FieldChange(key, old.get(key, ()), new.get(key, ()))
        for key in sorted(set(old) | set(new))
        if key not in skip and old.get(key, ()) != new.get(key, ())
    )


def _entities(data: Graph) -> set[URIRef]:
    return {
        s
        for s in data.subjects(RDF.type, None)
        if isinstance(s, URIRef) and (s, RDF.type, CHKG.Influence) not in data
    }


def _claims(data: Graph) -> set[URIRef]:
    return {s for s in data.subjects(RDF.type, CHKG.Influence) if isinstance(s, URIRef)}


def _entity(graph: Graph, node: URIRef, changes: tuple[FieldChange, ...] = ()) -> EntityChange:
    return EntityChange(_curie(node), _label(graph, node), _type(graph, node), changes)


def _diff_entities(report: DiffReport, before: Snapshot, after: Snapshot) -> None:
    old, new = _entities(before.data), _entities(after.data)
    report.entities_added = [_entity(after.data, n) for n in sorted(new - old)]
    report.entities_removed = [_entity(before.data, n) for n in sorted(old - new)]
    label = _curie(RDFS.label)
    for node in sorted(old & new):
        old_label, new_label = _label(before.data, node), _label(after.data, node)
        if old_label != new_label:
            report.relabelled.append(Relabel(_curie(node), old_label, new_label))
        changes = _changes(before.data, after.data, node, {label})
        if changes:
            report.entities_changed.append(_entity(after.data, node, changes))


def _statement(snap: Snapshot, claim: URIRef) -> str:
    graph = snap.merged
    parts = [graph.value(claim, p) for p in (PROV.influencer, CHKG.relation, CHKG.influencee)]
    subject, relation, obj = (_label(graph, p) if p is not None else "?" for p in parts)
    sign = "" if graph.value(claim, CHKG.sign) != CHKG.negative else " (negative)"
    return f"{subject} —{relation}{sign}→ {obj}"


def _claim(snap: Snapshot, claim: URIRef, changes: tuple[FieldChange, ...] = ()) -> ClaimChange:
    quote = snap.data.value(claim, CHKG.quote)
    return ClaimChange(_curie(claim), _statement(snap, claim), str(quote or ""), changes)


def _diff_claims(report: DiffReport, before: Snapshot, after: Snapshot) -> None:
    old, new = _claims(before.data), _claims(after.data)
    report.claims_added = [_claim(after, c) for c in sorted(new - old)]
    report.claims_removed = [_claim(before, c) for c in sorted(old - new)]
    for claim in sorted(old & new):
        changes = _changes(before.data, after.data, claim, set())
        if changes:
            report.claims_changed.append(_claim(after, claim, changes))


def _diff_analysis(report: DiffReport, before: Snapshot, after: Snapshot) -> None:
    graphs = [analysis_graph(s.merged) for s in (before, after)]
    labels = {n: e.label for G in graphs for n, e in G.entities.items()}

    def name(node: str) -> str:
        return f"{labels.get(node, node)} ({_curie(URIRef(node))})"

    counts = [
        {(r.policy, o.outcome): o.routes for r in reach(G) for o in r.outcomes} for G in graphs
    ]
    for pair in sorted(set(counts[0]) | set(counts[1])):
        b, a = counts[0].get(pair, 0), counts[1].get(pair, 0)
        change = PairChange(name(pair[0]), name(pair[1]), b, a)
        if b == 0 and a:
            report.pairs_gained.append(change)
        elif a == 0 and b:
            report.pairs_lost.append(change)
        elif a != b:
            report.pairs_changed.append(change)

    supported = [
        {n for n, e in G.entities.items() if e.kind == "outcome" and G.graph.in_degree(n) > 0}
        for G in graphs
    ]
    outcomes = [{n for n, e in G.entities.items() if e.kind == "outcome"} for G in graphs]
    report.outcomes_gained_support = [name(n) for n in sorted(supported[1] - supported[0])]
    report.outcomes_lost_support = [
        name(n) for n in sorted((supported[0] - supported[1]) & outcomes[1])
    ]

    maps = [gap_map(G) for G in graphs]
    cells = sorted(
        {(r, c) for gm in maps for r in gm.rows for c in gm.columns if not gm.cell(r, c).gap}
    )
    for row, column in cells:
        old_cell, new_cell = maps[0].cell(row, column), maps[1].cell(row, column)
        if (old_cell.claims, old_cell.passages) != (new_cell.claims, new_cell.passages):
            report.cells_changed.append(
                CellChange(
                    name(row), name(column),
                    old_cell.claims, new_cell.claims, old_cell.passages, new_cell.passages,
                )
            )


# -- Private helpers: rendering --------------------------------------------------
