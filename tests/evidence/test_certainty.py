"""Tests of chkg.evidence.certainty: the default rule worked through by hand, overrides, and
materialisation on a small Turtle graph."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from chkg.evidence.certainty import (
    DEFAULT_RULE,
    Certainty,
    appraise,
    materialise_certainty,
    order_reasons,
    source_of_claim,
)
from chkg.vocab.namespace import CHKG, CHKG_NS


@pytest.mark.parametrize(
    ("source_type", "claim_type", "hedged", "indirect", "expected"),
    [
        # start level, then one down per downgrade
        (CHKG.peerReviewedStudy, CHKG.observedEffect, False, False, Certainty.HIGH),
        (CHKG.officialStatistics, CHKG.definitional, False, False, Certainty.HIGH),
        (CHKG.peerReviewedStudy, CHKG.assertedEffect, False, False, Certainty.MODERATE),
        (CHKG.peerReviewedStudy, CHKG.potentialEffect, True, False, Certainty.LOW),
        (CHKG.peerReviewedStudy, CHKG.alignment, True, True, Certainty.VERY_LOW),
        (CHKG.evaluationReport, CHKG.observedEffect, False, False, Certainty.MODERATE),
        (CHKG.evaluationReport, CHKG.intendedPurpose, False, False, Certainty.LOW),
        (CHKG.greyLiterature, CHKG.observedEffect, False, False, Certainty.LOW),
        (CHKG.advocacyOrConsultation, CHKG.assertedEffect, False, False, Certainty.VERY_LOW),
        # floor: three downgrades from low stay very low
        (CHKG.advocacyOrConsultation, CHKG.potentialEffect, True, True, Certainty.VERY_LOW),
    ],
)
def test_default_rule(source_type: URIRef, claim_type: URIRef, hedged: bool, indirect: bool,
                      expected: Certainty) -> None:
    appraisal = appraise(source_type, claim_type, hedged=hedged, indirect=indirect)
    assert appraisal.level is expected
    # one reason for the start, one per downgrade applied
    downgrades = (claim_type in DEFAULT_RULE.downgraded_claim_types) + hedged + indirect
    assert len(appraisal.reasons) == 1 + downgrades


def test_levels_are_ordered_and_named() -> None:
    assert sorted(Certainty, reverse=True) == [Certainty.HIGH, Certainty.MODERATE, Certainty.LOW,
                                               Certainty.VERY_LOW]
    assert [c.label for c in Certainty] == ["very low", "low", "moderate", "high"]
    assert Certainty.parse("Very low") is Certainty.VERY_LOW
    with pytest.raises(ValueError, match="unknown certainty"):
        Certainty.parse("certain")


def test_missing_source_type_is_grey_literature_and_says_so() -> None:
    appraisal = appraise(None, CHKG.observedEffect)
    assert appraisal.level is Certainty.LOW
    assert "no source type" in appraisal.reasons[0] and "grey literature" in appraisal.reasons[0]


def test_override_needs_a_justification() -> None:
    applied = appraise(CHKG.advocacyOrConsultation, CHKG.assertedEffect, override=Certainty.MODERATE,
                       justification="Confirmed by the published evaluation.")
    assert applied.level is Certainty.MODERATE
    assert applied.reasons[-1].endswith("Confirmed by the published evaluation.")
    ignored = appraise(CHKG.advocacyOrConsultation, CHKG.assertedEffect, override=Certainty.HIGH)
    assert ignored.level is Certainty.VERY_LOW
    assert "without a justification" in ignored.reasons[-1]


TTL = """
PREFIX chkg: <https://w3id.org/creative-health-kg/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX oa: <http://www.w3.org/ns/oa#>
chkg:src a chkg:Source ; chkg:sourceType chkg:evaluationReport .
chkg:plain a chkg:Source .
chkg:sec dcterms:isPartOf chkg:plain .
chkg:psg a chkg:Passage ; dcterms:isPartOf chkg:sec .
chkg:st a chkg:Statement ; oa:hasSource chkg:src .
chkg:c1 a chkg:Influence ; chkg:statedIn chkg:st ; chkg:claimType chkg:observedEffect .
chkg:c2 a chkg:Influence ; chkg:statedIn chkg:st ; chkg:claimType chkg:potentialEffect ;
    chkg:hedged true .
chkg:c3 a chkg:Influence ; chkg:citesPassage chkg:psg ; chkg:claimType chkg:observedEffect .
chkg:c4 a chkg:Influence ; chkg:statedIn chkg:st ; chkg:claimType chkg:observedEffect ;
    chkg:certaintyOverride chkg:lowCertainty ; chkg:certaintyJustification "A single site." .
"""


def test_materialise_certainty_on_a_graph() -> None:
    g = Graph().parse(data=TTL, format="turtle")
    assert source_of_claim(g, CHKG_NS["c3"]) == CHKG_NS["plain"]
    assert materialise_certainty(g) == 4
    levels = {c: g.value(CHKG_NS[c], CHKG.certainty) for c in ("c1", "c2", "c3", "c4")}
    # evaluation: moderate; potential + hedged: two down; no source type: grey literature, low
    assert levels == {"c1": CHKG.moderateCertainty, "c2": CHKG.veryLowCertainty,
                      "c3": CHKG.lowCertainty, "c4": CHKG.lowCertainty}
    reasons = set(g.objects(CHKG_NS["c2"], CHKG.certaintyReason))
    assert Literal(DEFAULT_RULE.hedged, lang="en") in reasons and len(reasons) == 3
    before = len(g)
    materialise_certainty(g)
    assert len(g) == before


def test_reasons_read_back_in_rule_order() -> None:
    appraisal = appraise(CHKG.advocacyOrConsultation, CHKG.potentialEffect, hedged=True, indirect=True,
                         override=Certainty.LOW, justification="Checked.")
    assert order_reasons(reversed(appraisal.reasons)) == appraisal.reasons
