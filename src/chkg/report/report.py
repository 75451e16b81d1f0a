"""Analyst reports: self-contained HTML, Markdown, JSON, and CSV for systems-mapping tools.

:func:`write_report` writes, into one folder:

- ``index.html``: self-contained (inline CSS, inline SVG diagrams, no scripts, nothing loaded
  from the network), with print CSS so that it saves cleanly as PDF;
- ``report.md`` and ``report.json``: the same content;
- ``nodes.csv`` and ``edges.csv``: importable by systems-mapping tools such as Kumu (nodes with
  ``Label``, ``Type``, ``Description``; edges with ``From``, ``To``, ``Type`` and the evidence);
- ``diagrams/<policy-slug>.svg``: each policy's diagram on its own.

Everything taken from the data is escaped (Jinja2 autoescaping, for the SVG text too), and file
names made from the data are sanitised and checked to stay inside the folder. The folder is
built next to its destination and swapped in only once complete, so an existing report survives
a failed run; a folder that is not a chkg report is never replaced.

Examples
--------
>>> import tempfile, pathlib
>>> from chkg.analysis.paths import toy_graph
>>> out = pathlib.Path(tempfile.mkdtemp()) / "report"
>>> files = write_report(toy_graph(), out)
>>> sorted(p.name for p in out.iterdir())
['.chkg-report', 'diagrams', 'edges.csv', 'index.html', 'nodes.csv', 'report.json', 'report.md']
>>> safe_slug("../../evil")
'evil'
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import tempfile
import textwrap
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

import networkx as nx
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from chkg.rdf.atomic import write_text_atomic
from chkg.errors import OutputError
from chkg.analysis.paths import (
    HOP_FACTOR,
    JOIN_FACTOR,
    MAX_RANK,
    GapMap,
    KnockOut,
    LeverageRow,
    MinCut,
    Path as InfluencePath,
    PolicyReach,
    gap_map,
    leverage,
    node_ref,
    path_to_dict,
    paths_document,
    reach,
)

__all__ = [
    "ReportFiles",
    "Diagram",
    "Box",
    "Arrow",
    "MARKER",
    "write_report",
    "report_data",
    "layout_paths",
    "safe_slug",
    "PathsFormat",
    "format_paths",
    "format_whatif",
]

PathsFormat = Literal["text", "json", "md"]

#: The file that marks a folder as a chkg report, so that only such a folder is replaced.
MARKER = ".chkg-report"

_SLUG = re.compile(r"[^a-z0-9]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class ReportFiles:
    """The files :func:`write_report` wrote (their final paths)."""

    out_dir: Path
    index_html: Path
    markdown: Path
    json: Path
    nodes_csv: Path
    edges_csv: Path
    diagrams: tuple[Path, ...]

    @property
    def all(self) -> tuple[Path, ...]:
        """Every file, the main ones first."""
        return (self.index_html, self.markdown, self.json, self.nodes_csv, self.edges_csv,
                *self.diagrams)


@dataclass(frozen=True)
class Box:
    """A node of a diagram: position, size, wrapped label lines and a CSS class by kind."""

    node: str
    label: str
    lines: tuple[str, ...]
    kind: str
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Arrow:
    """An edge of a diagram: an SVG path, the sign marker's position, and the claim's rank."""

    start: str
    end: str
    d: str
    sign: int
    rank: int
    label_x: float
    label_y: float
    title: str


@dataclass(frozen=True)
class Diagram:
    """A layered drawing of paths: columns by hop, boxes with labels, signed arrows."""

    width: float
    height: float
    boxes: tuple[Box, ...]
    arrows: tuple[Arrow, ...]
    columns: int


# -- public API ---------------------------------------------------------------


def write_report(
    G: nx.MultiDiGraph,
    out_dir: Path | str,
    policies: Iterable[str] | None = None,
    *,
    max_hops: int = 5,
    title: str = "Creative health and the NHS workforce: influence paths",
) -> ReportFiles:
    """Write the analyst report for ``policies`` (default: every policy) into ``out_dir``.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An analysis graph (:func:`chkg.analysis.paths.analysis_graph`).
    out_dir : path
        The report folder. It is replaced as a whole, and only once the new report is
        complete; an existing folder is replaced only if it is empty or a chkg report.
    policies : iterable of str, optional
        The policy IRIs to cover, in this order (default: every policy, by label).
    max_hops : int, optional
        The longest path considered (default 5).
    title : str, optional
        The report's title.

    Returns
    -------
    ReportFiles
        The final paths of the files written.

    Raises
    ------
    chkg.errors.OutputError
        The folder cannot be written, is a file, or is a non-empty folder that is not a chkg
        report; a file name made from the data would leave the folder.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from chkg.analysis.paths import toy_graph
    >>> files = write_report(toy_graph(), pathlib.Path(tempfile.mkdtemp()) / "r")
    >>> [p.name for p in files.diagrams]
    ['x-plan.svg']
    """
    out = Path(out_dir).absolute()
    _check_replaceable(out)
    data = report_data(G, policies, max_hops=max_hops, title=title)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
        os.chmod(tmp, 0o755)
    except OSError as exc:
        raise OutputError(f"cannot write {out}: {exc.strerror or exc}") from exc
    try:
        written = _write_all(G, data, tmp)
        _swap_in(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    final = [out / p.relative_to(tmp) for p in written]
    return ReportFiles(
        out_dir=out,
        index_html=out / "index.html",
        markdown=out / "report.md",
        json=out / "report.json",
        nodes_csv=out / "nodes.csv",
        edges_csv=out / "edges.csv",
        diagrams=tuple(p for p in final if p.parent.name == "diagrams"),
    )


def report_data(
    G: nx.MultiDiGraph,
    policies: Iterable[str] | None = None,
    *,
    max_hops: int = 5,
    title: str = "Creative health and the NHS workforce: influence paths",
) -> dict[str, Any]:
    """Everything a report shows, as plain data (what ``report.json`` holds).

    Examples
    --------
    >>> from chkg.analysis.paths import toy_graph
    >>> data = report_data(toy_graph())
    >>> [p["label"] for p in data["policies"]], data["policies"][0]["slug"]
    (['plan'], 'x-plan')
    >>> data["policies"][0]["summary"][:60]
    'plan reaches 3 workforce outcomes (wellbeing, retention and '
    """
    reaches = reach(G, policies, max_hops=max_hops)
    ranking = leverage(G, max_hops=max_hops)
    gm = gap_map(G, max_hops=max_hops)
    slugs = _unique_slugs(r.policy for r in reaches)
    claims = [(u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True)]
    kinds: dict[str, int] = {}
    for _, kind in G.nodes(data="kind"):
        kinds[kind or "other"] = kinds.get(kind or "other", 0) + 1
    return {
        "title": title,
        "generator": "chkg report",
        "date": date.today().isoformat(),
        "max_hops": max_hops,
        "scoring": {
            "hop_factor": HOP_FACTOR,
            "join_factor": JOIN_FACTOR,
            "max_rank": MAX_RANK,
            "formula": "score = prod(HOP_FACTOR * rank / MAX_RANK) * JOIN_FACTOR ** joins",
        },
        "counts": {
            "entities": G.number_of_nodes(),
            "claims": len(claims),
            "passages": len({d.get("passage") for *_, d in claims if d.get("passage")}),
            "kinds": dict(sorted(kinds.items())),
        },
        "policies": [_policy_data(G, r, slugs[r.policy], max_hops) for r in reaches],
        "leverage": [_leverage_row(r) for r in ranking],
        "gap_map": _gap_data(G, gm),
    }


def layout_paths(G: nx.MultiDiGraph, paths: Sequence[InfluencePath]) -> Diagram:
    """Lay out the union of ``paths`` in columns by hop.

    A node's column is its longest distance from the paths' start in the union (its hop
    count when the union has a cycle); nodes within a column are ordered by the mean row of
    their predecessors, to keep arrows short and crossings few.

    Examples
    --------
    >>> from chkg.analysis.paths import find_paths, toy_graph
    >>> G = toy_graph()
    >>> d = layout_paths(G, find_paths(G, "x:plan", "x:retention"))
    >>> d.columns, [(b.label, b.x) for b in d.boxes if b.label == "retention"]
    (3, [('retention', 536.0)])
    """
    H = nx.DiGraph()
    hop_of: dict[tuple[str, str], Any] = {}
    for path in paths:
        H.add_nodes_from(path.nodes)
        for hop in path.hops:
            H.add_edge(hop.start, hop.end)
            hop_of.setdefault((hop.start, hop.end), hop)
    if not H:
        return Diagram(0, 0, (), (), 0)
    starts = [p.nodes[0] for p in paths]
    column: dict[str, int] = {}
    if nx.is_directed_acyclic_graph(H):
        for node in nx.topological_sort(H):
            preds = list(H.predecessors(node))
            column[node] = max((column[p] + 1 for p in preds), default=0)
    else:
        dist = nx.multi_source_dijkstra_path_length(H, set(starts))
        column = {n: int(dist.get(n, 0)) for n in H}
    columns = max(column.values()) + 1
    order: dict[str, float] = {}
    rows: list[list[str]] = [[] for _ in range(columns)]
    for node in sorted(H, key=lambda n: (column[n], _label(G, n).casefold(), n)):
        rows[column[node]].append(node)
    for _ in range(2):
        for c in range(columns):
            for i, n in enumerate(rows[c]):
                order.setdefault(n, float(i))
            if c:
                rows[c].sort(key=lambda n: (
                    sum(order[p] for p in H.predecessors(n) if p in order)
                    / max(1, sum(1 for p in H.predecessors(n) if p in order)),
                    _label(G, n).casefold(),
                ))
            for i, n in enumerate(rows[c]):
                order[n] = float(i)
    width, height, col_gap, row_gap, margin = 176.0, 58.0, 84.0, 22.0, 16.0
    tallest = max(len(r) for r in rows)
    boxes: dict[str, Box] = {}
    for c, nodes in enumerate(rows):
        offset = (tallest - len(nodes)) * (height + row_gap) / 2
        for i, node in enumerate(nodes):
            data = G.nodes[node] if node in G else {}
            kind = str(data.get("kind", "other"))
            if kind == "outcome" and data.get("outcome_kind"):
                kind = f"outcome-{data['outcome_kind']}"
            label = _clean(_label(G, node))
            boxes[node] = Box(
                node=node,
                label=label,
                lines=_wrap(label),
                kind=kind,
                x=margin + c * (width + col_gap),
                y=margin + offset + i * (height + row_gap),
                width=width,
                height=height,
            )
    arrows: list[Arrow] = []
    for (u, v), hop in sorted(hop_of.items()):
        a, b = boxes[u], boxes[v]
        if b.x > a.x:
            x1, y1 = a.x + a.width, a.y + a.height / 2
            x2, y2 = b.x - 3, b.y + b.height / 2
            dx = (x2 - x1) / 2
            c1, c2 = (x1 + dx, y1), (x2 - dx, y2)
        else:  # a backward or same-column edge: loop below the boxes
            x1, y1 = a.x + a.width / 2, a.y + a.height
            x2, y2 = b.x + b.width / 2, b.y + b.height + 3
            drop = height
            c1, c2 = (x1, y1 + drop), (x2, y2 + drop)
        mx = (x1 + 3 * c1[0] + 3 * c2[0] + x2) / 8
        my = (y1 + 3 * c1[1] + 3 * c2[1] + y2) / 8
        arrows.append(
            Arrow(
                start=u,
                end=v,
                d=f"M{x1:.1f},{y1:.1f} C{c1[0]:.1f},{c1[1]:.1f} {c2[0]:.1f},{c2[1]:.1f} {x2:.1f},{y2:.1f}",
                sign=hop.sign,
                rank=hop.rank,
                label_x=round(mx, 1),
                label_y=round(my, 1),
                title=_clean(f"{_label(G, u)} {hop.relation_label or hop.relation} {_label(G, v)}"
                             f" ({'+' if hop.sign > 0 else '−'}, {hop.strength or 'no strength'})"),
            )
        )
    total_w = margin * 2 + columns * width + (columns - 1) * col_gap
    loops = any(boxes[a.end].x <= boxes[a.start].x for a in arrows)
    total_h = margin * 2 + tallest * height + (tallest - 1) * row_gap + (height if loops else 0)
    ordered = tuple(boxes[n] for c in range(columns) for n in rows[c])
    return Diagram(round(total_w, 1), round(total_h, 1), ordered, tuple(arrows), columns)


def safe_slug(text: str, fallback: str = "policy") -> str:
    """A file-name-safe slug of an IRI's last segment: ``[a-z0-9-]``, at most 80 characters.

    Examples
    --------
    >>> safe_slug("https://w3id.org/creative-health-kg/nhs-long-term-workforce-plan")
    'nhs-long-term-workforce-plan'
    >>> safe_slug("../.."), safe_slug("C:\\\\Windows\\\\evil"), safe_slug("x:<script>")
    ('policy', 'c-windows-evil', 'x-script')
    """
    last = re.split(r"[/#]", str(text).rstrip("/#"))[-1] if str(text).strip("/#.") else ""
    slug = _SLUG.sub("-", last.casefold()).strip("-")[:80].strip("-")
    return slug or fallback


def format_paths(
    G: nx.MultiDiGraph,
    source: str,
    target: str | None,
    paths: Sequence[InfluencePath],
    output_format: PathsFormat = "text",
    *,
    targets_label: str | None = None,
) -> str:
    """Format the result of :func:`chkg.analysis.paths.find_paths` for ``chkg paths``.

    ``json`` is exactly one JSON object (:func:`chkg.analysis.paths.paths_document`); ``text`` and
    ``md`` show each path with the relation, sign, strength, quote and place of every hop,
    and flag joins between passages.

    Examples
    --------
    >>> from chkg.analysis.paths import find_paths, toy_graph
    >>> G = toy_graph()
    >>> print(format_paths(G, "x:plan", "x:care", find_paths(G, "x:plan", "x:care")), end="")
    From plan to care: 1 path (best first)
    <BLANKLINE>
    1. score 0.200, net + (raises care), 1 hop
       plan
         --[+ influences, external knowledge]--> care
             "quote c6"
             source > s > p4
    """
    if output_format == "json":
        return json.dumps(paths_document(G, source, target, paths), indent=2, ensure_ascii=False)
    md = output_format == "md"
    goal = _label(G, target) if target is not None else (targets_label or "the targets")
    head = f"From {_label(G, source)} to {goal}: " + (
        f"{_count(len(paths), 'path')} (best first)" if paths else "no path"
    )
    lines = [f"## {_md_escape(head)}" if md else head, ""]
    for i, path in enumerate(paths, start=1):
        end = _label(G, path.nodes[-1])
        effect = f"net {'+' if path.sign > 0 else '−' if md else '-'} ({'raises' if path.sign > 0 else 'lowers'} {end})"
        title = f"{i}. score {path.score:.3f}, {effect}, {_count(path.length, 'hop')}"
        if md:
            lines.append(f"### {_md_escape(title)}")
            lines.append("")
            lines.append(f"**{_md_escape(_label(G, path.nodes[0]))}**")
            lines.append("")
            for j, hop in enumerate(path.hops):
                sign = "+" if hop.sign > 0 else "−"
                lines.append(
                    f"{j + 1}. *{sign} {_md_escape(hop.relation_label or hop.relation)}* → "
                    f"**{_md_escape(_label(G, hop.end))}** ({_md_escape(hop.strength)}): "
                    f"“{_md_escape(hop.quote)}” — {_md_escape(_where(hop))}"
                )
                if j in path.joins:
                    lines.append("   - *join*: the next step cites another passage")
            lines.append("")
        else:
            lines.append(title)
            lines.append(f"   {_label(G, path.nodes[0])}")
            for j, hop in enumerate(path.hops):
                sign = "+" if hop.sign > 0 else "-"
                more = f", {hop.alternatives} other claim{'s' if hop.alternatives != 1 else ''}" if hop.alternatives else ""
                lines.append(f"     --[{sign} {hop.relation_label or hop.relation}, {hop.strength or 'no strength'}{more}]--> {_label(G, hop.end)}")
                lines.append(f'         "{hop.quote}"')
                lines.append(f"         {_where(hop, sep=' > ')}")
                if j in path.joins:
                    lines.append("     ** join: the next hop cites another passage")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def format_whatif(
    G: nx.MultiDiGraph,
    knockout: KnockOut | None,
    cut: MinCut | None,
    output_format: Literal["text", "json"] = "text",
) -> str:
    """Format knock-out and minimum-cut results for ``chkg whatif``.

    Examples
    --------
    >>> from chkg.analysis.paths import knock_out, min_cut, toy_graph
    >>> G = toy_graph()
    >>> print(format_whatif(G, knock_out(G, ["x:burnout"]), min_cut(G, "x:plan", "x:care")), end="")
    Removing burnout:
      no outcome loses every path.
      1 weakened:
        retention from plan: 2 -> 1 paths, best score 0.408 -> 0.408
      2 unaffected.
    <BLANKLINE>
    plan -> care: a direct claim links them, so no set of nodes can cut them apart; no other route to cut.
    """
    if output_format == "json":
        doc: dict[str, Any] = {}
        if knockout is not None:
            doc["removed"] = [node_ref(G, n) for n in knockout.removed]
            doc["max_hops"] = knockout.max_hops
            for key in ("lost", "weakened"):
                doc[key] = [
                    {"policy": node_ref(G, c.policy), "outcome": node_ref(G, c.outcome),
                     "outcome_kind": G.nodes[c.outcome].get("outcome_kind"),
                     "paths_before": c.paths_before, "paths_after": c.paths_after,
                     "best_before": round(c.best_before, 6), "best_after": round(c.best_after, 6)}
                    for c in getattr(knockout, key)
                ]
            doc["unaffected"] = knockout.unaffected
        if cut is not None:
            doc["min_cut"] = {
                "policy": node_ref(G, cut.policy), "outcome": node_ref(G, cut.outcome),
                "connected": cut.connected, "direct": cut.direct,
                "nodes": [node_ref(G, n) for n in cut.nodes],
            }
        return json.dumps(doc, indent=2, ensure_ascii=False)
    lines: list[str] = []
    if knockout is not None:
        lines.append(f"Removing {_join([_label(G, n) for n in knockout.removed])}:")
        if knockout.lost:
            by_outcome: dict[str, list[str]] = {}
            for c in knockout.lost:
                by_outcome.setdefault(c.outcome, []).append(_label(G, c.policy))
            lines.append(f"  {_count(len(by_outcome), 'outcome')} lose every path:")
            for outcome, policies in sorted(by_outcome.items(), key=lambda kv: _label(G, kv[0]).casefold()):
                lines.append(f"    {_label(G, outcome)} from {_join(sorted(policies, key=str.casefold))}")
        else:
            lines.append("  no outcome loses every path.")
        if knockout.weakened:
            lines.append(f"  {len(knockout.weakened)} weakened:")
            for c in knockout.weakened:
                lines.append(
                    f"    {_label(G, c.outcome)} from {_label(G, c.policy)}: {c.paths_before} -> "
                    f"{c.paths_after} paths, best score {c.best_before:.3f} -> {c.best_after:.3f}"
                )
        lines.append(f"  {knockout.unaffected} unaffected.")
    if cut is not None:
        if lines:
            lines.append("")
        pair = f"{_label(G, cut.policy)} -> {_label(G, cut.outcome)}"
        names = _join([_label(G, n) for n in cut.nodes])
        if cut.direct:
            rest = (f"removing {names} cuts every other route" if cut.nodes else "no other route to cut")
            lines.append(f"{pair}: a direct claim links them, so no set of nodes can cut them apart; {rest}.")
        elif not cut.connected:
            lines.append(f"{pair}: no path links them; nothing to cut.")
        else:
            lines.append(f"{pair}: removing {_count(len(cut.nodes), 'node')} ({names}) cuts every path.")
    return "\n".join(lines) + "\n"


def _where(hop: Any, sep: str = " › ") -> str:
    return sep.join(x for x in (hop.source, hop.section, hop.passage_label or hop.passage or "") if x)


# -- data for the templates ------------------------------------------------------


def _policy_data(G: nx.MultiDiGraph, r: PolicyReach, slug: str, max_hops: int) -> dict[str, Any]:
    groups: dict[str, list[dict[str, Any]]] = {"workforce": [], "patient": [], "other": []}
    for o in r.outcomes:
        key = o.outcome_kind if o.outcome_kind in ("workforce", "patient") else "other"
        groups[key].append(
            {
                **node_ref(G, o.outcome),
                "outcome_kind": o.outcome_kind,
                "path_count": o.path_count,
                "best": _path_view(G, o.best),
            }
        )
    shown = [o.best for o in r.outcomes if o.outcome_kind in ("workforce", "patient")]
    if not shown:
        shown = [o.best for o in r.outcomes]
    evidence: list[dict[str, Any]] = []
    seen: set[str] = set()
    for path in shown:
        for hop in _path_view(G, path)["hops"]:
            if hop["claim"] not in seen:
                seen.add(hop["claim"])
                evidence.append(hop)
    definition = str(G.nodes[r.policy].get("definition", "")) if r.policy in G else ""
    return {
        **node_ref(G, r.policy),
        "slug": slug,
        "definition": definition,
        "type_label": str(G.nodes[r.policy].get("type_label", "policy")),
        "summary": _summary(G, r, max_hops),
        "reach": groups,
        "truncated": r.truncated,
        "diagram": layout_paths(G, shown),
        "evidence": evidence,
    }


def _path_view(G: nx.MultiDiGraph, path: InfluencePath) -> dict[str, Any]:
    view = path_to_dict(G, path)
    view["score"] = round(path.score, 3)
    view["chain"] = [_label(G, n) for n in path.nodes]
    return view


def _summary(G: nx.MultiDiGraph, r: PolicyReach, max_hops: int) -> str:
    name = r.label
    workforce, patient = r.of_kind("workforce"), r.of_kind("patient")
    others = [o for o in r.outcomes if o.outcome_kind not in ("workforce", "patient")]
    if not workforce and not patient:
        tail = (
            f" It reaches {_count(len(others), 'other outcome')} ({_names(others)})."
            if others else ""
        )
        return (f"{name} reaches no workforce or patient outcome within {max_hops} hops "
                f"in the curated evidence.{tail}{_example_of(G, r.policy)}")
    parts = []
    if workforce:
        parts.append(f"{_count(len(workforce), 'workforce outcome')} ({_names(workforce)})")
    if patient:
        parts.append(f"{_count(len(patient), 'patient outcome')} ({_names(patient)})")
    total = sum(o.path_count for o in (*workforce, *patient))
    text = (f"{name} reaches {' and '.join(parts)} within {max_hops} hops, "
            f"through {_count(total, 'path')}.")
    best = min((*workforce, *patient), key=lambda o: (-o.best.score, o.best.length, o.label))
    path = best.best
    effect = "raises" if path.sign > 0 else "lowers"
    via = [_label(G, n) for n in path.nodes[1:-1]]
    route = f" through {_join(via)}" if via else " directly"
    joins = (f", stitched across {_count(len(path.joins), 'passage join')}" if path.joins
             else (", all in one passage" if path.length > 1 else ""))
    text += (f" Its strongest path {effect} {best.label}{route} "
             f"(score {path.score:.2f}, {_count(path.length, 'hop')}{joins}).")
    if others:
        text += f" It also reaches {_count(len(others), 'system or culture outcome')}."
    return text


def _example_of(G: nx.MultiDiGraph, node: str) -> str:
    """Point a policy without paths of its own at what the source gives it as an example of."""
    general = [g for g in G.nodes[node].get("example_of", ()) if g in G]
    if not general:
        return ""
    return (f" The source gives it as an example of {_join([_label(G, g) for g in general])}: "
            f"see there for what the source claims of such policies.")


def _leverage_row(r: LeverageRow) -> dict[str, Any]:
    return {
        "iri": r.node,
        "label": r.label,
        "kind": r.kind,
        "paths_through": r.paths_through,
        "betweenness": r.betweenness,
        "policies": r.policies,
        "outcomes": r.outcomes,
    }


def _gap_data(G: nx.MultiDiGraph, gm: GapMap) -> dict[str, Any]:
    top = max((c.claims for c in gm.cells.values()), default=0)
    rows = []
    for row in gm.rows:
        cells = []
        for column in gm.columns:
            cell = gm.cell(row, column)
            cells.append({
                "column": column,
                "claims": cell.claims,
                "passages": cell.passages,
                "paths": cell.paths,
                "direct": cell.direct,
                "gap": cell.gap,
                "style": _heat(cell.claims, top),
            })
        rows.append({**node_ref(G, row), "kind": G.nodes[row].get("kind"), "cells": cells})
    groups: list[dict[str, Any]] = []
    for column in gm.columns:
        kind = G.nodes[column].get("outcome_kind") or "other"
        if groups and groups[-1]["kind"] == kind:
            groups[-1]["span"] += 1
        else:
            groups.append({"kind": kind, "span": 1})
    return {
        "max_hops": gm.max_hops,
        "gaps": gm.gaps,
        "groups": groups,
        "max_claims": top,
        "columns": [
            {**node_ref(G, c), "outcome_kind": G.nodes[c].get("outcome_kind")} for c in gm.columns
        ],
        "rows": rows,
    }


def _heat(count: int, top: int) -> dict[str, str]:
    """Cell colours: light to mid blue by the share of the largest count (print-friendly)."""
    if count <= 0 or top <= 0:
        return {"bg": "", "fg": ""}
    share = count / top
    lightness = 93 - 45 * share
    return {"bg": f"hsl(212, 62%, {lightness:.0f}%)", "fg": "#fff" if lightness < 62 else "#102a43"}


# -- writing ------------------------------------------------------------------


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("chkg.report", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "svg", "j2"),
                                     default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = _md_escape
    env.filters["sign"] = lambda s: "+" if s and s > 0 else "−"
    env.filters["clean"] = _clean
    return env


def _render(template: str, context: dict[str, Any]) -> str:
    """Render one template (Markdown templates without HTML autoescaping, escaped by ``md``)."""
    env = _environment()
    if template.endswith(".md.j2"):
        env.autoescape = False
    return env.get_template(template).render(**context)


def _write_all(G: nx.MultiDiGraph, data: dict[str, Any], folder: Path) -> list[Path]:
    written: list[Path] = []

    def put(relative: str, text: str) -> None:
        target = (folder / relative).resolve()
        if not target.is_relative_to(folder.resolve()):
            raise OutputError(f"refusing to write {relative!r}: it would leave {folder}")
        write_text_atomic(target, text)
        written.append(folder / relative)

    context = {"r": data}
    put("index.html", _render("report.html.j2", context))
    put("report.md", _render("report.md.j2", context))
    put("report.json", json.dumps(_json_safe(data), indent=2, ensure_ascii=False) + "\n")
    put("nodes.csv", _nodes_csv(G))
    put("edges.csv", _edges_csv(G))
    for policy in data["policies"]:
        put(f"diagrams/{policy['slug']}.svg",
            _render("diagram.svg.j2", {"diagram": policy["diagram"], "policy": policy}))
    put(MARKER, "chkg report\n")
    return written


def _json_safe(data: Any) -> Any:
    if isinstance(data, Diagram):
        return None
    if isinstance(data, dict):
        return {k: _json_safe(v) for k, v in data.items() if not isinstance(v, Diagram) and k != "style"}
    if isinstance(data, (list, tuple)):
        return [_json_safe(v) for v in data]
    return data


def _csv(rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows)
    return buffer.getvalue()


def _nodes_csv(G: nx.MultiDiGraph) -> str:
    rows: list[list[Any]] = [["Label", "Type", "Description", "Tags", "ID", "Outcome kind"]]
    for node, d in sorted(G.nodes(data=True), key=lambda nd: (_label(G, nd[0]).casefold(), nd[0])):
        rows.append([
            _clean(_label(G, node)),
            _clean(str(d.get("type_label") or d.get("kind", ""))),
            _clean(str(d.get("definition", ""))),
            d.get("kind", "other"),
            node,
            d.get("outcome_kind") or "",
        ])
    return _csv(rows)


def _edges_csv(G: nx.MultiDiGraph) -> str:
    rows: list[list[Any]] = [[
        "From", "To", "Type", "Sign", "Strength", "Rank", "Quote", "Mechanism",
        "Passage", "Section", "Source", "ID", "From ID", "To ID",
    ]]
    for u, v, k, d in sorted(G.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2]))):
        rows.append([
            _clean(_label(G, u)),
            _clean(_label(G, v)),
            _clean(d.get("relation_label") or d.get("relation", "")),
            "positive" if d.get("sign", 1) > 0 else "negative",
            _clean(d.get("strength", "")),
            d.get("rank", ""),
            _clean(d.get("quote", "")),
            _clean(d.get("mechanism", "")),
            _clean(d.get("passage_label") or d.get("passage") or ""),
            _clean(d.get("section", "")),
            _clean(d.get("source", "")),
            k,
            u,
            v,
        ])
    return _csv(rows)


def _check_replaceable(out: Path) -> None:
    if out.exists() or out.is_symlink():
        if out.is_symlink() or not out.is_dir():
            raise OutputError(f"cannot write the report to {out}: it is not a folder")
        if any(out.iterdir()) and not (out / MARKER).is_file():
            raise OutputError(
                f"refusing to replace {out}: it is not empty and not a chkg report "
                f"(no {MARKER} file); choose another --out"
            )


def _swap_in(tmp: Path, out: Path) -> None:
    """Move the finished folder ``tmp`` to ``out``, replacing an old report only now."""
    _check_replaceable(out)
    try:
        if out.exists():
            backup = out.with_name(f".{out.name}.old-{uuid.uuid4().hex[:8]}")
            os.replace(out, backup)
            try:
                os.replace(tmp, out)
            except OSError:
                os.replace(backup, out)
                raise
            shutil.rmtree(backup, ignore_errors=True)
        else:
            os.replace(tmp, out)
    except OSError as exc:
        raise OutputError(f"cannot write {out}: {exc.strerror or exc}") from exc


# -- small helpers -------------------------------------------------------------


def _label(G: nx.Graph, node: str) -> str:
    return str(G.nodes[node].get("label") or node) if node in G else str(node)


def _clean(text: Any) -> str:
    """Drop control characters (invalid in XML) and fold line breaks in one-line fields."""
    return _CONTROL.sub("", str(text))


def _wrap(label: str, width: int = 24, lines: int = 3) -> tuple[str, ...]:
    wrapped = textwrap.wrap(label, width=width, break_long_words=True) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip() + "…"
    return tuple(wrapped)


def _md_escape(value: Any) -> Markup:
    """Escape text for a Markdown table cell or line: HTML, pipes, emphasis, line breaks."""
    text = _clean(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"([\\`*_\[\]|#])", r"\\\1", text)
    return Markup(re.sub(r"\s*\n\s*", " ", text))


def _unique_slugs(iris: Iterable[str]) -> dict[str, str]:
    slugs: dict[str, str] = {}
    used: set[str] = set()
    for i, iri in enumerate(iris, start=1):
        base = safe_slug(iri, fallback=f"policy-{i}")
        slug, n = base, 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        slugs[iri] = slug
    return slugs


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _join(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _names(outcomes: Sequence[Any], shown: int = 4) -> str:
    names = [o.label for o in outcomes[:shown]]
    if len(outcomes) > shown:
        names.append(f"{len(outcomes) - shown} more")
    return _join(names)
