"""``chkg paths`` and ``chkg whatif`` on the hand-built fixture: the contract JSON, the text in
words, the options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from handbuilt import CHAINS, fixture_rdf

from chkg.analysis.construct import ANALYSIS_CONSTRUCT
from chkg.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([*args, str(CHAINS)])
    out, err = capsys.readouterr()
    return code, out, err


def test_paths_json_follows_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "paths", "--from", "P plan", "--to", "O retention", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["complete"] is True and doc["to"]["label"] == "O retention"
    first, second = doc["paths"]
    assert (first["stated"], first["certainty"], first["effect"], first["steps"]) == (True, "very low", "favourable", 2)
    assert (second["stated"], second["certainty"]) == (False, "moderate")
    assert set(first["joins"][0]) >= {"at", "stated", "contexts", "compatible"}
    assert first["joins"][0]["kind"] == "bridge"
    join = second["joins"][0]
    assert join["at"]["label"] == "N approach" and join["stated"] is False and join["compatible"] is True
    assert [[c["label"] for c in side] for side in join["contexts"]] == [["NHS staff"], ["system"]]
    hop = second["hops"][1]
    assert set(hop) >= {"claim", "claim_type", "statement", "certainty", "quote"}
    assert (hop["claim_type"], hop["certainty"], hop["quote"]) == ("observedEffect", "moderate", "c4")


def test_paths_options(capsys: pytest.CaptureFixture[str]) -> None:
    def count(*options: str) -> int:
        code, out, _ = run(capsys, "paths", "--from", "P plan", "--to-kind", "any", "--format", "json", *options)
        assert code == 0
        return len(json.loads(out)["paths"])

    assert count() == 2
    assert count("--stated-only") == 1
    assert count("--min-certainty", "moderate") == 1
    assert count("--min-certainty", "very-low", "--allow-incompatible") == 3
    assert count("--include-context-claims", "--allow-incompatible") == 4
    code, _, err = run(capsys, "paths", "--from", "P plan", "--to", "O retention", "--min-certainty", "sure")
    assert code == 2 and "unknown certainty 'sure'" in err


def test_paths_text_says_stated_or_hypothesis(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "paths", "--from", "P plan", "--to", "O retention")
    assert code == 0
    assert "1. stated · very low certainty · favourable (raises O retention) · 2 steps" in out
    assert ("2. hypothesis (stitched at N approach: contexts NHS staff / system) · moderate certainty" in out)
    assert "** linked by the source: “Consequently”" in out
    code, out, _ = run(capsys, "paths", "--from", "P plan", "--to", "B burnout", "--allow-incompatible", "--format", "md")
    assert "(incompatible)" in out and out.startswith("## From P plan to B burnout: 1 chain")


def test_whatif(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "whatif", "--remove", "M mechanism", "--policy", "P plan", "--outcome", "O retention",
                       "--format", "json")
    assert code == 0
    doc = json.loads(out)
    [lost] = doc["knock_out"]["lost"]
    assert lost["policy"]["label"] == "Q strategy" and lost["statements"] == {"before": 1, "after": 0}
    [weak] = doc["knock_out"]["weakened"]
    assert weak["stated"] == {"before": True, "after": False}
    assert {n["label"] for n in doc["min_cut"]["nodes"]} == {"M mechanism", "N approach"}
    code, out, _ = run(capsys, "whatif", "--remove", "M mechanism")
    assert "  1 policy-outcome pair loses every chain:\n    O retention from Q strategy (1 statement, 1 source, stated)" in out
    assert "O retention from P plan: 4 statements, 2 sources -> 2 statements, 1 source" in out


def test_paths_from_an_endpoint(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[tuple[str, str]] = []

    def construct(endpoint: str, query: str, **_: object):  # type: ignore[no-untyped-def]
        asked.append((endpoint, query))
        return fixture_rdf().query(query).graph

    monkeypatch.setattr("chkg.sparql.endpoint.construct", construct)
    code = main(["paths", "--from", "P plan", "--to", "O retention", "--endpoint", "http://127.0.0.1:1/sparql",
                 "--format", "json"])
    out, _ = capsys.readouterr()
    assert code == 0 and asked == [("http://127.0.0.1:1/sparql", ANALYSIS_CONSTRUCT)]
    assert [p["stated"] for p in json.loads(out)["paths"]] == [True, False]


def test_paths_search_budget_can_be_set_and_says_when_it_stops(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "paths", "--from", "P plan", "--to", "O retention", "--format", "json", "--max-states", "1")
    assert code == 0
    doc = json.loads(out)
    assert doc["complete"] is False and "max_states" in doc["message"]
    code, out, _ = run(capsys, "paths", "--from", "P plan", "--to", "O retention", "--format", "json",
                       "--max-states", "1000000", "--max-seconds", "60")
    assert code == 0 and json.loads(out)["complete"] is True
    code, _, err = run(capsys, "paths", "--from", "P plan", "--to", "O retention", "--max-seconds", "0")
    assert code == 2 and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "0", "1e300"])
def test_paths_max_seconds_is_refused_like_every_seconds_option(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "paths", "--from", "P plan", "--to", "O retention", "--max-seconds", value)
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert err.startswith("chkg paths: error: Invalid value for '--max-seconds': ")
    assert "is not a number of seconds above 0 and at most a day" in err


def test_path_limit_is_an_option_and_the_output_says_when_it_was_reached(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from chkg.analysis.reach import DEFAULT_PATH_LIMIT

    code, out, _ = run(capsys, "whatif", "--remove", "M mechanism", "--path-limit", "1")
    assert code == 0 and "Counts are lower bounds: the search stopped after 1 route; raise --path-limit." in out
    code, out, _ = run(capsys, "whatif", "--remove", "M mechanism")
    assert "lower bounds" not in out
    code, out, _ = run(capsys, "report", "--out", str(tmp_path / "r"), "--path-limit", "1")
    assert code == 0
    assert "the search stopped after 1 route;" in (tmp_path / "r" / "report.md").read_text(encoding="utf-8")
    assert f"default: {DEFAULT_PATH_LIMIT}" in main_help("whatif") and f"default: {DEFAULT_PATH_LIMIT}" in main_help("report")


def main_help(command: str) -> str:
    from click.testing import CliRunner

    from chkg.cli import cli

    return " ".join(CliRunner().invoke(cli, [command, "--help"], terminal_width=200).output.split())
