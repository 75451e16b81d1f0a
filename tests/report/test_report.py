"""Tests of chkg.report: content, wording, escaping, confined file names, atomic replacement,
source pages, explorer data, and the exports read back with NetworkX.

Two hand-made graphs with answers worked out by hand: ``chkg.report.example.example_graph()``
(no source text) and ``fixtures/mini-report.ttl`` with its text ``fixtures/sources/mini.md``
(the answers are in the fixture's header).
"""

from __future__ import annotations

import csv
import html as html_module
import io
import json
import re
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph

import chkg.report.writers
from chkg.analysis import AnalysisGraph, analysis_graph
from chkg.analysis.network import Claim, Entity
from chkg.cli import main
from chkg.errors import OutputError
from chkg.evidence.certainty import Certainty
from chkg.graph.loader import load
from chkg.report.build import ReportInputs, build_report, safe_slug
from chkg.report.example import EXAMPLE_FAMILIES, example_graph
from chkg.report.explorer import csp_hash
from chkg.report.writers import MARKER, write_report

HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "mini-report.ttl"
SOURCES = HERE / "fixtures" / "sources"
NS = "https://w3id.org/creative-health-kg/r-"
EVIL = "https://w3id.org/creative-health-kg/../../evil"
SCRIPT = "<script>alert('x')</script>"


def mini() -> tuple[Graph, AnalysisGraph]:
    rdf = load([FIXTURE])
    return rdf, analysis_graph(rdf)


def hostile_graph() -> AnalysisGraph:
    """The example graph plus a policy whose IRI, label and quote are hostile."""
    G = example_graph()
    G.add_entity(Entity(EVIL, f"Evil {SCRIPT} & co plan", "policy", definition=f"defined {SCRIPT}"))
    G.add_claim(Claim("ex:evil-claim", EVIL, "ex:retention", Certainty.LOW, relation="chkg:ledTo",
                      relation_label="led to", sign=-1, claim_type="assertedEffect", statement="ex:st9",
                      source="ex:source", source_title="Example source", quote=f"quote {SCRIPT} | pipe &amp; x"))
    return G


def test_report_files(tmp_path: Path) -> None:
    files = write_report(example_graph(), tmp_path / "report")
    assert {p.name for p in files.all} == {"index.html", "explorer.html", "report.md", "report.json",
                                           "nodes.csv", "edges.csv", "network.graphml", "network.gexf",
                                           "ex-plan.svg"}
    assert all(p.is_file() and p.stat().st_size > 0 for p in files.all)
    data = json.loads(files.json.read_text())
    (policy,) = data["policies"]
    # by hand: burnout and wellbeing stated (c1 with c3 / c2, one statement), care stated, retention stitched
    assert [(o["outcome"]["label"], o["best"]["stated"]) for o in policy["reached"]] == [
        ("burnout", True), ("wellbeing", True), ("care", True), ("retention", False)]
    assert data["summary"]["ranking"][0]["stated_outcomes"] == 3
    assert data["summary"]["ranking"][0]["stitched_outcomes"] == 1


def test_effects_and_relations_in_words(tmp_path: Path) -> None:
    files = write_report(example_graph(), tmp_path / "r")
    md, html = files.markdown.read_text(), files.index_html.read_text()
    # lowering burnout (lower is better) is favourable; care has no recorded direction
    assert "| burnout | stated | low | favourable (−) |" in md
    assert "| care | stated | very low | direction not recorded (+) |" in md
    assert "plan *led to* → creative approach *led to* → burnout" in md
    assert "chkg:" not in md and "chkg:ledTo" not in html


