"""Certainty of a claim: GRADE-CERQual in spirit, adapted to policy evidence (EVIDENCE-MODEL §4).

A claim's certainty is one of four ordered levels (:class:`Certainty`). The default comes from
one table, :data:`DEFAULT_RULE`: start from the type of the claim's source, then go one level
down for each of a claim type that is not an observed effect or a definition, hedged wording,
and indirectness; never below *very low*. A curator may override the result with
``chkg:certaintyOverride`` and a written ``chkg:certaintyJustification``.

:func:`appraise` applies the rule and returns the level with its reasons as sentences;
:func:`materialise_certainty` writes ``chkg:certainty`` and one ``chkg:certaintyReason`` per
rule applied onto every claim of a graph (the loader calls it), so SPARQL, the analysis and the
report all read one answer.

Examples
--------
>>> a = appraise(CHKG.advocacyOrConsultation, CHKG.assertedEffect, hedged=True)
>>> a.level.label
'very low'
>>> for reason in a.reasons:
...     print(reason)
The source is an advocacy or consultation document: low certainty at best.
The source asserts the effect without reporting how it was observed: one level down.
The wording is hedged: one level down.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from chkg.vocab.namespace import CHKG, OA

__all__ = [
    "Certainty",
    "CertaintyRule",
    "DEFAULT_RULE",
    "Appraisal",
    "appraise",
    "appraise_claim",
    "source_of_claim",
    "materialise_certainty",
    "certainty_triples",
    "order_reasons",
]


class Certainty(enum.IntEnum):
    """The certainty levels, ordered: ``HIGH > MODERATE > LOW > VERY_LOW``.

    The value is ``chkg:certaintyRank`` (4..1).

    Examples
    --------
    >>> Certainty.HIGH > Certainty.LOW, min(Certainty.MODERATE, Certainty.VERY_LOW).label
    (True, 'very low')
    >>> Certainty.parse("very-low"), Certainty.from_iri(CHKG.moderateCertainty)
    (<Certainty.VERY_LOW: 1>, <Certainty.MODERATE: 3>)
    """

    VERY_LOW = 1
    LOW = 2
    MODERATE = 3
    HIGH = 4

    @property
    def label(self) -> str:
        """The level in words, as the JSON contract writes it (``"very low"``)."""
        return self.name.lower().replace("_", " ")

    @property
    def iri(self) -> URIRef:
        """The ``chkg:CertaintyLevel`` individual of this level."""
        return _LEVEL_IRIS[self]

    @classmethod
    def from_iri(cls, iri: object) -> Certainty | None:
        """The level an IRI names, or ``None`` when it names none."""
        for level, level_iri in _LEVEL_IRIS.items():
            if str(iri) == str(level_iri):
                return level
        return None

    @classmethod
    def parse(cls, text: str) -> Certainty:
        """A level from its words (``"very low"``, ``"very-low"``, ``"VERY_LOW"``).

        Raises
        ------
        ValueError
            The text names no level.
        """
        key = text.strip().upper().replace("-", "_").replace(" ", "_")
        if key not in cls.__members__:
            raise ValueError(f"unknown certainty {text!r}; choose one of "
                             + ", ".join(repr(c.label) for c in sorted(cls, reverse=True)))
        return cls[key]

    def down(self, steps: int = 1) -> Certainty:
        """This level lowered by ``steps``, never below ``VERY_LOW``."""
        return Certainty(max(Certainty.VERY_LOW, self - steps))


_LEVEL_IRIS: dict[Certainty, URIRef] = {
    Certainty.HIGH: CHKG.highCertainty,
    Certainty.MODERATE: CHKG.moderateCertainty,
    Certainty.LOW: CHKG.lowCertainty,
    Certainty.VERY_LOW: CHKG.veryLowCertainty,
}


@dataclass(frozen=True)
class CertaintyRule:
    """The default rule as one table: where a claim starts and what takes it down.

    Attributes
    ----------
    start
        Source type → (start level, the sentence that says why).
    unknown_source
        The source type assumed when a source records none (grey literature).
    downgraded_claim_types
        Claim type → the sentence that says why it costs one level.
    hedged, indirect
        The sentences for one level down for hedged wording and for indirectness.
    floor
        The lowest level.
    """

    start: Mapping[URIRef, tuple[Certainty, str]]
    unknown_source: URIRef
    downgraded_claim_types: Mapping[URIRef, str]
    hedged: str
    indirect: str
    floor: Certainty


#: The rule of EVIDENCE-MODEL §4, in one place.
DEFAULT_RULE = CertaintyRule(
    start={
        CHKG.peerReviewedStudy: (Certainty.HIGH, "The source is a peer-reviewed study: high certainty to start with."),
        CHKG.officialStatistics: (Certainty.HIGH, "The source is official statistics: high certainty to start with."),
        CHKG.evaluationReport: (Certainty.MODERATE, "The source is an evaluation report: moderate certainty at best."),
        CHKG.greyLiterature: (Certainty.LOW, "The source is grey literature: low certainty at best."),
        CHKG.advocacyOrConsultation: (
            Certainty.LOW,
            "The source is an advocacy or consultation document: low certainty at best.",
        ),
    },
    unknown_source=CHKG.greyLiterature,
    downgraded_claim_types={
        CHKG.assertedEffect: "The source asserts the effect without reporting how it was observed: one level down.",
        CHKG.potentialEffect: "The source says only that the effect can or may happen: one level down.",
        CHKG.intendedPurpose: "The source states a purpose, not an effect: one level down.",
        CHKG.alignment: "The source says the two fit or align, not that one affects the other: one level down.",
    },
    hedged="The wording is hedged: one level down.",
    indirect="The claim applies the statement beyond what it names: one level down.",
    floor=Certainty.VERY_LOW,
)


@dataclass(frozen=True)
class Appraisal:
    """A claim's certainty and the reasons for it, one sentence per rule applied."""

    level: Certainty
    reasons: tuple[str, ...]


