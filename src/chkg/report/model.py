"""The report as typed data: what every page of ``chkg report`` shows, before any rendering.

The writers (HTML, Markdown, JSON, explorer, exports) read only these dataclasses, so what the
report says is decided in one place (:mod:`chkg.report.build`) and rendered the same way in every
format. ``report.json`` is :func:`to_json` of a :class:`Report`.

Examples
--------
>>> ref = NodeRef("x:plan", "plan", "policy")
>>> to_json(ref)
{'iri': 'x:plan', 'label': 'plan', 'kind': 'policy'}
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field
from typing import Any, Literal

from chkg.report.layout import Diagram

__all__ = [
    "Certainty",
    "CERTAINTY_LEVELS",
    "Effect",
    "NodeRef",
    "Step",
    "JoinView",
    "ChainView",
    "OutcomeRow",
    "PolicySection",
    "SummaryLine",
    "RankingRow",
    "ExecutiveSummary",
    "LeverageEntry",
    "GapFamilyCell",
    "GapOutcomeCell",
    "GapRow",
    "GapFamily",
    "GapMapView",
    "SourceSpan",
    "SourceDoc",
    "ClaimLocation",
    "Counts",
    "Report",
    "to_json",
]

Certainty = Literal["high", "moderate", "low", "very low"]
#: Certainty levels, most certain first (EVIDENCE-MODEL §4).
CERTAINTY_LEVELS: tuple[Certainty, ...] = ("high", "moderate", "low", "very low")
Effect = Literal["favourable", "unfavourable", "direction not recorded"]


@dataclass(frozen=True)
class NodeRef:
    """A node: IRI, label and kind (policy, approach, outcome, …)."""

    iri: str
    label: str
    kind: str = "other"


@dataclass(frozen=True)
class Step:
    """One step of a chain: the claim behind it, in words, with its quote and where it stands.

    ``source_page`` is the report-relative link to the claim in the source viewer (empty when
    the source text is not available).
    """

    claim: str
    start: NodeRef
    end: NodeRef
    relation: str
    relation_words: str
    sign: int
    quote: str
    claim_type: str
    statement: str
    certainty: Certainty
    source: str
    section: str
    passage_label: str
    mechanism: str = ""
    source_page: str = ""


@dataclass(frozen=True)
class JoinView:
    """Where a chain moves between statements: at which node, whether the source states it."""

    at: NodeRef
    stated: bool
    contexts: tuple[str, ...] = ()
    compatible: bool = True


@dataclass(frozen=True)
class ChainView:
    """A chain from a policy to an outcome: stated or stitched, its weakest-link certainty."""

    nodes: tuple[NodeRef, ...]
    steps: tuple[Step, ...]
    stated: bool
    certainty: Certainty
    effect: Effect
    sign: int
    joins: tuple[JoinView, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        """The labels of the chain's nodes, in order."""
        return tuple(n.label for n in self.nodes)


@dataclass(frozen=True)
class OutcomeRow:
    """One outcome a policy reaches: independent statements and sources behind every admissible
    chain (and behind stated chains only), and the best chain."""

    outcome: NodeRef
    outcome_kind: str
    family: str
    statements: int
    sources: int
    stated_statements: int
    best: ChainView


@dataclass(frozen=True)
class PolicySection:
    """A policy's page: summary sentence, the outcomes it reaches, diagram and evidence."""

    policy: NodeRef
    slug: str
    type_label: str
    definition: str
    summary: str
    reached: tuple[OutcomeRow, ...]
    diagram: Diagram
    evidence: tuple[Step, ...]
    #: true when this policy's route search stopped early, at the path limit or out of seconds
    #: (counts are lower bounds; with no outcome reached, the policy may not have been searched)
    truncated: bool = False

    def of_kind(self, *kinds: str) -> tuple[OutcomeRow, ...]:
        """The outcomes reached of these outcome kinds (``other`` for the rest)."""
        return tuple(o for o in self.reached
                     if o.outcome_kind in kinds or ("other" in kinds
                                                    and o.outcome_kind not in ("workforce", "patient")))


