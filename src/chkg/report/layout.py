"""Diagram layout for the static report: layered drawings of chains and the overview picture.

The report's diagrams are inline SVG (no script), so the layout is computed here: columns by
step, rows ordered by the mean row of their predecessors (few crossings), cubic arrows. The
interactive explorer lays out the whole network in the browser instead (dagre).

Examples
--------
>>> d = layout_layers([("a", "b", 1, 4, False, "a to b")], {"a": "A", "b": "B"})
>>> d.columns, [(b.label, b.x) for b in d.boxes]
(2, [('A', 16.0), ('B', 276.0)])
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import networkx as nx

from chkg.report.text import clean, wrap

__all__ = ["Box", "Arrow", "Diagram", "Link", "layout_layers", "layout_bipartite"]

#: (from, to, sign, weight 1..4, dashed, title) of one arrow to draw.
Link = tuple[str, str, int, int, bool, str]

_WIDTH, _HEIGHT, _COL_GAP, _ROW_GAP, _MARGIN = 176.0, 58.0, 84.0, 22.0, 16.0


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
    """An edge of a diagram: an SVG path, its sign, weight (1..4) and whether it is dashed."""

    start: str
    end: str
    d: str
    sign: int
    weight: int
    dashed: bool
    label_x: float
    label_y: float
    title: str


@dataclass(frozen=True)
class Diagram:
    """A layered drawing: columns of boxes with labels, signed arrows between them."""

    width: float
    height: float
    boxes: tuple[Box, ...]
    arrows: tuple[Arrow, ...]
    columns: int
    #: draw each arrow's sign (a + or − badge); off for pictures whose arrows are all "reaches"
    signed: bool = True


def layout_layers(
    links: Sequence[Link],
    labels: Mapping[str, str],
    kinds: Mapping[str, str] | None = None,
    starts: Sequence[str] = (),
) -> Diagram:
    """Lay out the union of ``links`` in columns by step.

    A node's column is its longest distance from a source of the union (its distance from
    ``starts`` when the union has a cycle); nodes within a column are ordered by the mean row
    of their predecessors, to keep arrows short and crossings few.

    Parameters
    ----------
    links
        ``(from, to, sign, weight, dashed, title)`` per arrow; the first of a pair wins.
    labels
        Node → label.
    kinds
        Node → CSS kind class (``policy``, ``outcome-workforce``, …); ``other`` when absent.
    starts
        Where columns count from when the union has a cycle.

    Examples
    --------
    >>> d = layout_layers([("p", "m", 1, 2, False, ""), ("m", "o", -1, 2, True, ""),
    ...                    ("p", "o", 1, 1, False, "")], {"p": "P", "m": "M", "o": "O"})
    >>> d.columns, [b.label for b in d.boxes], [a.dashed for a in d.arrows]
    (3, ['P', 'M', 'O'], [True, False, False])
    """
    H = nx.DiGraph()
    first: dict[tuple[str, str], Link] = {}
    for link in links:
        H.add_edge(link[0], link[1])
        first.setdefault((link[0], link[1]), link)
    if not H:
        return Diagram(0, 0, (), (), 0)
    column: dict[str, int] = {}
    if nx.is_directed_acyclic_graph(H):
        for node in nx.topological_sort(H):
            column[node] = max((column[p] + 1 for p in H.predecessors(node)), default=0)
    else:
        roots = [s for s in starts if s in H] or [n for n in H if H.in_degree(n) == 0] or [next(iter(H))]
        dist = nx.multi_source_dijkstra_path_length(H, set(roots))
        column = {n: int(dist.get(n, 0)) for n in H}
    return _draw(H, column, first, labels, kinds or {})


def layout_bipartite(
    left: Sequence[str],
    right: Sequence[str],
    links: Sequence[Link],
    labels: Mapping[str, str],
    kinds: Mapping[str, str] | None = None,
) -> Diagram:
    """Two columns (e.g. policies and outcome families) in the given order, arrows between.

    Examples
    --------
    >>> d = layout_bipartite(["p", "q"], ["f"], [("q", "f", 1, 3, True, "")], {"p": "P", "q": "Q", "f": "F"})
    >>> [(b.label, b.x > 100) for b in d.boxes], len(d.arrows)
    ([('P', False), ('Q', False), ('F', True)], 1)
    """
    H = nx.DiGraph()
    H.add_nodes_from([*left, *right])
    first: dict[tuple[str, str], Link] = {}
    for link in links:
        H.add_edge(link[0], link[1])
        first.setdefault((link[0], link[1]), link)
    if not left and not right:
        return Diagram(0, 0, (), (), 0)
    column = {n: 0 for n in left} | {n: 1 for n in right}
    order = {n: i for i, n in enumerate([*left, *right])}
    return dataclasses.replace(_draw(H, column, first, labels, kinds or {}, order=order), signed=False)


def _draw(
    H: nx.DiGraph,
    column: dict[str, int],
    first: dict[tuple[str, str], Link],
    labels: Mapping[str, str],
    kinds: Mapping[str, str],
    order: dict[str, int] | None = None,
) -> Diagram:
    columns = max(column.values()) + 1
    rows: list[list[str]] = [[] for _ in range(columns)]

    def name(n: str) -> str:
        return str(labels.get(n, n))

    if order is not None:
        for node in sorted(H, key=lambda n: order.get(n, 0)):
            rows[column[node]].append(node)
    else:
        for node in sorted(H, key=lambda n: (column[n], name(n).casefold(), n)):
            rows[column[node]].append(node)
        position: dict[str, float] = {}
        for _ in range(2):
            for c in range(columns):
                for i, n in enumerate(rows[c]):
                    position.setdefault(n, float(i))
                if c:
                    rows[c].sort(key=lambda n: (
                        sum(position[p] for p in H.predecessors(n) if p in position)
                        / max(1, sum(1 for p in H.predecessors(n) if p in position)),
                        name(n).casefold(),
                    ))
                for i, n in enumerate(rows[c]):
                    position[n] = float(i)
    tallest = max(len(r) for r in rows)
    boxes: dict[str, Box] = {}
    for c, nodes in enumerate(rows):
        offset = (tallest - len(nodes)) * (_HEIGHT + _ROW_GAP) / 2
        for i, node in enumerate(nodes):
            text = clean(name(node))
            boxes[node] = Box(node, text, wrap(text), kinds.get(node, "other"),
                              _MARGIN + c * (_WIDTH + _COL_GAP), _MARGIN + offset + i * (_HEIGHT + _ROW_GAP),
                              _WIDTH, _HEIGHT)
    arrows = [_arrow(boxes[u], boxes[v], link) for (u, v), link in sorted(first.items())]
    total_w = _MARGIN * 2 + columns * _WIDTH + (columns - 1) * _COL_GAP
    loops = any(boxes[a.end].x <= boxes[a.start].x for a in arrows)
    total_h = _MARGIN * 2 + tallest * _HEIGHT + (tallest - 1) * _ROW_GAP + (_HEIGHT if loops else 0)
    ordered = tuple(boxes[n] for c in range(columns) for n in rows[c])
    return Diagram(round(total_w, 1), round(total_h, 1), ordered, tuple(arrows), columns)


def _arrow(a: Box, b: Box, link: Link) -> Arrow:
    if b.x > a.x:
        x1, y1 = a.x + a.width, a.y + a.height / 2
        x2, y2 = b.x - 3, b.y + b.height / 2
        dx = (x2 - x1) / 2
        c1, c2 = (x1 + dx, y1), (x2 - dx, y2)
    else:  # a backward or same-column edge: loop below the boxes
        x1, y1 = a.x + a.width / 2, a.y + a.height
        x2, y2 = b.x + b.width / 2, b.y + b.height + 3
        c1, c2 = (x1, y1 + _HEIGHT), (x2, y2 + _HEIGHT)
    mx = (x1 + 3 * c1[0] + 3 * c2[0] + x2) / 8
    my = (y1 + 3 * c1[1] + 3 * c2[1] + y2) / 8
    _, _, sign, weight, dashed, title = link
    return Arrow(
        start=a.node, end=b.node,
        d=f"M{x1:.1f},{y1:.1f} C{c1[0]:.1f},{c1[1]:.1f} {c2[0]:.1f},{c2[1]:.1f} {x2:.1f},{y2:.1f}",
        sign=sign, weight=max(1, min(4, weight)), dashed=dashed,
        label_x=round(mx, 1), label_y=round(my, 1), title=clean(title),
    )