def test_summary_sentences_link_their_claims(tmp_path: Path) -> None:
    report = build_report(example_graph())
    (burnout,) = [f for f in report.summary.findings if "burnout" in f.text]
    assert set(burnout.claims) == {"ex:c1", "ex:c3"}
    (retention,) = report.summary.hypotheses
    assert "retention" in retention.text and retention.assumptions
    html = write_report(example_graph(), tmp_path / "r").index_html.read_text()
    # without source pages, the links go to the evidence rows of the policy section
    for claim in ("c1", "c3"):
        assert f'href="#ev-ex-plan-{claim}"' in html and f'id="ev-ex-plan-{claim}"' in html


def test_gap_map_rolled_up_by_family() -> None:
    report = build_report(example_graph(), inputs=ReportInputs(family_labels=EXAMPLE_FAMILIES))
    gm = report.gap_map
    assert [(f.label, [o.label for o in f.outcomes]) for f in gm.families] == [
        ("staff wellbeing", ["burnout", "wellbeing"]), ("workforce supply", ["retention"]),
        ("Patient outcomes", ["care"])]
    plan = next(r for r in gm.rows if r.node.iri == "ex:plan")
    approach = next(r for r in gm.rows if r.node.iri == "ex:approach")
    # plan reaches both wellbeing outcomes by stated chains; retention only stitched
    assert [(c.reached, c.stated, c.outcomes) for c in map(plan.family, gm.families)] == [(2, 2, 2), (1, 0, 1),
                                                                                          (1, 1, 1)]
    # the approach reaches burnout and wellbeing (direct), retention (stitched), not care
    assert [(c.reached, c.outcomes) for c in map(approach.family, gm.families)] == [(2, 2), (1, 1), (0, 1)]
    assert approach.family(gm.families[2]).gap and gm.gaps == 1
    # sparse: the gap is not listed, and the drill-down lists only the rows with evidence
    assert len(approach.families) == 2 and approach.cell("ex:care").gap
    assert plan in gm.rows_reaching(gm.families[2]) and approach not in gm.rows_reaching(gm.families[2])


def test_large_gap_map_leaves_out_the_rollup_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from chkg.report import model

    small = write_report(example_graph(), tmp_path / "small")
    assert 'class="heat rollup"' in small.index_html.read_text()
    assert "roll-up table is left out" not in small.markdown.read_text()
    monkeypatch.setattr(model, "ROLLUP_TABLE_CELLS", 3)  # 3 rows x 3 families of the example
    large = write_report(example_graph(), tmp_path / "large")
    html, md = large.index_html.read_text(), large.markdown.read_text()
    assert 'class="heat rollup"' not in html and "roll-up table is left out" in html
    assert "roll-up table is left out" in md
    # the drill-down stays, with the rows that have evidence
    assert 'class="heat drill"' in html and "### family wellbeing" in md


def test_markdown_has_no_html_entities(tmp_path: Path) -> None:
    files = write_report(hostile_graph(), tmp_path / "r")
    md = files.markdown.read_text()
    assert not re.search(r"&(amp|lt|gt|quot|#\d+);", md.replace("\\&amp;", "")), "an HTML entity in report.md"
    assert not re.search(r"(?<!\\)<", md), "an unescaped < in report.md"
    assert r"\<script\>" in md and r"\| pipe" in md
    assert "Evil \\<script\\>alert('x')\\</script\\> & co plan" in md
    assert "\\&amp; x" in md  # a literal entity in the data is shown as text, not decoded


def test_everything_from_the_data_is_escaped(tmp_path: Path) -> None:
    files = write_report(hostile_graph(), tmp_path / "r")
    html = files.index_html.read_text()
    assert "<script" not in html.lower() and "&lt;script&gt;" in html
    for svg in files.diagrams:
        assert "<script" not in svg.read_text().lower()
    explorer = files.explorer_html.read_text()
    data = re.search(r'<script type="application/json" id="chkg-data">(.*?)</script>', explorer, re.S)
    assert data is not None and "<" not in data.group(1) and "&" not in data.group(1)
    assert any(n["label"] == f"Evil {SCRIPT} & co plan" for n in json.loads(data.group(1))["nodes"])


