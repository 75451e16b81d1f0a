"""A small hand-made analysis graph for the report's examples and tests (answers by hand).

::

    plan --c1 (st1)--> creative approach --c2 (st1)--> wellbeing --c4 (st2)--> retention
                                         --c3 (st1, -)--> burnout
    plan --c5 (st3)--> care                                (patient outcome, no direction)

- plan → wellbeing (c1, c2) and plan → burnout (c1, c3): **stated** (one statement, st1), one
  step each, low certainty; lowering burnout is **favourable** (lower is better).
- plan → retention (c1, c2, c4): **stitched** at wellbeing (st1 then st2), a hypothesis; low.
- plan → care (c5): stated, very low; its effect's direction is not recorded.

Outcome families: wellbeing and burnout in *staff wellbeing*, retention in *workforce supply*;
care has none.

Examples
--------
>>> G = example_graph()
>>> len(G.entities), len(G.claims), sorted(G.entities["ex:burnout"].families)
(6, 5, ['ex:family-wellbeing'])
"""

from __future__ import annotations

from chkg.analysis.network import AnalysisGraph, Claim, Entity
from chkg.evidence.certainty import Certainty

__all__ = ["example_graph", "EXAMPLE_FAMILIES"]

#: The example's outcome family labels.
EXAMPLE_FAMILIES = {"ex:family-wellbeing": "staff wellbeing", "ex:family-supply": "workforce supply"}


def example_graph() -> AnalysisGraph:
    """The graph drawn in the module documentation."""
    G = AnalysisGraph()
    for iri, label, kind, outcome_kind, direction, family in [
        ("ex:plan", "plan", "policy", None, None, None),
        ("ex:approach", "creative approach", "approach", None, None, None),
        ("ex:wellbeing", "wellbeing", "outcome", "workforce", "higher", "ex:family-wellbeing"),
        ("ex:burnout", "burnout", "outcome", "workforce", "lower", "ex:family-wellbeing"),
        ("ex:retention", "retention", "outcome", "workforce", "higher", "ex:family-supply"),
        ("ex:care", "care", "outcome", "patient", None, None),
    ]:
        G.add_entity(Entity(iri, label, kind, outcome_kind, type_label=kind,  # type: ignore[arg-type]
                            direction=direction, families=(family,) if family else ()))  # type: ignore[arg-type]
    for iri, subject, obj, sign, statement, certainty in [
        ("ex:c1", "ex:plan", "ex:approach", 1, "ex:st1", Certainty.LOW),
        ("ex:c2", "ex:approach", "ex:wellbeing", 1, "ex:st1", Certainty.LOW),
        ("ex:c3", "ex:approach", "ex:burnout", -1, "ex:st1", Certainty.LOW),
        ("ex:c4", "ex:wellbeing", "ex:retention", 1, "ex:st2", Certainty.MODERATE),
        ("ex:c5", "ex:plan", "ex:care", 1, "ex:st3", Certainty.VERY_LOW),
    ]:
        G.add_claim(Claim(iri, subject, obj, certainty, relation="chkg:ledTo", relation_label="led to", sign=sign,
                          claim_type="assertedEffect", statement=statement, statement_label=f"sentence {statement[-1]}",
                          source="ex:source", source_title="Example source", quote=f"quote {iri[3:]}"))
    return G
