"""Tests of chkg.report.report: content, escaping, confined file names, atomic replacement, CSV."""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import networkx as nx
import pytest

import chkg.report.report
from chkg.cli import main
from chkg.errors import OutputError
from chkg.analysis.paths import toy_graph
from chkg.report.report import MARKER, format_paths, layout_paths, report_data, safe_slug, write_report

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parents[1] / "fixtures" / "paths"
EVIL = "https://w3id.org/creative-health-kg/../../evil"
SCRIPT = "<script>alert('x')</script>"


def hostile_graph() -> nx.MultiDiGraph:
    """The toy graph plus a policy whose IRI, label and quote are hostile."""
    G = toy_graph()
    G.add_node(EVIL, iri=EVIL, label=f"Evil {SCRIPT} plan", alt_labels=(), kind="policy",
               outcome_kind=None, type_label="policy", definition=f"defined {SCRIPT}")
    G.add_edge(EVIL, "x:retention", key="evil-claim", claim="evil-claim", relation="chkg:influences",
               relation_label="influences", sign=-1, mechanism=SCRIPT, quote=f"quote {SCRIPT} | pipe",
               passage="pe", passage_label="pe", section="s", source="src", strength="asserted", rank=2)
    return G


def test_report_files(tmp_path: Path) -> None:
    out = tmp_path / "report"
    files = write_report(toy_graph(), out)
    assert files.out_dir == out.absolute()
    assert {p.name for p in files.all} == {"index.html", "report.md", "report.json", "nodes.csv",
                                           "edges.csv", "x-plan.svg"}
    assert all(p.is_file() and p.stat().st_size > 0 for p in files.all)
    html = files.index_html.read_text()
    assert "plan reaches 3 workforce outcomes" in html
    assert html.count("<svg") == 1 and "quote c5" in html and "class=\"heat\"" in html
    data = json.loads(files.json.read_text())
    assert data["policies"][0]["reach"]["workforce"][0]["label"] == "wellbeing"
    assert data["gap_map"]["gaps"] == 0
    md = files.markdown.read_text()
    assert "## plan (policy)" in md and "| retention (workforce) |" in md


def test_html_is_self_contained(tmp_path: Path) -> None:
    html = write_report(toy_graph(), tmp_path / "r").index_html.read_text()
    lowered = html.lower()
    for needle in ("<script", "<link", " src=", "@import", "url(http", "<iframe", "<img"):
        assert needle not in lowered, needle
    assert "@media print" in html


def test_everything_from_the_data_is_escaped(tmp_path: Path) -> None:
    files = write_report(hostile_graph(), tmp_path / "r")
    html = files.index_html.read_text()
    assert "<script" not in html.lower()
    assert "&lt;script&gt;" in html
    for svg in files.diagrams:
        text = svg.read_text()
        assert "<script" not in text.lower()
    evil_svg = [p for p in files.diagrams if p.name == "evil.svg"]
    assert evil_svg and "Evil &lt;script&gt;" in evil_svg[0].read_text()
    md = files.markdown.read_text()
    assert "<script" not in md and "&lt;script&gt;" in md and r"\| pipe" in md


def test_file_names_never_leave_out(tmp_path: Path) -> None:
    out = tmp_path / "a" / "b" / "report"
    files = write_report(hostile_graph(), out)
    root = out.resolve()
    for path in files.all:
        assert path.resolve().is_relative_to(root)
    assert not (tmp_path / "evil.svg").exists() and not (tmp_path / "a" / "evil.svg").exists()
    assert sorted(p.name for p in files.diagrams) == ["evil.svg", "x-plan.svg"]
    for hostile, expected in [("../../evil", "evil"), ("..", "policy"), ("/", "policy"),
                              ("x:..\\..\\etc", "x-etc"), ("chkg:Ünïcode/../..", "policy")]:
        assert safe_slug(hostile) == expected


def test_slugs_made_unique(tmp_path: Path) -> None:
    G = toy_graph()
    for iri in ("a/plan", "b/plan"):
        G.add_node(iri, iri=iri, label=iri, kind="policy")
    names = sorted(p.name for p in write_report(G, tmp_path / "r").diagrams)
    assert names == ["plan-2.svg", "plan.svg", "x-plan.svg"]


def test_existing_report_survives_a_failed_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "report"
    write_report(toy_graph(), out)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}

    def broken(template: str, context: dict) -> str:  # type: ignore[type-arg]
        if template == "report.md.j2":
            raise RuntimeError("template exploded")
        return original(template, context)

    original = chkg.report.report._render
    monkeypatch.setattr(chkg.report.report, "_render", broken)
    with pytest.raises(RuntimeError, match="template exploded"):
        write_report(hostile_graph(), out)
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]  # no temporary folder left


def test_existing_report_replaced_when_complete(tmp_path: Path) -> None:
    out = tmp_path / "report"
    write_report(toy_graph(), out)
    (out / "stale.txt").write_text("old")
    write_report(hostile_graph(), out)
    assert not (out / "stale.txt").exists()
    assert "Evil" in (out / "index.html").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]


