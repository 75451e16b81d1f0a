"""The executive summary on the hand-built fixture: every sentence generated and traceable."""

from __future__ import annotations

import json

from handbuilt import fixture_graph, t

from chkg.analysis.network import AnalysisGraph, Claim, Entity
from chkg.analysis.summary import executive_summary, summary_to_dict
from chkg.evidence.certainty import Certainty


def test_findings_and_source_note() -> None:
    G = fixture_graph()
    s = executive_summary(G)
    assert [(f.policy, f.outcome, f.statements, f.sources) for f in s.findings] == [
        (t("p"), t("o"), 2, 1), (t("q"), t("o"), 1, 1)]  # most supported first
    first = s.findings[0]
    assert first.chain.stated and first.certainty is Certainty.VERY_LOW and first.effect == "favourable"
    assert first.sentence.text == ("P plan has stated evidence of a favourable effect on O retention (workforce): "
                                   "very low certainty, 2 independent statements from 1 source.")
    assert set(first.sentence.claims) == {t("c1"), t("c2")}
    assert s.hypotheses == ()  # P-O is stated; P-B is incompatible, so not offered at all
    assert s.source_note.text.startswith("The claims come from 2 sources: ")
    assert "an advocacy or consultation document (low certainty at best)" in s.source_note.text
    assert "a peer-reviewed study (high certainty at best)" in s.source_note.text
    assert s.overview.text.startswith("2 policies have stated evidence for 2 links to workforce and patient outcomes")
    doc = summary_to_dict(G, s)
    assert json.loads(json.dumps(doc)) == doc
    assert doc["findings"][0]["chain"]["stated"] is True


def test_hypothesis_names_its_assumption() -> None:
    G = AnalysisGraph(context_labels={"nhs": "NHS staff", "sys": "system"}, broader={"nhs": frozenset({"sys"})})
    G.add_entity(Entity("p", "Plan", "policy"))
    G.add_entity(Entity("b", "burnout", "outcome", "workforce", direction="lower"))
    G.add_claim(Claim("c1", "p", "x", Certainty.LOW, statement="s1", contexts=("nhs",), source="src",
                      source_type="advocacyOrConsultation", source_title="A response"))
    G.add_claim(Claim("c2", "x", "b", Certainty.VERY_LOW, sign=-1, statement="s2", contexts=("sys",), source="src",
                      source_type="advocacyOrConsultation", source_title="A response"))
    s = executive_summary(G)
    assert s.findings == ()
    [h] = s.hypotheses
    assert (h.certainty, h.effect, h.statements) == (Certainty.VERY_LOW, "favourable", 2)
    [a] = h.assumptions
    assert a.sentence.text == ("Assumes that x established in the context of NHS staff carries into the claim made "
                               "in the context of system.")
    assert a.sentence.claims == ("c1", "c2") and a.compatible
    assert h.sentence.text.startswith("Only a hypothesis: Plan may have a favourable effect on burnout (workforce)")
    assert s.source_note.text == ("Every claim comes from one source, “A response”, an advocacy or consultation "
                                  "document: low certainty at best, whatever its wording.")


def test_unknown_direction_is_said_not_guessed() -> None:
    G = AnalysisGraph()
    G.add_entity(Entity("p", "Plan", "policy"))
    G.add_entity(Entity("k", "care", "outcome", "patient"))
    G.add_claim(Claim("c", "p", "k", Certainty.LOW, sign=-1, statement="s"))
    [f] = executive_summary(G).findings
    assert f.effect == "direction not recorded"
    assert f.sentence.text.startswith("Plan has stated evidence of an effect on care (patient; direction not recorded): ")