@dataclass(frozen=True)
class SummaryLine:
    """One sentence of the executive summary and the claims it rests on (to link them)."""

    text: str
    claims: tuple[str, ...]
    policy_slug: str = ""
    stated: bool = True
    #: the assumptions a hypothesis rests on, each a sentence with its claims
    assumptions: tuple[SummaryLine, ...] = ()


@dataclass(frozen=True)
class RankingRow:
    """A policy in the cross-policy ranking: outcomes by stated chain, and only by hypothesis."""

    policy: NodeRef
    slug: str
    stated_outcomes: int
    stitched_outcomes: int
    best_certainty: Certainty | None
    statements: int
    sources: int


@dataclass(frozen=True)
class ExecutiveSummary:
    """Page 1: what is stated (most supported first), what is only hypothesised, the ranking."""

    overview: SummaryLine
    findings: tuple[SummaryLine, ...]
    hypotheses: tuple[SummaryLine, ...]
    ranking: tuple[RankingRow, ...]
    source_note: SummaryLine


@dataclass(frozen=True)
class LeverageEntry:
    """A node in the leverage ranking: independent statements and routes through it."""

    node: NodeRef
    statements: int
    routes: int
    policies: int
    outcomes: int


#: The most cells (rows × outcome families) the gap map's roll-up table prints.
ROLLUP_TABLE_CELLS = 40_000


@dataclass(frozen=True)
class GapOutcomeCell:
    """One (row, outcome) cell of the drill-down: independent statements and sources, or a gap."""

    outcome: str
    statements: int
    sources: int
    stated: bool
    certainty: Certainty | None
    direct: bool

    @property
    def gap(self) -> bool:
        """True when no evidence links the row to the outcome."""
        return self.statements == 0


@dataclass(frozen=True)
class GapFamilyCell:
    """One (row, outcome family) cell: how many of the family's outcomes have evidence, how
    many by a stated chain, and the most statements behind one of them."""

    family: str
    reached: int
    stated: int
    outcomes: int
    statements: int

    @property
    def gap(self) -> bool:
        """True when no outcome of the family has evidence from this row."""
        return self.reached == 0


@dataclass(frozen=True)
class GapRow:
    """A policy or approach: its rolled-up family cells and the outcome cells that hold evidence.

    Both ``families`` and ``cells`` are sparse (gaps are not listed, so a report over thousands
    of outcomes and families stays linear in the evidence); :meth:`cell` answers for any outcome
    and :meth:`family` for any family.
    """

    node: NodeRef
    families: tuple[GapFamilyCell, ...]
    cells: tuple[GapOutcomeCell, ...]

    def cell(self, outcome: str) -> GapOutcomeCell:
        """The cell of ``outcome``: its evidence, or a gap."""
        found = self._by_outcome.get(outcome)
        return found if found is not None else GapOutcomeCell(outcome, 0, 0, False, None, False)

    def family(self, family: GapFamily) -> GapFamilyCell:
        """The rolled-up cell of ``family``: how many of its outcomes have evidence, or a gap."""
        found = self._by_family.get(family.key)
        return found if found is not None else GapFamilyCell(family.key, 0, 0, len(family.outcomes), 0)

    @functools.cached_property
    def _by_outcome(self) -> dict[str, GapOutcomeCell]:
        return {c.outcome: c for c in self.cells}

    @functools.cached_property
    def _by_family(self) -> dict[str, GapFamilyCell]:
        return {c.family: c for c in self.families}


@dataclass(frozen=True)
class GapFamily:
    """An outcome family (SKOS ``skos:broader``, or the outcome kind when there is none)."""

    key: str
    label: str
    outcome_kind: str
    outcomes: tuple[NodeRef, ...]