def test_refuses_to_replace_other_folders(tmp_path: Path) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.tex").write_text("years of work")
    with pytest.raises(OutputError, match="not a chkg report"):
        write_report(toy_graph(), precious)
    assert (precious / "thesis.tex").read_text() == "years of work"
    afile = tmp_path / "afile"
    afile.write_text("x")
    with pytest.raises(OutputError, match="not a folder"):
        write_report(toy_graph(), afile)
    empty = tmp_path / "empty"
    empty.mkdir()
    write_report(toy_graph(), empty)
    assert (empty / MARKER).is_file()


def test_csv_for_systems_mapping(tmp_path: Path) -> None:
    files = write_report(hostile_graph(), tmp_path / "r")
    nodes = list(csv.DictReader(io.StringIO(files.nodes_csv.read_text())))
    edges = list(csv.DictReader(io.StringIO(files.edges_csv.read_text())))
    assert {"Label", "Type", "Description", "ID"} <= set(nodes[0])
    assert {"From", "To", "Type", "Sign", "Strength", "Quote", "Source"} <= set(edges[0])
    labels = {n["Label"] for n in nodes}
    assert all(e["From"] in labels and e["To"] in labels for e in edges)
    evil = next(e for e in edges if e["ID"] == "evil-claim")
    assert evil["Quote"] == f"quote {SCRIPT} | pipe" and evil["Sign"] == "negative"


def test_layout_columns_by_hop() -> None:
    from chkg.analysis.paths import find_paths

    G = toy_graph()
    diagram = layout_paths(G, find_paths(G, "x:plan", ["x:retention", "x:care"], top=5))
    x = {b.label: b.x for b in diagram.boxes}
    assert x["plan"] < x["burnout"] == x["wellbeing"] < x["retention"]
    assert diagram.columns == 3 and len(diagram.arrows) == 5
    assert {a.sign for a in diagram.arrows} == {1, -1}
    assert layout_paths(G, []).boxes == ()


def test_summary_and_policy_selection() -> None:
    data = report_data(hostile_graph(), [EVIL])
    (policy,) = data["policies"]
    assert policy["summary"].startswith(f"Evil {SCRIPT} plan reaches 1 workforce outcome (retention)")
    assert "lowers retention directly" in policy["summary"]


def test_a_policy_without_paths_points_at_what_it_exemplifies() -> None:
    G = toy_graph()
    G.add_node("x:local-plan", iri="x:local-plan", label="local plan", alt_labels=(), kind="policy",
               outcome_kind=None, type_label="policy", definition="", example_of=("x:plan",))
    data = report_data(G, ["x:local-plan", "x:plan"])
    summaries = {p["label"]: p["summary"] for p in data["policies"]}
    assert "reaches no workforce or patient outcome" in summaries["local plan"]
    assert "The source gives it as an example of plan" in summaries["local plan"]
    assert "example of" not in summaries["plan"]


def test_bundled_regional_strategies_point_at_the_systems_level_strategies() -> None:
    import chkg
    from chkg.analysis.paths import analysis_graph

    G = analysis_graph(chkg.load())
    london = "https://w3id.org/creative-health-kg/london-creative-health-strategy"
    assert G.nodes[london]["example_of"] == ("https://w3id.org/creative-health-kg/creative-health-strategies-at-a-systems-level",)
    (policy,) = report_data(G, [london])["policies"]
    assert "example of Creative Health Strategies at a systems level" in policy["summary"]


def test_format_paths_json_is_one_object() -> None:
    from chkg.analysis.paths import find_paths

    G = toy_graph()
    text = format_paths(G, "x:plan", "x:retention", find_paths(G, "x:plan", "x:retention"), "json")
    doc = json.loads(text)
    assert list(doc) == ["from", "to", "paths"] and len(doc["paths"]) == 2


def test_cli_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "rep"
    code = main(["report", "--out", str(out), "--policy", "mini workforce plan", str(FIXTURES)])
    printed = capsys.readouterr().out
    assert code == 0 and str(out) in printed and (out / "index.html").is_file()
    assert [p.name for p in (out / "diagrams").iterdir()] == ["mini-plan.svg"]
    code = main(["report", "--out", str(out), "--policy", "burnout", str(FIXTURES)])
    assert code == 2  # not a policy


@pytest.mark.skipif(not (ROOT / "data" / "influences.ttl").exists(),
                    reason="the curated data (data/influences.ttl) has not landed yet")
def test_bundled_report_renders_in_seconds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    started = time.perf_counter()
    code = main(["report", "--out", str(tmp_path / "report")])
    seconds = time.perf_counter() - started
    assert code == 0, capsys.readouterr().err
    assert seconds < 30
    html = (tmp_path / "report" / "index.html").read_text()
    assert "NHS Long Term Workforce Plan reaches" in html
    data = json.loads((tmp_path / "report" / "report.json").read_text())
    assert len(data["policies"]) >= 10
