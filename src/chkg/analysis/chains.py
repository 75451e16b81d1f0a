"""Chains of claims: their hops and joins, stated or stitched, and how sure they are.

A *chain* is a path of claims ``c1 … cn`` where each claim's object is the next one's subject
(EVIDENCE-MODEL §8). Between two consecutive claims lies a :class:`Join` at their shared node:

- *stated* when both claims have the same ``chkg:statedIn`` (the source says both in one
  statement), or the curator recorded a ``chkg:Bridge`` from the first to the second (the source
  links them itself, "Consequently…");
- *stitched* otherwise: the chain is then a hypothesis the analysis made, not something the
  source says. A stitched join records the contexts it joins and whether they are compatible
  (:func:`chkg.evidence.contexts.compatible`).

A chain is stated when every join is. Its certainty is that of its weakest claim; its *steps*
are the number of statement changes plus one, so splitting a sentence into more claims changes
neither. The effect on the end node is *favourable* when the net sign agrees with the node's
``chkg:desirableDirection``, *unfavourable* when it goes against it, and "direction not
recorded" when the node has none.

Which claims and joins a search may use is a :class:`ChainOptions`: by default only effect
claims (observed or asserted), any certainty, stitched joins allowed when their contexts are
compatible.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from chkg.analysis.network import AnalysisGraph, Bridge, Claim
from chkg.evidence.certainty import Certainty
from chkg.evidence.contexts import compatible

__all__ = [
    "Effect",
    "JoinKind",
    "ChainOptions",
    "Hop",
    "Join",
    "Chain",
    "join_between",
    "build_chain",
    "effect_on",
]

Effect = Literal["favourable", "unfavourable", "direction not recorded"]
#: How a join is made: one statement, a recorded bridge, or stitched by the analysis.
JoinKind = Literal["same statement", "bridge", "stitched"]


@dataclass(frozen=True)
class ChainOptions:
    """What a chain may be made of.

    Attributes
    ----------
    stated_only
        Only stated chains (every join within one statement or bridged).
    min_certainty
        Leave out claims below this certainty (so every chain is at least this sure).
    include_context_claims
        Let claims that are not effects (potential, intended purpose, alignment, definitional)
        carry a chain too; they are still labelled with their claim type.
    allow_incompatible
        Offer stitched joins across incompatible contexts (labelled as such).
    """

    stated_only: bool = False
    min_certainty: Certainty = Certainty.VERY_LOW
    include_context_claims: bool = False
    allow_incompatible: bool = False

    def admits(self, claim: Claim) -> bool:
        """Whether ``claim`` may be a hop."""
        return (claim.effect or self.include_context_claims) and claim.certainty >= self.min_certainty

    def allows(self, join: Join) -> bool:
        """Whether a chain may pass through ``join``."""
        if join.stated:
            return True
        return not self.stated_only and (join.compatible or self.allow_incompatible)


@dataclass(frozen=True)
class Hop:
    """One hop: the claim chosen for ``start → end``; ``alternatives`` counts the other
    admissible claims between the same two nodes."""

    claim: Claim
    alternatives: int = 0

    @property
    def start(self) -> str:
        """The subject of the claim."""
        return self.claim.subject

    @property
    def end(self) -> str:
        """The object of the claim."""
        return self.claim.object


@dataclass(frozen=True)
class Join:
    """Where one claim of a chain meets the next.

    ``contexts`` holds the contexts of the claim into ``at`` and of the claim out of it.
    """

    at: str
    kind: JoinKind
    contexts: tuple[tuple[str, ...], tuple[str, ...]]
    compatible: bool
    bridge: Bridge | None = None

    @property
    def stated(self) -> bool:
        """True when the source itself makes the link (one statement or a bridge)."""
        return self.kind != "stitched"


@dataclass(frozen=True)
class Chain:
    """A chain of claims with its joins, and what the rules make of it."""

    hops: tuple[Hop, ...]
    joins: tuple[Join, ...]
    effect: Effect

    @property
    def nodes(self) -> tuple[str, ...]:
        """The nodes from start to end."""
        return (self.hops[0].start, *(h.end for h in self.hops))

    @property
    def claims(self) -> tuple[Claim, ...]:
        """The claims, in order."""
        return tuple(h.claim for h in self.hops)

    @property
    def stated(self) -> bool:
        """True when every join is stated."""
        return all(j.stated for j in self.joins)

    @property
    def certainty(self) -> Certainty:
        """The weakest link: the lowest certainty of its claims."""
        return min(h.claim.certainty for h in self.hops)

    @property
    def unstated_joins(self) -> int:
        """How many joins the analysis stitched."""
        return sum(1 for j in self.joins if not j.stated)

    @property
    def incompatible_joins(self) -> tuple[Join, ...]:
        """The stitched joins across incompatible contexts."""
        return tuple(j for j in self.joins if not j.stated and not j.compatible)

    @property
    def steps(self) -> int:
        """Statement changes plus one (claims of one statement are one step)."""
        return 1 + sum(1 for a, b in itertools.pairwise(self.claims) if a.line_of_evidence != b.line_of_evidence)

    @property
    def sign(self) -> int:
        """The net sign: the product of the claims' signs."""
        sign = 1
        for claim in self.claims:
            sign *= claim.sign
        return sign

    @property
    def statements(self) -> frozenset[str]:
        """The distinct lines of evidence (statements) it rests on."""
        return frozenset(c.line_of_evidence for c in self.claims)

    @property
    def sources(self) -> frozenset[str]:
        """The distinct sources it rests on."""
        return frozenset(c.source or c.line_of_evidence for c in self.claims)

    @property
    def length(self) -> int:
        """The number of hops."""
        return len(self.hops)