@dataclass(frozen=True)
class GapMapView:
    """The gap map rolled up by outcome family, with the per-outcome drill-down.

    The roll-up table has a cell for every row and family; past :data:`ROLLUP_TABLE_CELLS`
    cells (thousands of policies times hundreds of families) it is left out (``rollup_fits``),
    and the drill-down, which lists per family only the rows with evidence for it, remains.
    """

    families: tuple[GapFamily, ...]
    rows: tuple[GapRow, ...]
    max_hops: int
    gaps: int
    #: true when the route search stopped early for some row, at the path limit or out of
    #: seconds (cells are lower bounds)
    truncated: bool = False

    @property
    def outcome_count(self) -> int:
        """The number of outcome columns over all families."""
        return sum(len(f.outcomes) for f in self.families)

    @property
    def rollup_fits(self) -> bool:
        """True when the roll-up table (rows × families) is small enough to print."""
        return len(self.rows) * len(self.families) <= ROLLUP_TABLE_CELLS

    def rows_reaching(self, family: GapFamily) -> tuple[GapRow, ...]:
        """The rows with evidence for at least one outcome of ``family``, in row order."""
        return self._rows_by_family.get(family.key, ())

    @functools.cached_property
    def _rows_by_family(self) -> dict[str, tuple[GapRow, ...]]:
        index: dict[str, list[GapRow]] = {}
        for row in self.rows:
            for cell in row.families:
                index.setdefault(cell.family, []).append(row)
        return {key: tuple(rows) for key, rows in index.items()}


@dataclass(frozen=True)
class SourceSpan:
    """A statement's span in a source's raw text and the claims stated in it."""

    start: int
    end: int
    statement: str
    label: str
    claims: tuple[str, ...]


@dataclass(frozen=True)
class SourceDoc:
    """A source's raw text and its statements' spans, for ``sources/<slug>.html``."""

    iri: str
    slug: str
    title: str
    text: str
    spans: tuple[SourceSpan, ...]


@dataclass(frozen=True)
class ClaimLocation:
    """Where a claim stands: its source page, its paragraph, and the quote's offsets inside it."""

    source_slug: str
    paragraph: str
    quote_start: int
    quote_end: int


@dataclass(frozen=True)
class Counts:
    """What the report was built from."""

    entities: int
    claims: int
    statements: int
    sources: int
    kinds: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Report:
    """Everything ``chkg report`` writes, as data."""

    title: str
    generator: str
    date: str
    max_hops: int
    counts: Counts
    summary: ExecutiveSummary
    overview: Diagram
    policies: tuple[PolicySection, ...]
    leverage: tuple[LeverageEntry, ...]
    gap_map: GapMapView
    sources: tuple[SourceDoc, ...] = ()
    #: ``"policy\toutcome"`` → the JSON ``chkg paths --from policy --to outcome --format json`` prints
    pair_documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: claim IRI → where it stands in its source (for the explorer's quote panel)
    locations: dict[str, ClaimLocation] = field(default_factory=dict)
    #: claim IRI → its place in the source viewer (``sources/<slug>.html#<claim>``)
    claim_pages: dict[str, str] = field(default_factory=dict)
    #: the routes each search follows before it stops (``--path-limit``)
    path_limit: int = 100_000
    #: true when the leverage ranking's route search stopped early (path limit or seconds)
    leverage_truncated: bool = False
    #: one plain sentence when any count stopped early (else empty), naming the bound reached:
    #: the path limit, the seconds budget (``--max-seconds``) or both; page 1 shows it, and
    #: each section that stopped repeats it
    truncation_note: str = ""


# left out of report.json: the source texts and spans (in sources/), the explorer's embedded data,
# and the links to source pages, which exist only where the texts do: report.json is the same
# whether the graph was read from files or from a SPARQL endpoint
_NOT_IN_JSON = {"Report": ("sources", "pair_documents", "locations", "claim_pages"), "Step": ("source_page",)}


def to_json(value: Any) -> Any:
    """A report object as JSON-ready data; diagrams (layout only) and source texts left out.

    Examples
    --------
    >>> to_json(JoinView(NodeRef("x:a", "a"), stated=False))
    {'at': {'iri': 'x:a', 'label': 'a', 'kind': 'other'}, 'stated': False, 'contexts': [], 'compatible': True}
    """
    if isinstance(value, Diagram):
        return None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            if isinstance(item, Diagram) or f.name in _NOT_IN_JSON.get(type(value).__name__, ()):
                continue
            out[f.name] = to_json(item)
        return out
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    return value