def test_explorer_is_self_contained_with_a_strict_csp(tmp_path: Path) -> None:
    html = write_report(example_graph(), tmp_path / "r").explorer_html.read_text()
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert csp is not None
    policy = html_module.unescape(csp.group(1))  # the attribute escapes the quotes: &#39;none&#39;
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy and "http" not in policy
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    styles = re.findall(r"<style[^>]*>(.*?)</style>", html, re.S)
    assert len(scripts) == 3 and len(styles) == 2
    for text in scripts + styles:
        assert csp_hash(text) in policy
    for needle in ("<link", " src=", "@import", "url(http", "<iframe", "<img"):
        assert needle not in html.lower(), needle
    assert "cytoscape" in scripts[0].lower() and "dagre" in scripts[1].lower()


def test_print_css_uses_flat_colours(tmp_path: Path) -> None:
    html = write_report(example_graph(), tmp_path / "r").index_html.read_text()
    assert "@media print" in html and "gradient" not in html
    assert "<script" not in html.lower()


def test_explorer_embeds_what_chkg_paths_prints(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "rep"
    assert main(["report", "--out", str(out), str(FIXTURE)]) == 0
    html = (out / "explorer.html").read_text()
    data = json.loads(re.search(r'id="chkg-data">(.*?)</script>', html, re.S).group(1))  # type: ignore[union-attr]
    capsys.readouterr()
    for outcome in ("burnout", "wellbeing", "retention"):
        assert main(["paths", "--from", "mini plan", "--to", outcome, "--format", "json", str(FIXTURE)]) == 0
        printed = json.loads(capsys.readouterr().out)
        assert data["pairs"][f"{NS}plan\t{NS}{outcome}"] == printed
    stated = {o: data["pairs"][f"{NS}plan\t{NS}{o}"]["paths"][0]["stated"] for o in ("burnout", "wellbeing", "retention")}
    assert stated == {"burnout": True, "wellbeing": False, "retention": False}


def test_source_pages_highlight_every_statement(tmp_path: Path) -> None:
    rdf, G = mini()
    files = write_report(G, tmp_path / "r", rdf=rdf, sources_dir=SOURCES)
    (page,) = files.sources
    html = page.read_text()
    for statement, exact in [("r-st1", "The Mini Plan led to creative workshops for staff, which reduce burnout &amp; stress."),
                             ("r-st2", "Creative workshops improve wellbeing, which helps retention.")]:
        assert re.search(rf'<mark id="{statement}"[^>]*><a href="#claims-{statement}">{re.escape(exact)}</a></mark>', html)
    for claim in ("r-k1", "r-k2", "r-k3", "r-k4"):
        assert f'<li id="{claim}">' in html
    # the report and the explorer link the claims to their place in the source page
    assert 'href="sources/r-mini.html#r-k2"' in files.index_html.read_text()
    explorer = files.explorer_html.read_text()
    data = json.loads(re.search(r'id="chkg-data">(.*?)</script>', explorer, re.S).group(1))  # type: ignore[union-attr]
    where = data["claims"][f"{NS}k2"]
    assert where["paragraph"] == "The Mini Plan led to creative workshops for staff, which reduce burnout & stress."
    assert where["paragraph"][where["qs"]:where["qe"]] == "which reduce burnout & stress"


def test_exports_read_back_with_networkx(tmp_path: Path) -> None:
    rdf, G = mini()
    files = write_report(G, tmp_path / "r", rdf=rdf, sources_dir=SOURCES)
    for H in (nx.read_graphml(files.graphml), nx.read_gexf(files.gexf)):
        assert H.number_of_nodes() == 5 and H.number_of_edges() == 4
        assert H.nodes[f"{NS}burnout"]["kind"] == "outcome"
        assert H.nodes[f"{NS}burnout"]["direction"] == "lower"
        assert H.nodes[f"{NS}burnout"]["family"] == "staff wellbeing"
        ((_, _, edge),) = [(u, v, d) for u, v, d in H.edges(data=True) if v == f"{NS}burnout"]
        assert (edge["sign"], edge["certainty"], edge["claim_type"], edge["label"]) == (
            "negative", "very low", "asserted effect", "contributes to")
        assert edge["quote"] == "which reduce burnout & stress"


def test_csv_for_systems_mapping(tmp_path: Path) -> None:
    files = write_report(hostile_graph(), tmp_path / "r")
    nodes = list(csv.DictReader(io.StringIO(files.nodes_csv.read_text())))
    edges = list(csv.DictReader(io.StringIO(files.edges_csv.read_text())))
    labels = {n["Label"] for n in nodes}
    assert all(e["From"] in labels and e["To"] in labels for e in edges)
    evil = next(e for e in edges if e["ID"] == "ex:evil-claim")
    assert evil["Quote"] == f"quote {SCRIPT} | pipe &amp; x" and evil["Sign"] == "negative"
    assert evil["Type"] == "led to" and evil["Certainty"] == "low"


def test_file_names_never_leave_out(tmp_path: Path) -> None:
    out = tmp_path / "a" / "b" / "report"
    files = write_report(hostile_graph(), out)
    root = out.resolve()
    assert all(p.resolve().is_relative_to(root) for p in files.all)
    assert sorted(p.name for p in files.diagrams) == ["evil.svg", "ex-plan.svg"]
    for hostile, expected in [("../../evil", "evil"), ("..", "policy"), ("/", "policy"),
                              ("x:..\\..\\etc", "x-etc"), ("chkg:Ünïcode/../..", "policy")]:
        assert safe_slug(hostile) == expected


def test_existing_report_survives_a_failed_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "report"
    write_report(example_graph(), out)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    original = chkg.report.writers.render

    def broken(template: str, context: dict) -> str:  # type: ignore[type-arg]
        if template == "report.md.j2":
            raise RuntimeError("template exploded")
        return original(template, context)

    monkeypatch.setattr(chkg.report.writers, "render", broken)
    with pytest.raises(RuntimeError, match="template exploded"):
        write_report(hostile_graph(), out)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]  # no temporary folder left


