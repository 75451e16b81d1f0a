"""Untrusted text in the report folder is shown marked, never raw (issue 12, gap F).

A policy whose label, and a claim whose quote, relation and source title carry an OSC title
escape, a CSI colour, a bell, a right-to-left override and a zero-width space. Before the fix,
``explorer.html`` held the override and the zero-width space raw (in its embedded data, which
its script shows with ``textContent`` and Cytoscape labels), and ``report.md`` dropped the
controls silently (``burn\\]0;pwned\\[31mout``). Now every file shows them as the terminal does
(:func:`chkg.untrusted.terminal_safe`): ``\\x1b``, ``<U+202E>``.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

import pytest

from chkg.analysis import AnalysisGraph, analysis_graph
from chkg.analysis.network import Claim, Entity
from chkg.evidence.certainty import Certainty
from chkg.graph.loader import load
from chkg.report.build import ReportInputs, build_report
from chkg.report.example import example_graph
from chkg.report.explorer import explorer_data
from chkg.report.model import ClaimLocation
from chkg.report.writers import write_report
from chkg.untrusted import INVISIBLE, terminal_safe

HERE = Path(__file__).parent
ESC = "\x1b"
HOSTILE = f"burn{ESC}]0;pwned\x07{ESC}[31mout\u202eevil\u200b"
SHOWN = "burn\\x1b]0;pwned\\x07\\x1b[31mout<U+202E>evil<U+200B>"
POLICY = "ex:hostile-plan"
CLAIM = "ex:hostile-claim"


def hostile_graph() -> AnalysisGraph:
    """The example graph plus a policy and a claim whose texts carry escapes, bidi and zero-width characters."""
    G = example_graph()
    G.add_entity(Entity(POLICY, f"plan {HOSTILE}", "policy"))
    G.add_claim(Claim(CLAIM, POLICY, "ex:retention", Certainty.LOW, relation="chkg:ledTo",
                      relation_label=f"led {HOSTILE} to", sign=1, claim_type="assertedEffect", statement="ex:st9",
                      source="ex:source", source_title=f"source {HOSTILE}", quote=f"quote {HOSTILE}"))
    return G


def raw_characters(text: str) -> set[str]:
    """The characters of ``text`` that act instead of showing (controls but newline and tab; bidi; zero-width)."""
    return {ch for ch in text if ch in INVISIBLE or ((ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F) and ch not in "\t\n")}


def embedded(explorer: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="chkg-data">(.*?)</script>', explorer, re.S)
    assert found is not None
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def test_no_file_of_the_report_holds_a_raw_control_bidi_or_zero_width_character(tmp_path: Path) -> None:
    files = write_report(hostile_graph(), tmp_path / "r")
    for path in files.all:
        if path.suffix in {".html", ".md", ".svg"}:
            text = path.read_text(encoding="utf-8")
            # the explorer's inline libraries (fixed text, allowed by hash) use \x01 and U+200B themselves
            text = re.sub(r"<script>.*?</script>", "", text, flags=re.S)
            assert raw_characters(text) == set(), path.name


def test_explorer_data_is_marked_as_on_a_terminal(tmp_path: Path) -> None:
    files = write_report(hostile_graph(), tmp_path / "r")
    explorer = files.explorer_html.read_text(encoding="utf-8")
    data = embedded(explorer)
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    assert labels[POLICY] == f"plan {SHOWN}"
    (edge,) = [e for e in data["edges"] if e["id"] == CLAIM]
    assert (edge["quote"], edge["relation"], edge["source_title"]) == (
        f"quote {SHOWN}", f"led {SHOWN} to", f"source {SHOWN}")
    # the chains the script lists carry the marked labels too, and the filters match them
    (doc,) = [d for k, d in data["pairs"].items() if k.startswith(POLICY + "\t")]
    assert doc["from"]["label"] == f"plan {SHOWN}"
    assert doc["paths"][0]["hops"][0]["quote"] == f"quote {SHOWN}"
    assert f'value="led {SHOWN} to"' in explorer.replace("&lt;", "<").replace("&gt;", ">")
    # the page's own words are untouched
    assert "<title>" in explorer and "Knock out" in explorer


def test_quote_offsets_count_the_marked_paragraph() -> None:
    """The quote is highlighted by offsets into the paragraph: they must follow the marks."""
    rdf = load([HERE / "fixtures" / "mini-report.ttl"])
    G = analysis_graph(rdf)
    report = build_report(G, inputs=ReportInputs(rdf, HERE / "fixtures" / "sources"))
    claim = next(iter(report.locations))
    before, quote, after = f"A {HOSTILE} plan, ", f"the \u202equote{ESC}[2J", " and after\u200b."
    paragraph = before + quote + after
    located = dataclasses.replace(report, locations={claim: ClaimLocation(
        "mini", paragraph, len(before), len(before) + len(quote))})
    where = explorer_data(G, located, {})["claims"][claim]
    assert where["paragraph"] == terminal_safe(paragraph)
    assert js_slice(where["paragraph"], where["qs"], where["qe"]) == "the <U+202E>quote\\x1b[2J"
    assert js_slice(where["paragraph"], 0, where["qs"]) == f"A {SHOWN} plan, "


def js_slice(text: str, start: int, end: int) -> str:
    """``text.slice(start, end)`` as JavaScript does it: offsets in UTF-16 code units."""
    return text.encode("utf-16-le")[2 * start:2 * end].decode("utf-16-le")


def test_quote_offsets_count_as_the_page_does_after_an_emoji() -> None:
    """String.slice counts UTF-16 code units: an emoji before the quote counts two."""
    rdf = load([HERE / "fixtures" / "mini-report.ttl"])
    G = analysis_graph(rdf)
    report = build_report(G, inputs=ReportInputs(rdf, HERE / "fixtures" / "sources"))
    claim = next(iter(report.locations))
    before, quote = "Arts \U0001f3a8 and music \U0001f3b5: ", "the quote"
    located = dataclasses.replace(report, locations={claim: ClaimLocation(
        "mini", before + quote + ".", len(before), len(before) + len(quote))})
    where = explorer_data(G, located, {})["claims"][claim]
    assert js_slice(where["paragraph"], where["qs"], where["qe"]) == "the quote"


def test_report_md_shows_controls_marked_not_dropped(tmp_path: Path) -> None:
    md = write_report(hostile_graph(), tmp_path / "r").markdown.read_text(encoding="utf-8")
    # as on the terminal, with Markdown's own characters escaped: \x1b is literal in CommonMark
    assert "plan burn\\x1b\\]0;pwned\\x07\\x1b\\[31mout\\<U+202E\\>evil\\<U+200B\\>" in md
    assert "quote burn\\x1b" in md
    assert not re.search(r"(?<!\\)<", md)


def test_a_crlf_in_a_label_is_a_line_break_not_a_mark(tmp_path: Path) -> None:
    G = example_graph()
    G.add_entity(Entity("ex:two-lines", "two\r\nlines", "policy"))
    G.add_claim(Claim("ex:c9", "ex:two-lines", "ex:care", Certainty.LOW, relation="chkg:ledTo",
                      relation_label="led to", sign=1, claim_type="assertedEffect", statement="ex:st9",
                      source="ex:source", source_title="Example source", quote="q"))
    md = write_report(G, tmp_path / "r").markdown.read_text(encoding="utf-8")
    assert "two lines" in md and "\\x0d" not in md


@pytest.mark.browser
def test_the_explorer_shows_marks_in_the_page(tmp_path: Path) -> None:
    """In Chromium: the text the script puts in the page and the network's labels are marked."""
    from devtools import CHROMIUM, chromium

    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed")
    files = write_report(hostile_graph(), tmp_path / "r")
    with chromium(tmp_path / "profile", 1280, 1000) as page:
        page.open(files.explorer_html.as_uri())
        page.wait_until("window.chkgExplorer && window.chkgExplorer.ready")
        page.evaluate(f"""(() => {{
            const p = document.getElementById('policy'); p.value = {json.dumps(POLICY)};
            p.dispatchEvent(new Event('change'));
            const o = document.getElementById('outcome'); o.value = 'ex:retention';
            o.dispatchEvent(new Event('change'));
            document.querySelector('.step[data-claim="{CLAIM}"]').click(); return true; }})()""")
        text: str = page.evaluate("document.body.innerText")
        labels: list[str] = page.evaluate("chkgExplorer.cy.nodes().map(n => n.data('label'))")
        assert page.errors() == []
    assert raw_characters(text) == set() and raw_characters("".join(labels)) == set()
    assert f"From plan {SHOWN} to retention" in text
    assert f"quote {SHOWN}" in text and f"led {SHOWN} to" in text
    assert f"plan {SHOWN}" in labels
