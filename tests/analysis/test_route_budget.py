"""The seconds budget of the route searches (``RouteBudget``, ``--max-seconds`` of ``chkg whatif``):
when it runs out, reach, leverage, the gap map and the knock-out stop, mark what they did not
finish as truncated and say so in a sentence naming the budget; when it does not, nothing changes.

The clocks here are fake (a number the test moves), so no test depends on how fast it runs.
"""

from __future__ import annotations

import json
import math

import pytest
from handbuilt import CHAINS

from chkg.analysis.gapmap import gap_map
from chkg.analysis.network import AnalysisGraph, Claim, Entity
from chkg.analysis.reach import leverage, reach, truncation_note
from chkg.analysis.routes import RouteBudget
from chkg.analysis.text import format_whatif
from chkg.analysis.whatif import knock_out
from chkg.cli import main
from chkg.errors import UsageError
from chkg.evidence.certainty import Certainty

WIDTH = 6  # p -> m_i -> o for i < WIDTH: six routes from each policy to the outcome
SECONDS = "Counts are lower bounds: the route search used up its 5 s budget before it was complete; raise --max-seconds."


class Clock:
    """A clock that stands still until told, or that ticks one second at every reading."""

    def __init__(self, ticking: bool = False) -> None:
        self.now = 0.0
        self.ticking = ticking
        self.readings = 0

    def __call__(self) -> float:
        self.readings += 1
        if self.ticking:
            self.now += 1.0
        return self.now


def fan(policies: tuple[str, ...] = ("p",)) -> AnalysisGraph:
    """Policies that each reach one outcome through ``WIDTH`` approaches, each its own statement."""
    G = AnalysisGraph()
    G.add_entity(Entity("o", "retention", "outcome", "workforce", direction="higher"))
    for i in range(WIDTH):
        G.add_entity(Entity(f"m{i}", f"approach {i}", "approach"))
        G.add_claim(Claim(f"b{i}", f"m{i}", "o", Certainty.LOW, statement=f"s{i}", source="src"))
    for p in policies:
        G.add_entity(Entity(p, f"plan {p}", "policy"))
        for i in range(WIDTH):
            G.add_claim(Claim(f"{p}{i}", p, f"m{i}", Certainty.LOW, statement=f"s{i}", source="src"))
    return G


def spent() -> RouteBudget:
    """A budget of 5 s that has run out by the first time a search asks."""
    clock = Clock()
    budget = RouteBudget(5, clock=clock)
    clock.now = 10.0
    return budget


@pytest.mark.parametrize("value", [0, -1, float("nan"), float("inf"), -math.inf])
def test_budget_refuses_what_is_not_a_positive_finite_number(value: float) -> None:
    with pytest.raises(UsageError, match="max-seconds must be"):
        RouteBudget(value)


def test_budget_stays_expired_and_none_never_expires() -> None:
    clock = Clock()
    budget = RouteBudget(5, clock=clock)
    assert not budget.expired() and not budget.ran_out
    clock.now = 5.0
    assert budget.expired() and budget.ran_out
    clock.now = 0.0  # never read again
    assert budget.expired()
    endless = RouteBudget(None, clock=clock)
    clock.now = 1e12
    assert not endless.expired() and not endless.ran_out


def test_reach_stops_mid_policy_and_skips_the_rest() -> None:
    G = fan(("p", "q"))
    budget = RouteBudget(5, clock=Clock(ticking=True))  # runs out after a few readings
    first, second = reach(G, budget=budget)
    assert first.truncated and (first.stopped_at, first.stopped_after_seconds) == (None, 5)
    assert 0 < sum(o.routes for o in first.outcomes) < WIDTH  # some routes, not all
    assert second.truncated and second.outcomes == () and second.stopped_after_seconds == 5


def test_reach_with_a_spent_budget_searches_nothing() -> None:
    reached = reach(fan(("p", "q")), budget=spent())
    assert [(r.truncated, r.outcomes, r.stopped_at, r.stopped_after_seconds) for r in reached] == [
        (True, (), None, 5), (True, (), None, 5)]


