"""Truncation is never silent: reach, leverage, the gap map and the knock-out say when their
route search stopped at ``path_limit``, and the text output says so in one sentence."""

from __future__ import annotations

import json

from chkg.analysis.gapmap import gap_map
from chkg.analysis.network import AnalysisGraph, Claim, Entity
from chkg.analysis.reach import leverage, reach, truncation_note
from chkg.analysis.text import format_whatif
from chkg.analysis.whatif import knock_out
from chkg.evidence.certainty import Certainty

WIDTH = 6  # p -> m_i -> o for i < WIDTH: six routes from the policy to the outcome


def fan() -> AnalysisGraph:
    """One policy, one outcome and ``WIDTH`` approaches between them, each its own statement."""
    G = AnalysisGraph()
    G.add_entity(Entity("p", "plan", "policy"))
    G.add_entity(Entity("o", "retention", "outcome", "workforce", direction="higher"))
    for i in range(WIDTH):
        G.add_entity(Entity(f"m{i}", f"approach {i}", "approach"))
        G.add_claim(Claim(f"a{i}", "p", f"m{i}", Certainty.LOW, statement=f"s{i}", source="src"))
        G.add_claim(Claim(f"b{i}", f"m{i}", "o", Certainty.LOW, statement=f"s{i}", source="src"))
    return G


def test_reach_says_when_it_stopped() -> None:
    G = fan()
    [whole] = reach(G, path_limit=WIDTH)
    assert (whole.truncated, whole.stopped_at, whole.outcomes[0].routes) == (False, None, WIDTH)
    [cut] = reach(G, path_limit=2)
    assert (cut.truncated, cut.stopped_at, cut.outcomes[0].routes) == (True, 2, 2)


def test_leverage_says_when_it_stopped() -> None:
    G = fan()
    whole = leverage(G, path_limit=WIDTH)
    assert (whole.truncated, whole.stopped_at, len(whole)) == (False, None, WIDTH)
    cut = leverage(G, path_limit=2)
    assert (cut.truncated, cut.stopped_at, len(cut)) == (True, 2, 2)


def test_leverage_limit_counts_over_all_policies() -> None:
    """The limit is over every policy together: once reached, no later policy adds a route."""
    G = fan()
    G.add_entity(Entity("q", "another plan", "policy"))
    for i in range(WIDTH):
        G.add_claim(Claim(f"q{i}", "q", f"m{i}", Certainty.LOW, statement=f"s{i}", source="src"))
    cut = leverage(G, path_limit=3)
    assert cut.truncated
    assert sum(r.routes for r in cut) == 3


def test_gap_map_says_which_rows_stopped() -> None:
    G = fan()
    whole = gap_map(G, path_limit=WIDTH)
    assert (whole.truncated, whole.stopped, whole.stopped_at) == (False, frozenset(), None)
    cut = gap_map(G, path_limit=2)
    assert (cut.truncated, cut.stopped, cut.stopped_at) == (True, frozenset({"p"}), 2)
    assert cut.cell("p", "o").routes == 2


def test_knock_out_and_its_text_say_when_they_stopped() -> None:
    G = fan()
    whole = knock_out(G, ["m0"], path_limit=WIDTH)
    assert (whole.truncated, whole.stopped_at) == (False, None)
    assert "lower bounds" not in format_whatif(G, whole, None)
    cut = knock_out(G, ["m0"], path_limit=2)
    assert (cut.truncated, cut.stopped_at) == (True, 2)
    text = format_whatif(G, cut, None)
    assert "  Counts are lower bounds: the search stopped after 2 routes; raise --path-limit.\n" in text
    assert truncation_note(2) == "Counts are lower bounds: the search stopped after 2 routes; raise --path-limit."
    assert json.loads(format_whatif(G, cut, None, "json"))["knock_out"]["stopped_at"] == 2
    assert json.loads(format_whatif(G, whole, None, "json"))["knock_out"]["stopped_at"] is None