def test_existing_report_replaced_when_complete(tmp_path: Path) -> None:
    out = tmp_path / "report"
    write_report(example_graph(), out)
    (out / "stale.txt").write_text("old")
    write_report(hostile_graph(), out)
    assert not (out / "stale.txt").exists() and "Evil" in (out / "index.html").read_text()


def test_refuses_to_replace_other_folders(tmp_path: Path) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.tex").write_text("years of work")
    with pytest.raises(OutputError, match="not a chkg report"):
        write_report(example_graph(), precious)
    assert (precious / "thesis.tex").read_text() == "years of work"
    afile = tmp_path / "afile"
    afile.write_text("x")
    with pytest.raises(OutputError, match="not a folder"):
        write_report(example_graph(), afile)
    empty = tmp_path / "empty"
    empty.mkdir()
    write_report(example_graph(), empty)
    assert (empty / MARKER).is_file()


def test_cli_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "rep"
    assert main(["report", "--out", str(out), "--policy", "mini plan", str(FIXTURE)]) == 0
    printed = capsys.readouterr().out
    assert str(out) in printed and (out / "explorer.html").is_file()
    assert [p.name for p in (out / "diagrams").iterdir()] == ["r-plan.svg"]
    assert main(["report", "--out", str(out), "--policy", "burnout", str(FIXTURE)]) == 2  # not a policy


def test_invisible_characters_in_labels_are_shown_in_the_report() -> None:
    """A bidi override or zero-width space in a label is marked, not left to reorder or hide text."""
    from chkg.report.writers import environment

    out = environment().from_string("<p>{{ label }}</p>").render(label="Plan\u202e evil\u200b")
    assert "\u202e" not in out and "\u200b" not in out
    assert "&lt;U+202E&gt;" in out and "&lt;U+200B&gt;" in out