def test_leverage_says_the_budget_stopped_it() -> None:
    cut = leverage(fan(), budget=spent())
    assert (cut.truncated, cut.stopped_at, cut.stopped_after_seconds, len(cut)) == (True, None, 5, 0)
    ticking = leverage(fan(("p", "q")), budget=RouteBudget(5, clock=Clock(ticking=True)))
    assert ticking.truncated and 0 < sum(r.routes for r in ticking) < 2 * WIDTH


def test_gap_map_marks_the_rows_it_did_not_finish() -> None:
    G = fan(("p", "q"))
    cut = gap_map(G, budget=spent())
    assert cut.truncated and cut.out_of_time == frozenset(cut.rows) and cut.stopped == frozenset()
    assert (cut.stopped_at, cut.stopped_after_seconds) == (None, 5)
    assert cut.cell("p", "o").gap  # not searched: the cell is a lower bound, not a finding
    whole = gap_map(G)
    assert (whole.truncated, whole.out_of_time, whole.stopped_after_seconds) == (False, frozenset(), None)


def test_knock_out_never_counts_an_unsearched_policy_as_lost(monkeypatch: pytest.MonkeyPatch) -> None:
    """The budget runs out between the searches before and after the removal: the policy was not
    searched after it, so its pairs are unknown, not lost."""
    G = fan()
    clock = Clock()
    budget = RouteBudget(5, clock=clock)
    without = G.without

    def late_without(removed: tuple[str, ...]) -> AnalysisGraph:
        clock.now = 10.0
        return without(removed)

    monkeypatch.setattr(G, "without", late_without)
    cut = knock_out(G, ["m0"], budget=budget)
    assert (cut.lost, cut.weakened, cut.unaffected) == ((), (), 0)
    assert (cut.truncated, cut.stopped_at, cut.stopped_after_seconds) == (True, None, 5)
    text = format_whatif(G, cut, None)
    assert f"  {SECONDS}\n" in text and "--path-limit" not in text
    doc = json.loads(format_whatif(G, cut, None, "json"))["knock_out"]
    assert (doc["stopped_at"], doc["stopped_after_seconds"]) == (None, 5)


def test_a_budget_not_reached_changes_nothing() -> None:
    G = fan(("p", "q"))
    big = RouteBudget(1e6)
    assert reach(G, top=3, budget=big) == reach(G, top=3)
    with_budget, without = leverage(G, budget=big), leverage(G)
    assert (with_budget, with_budget.truncated, with_budget.stopped_after_seconds) == (without, False, None)
    assert gap_map(G, budget=big).cells == gap_map(G).cells
    assert knock_out(G, ["m0"], budget=big) == knock_out(G, ["m0"])
    assert not big.ran_out


def test_the_sentence_names_the_bound_reached() -> None:
    assert truncation_note(2) == "Counts are lower bounds: the search stopped after 2 routes; raise --path-limit."
    assert truncation_note(None, 5.0) == SECONDS
    both = truncation_note(2, 5.0)
    assert both.startswith("Counts are lower bounds: the search stopped after 2 routes, and the route search "
                           "used up its 5 s budget")
    assert both.endswith("; raise --path-limit and --max-seconds.")
    assert truncation_note(None) == ""


def test_whatif_max_seconds_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["whatif", "--remove", "M mechanism", "--max-seconds", "0.000001", str(CHAINS)])
    out = capsys.readouterr().out
    assert code == 0
    assert "Counts are lower bounds: the route search used up its 1e-06 s budget before it was complete; " \
           "raise --max-seconds." in out
    # a stopped search never says flatly that no pair loses every chain
    assert "no policy-outcome pair loses every chain." not in out
    assert "found to lose every chain among those searched" in out and "found unaffected" in out
    assert main(["whatif", "--remove", "M mechanism", "--max-seconds", "3600", str(CHAINS)]) == 0
    full = capsys.readouterr().out
    assert "lower bounds" not in full and "among those searched" not in full


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "abc", "1e300"])
def test_whatif_refuses_a_bad_max_seconds(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["whatif", "--remove", "M mechanism", f"--max-seconds={value}", str(CHAINS)])
    captured = capsys.readouterr()
    assert code == 2
    assert len(captured.err.strip().splitlines()) == 1 and "--max-seconds" in captured.err
    assert "Traceback" not in captured.err and captured.out == ""