def join_between(G: AnalysisGraph, into: Claim, out: Claim) -> Join:
    """The join of claim ``into`` (ending at a node) and claim ``out`` (starting there).

    Examples
    --------
    >>> G = AnalysisGraph(broader={"n": frozenset({"s"})})
    >>> a = Claim("a", "x", "y", Certainty.LOW, statement="st1", contexts=("n",))
    >>> b = Claim("b", "y", "z", Certainty.LOW, statement="st1", contexts=("p",))
    >>> c = Claim("c", "y", "z", Certainty.LOW, statement="st2", contexts=("s",))
    >>> j = join_between(G, a, b)
    >>> j.kind, j.stated, j.compatible
    ('same statement', True, False)
    >>> j = join_between(G, a, c)
    >>> j.kind, j.stated, j.compatible
    ('stitched', False, True)
    """
    bridge = G.bridges.get((into.iri, out.iri))
    kind: JoinKind
    if into.statement is not None and into.statement == out.statement:
        kind = "same statement"
    elif bridge is not None:
        kind = "bridge"
    else:
        kind = "stitched"
    return Join(
        at=into.object,
        kind=kind,
        contexts=(into.contexts, out.contexts),
        compatible=compatible(into.contexts, out.contexts, G.broader),
        bridge=bridge,
    )


def effect_on(G: AnalysisGraph, node: str, sign: int) -> Effect:
    """Favourable or unfavourable: ``sign`` against the node's desirable direction.

    Examples
    --------
    >>> from chkg.analysis.network import Entity
    >>> G = AnalysisGraph()
    >>> G.add_entity(Entity("burnout", "burnout", "outcome", direction="lower"))
    >>> effect_on(G, "burnout", -1), effect_on(G, "burnout", +1), effect_on(G, "other", -1)
    ('favourable', 'unfavourable', 'direction not recorded')
    """
    entity = G.entities.get(node)
    if entity is None or entity.direction is None:
        return "direction not recorded"
    good = 1 if entity.direction == "higher" else -1
    return "favourable" if sign == good else "unfavourable"


def build_chain(G: AnalysisGraph, claims: Sequence[Claim], options: ChainOptions | None = None) -> Chain:
    """The chain of ``claims`` (consecutive, each object the next subject), with its joins.

    ``alternatives`` on each hop counts the other claims between the same nodes that
    ``options`` admits.

    Raises
    ------
    ValueError
        ``claims`` is empty or not consecutive.
    """
    if not claims:
        raise ValueError("a chain needs at least one claim")
    for a, b in itertools.pairwise(claims):
        if a.object != b.subject:
            raise ValueError(f"claims {a.iri} and {b.iri} do not meet")
    chosen = options or ChainOptions()
    hops = tuple(
        Hop(c, sum(1 for o in G.claims_between(c.subject, c.object) if o.iri != c.iri and chosen.admits(o)))
        for c in claims
    )
    joins = tuple(join_between(G, a, b) for a, b in itertools.pairwise(claims))
    sign = 1
    for claim in claims:
        sign *= claim.sign
    return Chain(hops, joins, effect_on(G, claims[-1].object, sign))
