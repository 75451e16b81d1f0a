"""A report whose route searches stopped at ``path_limit`` says so in one plain sentence on
page 1 and in each section concerned (HTML, Markdown and JSON); a complete one says nothing."""

from __future__ import annotations

import json
from pathlib import Path

from chkg.analysis.network import AnalysisGraph, Claim, Entity
from chkg.evidence.certainty import Certainty
from chkg.report.build import build_report
from chkg.report.writers import write_report

NOTE = "Counts are lower bounds: the search stopped after 2 routes; raise --path-limit."


def fan(width: int = 5) -> AnalysisGraph:
    G = AnalysisGraph()
    G.add_entity(Entity("ex:p", "plan", "policy"))
    G.add_entity(Entity("ex:o", "retention", "outcome", "workforce", direction="higher"))
    for i in range(width):
        G.add_entity(Entity(f"ex:m{i}", f"approach {i}", "approach"))
        G.add_claim(Claim(f"ex:a{i}", "ex:p", f"ex:m{i}", Certainty.LOW, statement=f"ex:s{i}", source="ex:src"))
        G.add_claim(Claim(f"ex:b{i}", f"ex:m{i}", "ex:o", Certainty.LOW, statement=f"ex:s{i}", source="ex:src"))
    return G


def test_build_report_carries_the_truncation() -> None:
    r = build_report(fan(), path_limit=2)
    assert r.truncation_note == NOTE
    assert r.path_limit == 2
    assert r.policies[0].truncated and r.leverage_truncated and r.gap_map.truncated
    assert r.policies[0].reached[0].statements == 2  # a lower bound: 5 statements in all
    complete = build_report(fan(), path_limit=5)
    assert complete.truncation_note == ""
    assert not (complete.policies[0].truncated or complete.leverage_truncated or complete.gap_map.truncated)


def test_written_report_says_it_stopped(tmp_path: Path) -> None:
    files = write_report(fan(), tmp_path / "out", path_limit=2)
    page = files.index_html.read_text(encoding="utf-8")
    # page 1, the policy section, the leverage ranking and the gap map
    assert page.count(NOTE) == 4
    md = files.markdown.read_text(encoding="utf-8")
    assert md.count(f"**{NOTE}**") == 4
    data = json.loads(files.json.read_text(encoding="utf-8"))
    assert data["truncation_note"] == NOTE and data["path_limit"] == 2


def test_complete_report_says_nothing(tmp_path: Path) -> None:
    files = write_report(fan(), tmp_path / "out")
    assert "lower bounds" not in files.index_html.read_text(encoding="utf-8")
    assert "lower bounds" not in files.markdown.read_text(encoding="utf-8")
