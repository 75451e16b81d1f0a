"""Build the report model (:class:`chkg.report.model.Report`) from the analysis.

What the report says is decided here: the executive summary's sentences (each with the claims
it rests on), the cross-policy ranking, the overview picture, each policy's page, and the gap
map rolled up by outcome family. The writers only render it.

Examples
--------
>>> from chkg.report.example import EXAMPLE_FAMILIES, example_graph
>>> r = build_report(example_graph(), inputs=ReportInputs(family_labels=EXAMPLE_FAMILIES))
>>> [p.policy.label for p in r.policies], r.policies[0].slug
(['plan'], 'ex-plan')
>>> r.summary.ranking[0].stated_outcomes, [f.label for f in r.gap_map.families]
(3, ['staff wellbeing', 'workforce supply', 'Patient outcomes'])
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path

from rdflib import Graph

from chkg.analysis import AnalysisGraph
from chkg.analysis import ExecutiveSummary as AnalysisSummary
from chkg.analysis.gapmap import GapMap
from chkg.analysis.kinds import OUTCOME_KINDS
from chkg.analysis.reach import DEFAULT_PATH_LIMIT, truncation_note
from chkg.analysis.routes import RouteBudget
from chkg.report import adapter
from chkg.report.adapter import PairEvidence
from chkg.report.facts import ReportFacts
from chkg.report.layout import Diagram, Link, layout_bipartite, layout_layers
from chkg.report.model import (
    CERTAINTY_LEVELS,
    ChainView,
    ClaimLocation,
    Counts,
    ExecutiveSummary,
    GapFamily,
    GapFamilyCell,
    GapMapView,
    GapOutcomeCell,
    GapRow,
    OutcomeRow,
    PolicySection,
    RankingRow,
    Report,
    SourceDoc,
    Step,
    SummaryLine,
)
from chkg.report.sources import anchor, claim_locations, source_documents
from chkg.report.text import count, join, names

__all__ = ["build_report", "safe_slug", "unique_slugs", "DEFAULT_TITLE", "ReportInputs"]

DEFAULT_TITLE = "Creative health and the NHS workforce: influence paths"
_SLUG = re.compile(r"[^a-z0-9]+")
# the outcome kinds of the kinds table (chkg.vocab.kinds), in its order: "Workforce outcomes"...
_KIND_FAMILY = {kind: f"{kind.capitalize()} outcomes" for kind in (*OUTCOME_KINDS, "other")}
_KIND_ORDER = {kind: i for i, kind in enumerate(OUTCOME_KINDS)}


class ReportInputs:
    """What the report is built from besides the analysis graph: the facts it reads from the RDF
    (sources, statements' selectors, quotes, outcome family names: ``facts``, or an rdflib graph
    ``rdf`` to take them from), the folder of source texts, or family labels given directly."""

    def __init__(self, rdf: Graph | None = None, sources_dir: Path | Sequence[Path] | None = None,
                 family_labels: Mapping[str, str] | None = None, facts: ReportFacts | None = None) -> None:
        self.facts = facts if facts is not None else ReportFacts.from_rdf(rdf) if rdf is not None else None
        self.sources_dir = sources_dir
        self.family_labels = dict(family_labels or {})


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


def unique_slugs(iris: Iterable[str], fallback: str = "policy") -> dict[str, str]:
    """IRI → slug, made unique with ``-2``, ``-3`` … in order.

    Examples
    --------
    >>> unique_slugs(["a/plan", "b/plan"])
    {'a/plan': 'plan', 'b/plan': 'plan-2'}
    """
    slugs: dict[str, str] = {}
    used: set[str] = set()
    for i, iri in enumerate(iris, start=1):
        base = safe_slug(iri, fallback=f"{fallback}-{i}")
        slug, n = base, 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        slugs[iri] = slug
    return slugs


def build_report(
    G: AnalysisGraph,
    policies: Iterable[str] | None = None,
    *,
    inputs: ReportInputs | None = None,
    max_hops: int = 5,
    title: str = DEFAULT_TITLE,
    path_limit: int = DEFAULT_PATH_LIMIT,
    max_seconds: float | None = None,
) -> Report:
    """The whole report as data (see the module docstring).

    ``path_limit`` bounds the routes followed per policy (reach), per row (gap map) and over
    all policies (leverage). ``max_seconds`` (default ``None``: no limit) bounds the seconds of
    all those route searches together (one :class:`~chkg.analysis.routes.RouteBudget`, its clock
    started when the analysis starts): once used up, the search under way stops and every later
    policy, leverage and gap-map row is left unsearched. When any search stops early, the report
    says so in one sentence naming the bound (``truncation_note``) on page 1 and in each section
    concerned, and a policy left unsearched is not said to reach nothing.
    """
    inputs = inputs or ReportInputs()
    docs: tuple[SourceDoc, ...] = ()
    locations: dict[str, ClaimLocation] = {}
    if inputs.facts is not None and inputs.sources_dir is not None:
        docs = source_documents(inputs.facts, inputs.sources_dir)
        locations = claim_locations(inputs.facts, docs)
    pages = {claim: f"sources/{loc.source_slug}.html#{anchor(claim)}" for claim, loc in locations.items()}
    families = _families(G, inputs)
    budget = RouteBudget(max_seconds)
    analysed = adapter.analyse(G, policies, max_hops, pages, path_limit, budget)
    slugs = unique_slugs(analysed.pairs)
    family_of = {o.iri: f.label for f in families.values() for o in f.outcomes}
    sections = tuple(_section(G, p, slugs[p], rows, family_of, p in analysed.truncated, max_hops)
                     for p, rows in analysed.pairs.items())
    documents = analysed.documents
    kinds: dict[str, int] = {}
    for entity in G.entities.values():
        kinds[entity.kind] = kinds.get(entity.kind, 0) + 1
    statements, sources = adapter.evidence_count(G, G.claims)
    summary = _summary(G, analysed.summary, sections, slugs, analysed.pairs)
    leverage, ranked = adapter.leverage_entries(G, max_hops, path_limit, budget)
    gm = adapter.gap(G, max_hops, path_limit, budget)
    gaps = _gap_map(G, families, gm, max_hops)
    at_limit = any(x is not None for x in (analysed.stopped_at, ranked.stopped_at, gm.stopped_at))
    if policies is None:  # most supported first, as the ranking on page 1; chosen policies keep their order
        order = {row.policy.iri: i for i, row in enumerate(summary.ranking)}
        sections = tuple(sorted(sections, key=lambda s: order[s.policy.iri]))
    return Report(
        title=title, generator="chkg report", date=date.today().isoformat(), max_hops=max_hops,
        counts=Counts(len(G.entities), len(G.claims), statements, sources, dict(sorted(kinds.items()))),
        summary=summary,
        overview=_overview(sections, families),
        policies=sections,
        leverage=leverage,
        gap_map=gaps,
        sources=docs,
        pair_documents=documents,
        locations=locations,
        claim_pages=pages,
        path_limit=path_limit,
        leverage_truncated=ranked.truncated,
        # the shared budget runs out only in a search it then stops: ran_out is exact
        truncation_note=truncation_note(path_limit if at_limit else None,
                                        budget.max_seconds if budget.ran_out else None),
    )


# -- policy pages ----------------------------------------------------------------------


def _section(G: AnalysisGraph, policy: str, slug: str, rows: Sequence[PairEvidence],
             family_of: Mapping[str, str], truncated: bool, max_hops: int) -> PolicySection:
    """One policy's page section; ``family_of`` names each outcome's family (built once for all)."""
    reached = tuple(
        OutcomeRow(adapter.node_view(G, r.outcome), r.outcome_kind, family_of.get(r.outcome, ""),
                   r.statements, r.sources, r.stated_statements, r.best)
        for r in rows
    )
    shown = [o.best for o in reached if o.outcome_kind in ("workforce", "patient")] or [o.best for o in reached]
    evidence: list[Step] = []
    seen: set[str] = set()
    for chain in shown:
        for step in chain.steps:
            if step.claim not in seen:
                seen.add(step.claim)
                evidence.append(step)
    entity = G.entities.get(policy)
    return PolicySection(
        policy=adapter.node_view(G, policy), slug=slug, type_label=(entity.type_label if entity else "") or "policy",
        definition=entity.definition if entity else "",
        summary=_policy_sentence(G, policy, reached, max_hops, truncated),
        reached=reached, diagram=_chain_diagram(G, shown), evidence=tuple(evidence), truncated=truncated,
    )


def _policy_sentence(G: AnalysisGraph, policy: str, reached: Sequence[OutcomeRow], max_hops: int,
                     truncated: bool = False) -> str:
    name = G.label(policy)
    core = [o for o in reached if o.outcome_kind in ("workforce", "patient")]
    stated = [o for o in core if o.best.stated]
    stitched = [o for o in core if not o.best.stated]
    if not core:
        others = [o.outcome.label for o in reached]
        tail = f" It reaches {count(len(others), 'other outcome')} ({names(others)})." if others else ""
        entity = G.entities.get(policy)
        general = [g for g in (entity.example_of if entity else ()) if g in G]
        example = (f" The source gives it as an example of {join([G.label(g) for g in general])}: "
                   "see there for what the source claims of such policies.") if general else ""
        if truncated:  # not searched in full (or at all): finding nothing is not evidence of nothing
            return (f"The route search from {name} stopped before it was complete, having found no "
                    f"workforce or patient outcome within {max_hops} steps: that is not evidence that "
                    f"it reaches none.{tail}{example}")
        return (f"{name} reaches no workforce or patient outcome within {max_hops} steps "
                f"in the curated evidence.{tail}{example}")
    if stated:
        text = (f"For {name}, the source states chains to {count(len(stated), 'workforce or patient outcome')} "
                f"({names([o.outcome.label for o in stated])})")
        if stitched:
            text += (f"; {len(stitched)} more ({names([o.outcome.label for o in stitched])}) "
                     f"{'is' if len(stitched) == 1 else 'are'} reached only by stitching statements together, "
                     "a hypothesis")
    else:
        text = (f"For {name}, the source states no chain to a workforce or patient outcome; "
                f"{count(len(stitched), 'outcome')} ({names([o.outcome.label for o in stitched])}) "
                f"{'is' if len(stitched) == 1 else 'are'} reached only by stitching statements together, a hypothesis")
    best = core[0]
    via = [n.label for n in best.best.nodes[1:-1]]
    route = f" through {join(via)}" if via else " directly"
    effect = "" if best.best.effect == "direction not recorded" else f"{best.best.effect} "
    return (f"{text}. Its best-supported chain is {effect}to {best.outcome.label}{route} "
            f"({'stated' if best.best.stated else 'stitched'}, {best.best.certainty} certainty, "
            f"{count(best.statements, 'independent statement')}).")


def _chain_diagram(G: AnalysisGraph, chains: Sequence[ChainView]) -> Diagram:
    links: list[Link] = []
    for chain in chains:
        for step in chain.steps:
            weight = len(CERTAINTY_LEVELS) - CERTAINTY_LEVELS.index(step.certainty)
            links.append((step.start.iri, step.end.iri, step.sign, weight, not chain.stated,
                          f"{step.start.label} {step.relation_words} {step.end.label} "
                          f"({'+' if step.sign > 0 else '−'}, {step.certainty} certainty)"))
    nodes = {n.iri for c in chains for n in c.nodes}
    return layout_layers(links, {n: G.label(n) for n in nodes}, {n: _css_kind(G, n) for n in nodes},
                         starts=[c.nodes[0].iri for c in chains])


def _css_kind(G: AnalysisGraph, node: str) -> str:
    entity = G.entities.get(node)
    if entity is None:
        return "other"
    return f"outcome-{entity.outcome_kind}" if entity.kind == "outcome" and entity.outcome_kind else entity.kind


# -- page 1 ------------------------------------------------------------------------------


def _summary(G: AnalysisGraph, summary: AnalysisSummary, sections: Sequence[PolicySection],
             slugs: Mapping[str, str], pairs: Mapping[str, Sequence[PairEvidence]]) -> ExecutiveSummary:
    findings = tuple(SummaryLine(f.sentence.text, f.sentence.claims, slugs.get(f.policy, ""), True)
                     for f in summary.findings)
    hypotheses = tuple(
        SummaryLine(h.sentence.text, h.sentence.claims, slugs.get(h.policy, ""), False,
                    tuple(SummaryLine(a.sentence.text, a.sentence.claims, slugs.get(h.policy, ""), False)
                          for a in h.assumptions))
        for h in summary.hypotheses
    )
    ranking: list[RankingRow] = []
    for s in sections:
        core = [r for r in pairs.get(s.policy.iri, ()) if r.outcome_kind in summary.kinds]
        stated = [r for r in core if r.stated]
        best = min((CERTAINTY_LEVELS.index(r.best.certainty) for r in stated), default=None)
        statements, sources = adapter.evidence_count(G, {c for r in core for c in r.claims})
        ranking.append(RankingRow(s.policy, s.slug, len(stated), len(core) - len(stated),
                                  CERTAINTY_LEVELS[best] if best is not None else None, statements, sources))
    ranking.sort(key=lambda r: (-r.stated_outcomes,
                                CERTAINTY_LEVELS.index(r.best_certainty) if r.best_certainty else 9,
                                -r.statements, -r.stitched_outcomes, r.policy.label.casefold()))
    return ExecutiveSummary(
        overview=SummaryLine(summary.overview.text, summary.overview.claims),
        findings=findings, hypotheses=hypotheses, ranking=tuple(ranking),
        source_note=SummaryLine(summary.source_note.text, ()),
    )


def _overview(sections: Sequence[PolicySection], families: dict[str, GapFamily]) -> Diagram:
    family_key = {o.iri: key for key, f in families.items() for o in f.outcomes}
    links: list[Link] = []
    left: list[str] = []
    for s in sections:
        by_family: dict[str, list[OutcomeRow]] = {}
        for o in s.of_kind("workforce", "patient"):
            by_family.setdefault(family_key.get(o.outcome.iri, f"kind:{o.outcome_kind}"), []).append(o)
        if by_family:
            left.append(s.policy.iri)
        for key, rows in by_family.items():
            stated = [o for o in rows if o.best.stated]
            pool = stated or rows
            best = min(CERTAINTY_LEVELS.index(o.best.certainty) for o in pool)
            links.append((s.policy.iri, key, 1, len(CERTAINTY_LEVELS) - best, not stated,
                          f"{s.policy.label}: {count(len(rows), 'outcome')} in "
                          f"{families[key].label if key in families else key} "
                          f"({'stated' if stated else 'stitched only'}, best {CERTAINTY_LEVELS[best]} certainty)"))
    right = [k for k in families if any(link[1] == k for link in links)]
    labels = {s.policy.iri: s.policy.label for s in sections} | {k: f.label for k, f in families.items()}
    kinds = {s.policy.iri: "policy" for s in sections} | {k: f"outcome-{f.outcome_kind}" for k, f in families.items()}
    return layout_bipartite(left, right, links, labels, kinds)


# -- gap map -----------------------------------------------------------------------------


def _families(G: AnalysisGraph, inputs: ReportInputs) -> dict[str, GapFamily]:
    """Outcome families (SKOS ``skos:broader``, from the analysis graph), else the outcome kind."""
    outcomes = sorted((e for e in G.entities.values() if e.kind == "outcome"),
                      key=lambda e: (_KIND_ORDER.get(str(e.outcome_kind), 9), e.label.casefold()))
    groups: dict[str, tuple[str, str, list[str]]] = {}
    for e in outcomes:
        kind = e.outcome_kind or "other"
        if e.families:
            key = e.families[0]
            name = _family_label(key, inputs)
        else:
            key, name = f"kind:{kind}", _KIND_FAMILY.get(kind, f"{kind} outcomes")
        groups.setdefault(key, (name, kind, []))[2].append(e.iri)
    ordered = sorted(groups.items(), key=lambda kv: (_KIND_ORDER.get(kv[1][1], 9), kv[0].startswith("kind:"),
                                                     kv[1][0].casefold()))
    return {key: GapFamily(key, name, kind, tuple(adapter.node_view(G, n) for n in nodes))
            for key, (name, kind, nodes) in ordered}


def _family_label(family: str, inputs: ReportInputs) -> str:
    if family in inputs.family_labels:
        return inputs.family_labels[family]
    if inputs.facts is not None and family in inputs.facts.names:
        return inputs.facts.names[family]
    local = re.split(r"[/#:]", family)[-1]
    return re.sub(r"^outcome-family-", "", local).replace("-", " ")


def _gap_map(G: AnalysisGraph, families: dict[str, GapFamily], gm: GapMap, max_hops: int) -> GapMapView:
    """The view of the analysis' gap map ``gm``, sparse: only the cells (outcome and family)
    that hold evidence.

    One pass over the analysis' non-empty cells; rows × outcomes is never walked (282 million
    cells at a million triples).
    """
    columns = set(gm.columns)
    fams = tuple(GapFamily(f.key, f.label, f.outcome_kind, tuple(o for o in f.outcomes if o.iri in columns))
                 for f in families.values())
    fams = tuple(f for f in fams if f.outcomes)
    position = {o.iri: (fi, oi) for fi, f in enumerate(fams) for oi, o in enumerate(f.outcomes)}
    by_row: dict[str, list[tuple[tuple[int, int], GapOutcomeCell]]] = {}
    for (row, column), c in gm.cells.items():
        if column in position and c.statements:
            level = adapter.level(c.certainty.label) if c.certainty is not None else None
            by_row.setdefault(row, []).append(
                (position[column], GapOutcomeCell(column, c.statements, c.sources, c.stated, level, c.direct)))
    out: list[GapRow] = []
    filled = 0
    for row in gm.rows:
        placed = sorted(by_row.get(row, ()), key=lambda item: item[0])
        filled += len(placed)
        fam_cells: list[GapFamilyCell] = []
        for fi, group in itertools.groupby(placed, key=lambda item: item[0][0]):
            cells = [cell for _, cell in group]
            fam_cells.append(GapFamilyCell(fams[fi].key, len(cells), sum(1 for c in cells if c.stated),
                                           len(fams[fi].outcomes), max(c.statements for c in cells)))
        out.append(GapRow(adapter.node_view(G, row), tuple(fam_cells), tuple(cell for _, cell in placed)))
    gaps = len(gm.rows) * len(position) - filled
    return GapMapView(fams, tuple(out), max_hops, gaps, gm.truncated)
