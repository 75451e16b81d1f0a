"""``chkg report --max-seconds``: reach, leverage and the gap map of one report share one seconds
budget; when it runs out the report says so in one sentence naming it (page 1, each section
concerned, report.md, report.json, the command's output), a policy it left unsearched is not said
to reach nothing, and a budget not reached changes nothing.

Clocks are fake where the test needs the budget to run out at a given point; the command-line run
uses a budget of a microsecond, used up before the first route is judged.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chkg.analysis.network import AnalysisGraph, Claim, Entity
from chkg.analysis.routes import RouteBudget
from chkg.cli import main
from chkg.evidence.certainty import Certainty
from chkg.report import adapter, build
from chkg.report.build import build_report
from chkg.report.writers import write_report

SECONDS = "Counts are lower bounds: the route search used up its 5 s budget before it was complete; raise --max-seconds."
TINY = ("Counts are lower bounds: the route search used up its 1e-06 s budget before it was complete; "
        "raise --max-seconds.")
BOTH = ("Counts are lower bounds: the search stopped after 2 routes, and the route search used up its 5 s budget "
        "before it was complete; raise --path-limit and --max-seconds.")


def fan(width: int = 5) -> AnalysisGraph:
    """Two policies; each reaches one outcome through ``width`` approaches (``width`` routes)."""
    G = AnalysisGraph()
    G.add_entity(Entity("ex:o", "retention", "outcome", "workforce", direction="higher"))
    for i in range(width):
        G.add_entity(Entity(f"ex:m{i}", f"approach {i}", "approach"))
        G.add_claim(Claim(f"ex:b{i}", f"ex:m{i}", "ex:o", Certainty.LOW, statement=f"ex:s{i}", source="ex:src"))
    for p in ("ex:p", "ex:q"):
        G.add_entity(Entity(p, f"plan {p[-1]}", "policy"))
        for i in range(width):
            G.add_claim(Claim(f"{p}{i}", p, f"ex:m{i}", Certainty.LOW, statement=f"ex:s{i}", source="ex:src"))
    return G


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """The clock of every budget the report makes (it stands still until the test moves it)."""
    fake = Clock()
    monkeypatch.setattr(build, "RouteBudget", lambda seconds: RouteBudget(seconds, clock=fake))
    return fake


def expire_before(monkeypatch: pytest.MonkeyPatch, clock: Clock, name: str) -> None:
    """Move the clock past any budget just before the report calls ``adapter.<name>``."""
    original = getattr(adapter, name)

    def late(*args: object, **kwargs: object) -> object:
        clock.now = 1e9
        return original(*args, **kwargs)

    monkeypatch.setattr(adapter, name, late)


def test_one_budget_for_the_whole_report(monkeypatch: pytest.MonkeyPatch, clock: Clock) -> None:
    """Used up during reach, the budget leaves leverage and the gap map unsearched too: they share it."""
    expire_before(monkeypatch, clock, "analyse")
    r = build_report(fan(), max_seconds=5)
    assert r.truncation_note == SECONDS
    assert all(p.truncated and p.reached == () for p in r.policies)
    assert r.leverage_truncated and r.leverage == ()
    assert r.gap_map.truncated


def test_a_budget_used_up_after_reach_truncates_only_what_follows(
        monkeypatch: pytest.MonkeyPatch, clock: Clock) -> None:
    expire_before(monkeypatch, clock, "leverage_entries")
    r = build_report(fan(), max_seconds=5)
    assert r.truncation_note == SECONDS
    assert not any(p.truncated for p in r.policies) and all(p.reached for p in r.policies)
    assert r.leverage_truncated and r.gap_map.truncated


def test_both_bounds_named_when_both_are_reached(monkeypatch: pytest.MonkeyPatch, clock: Clock) -> None:
    expire_before(monkeypatch, clock, "leverage_entries")
    r = build_report(fan(), path_limit=2, max_seconds=5)
    assert r.truncation_note == BOTH


def test_an_unsearched_policy_is_not_said_to_reach_nothing(
        monkeypatch: pytest.MonkeyPatch, clock: Clock, tmp_path: Path) -> None:
    expire_before(monkeypatch, clock, "analyse")
    files = write_report(fan(), tmp_path / "out", max_seconds=5)
    assert files.truncation_note == SECONDS
    page = files.index_html.read_text(encoding="utf-8")
    md = files.markdown.read_text(encoding="utf-8")
    for text in (page, md):
        assert "reaches no workforce or patient outcome" not in text
        assert "No chain to a workforce or patient outcome" not in text
        assert "No chain from this policy to an outcome" not in text
        assert "not evidence that it reaches none" in text
        assert "No chain found before the route search stopped, which is not evidence of none" in text
    # page 1, each of the two policies, the leverage ranking and the gap map
    assert page.count(SECONDS) == 5 and md.count(f"**{SECONDS}**") == 5
    data = json.loads(files.json.read_text(encoding="utf-8"))
    assert data["truncation_note"] == SECONDS and all(p["truncated"] for p in data["policies"])


def test_a_budget_not_reached_changes_nothing(tmp_path: Path) -> None:
    plain = write_report(fan(), tmp_path / "plain")
    budgeted = write_report(fan(), tmp_path / "budgeted", max_seconds=86_400)
    assert budgeted.truncation_note == ""
    for name in ("report.json", "report.md", "index.html", "explorer.html"):
        assert (tmp_path / "budgeted" / name).read_bytes() == (tmp_path / "plain" / name).read_bytes(), name
    assert "lower bounds" not in plain.markdown.read_text(encoding="utf-8")


def test_cli_report_with_a_tiny_budget(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The bundled data, a microsecond: every search stops, the command still succeeds and says why."""
    out = tmp_path / "rep"
    assert main(["report", "--out", str(out), "--max-seconds", "0.000001", "--no-cache"]) == 0
    printed = capsys.readouterr().out
    assert TINY in printed
    assert TINY in (out / "index.html").read_text(encoding="utf-8")
    md = (out / "report.md").read_text(encoding="utf-8")
    assert f"**{TINY}**" in md and "reaches no workforce or patient outcome" not in md
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert data["truncation_note"] == TINY and data["policies"] and all(p["truncated"] for p in data["policies"])


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "abc", "1e300"])
def test_cli_report_refuses_a_bad_max_seconds(value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "rep"
    code = main(["report", "--out", str(out), f"--max-seconds={value}", "--no-cache"])
    captured = capsys.readouterr()
    assert code == 2
    assert len(captured.err.strip().splitlines()) == 1 and "--max-seconds" in captured.err
    assert "Traceback" not in captured.err and not out.exists()


def test_help_gives_the_defaults() -> None:
    from click.testing import CliRunner

    from chkg.cli import cli

    def text(command: str) -> str:
        return " ".join(CliRunner().invoke(cli, [command, "--help"], terminal_width=200).output.split())

    assert "--max-seconds FLOAT" in text("report") and "default: 600" in text("report")
    assert "default: 300" in text("whatif")