def appraise(
    source_type: URIRef | None,
    claim_type: URIRef | None,
    *,
    hedged: bool = False,
    indirect: bool = False,
    override: Certainty | None = None,
    justification: str | None = None,
    rule: CertaintyRule = DEFAULT_RULE,
) -> Appraisal:
    """The certainty of one claim under ``rule``, with its reasons.

    Parameters
    ----------
    source_type
        The ``chkg:sourceType`` of the claim's source; ``None`` (or a type the rule does not
        know) is treated as grey literature, and a reason says so.
    claim_type
        The claim's ``chkg:claimType``; ``None`` is treated as an asserted effect, and a
        reason says so.
    hedged, indirect
        ``chkg:hedged`` and ``chkg:indirect``.
    override, justification
        ``chkg:certaintyOverride`` and ``chkg:certaintyJustification``. An override without a
        justification is not applied (validation reports it); a reason says so.

    Examples
    --------
    >>> appraise(CHKG.peerReviewedStudy, CHKG.observedEffect).level.label
    'high'
    >>> a = appraise(None, CHKG.definitional)
    >>> a.level.label, a.reasons[0]
    ('low', 'The source records no source type: treated as grey literature, low certainty at best.')
    >>> a = appraise(CHKG.advocacyOrConsultation, CHKG.observedEffect,
    ...              override=Certainty.VERY_LOW, justification="One anecdote.")
    >>> a.level.label, a.reasons[-1]
    ('very low', 'Set to very low by the curator: One anecdote.')
    """
    reasons: list[str] = []
    if source_type is None or source_type not in rule.start:
        level, _ = rule.start[rule.unknown_source]
        what = "records no source type" if source_type is None else "has a source type the rule does not know"
        reasons.append(f"The source {what}: treated as grey literature, {level.label} certainty at best.")
    else:
        level, reason = rule.start[source_type]
        reasons.append(reason)
    if claim_type is None:
        level = level.down()
        reasons.append("No claim type is recorded: treated as an asserted effect, one level down.")
    elif claim_type in rule.downgraded_claim_types:
        level = level.down()
        reasons.append(rule.downgraded_claim_types[claim_type])
    if hedged:
        level = level.down()
        reasons.append(rule.hedged)
    if indirect:
        level = level.down()
        reasons.append(rule.indirect)
    level = max(level, rule.floor)
    if override is not None:
        if justification and justification.strip():
            level = override
            reasons.append(f"Set to {override.label} by the curator: {justification.strip()}")
        else:
            reasons.append(f"An override to {override.label} is recorded without a justification: not applied.")
    return Appraisal(level, tuple(reasons))


def source_of_claim(graph: Graph, claim: Node) -> Node | None:
    """The ``chkg:Source`` a claim rests on: its statement's ``oa:hasSource``, else the
    source its passage is part of (passage → section → source)."""
    statement = graph.value(claim, CHKG.statedIn)
    if statement is not None:
        source = graph.value(statement, OA.hasSource)
        if source is not None:
            return source
    node = graph.value(claim, CHKG.citesPassage)
    seen: set[Node] = set()
    while node is not None and node not in seen:
        if (node, RDF.type, CHKG.Source) in graph:
            return node
        seen.add(node)
        node = graph.value(node, DCTERMS.isPartOf)
    return None


