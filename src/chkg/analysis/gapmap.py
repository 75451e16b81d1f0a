"""The evidence gap map: rows (policies, approaches) × outcome columns.

A cell holds the independent evidence linking its row to its outcome within ``max_hops``: the
distinct statements and sources on every admissible chain (so one sentence split into three
claims is one statement; claims and passages are counted too, for reference), whether any chain is stated, and the certainty of the best chain. An
empty cell is a gap. Columns are outcomes, workforce first, then patient, system and culture;
each column also names the outcome's families (``skos:broader``) so a reader can roll up.

Examples
--------
>>> from chkg.analysis.network import AnalysisGraph, Claim, Entity
>>> from chkg.evidence.certainty import Certainty
>>> G = AnalysisGraph()
>>> G.add_entity(Entity("p", "plan", "policy"))
>>> G.add_entity(Entity("o", "care", "outcome", "patient"))
>>> for c in [Claim("a", "p", "m", Certainty.LOW, statement="s1", source="src"),
...           Claim("b", "m", "o", Certainty.LOW, statement="s1", source="src")]:
...     G.add_claim(c)
>>> cell = gap_map(G).cell("p", "o")
>>> cell.statements, cell.sources, cell.claims, cell.stated, cell.certainty.label
(1, 1, 2, True, 'low')
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from chkg.analysis.chains import Chain, ChainOptions
from chkg.analysis.kinds import OUTCOME_KINDS
from chkg.analysis.network import AnalysisGraph, nodes_of_kind, outcomes_of_kind
from chkg.analysis.ranking import rank_key
from chkg.analysis.reach import DEFAULT_PATH_LIMIT
from chkg.analysis.routes import RouteBudget, count_evidence, route_space, routes
from chkg.analysis.search import check_positive
from chkg.evidence.certainty import Certainty

__all__ = ["GapCell", "GapMap", "gap_map"]

#: The outcome kinds in the order of the kinds table (workforce, patient, system, culture).
_OUTCOME_ORDER = {kind: i for i, kind in enumerate(OUTCOME_KINDS)}


@dataclass(frozen=True)
class GapCell:
    """The evidence behind a row → outcome cell."""

    statements: int = 0
    sources: int = 0
    claims: int = 0
    passages: int = 0
    routes: int = 0
    stated: bool = False
    certainty: Certainty | None = None
    direct: bool = False

    @property
    def gap(self) -> bool:
        """True when no admissible chain links the row to the outcome within ``max_hops``."""
        return self.statements == 0


@dataclass(frozen=True)
class GapMap:
    """The evidence gap map: ``cells[(row, column)]`` for every row and outcome column.

    ``stopped`` holds the rows whose route search stopped after ``path_limit`` routes, and
    ``out_of_time`` those the seconds budget (``max_seconds``) stopped or left unsearched:
    their cells are lower bounds, and a cell shown as a gap may not be one.
    """

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: dict[tuple[str, str], GapCell] = field(default_factory=dict)
    max_hops: int = 5
    stopped: frozenset[str] = frozenset()
    path_limit: int = DEFAULT_PATH_LIMIT
    out_of_time: frozenset[str] = frozenset()
    #: the seconds budget of the search (``None``: no budget)
    max_seconds: float | None = None

    @property
    def truncated(self) -> bool:
        """True when the search stopped early for at least one row (either bound)."""
        return bool(self.stopped or self.out_of_time)

    @property
    def stopped_at(self) -> int | None:
        """The route limit, when some row's search stopped there; else ``None``."""
        return self.path_limit if self.stopped else None

    @property
    def stopped_after_seconds(self) -> float | None:
        """The seconds budget, when it ran out before every row was searched in full; else ``None``."""
        return self.max_seconds if self.out_of_time else None

    def cell(self, row: str, column: str) -> GapCell:
        """The cell of ``row`` and ``column`` (an empty cell when it has no evidence)."""
        return self.cells.get((str(row), str(column)), GapCell())

    @property
    def gaps(self) -> int:
        """How many cells are empty."""
        return sum(1 for r in self.rows for c in self.columns if self.cell(r, c).gap)


def gap_map(
    G: AnalysisGraph,
    *,
    row_kinds: Sequence[str] = ("policy", "approach"),
    options: ChainOptions | None = None,
    max_hops: int = 5,
    path_limit: int = DEFAULT_PATH_LIMIT,
    budget: RouteBudget | None = None,
) -> GapMap:
    """The evidence gap map of ``G`` (see the module documentation).

    ``path_limit`` stops following a row's routes after this many (counts are then lower
    bounds, and the row is in the result's ``stopped``). ``budget`` (seconds shared with the
    caller's other searches; default none), once it runs out, stops the current row and leaves
    every later row unsearched (empty); those rows are the result's ``out_of_time``.
    """
    check_positive(max_hops=max_hops, path_limit=path_limit)
    rows = [n for kind in row_kinds for n in nodes_of_kind(G, kind)]
    columns = sorted(
        outcomes_of_kind(G, "any"),
        key=lambda n: (_OUTCOME_ORDER.get(G.entities[n].outcome_kind or "", 9), G.label(n).casefold(), n),
    )
    cells: dict[tuple[str, str], GapCell] = {}
    stopped: set[str] = set()
    out_of_time: list[str] = []
    space = route_space(G, columns, options=options, max_hops=max_hops)
    for row in rows:
        if budget is not None and budget.expired():
            out_of_time.append(row)
            continue
        claims: dict[str, set[str]] = defaultdict(set)
        count: dict[str, int] = defaultdict(int)
        stated: dict[str, bool] = defaultdict(bool)
        direct: dict[str, bool] = defaultdict(bool)
        best: dict[str, Chain] = {}
        for i, route in enumerate(routes(G, row, columns, options=options, max_hops=max_hops, space=space,
                                         budget=budget)):
            if i >= path_limit:
                stopped.add(row)
                break
            end = route.nodes[-1]
            claims[end] |= route.claims
            count[end] += 1
            stated[end] = stated[end] or route.stated
            direct[end] = direct[end] or len(route.nodes) == 2
            if end not in best or rank_key(G, route.best) < rank_key(G, best[end]):
                best[end] = route.best
        if budget is not None and budget.ran_out:  # routes() stopped for it
            out_of_time.append(row)
        for column, claim_set in claims.items():
            evidence = count_evidence(G, claim_set)
            cells[(row, column)] = GapCell(
                statements=evidence.statements,
                sources=evidence.sources,
                claims=evidence.claims,
                passages=len({G.claims[c].passage for c in claim_set if G.claims[c].passage is not None}),
                routes=count[column],
                stated=stated[column],
                certainty=best[column].certainty,
                direct=direct[column],
            )
    return GapMap(tuple(rows), tuple(columns), cells, max_hops, frozenset(stopped), path_limit,
                  frozenset(out_of_time), budget.max_seconds if budget is not None else None)
