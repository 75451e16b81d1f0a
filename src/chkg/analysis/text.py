"""Text, Markdown and JSON output of ``chkg paths`` and ``chkg whatif``.

A chain is introduced by what the rules make of it, in words: ``stated`` (the source states the
whole chain) or ``hypothesis (stitched at X: contexts A / B)``, its certainty ("low
certainty"), and its effect on the end ("favourable", "unfavourable" or "direction not
recorded"). Each hop shows its claim type, its certainty, the quote and the statement it stands
in.

Examples
--------
>>> from chkg.analysis.network import AnalysisGraph, Claim, Entity
>>> from chkg.analysis.search import find_chains
>>> from chkg.evidence.certainty import Certainty
>>> G = AnalysisGraph()
>>> G.add_entity(Entity("p", "plan", "policy"))
>>> G.add_entity(Entity("o", "burnout", "outcome", "workforce", direction="lower"))
>>> G.add_claim(Claim("c", "p", "o", Certainty.LOW, sign=-1, claim_type="assertedEffect",
...                   relation_label="reduces", statement="s", statement_label="sentence 1", quote="q"))
>>> print(format_paths(G, "p", "o", find_chains(G, "p", "o")), end="")
From plan to burnout: 1 chain (best first)
<BLANKLINE>
1. stated · low certainty · favourable (lowers burnout) · 1 step
   plan
     --[- reduces · asserted effect · low]--> burnout
         "q"
         sentence 1
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Literal

from chkg.analysis.chains import Chain, Join
from chkg.analysis.documents import paths_document, whatif_document
from chkg.analysis.network import AnalysisGraph
from chkg.analysis.reach import truncation_note
from chkg.analysis.search import ChainSearch
from chkg.analysis.whatif import KnockOut, MinCut

__all__ = ["OutputFormat", "CLAIM_TYPE_WORDS", "describe_chain", "describe_join", "format_paths", "format_whatif"]

OutputFormat = Literal["text", "json", "md"]

#: Claim type (local name) → words.
CLAIM_TYPE_WORDS: dict[str, str] = {
    "observedEffect": "observed effect",
    "assertedEffect": "asserted effect",
    "potentialEffect": "potential effect",
    "intendedPurpose": "intended purpose",
    "alignment": "alignment",
    "definitional": "definition",
    "": "no claim type",
}


def describe_join(G: AnalysisGraph, join: Join) -> str:
    """A stitched join in words: ``stitched at X: contexts A / B`` (``incompatible`` added)."""
    sides = [", ".join(G.context_label(c) for c in side) or "none recorded" for side in join.contexts]
    text = f"stitched at {G.label(join.at)}: contexts {sides[0]} / {sides[1]}"
    return text if join.compatible else text + " (incompatible)"


def describe_chain(G: AnalysisGraph, chain: Chain) -> str:
    """``stated · low certainty · favourable (...) · 2 steps`` or ``hypothesis (stitched at …) · …``."""
    if chain.stated:
        status = "stated"
    else:
        status = "hypothesis (" + "; ".join(describe_join(G, j) for j in chain.joins if not j.stated) + ")"
    end = G.label(chain.nodes[-1])
    effect = f"{chain.effect} ({'raises' if chain.sign > 0 else 'lowers'} {end})"
    steps = f"{chain.steps} step{'s' if chain.steps != 1 else ''}"
    return f"{status} · {chain.certainty.label} certainty · {effect} · {steps}"


def format_paths(
    G: AnalysisGraph,
    source: str,
    target: str | None,
    found: ChainSearch,
    output_format: OutputFormat = "text",
    *,
    targets_label: str | None = None,
) -> str:
    """``chkg paths`` output: one JSON object (:func:`~chkg.analysis.documents.paths_document`),
    or text / Markdown with every hop's evidence and every stitched join named."""
    if output_format == "json":
        return json.dumps(paths_document(G, source, target, found), indent=2, ensure_ascii=False)
    md = output_format == "md"
    chains = found.chains
    goal = G.label(target) if target is not None else (targets_label or "the targets")
    count = f"{len(chains)} chain{'s' if len(chains) != 1 else ''} (best first)" if chains else "no chain"
    head = f"From {G.label(source)} to {goal}: {count}"
    lines = [f"## {head}" if md else head, ""]
    if not found.complete:
        lines += [f"Note: {found.message}.", ""]
    for i, chain in enumerate(chains, start=1):
        title = f"{i}. {describe_chain(G, chain)}"
        lines += [f"### {title}", "", f"**{G.label(chain.nodes[0])}**", ""] if md else [title, f"   {G.label(chain.nodes[0])}"]
        for j, hop in enumerate(chain.hops):
            c = hop.claim
            sign = "+" if c.sign > 0 else "-"
            more = f" · {hop.alternatives} other claim{'s' if hop.alternatives != 1 else ''}" if hop.alternatives else ""
            kind = CLAIM_TYPE_WORDS.get(c.claim_type, c.claim_type)
            where = c.statement_label or c.passage_label or c.statement or ""
            if md:
                lines.append(f"{j + 1}. *{sign} {c.relation_label}* → **{G.label(c.object)}** "
                             f"({kind}, {c.certainty.label} certainty{more}): “{c.quote}” — {where}")
            else:
                lines += [f"     --[{sign} {c.relation_label} · {kind} · {c.certainty.label}{more}]--> {G.label(c.object)}",
                          f'         "{c.quote}"', f"         {where}"]
            join = chain.joins[j] if j < len(chain.joins) else None
            if join is not None and join.bridge is not None and join.kind == "bridge":
                note = f"linked by the source: “{join.bridge.quote}”"
                lines.append(f"   - *{note}*" if md else f"     ** {note}")
            elif join is not None and not join.stated:
                note = describe_join(G, join)
                lines.append(f"   - *{note}*" if md else f"     ** {note}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def format_whatif(
    G: AnalysisGraph,
    knocked: KnockOut | None,
    cut: MinCut | None,
    output_format: Literal["text", "json"] = "text",
) -> str:
    """``chkg whatif`` output: pairs lost and weakened, in statements and sources; the cut.

    When the knock-out's route search stopped at its ``path_limit`` or used up its seconds
    budget, the output says so in one sentence naming the bound
    (:func:`~chkg.analysis.reach.truncation_note`).
    """
    if output_format == "json":
        return json.dumps(whatif_document(G, knocked, cut), indent=2, ensure_ascii=False)
    lines: list[str] = []
    if knocked is not None:
        lines.append(f"Removing {_join([G.label(n) for n in knocked.removed])}:")
        if knocked.lost:
            n = len(knocked.lost)
            lines.append(f"  {n} policy-outcome pair{'s lose' if n != 1 else ' loses'} every chain:")
            for c in knocked.lost:
                lines.append(f"    {G.label(c.outcome)} from {G.label(c.policy)} "
                             f"({_evidence(c.statements_before, c.sources_before)}, "
                             f"{'stated' if c.stated_before else 'stitched only'})")
        elif knocked.truncated:  # the search stopped: absence of a loss is not evidence of none
            lines.append("  no policy-outcome pair was found to lose every chain among those searched.")
        else:
            lines.append("  no policy-outcome pair loses every chain.")
        if knocked.weakened:
            lines.append(f"  {len(knocked.weakened)} weakened:")
            for c in knocked.weakened:
                after = c.certainty_after.label if c.certainty_after is not None else "none"
                stated = (f"; stated: {'yes' if c.stated_before else 'no'} -> {'yes' if c.stated_after else 'no'}"
                          if c.stated_before != c.stated_after else "")
                lines.append(f"    {G.label(c.outcome)} from {G.label(c.policy)}: "
                             f"{_evidence(c.statements_before, c.sources_before)} -> "
                             f"{_evidence(c.statements_after, c.sources_after)}; best certainty "
                             f"{c.certainty_before.label} -> {after}{stated}")
        lines.append(f"  {knocked.unaffected} {'found ' if knocked.truncated else ''}unaffected.")
        if knocked.truncated:
            lines.append(f"  {truncation_note(knocked.stopped_at, knocked.stopped_after_seconds)}")
    if cut is not None:
        if lines:
            lines.append("")
        pair = f"{G.label(cut.policy)} -> {G.label(cut.outcome)}"
        names = _join([G.label(n) for n in cut.nodes])
        if cut.direct:
            rest = f"removing {names} cuts every other route" if cut.nodes else "no other route to cut"
            lines.append(f"{pair}: a direct claim links them, so no set of nodes can cut them apart; {rest}.")
        elif not cut.connected:
            lines.append(f"{pair}: no route links them; nothing to cut.")
        else:
            lines.append(f"{pair}: removing {len(cut.nodes)} node{'s' if len(cut.nodes) != 1 else ''} "
                         f"({names}) cuts every route.")
    return "\n".join(lines) + "\n"


def _evidence(statements: int, sources: int) -> str:
    return f"{statements} statement{'s' if statements != 1 else ''}, {sources} source{'s' if sources != 1 else ''}"


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