def appraise_claim(graph: Graph, claim: Node, rule: CertaintyRule = DEFAULT_RULE) -> Appraisal:
    """Apply ``rule`` to one claim of ``graph`` (its source type, claim type, hedging,
    indirectness and override as recorded)."""
    source = source_of_claim(graph, claim)
    source_type = graph.value(source, CHKG.sourceType) if source is not None else None
    claim_type = graph.value(claim, CHKG.claimType)
    override = graph.value(claim, CHKG.certaintyOverride)
    justification = graph.value(claim, CHKG.certaintyJustification)
    return appraise(
        source_type if isinstance(source_type, URIRef) else None,
        claim_type if isinstance(claim_type, URIRef) else None,
        hedged=_true(graph.value(claim, CHKG.hedged)),
        indirect=_true(graph.value(claim, CHKG.indirect)),
        override=Certainty.from_iri(override) if override is not None else None,
        justification=str(justification) if justification is not None else None,
        rule=rule,
    )


def materialise_certainty(graph: Graph, rule: CertaintyRule = DEFAULT_RULE) -> int:
    """Write ``chkg:certainty`` and ``chkg:certaintyReason`` onto every claim of ``graph``.

    Values already there are replaced, so running it twice gives the same graph.

    Returns
    -------
    int
        How many claims were appraised.

    Examples
    --------
    >>> from chkg.vocab.namespace import CHKG_NS
    >>> g = Graph()
    >>> _ = g.add((CHKG_NS["c"], RDF.type, CHKG.Influence))
    >>> _ = g.add((CHKG_NS["c"], CHKG.claimType, CHKG.observedEffect))
    >>> materialise_certainty(g), materialise_certainty(g)
    (1, 1)
    >>> g.value(CHKG_NS["c"], CHKG.certainty) == CHKG.lowCertainty
    True
    """
    claims = sorted(set(graph.subjects(RDF.type, CHKG.Influence)), key=str)
    appraised = certainty_triples(graph, rule)
    for claim in claims:
        graph.remove((claim, CHKG.certainty, None))
        graph.remove((claim, CHKG.certaintyReason, None))
    graph.addN((s, p, o, graph) for s, p, o in appraised)
    return len(claims)


def certainty_triples(graph: Graph, rule: CertaintyRule = DEFAULT_RULE) -> list[tuple[Node, URIRef, Node]]:
    """The ``chkg:certainty`` and ``chkg:certaintyReason`` triples of every claim of ``graph``, by the rule.

    What :func:`materialise_certainty` writes; the SPARQL store adds them as a derived graph.

    Examples
    --------
    >>> from chkg.vocab.namespace import CHKG_NS
    >>> g = Graph()
    >>> _ = g.add((CHKG_NS["c"], RDF.type, CHKG.Influence))
    >>> [str(p).rsplit("/", 1)[1] for _, p, _ in certainty_triples(g)]
    ['certainty', 'certaintyReason', 'certaintyReason']
    """
    found: list[tuple[Node, URIRef, Node]] = []
    for claim in sorted(set(graph.subjects(RDF.type, CHKG.Influence)), key=str):
        appraisal = appraise_claim(graph, claim, rule)
        found.append((claim, CHKG.certainty, appraisal.level.iri))
        found.extend((claim, CHKG.certaintyReason, Literal(reason, lang="en")) for reason in appraisal.reasons)
    return found


def order_reasons(reasons: Iterable[str], rule: CertaintyRule = DEFAULT_RULE) -> tuple[str, ...]:
    """Reasons read back from RDF (unordered) in the order the rule applies them: the source
    first, then the claim type, hedging, indirectness, and the curator's override.

    Examples
    --------
    >>> order_reasons([DEFAULT_RULE.hedged, "Set to low by the curator: why.",
    ...                DEFAULT_RULE.start[CHKG.greyLiterature][1]])[0]
    'The source is grey literature: low certainty at best.'
    """
    starts = {sentence for _, sentence in rule.start.values()}
    claim_types = set(rule.downgraded_claim_types.values())

    def rank(reason: str) -> int:
        if reason in starts or reason.startswith("The source "):
            return 0
        if reason in claim_types or reason.startswith("No claim type"):
            return 1
        if reason == rule.hedged:
            return 2
        if reason == rule.indirect:
            return 3
        return 4

    return tuple(sorted(reasons, key=lambda r: (rank(r), r)))


def _true(value: Node | None) -> bool:
    return isinstance(value, Literal) and value.toPython() is True
