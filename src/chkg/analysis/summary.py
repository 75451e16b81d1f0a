"""The executive summary as data: what the evidence states, what is only hypothesised, and what
the kind of source implies. Every sentence is generated from the analysis and carries the claim
IRIs it rests on.

API for the report
------------------
``executive_summary(G, reach_result=None, *, kinds=("workforce", "patient"), options=None,
max_hops=5) -> ExecutiveSummary``; pass the :func:`chkg.analysis.reach.reach` result the report
already computed to avoid computing it twice (it must use the same ``options``).

- ``ExecutiveSummary.overview`` — a :class:`Sentence` (``text``, ``claims``).
- ``ExecutiveSummary.findings`` — :class:`Finding` per (policy, outcome) with a *stated* chain,
  most supported first (certainty, then independent statements, then sources): ``policy``,
  ``outcome`` (IRIs), labels, ``outcome_kind``, ``certainty`` (a
  :class:`~chkg.evidence.certainty.Certainty`; ``.label`` for words), ``effect``,
  ``statements``, ``sources``, ``chain`` (the best stated :class:`~chkg.analysis.chains.Chain`),
  ``sentence`` (:class:`Sentence`).
- ``ExecutiveSummary.hypotheses`` — :class:`Hypothesis` per pair reached only through stitched
  chains: the same fields plus ``assumptions`` (:class:`Assumption`, one per stitched join:
  ``at``, ``from_claim``, ``to_claim``, ``from_context``, ``to_context``, ``compatible``,
  ``sentence``).
- ``ExecutiveSummary.source_note`` — :class:`Sentence` on what the source types imply.
- :func:`summary_to_dict` — the same as JSON for ``report.json``.

Examples
--------
>>> from chkg.analysis.network import AnalysisGraph, Claim, Entity
>>> from chkg.evidence.certainty import Certainty
>>> G = AnalysisGraph()
>>> G.add_entity(Entity("p", "Plan", "policy"))
>>> G.add_entity(Entity("o", "retention", "outcome", "workforce", direction="higher"))
>>> G.add_claim(Claim("c", "p", "o", Certainty.LOW, statement="s", source="src",
...                   source_title="A response", source_type="advocacyOrConsultation"))
>>> summary = executive_summary(G)
>>> print(summary.findings[0].sentence.text)
Plan has stated evidence of a favourable effect on retention (workforce): low certainty, 1 independent statement from 1 source.
>>> summary.findings[0].sentence.claims
('c',)
>>> print(summary.source_note.text)
Every claim comes from one source, “A response”, an advocacy or consultation document: low certainty at best, whatever its wording.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from chkg.analysis.chains import Chain, ChainOptions, Effect, Join
from chkg.analysis.documents import chain_to_dict, node_ref
from chkg.analysis.network import AnalysisGraph, Claim
from chkg.analysis.reach import OutcomeReach, PolicyReach, reach
from chkg.evidence.certainty import DEFAULT_RULE, Certainty
from chkg.vocab.namespace import CHKG

__all__ = ["Sentence", "Finding", "Assumption", "Hypothesis", "ExecutiveSummary", "executive_summary",
           "summary_to_dict", "SOURCE_TYPE_WORDS"]

#: Source type (local name) → words.
SOURCE_TYPE_WORDS: dict[str, str] = {
    "peerReviewedStudy": "a peer-reviewed study",
    "officialStatistics": "official statistics",
    "evaluationReport": "an evaluation report",
    "greyLiterature": "grey literature",
    "advocacyOrConsultation": "an advocacy or consultation document",
}


@dataclass(frozen=True)
class Sentence:
    """One generated sentence and the claims (IRIs) it rests on."""

    text: str
    claims: tuple[str, ...]


@dataclass(frozen=True)
class Finding:
    """A policy the source links to an outcome by a stated chain."""

    policy: str
    policy_label: str
    outcome: str
    outcome_label: str
    outcome_kind: str
    certainty: Certainty
    effect: Effect
    statements: int
    sources: int
    chain: Chain
    sentence: Sentence


@dataclass(frozen=True)
class Assumption:
    """What a stitched join takes for granted."""

    at: str
    from_claim: str
    to_claim: str
    from_context: str
    to_context: str
    compatible: bool
    sentence: Sentence


@dataclass(frozen=True)
class Hypothesis:
    """A policy linked to an outcome only by stitched chains, with the assumptions of the best."""

    policy: str
    policy_label: str
    outcome: str
    outcome_label: str
    outcome_kind: str
    certainty: Certainty
    effect: Effect
    statements: int
    sources: int
    chain: Chain
    assumptions: tuple[Assumption, ...]
    sentence: Sentence


@dataclass(frozen=True)
class ExecutiveSummary:
    """The executive summary (see the module documentation)."""

    overview: Sentence
    findings: tuple[Finding, ...]
    hypotheses: tuple[Hypothesis, ...]
    source_note: Sentence
    kinds: tuple[str, ...]


def executive_summary(
    G: AnalysisGraph,
    reach_result: Sequence[PolicyReach] | None = None,
    *,
    kinds: Sequence[str] = ("workforce", "patient"),
    options: ChainOptions | None = None,
    max_hops: int = 5,
) -> ExecutiveSummary:
    """Generate the executive summary of ``G`` for outcomes of ``kinds``."""
    reached = list(reach_result) if reach_result is not None else reach(G, options=options, max_hops=max_hops)
    findings: list[Finding] = []
    hypotheses: list[Hypothesis] = []
    for r in reached:
        for o in r.outcomes:
            if o.outcome_kind not in kinds:
                continue
            if o.stated:
                findings.append(_finding(G, r, o))
            else:
                hypotheses.append(_hypothesis(G, r, o))
    findings.sort(key=lambda f: (-f.certainty, -f.statements, -f.sources, f.policy_label.casefold(),
                                 f.outcome_label.casefold()))
    hypotheses.sort(key=lambda h: (-h.certainty, len(h.assumptions), -h.statements, h.policy_label.casefold(),
                                   h.outcome_label.casefold()))
    return ExecutiveSummary(_overview(findings, hypotheses, kinds), tuple(findings), tuple(hypotheses),
                            _source_note(G), tuple(kinds))


def summary_to_dict(G: AnalysisGraph, summary: ExecutiveSummary) -> dict[str, Any]:
    """The summary as JSON (``report.json``): sentences with their claims, chains as in
    :func:`chkg.analysis.documents.chain_to_dict`."""

    def sentence(s: Sentence) -> dict[str, Any]:
        return {"text": s.text, "claims": list(s.claims)}

    def common(x: Finding | Hypothesis) -> dict[str, Any]:
        return {"policy": node_ref(G, x.policy), "outcome": node_ref(G, x.outcome),
                "outcome_kind": x.outcome_kind, "certainty": x.certainty.label, "effect": x.effect,
                "statements": x.statements, "sources": x.sources, "chain": chain_to_dict(G, x.chain),
                "sentence": sentence(x.sentence)}

    return {
        "kinds": list(summary.kinds),
        "overview": sentence(summary.overview),
        "findings": [common(f) for f in summary.findings],
        "hypotheses": [{**common(h), "assumptions": [
            {"at": node_ref(G, a.at), "from_claim": a.from_claim, "to_claim": a.to_claim,
             "from_context": a.from_context, "to_context": a.to_context, "compatible": a.compatible,
             "sentence": sentence(a.sentence)} for a in h.assumptions]} for h in summary.hypotheses],
        "source_note": sentence(summary.source_note),
    }


# -- sentences -----------------------------------------------------------------


def _finding(G: AnalysisGraph, r: PolicyReach, o: OutcomeReach) -> Finding:
    kind = o.outcome_kind or "other"
    n, m = o.stated_evidence.statements, o.stated_evidence.sources
    text = (f"{r.label} has stated evidence of {_effect_words(o.best.effect, o.label, kind)}: "
            f"{o.best.certainty.label} certainty, {_count(n, 'independent statement')} from {_count(m, 'source')}.")
    return Finding(r.policy, r.label, o.outcome, o.label, kind, o.best.certainty, o.best.effect, n, m, o.best,
                   Sentence(text, tuple(sorted(o.stated_claims))))


def _hypothesis(G: AnalysisGraph, r: PolicyReach, o: OutcomeReach) -> Hypothesis:
    kind = o.outcome_kind or "other"
    chain = o.best
    assumptions = tuple(_assumption(G, chain.claims[i], chain.claims[i + 1], j)
                        for i, j in enumerate(chain.joins) if not j.stated)
    via = " → ".join(G.label(n) for n in chain.nodes)
    text = (f"Only a hypothesis: {r.label} may have {_effect_words(chain.effect, o.label, kind)}, by a chain "
            f"the source does not state ({via}; {chain.certainty.label} certainty); it rests on "
            f"{_count(len(assumptions), 'assumption')}.")
    return Hypothesis(r.policy, r.label, o.outcome, o.label, kind, chain.certainty, chain.effect,
                      o.evidence.statements, o.evidence.sources, chain, assumptions,
                      Sentence(text, tuple(c.iri for c in chain.claims)))


def _assumption(G: AnalysisGraph, into: Claim, out: Claim, join: Join) -> Assumption:
    a, b = _where(G, into), _where(G, out)
    text = (f"Assumes that {G.label(join.at)} established {a} carries into the claim made {b}"
            + ("." if join.compatible else ", although those contexts are not compatible."))
    return Assumption(join.at, into.iri, out.iri, a, b, join.compatible, Sentence(text, (into.iri, out.iri)))


def _where(G: AnalysisGraph, claim: Claim) -> str:
    if claim.contexts:
        return "in the context of " + " and ".join(G.context_label(c) for c in claim.contexts)
    return f"in “{claim.statement_label}”" if claim.statement_label else "in another statement"


def _overview(findings: Sequence[Finding], hypotheses: Sequence[Hypothesis], kinds: Sequence[str]) -> Sentence:
    what = " and ".join(kinds)
    policies = len({f.policy for f in findings})
    text = (f"{_count(policies, 'policy', 'policies')} {'has' if policies == 1 else 'have'} stated evidence for "
            f"{_count(len(findings), 'link')} to {what} outcomes; {_count(len(hypotheses), 'further link')} "
            f"{'is' if len(hypotheses) == 1 else 'are'} only hypothesised (stitched across statements).")
    claims = {c for f in findings for c in f.sentence.claims} | {c for h in hypotheses for c in h.sentence.claims}
    return Sentence(text, tuple(sorted(claims)))


def _source_note(G: AnalysisGraph) -> Sentence:
    by_source: dict[str, list[Claim]] = defaultdict(list)
    for claim in G.claims.values():
        by_source[claim.source or ""].append(claim)
    claims = tuple(sorted(G.claims))
    if not by_source:
        return Sentence("The graph holds no claim.", ())
    if len(by_source) == 1:
        [members] = by_source.values()
        first = members[0]
        kind, level = _source_kind(first.source_type)
        title = f", “{first.source_title}”," if first.source_title else ""
        return Sentence(f"Every claim comes from one source{title} {kind}: {level.label} certainty at best, "
                        "whatever its wording.", claims)
    parts = []
    counts: dict[str, int] = defaultdict(int)
    for members in by_source.values():
        counts[members[0].source_type] += 1
    for source_type, n in sorted(counts.items()):
        kind, level = _source_kind(source_type)
        parts.append(f"{n} × {kind} ({level.label} certainty at best)")
    return Sentence(f"The claims come from {len(by_source)} sources: " + "; ".join(parts) + ".", claims)


def _source_kind(source_type: str) -> tuple[str, Certainty]:
    iri = getattr(CHKG, source_type) if source_type in SOURCE_TYPE_WORDS else DEFAULT_RULE.unknown_source
    level = DEFAULT_RULE.start[iri][0]
    words = SOURCE_TYPE_WORDS.get(source_type) or "of no recorded type (treated as grey literature)"
    return words, level


def _effect_words(effect: Effect, outcome: str, kind: str) -> str:
    """``a favourable effect on burnout (workforce)``; unknown direction said, never guessed."""
    if effect == "direction not recorded":
        return f"an effect on {outcome} ({kind}; direction not recorded)"
    return f"{'a favourable' if effect == 'favourable' else 'an unfavourable'} effect on {outcome} ({kind})"


def _count(n: int, noun: str, plural: str | None = None) -> str:
    return f"{n} {noun if n == 1 else (plural or noun + 's')}"
