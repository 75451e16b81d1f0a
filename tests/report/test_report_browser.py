"""The report and the explorer in a real browser: Debian's headless Chromium over DevTools.

- the explorer, opened from disk: choosing a policy and an outcome lists the same chains as
  ``chkg paths --format json``; filters change what is shown; a knock-out says what is lost;
  clicking a step shows its quote highlighted in its source paragraph; no console error; no
  request but the file itself;
- the printable report: no script runs, labels from the data are shown as text, and it prints to
  PDF within a generous bound with every gap-map column present (read back with ``pdftotext``).

Screenshots go to ``$CHKG_SCREENSHOTS`` (a folder) when it is set, for a person to look at.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from devtools import CHROMIUM, Page, chromium

from chkg.analysis import AnalysisGraph, analysis_graph
from chkg.analysis.network import Claim, Entity
from chkg.cli import main
from chkg.evidence.certainty import Certainty
from chkg.graph.loader import load
from chkg.report.writers import write_report

HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "mini-report.ttl"
SOURCES = HERE / "fixtures" / "sources"
NS = "https://w3id.org/creative-health-kg/r-"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]


@pytest.fixture
def page(tmp_path: Path):  # type: ignore[no-untyped-def]
    with chromium(tmp_path / "profile", 1280, 1000) as tab:
        yield tab


def shot(page: Page, name: str, *, full_page: bool = False) -> None:
    folder = os.environ.get("CHKG_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(Path(folder) / name, full_page=full_page)


def chains_json(capsys: pytest.CaptureFixture[str], outcome: str) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["paths", "--from", "mini plan", "--to", outcome, "--format", "json", str(FIXTURE)]) == 0
    doc: dict[str, Any] = json.loads(capsys.readouterr().out)
    return doc


def choose(page: Page, policy: str, outcome: str) -> list[dict[str, Any]]:
    """Pick a policy and an outcome; the chains listed (claims, stated, certainty, lost)."""
    page.evaluate(f"""(() => {{
        const p = document.getElementById('policy'); p.value = {json.dumps(policy)};
        p.dispatchEvent(new Event('change'));
        const o = document.getElementById('outcome'); o.value = {json.dumps(outcome)};
        o.dispatchEvent(new Event('change')); return true; }})()""")
    return listed(page)


def listed(page: Page) -> list[dict[str, Any]]:
    value: list[dict[str, Any]] = page.evaluate("""[...document.querySelectorAll('#chains li.chain')].map(li => ({
        claims: JSON.parse(li.dataset.claims), stated: li.classList.contains('stated'),
        lost: li.classList.contains('lost'), text: li.innerText}))""")
    return value


def set_filter(page: Page, js: str) -> None:
    page.evaluate(f"(() => {{ const x = {js}; x.dispatchEvent(new Event('change')); return true; }})()")


def test_explorer_from_disk(tmp_path: Path, page: Page, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report"
    assert main(["report", "--out", str(out), str(FIXTURE)]) == 0
    url = (out / "explorer.html").as_uri()
    page.open(url)
    page.wait_until("window.chkgExplorer && window.chkgExplorer.ready")
    shot(page, "explorer-fixture-initial.png")

    # the same chains, in the same order, as chkg paths --format json
    for outcome in ("burnout", "wellbeing", "retention"):
        expected = chains_json(capsys, outcome)["paths"]
        shown = choose(page, f"{NS}plan", f"{NS}{outcome}")
        assert [c["claims"] for c in shown] == [[h["claim"] for h in p["hops"]] for p in expected]
        assert [c["stated"] for c in shown] == [p["stated"] for p in expected]
    # by hand: the chain to burnout is stated (k1, k2 in one statement); retention is stitched
    assert choose(page, f"{NS}plan", f"{NS}burnout")[0]["stated"] is True
    retention = choose(page, f"{NS}plan", f"{NS}retention")
    assert retention and not retention[0]["stated"] and "stitched at creative workshops" in retention[0]["text"]

    # filters change what is shown: stated chains only hides the stitched chain to retention
    set_filter(page, "Object.assign(document.getElementById('f-stated'), {checked: true})")
    assert listed(page) == []
    set_filter(page, "Object.assign(document.getElementById('f-stated'), {checked: false})")
    assert len(listed(page)) == 1
    # ... and a certainty above the claims' (all very low) hides every claim in the network
    set_filter(page, "Object.assign(document.getElementById('f-certainty'), {value: 'low'})")
    assert listed(page) == [] and page.evaluate("chkgExplorer.cy.edges().not('.hidden').length") == 0
    set_filter(page, "Object.assign(document.getElementById('f-certainty'), {value: 'very low'})")
    assert page.evaluate("chkgExplorer.cy.edges().not('.hidden').length") == 4
    # hiding workforce outcomes hides the three outcomes and the claims into them
    set_filter(page, "Object.assign(document.querySelector('input[name=f-kind][value=workforce]'), {checked: false})")
    assert page.evaluate("chkgExplorer.cy.nodes().not('.hidden').length") == 2
    set_filter(page, "Object.assign(document.querySelector('input[name=f-kind][value=workforce]'), {checked: true})")

    # clicking a step shows its quote highlighted inside its source paragraph
    choose(page, f"{NS}plan", f"{NS}burnout")
    page.evaluate(f"document.querySelector('.step[data-claim=\"{NS}k2\"]').click()")
    quote = page.evaluate("""(() => { const q = document.querySelector('#quote blockquote.para');
        return {text: q.textContent, mark: q.querySelector('mark').textContent,
                link: document.querySelector('#quote a').getAttribute('href')}; })()""")
    assert quote == {"text": "The Mini Plan led to creative workshops for staff, which reduce burnout & stress.",
                     "mark": "which reduce burnout & stress", "link": "sources/r-mini.html#r-k2"}
    time.sleep(1.5)  # let the canvas draw its labels before the screenshot
    shot(page, "explorer-fixture-selection.png")

    # knocking out the approach loses every chain of the three pairs
    page.evaluate(f"chkgExplorer.knockOut({json.dumps(NS + 'workshops')})")
    assert all(c["lost"] for c in listed(page))
    assert "3 policy–outcome pairs lose every chain shown" in page.evaluate("document.getElementById('knock-result').innerText")

    assert page.errors() == []
    assert set(page.requests()) == {url}


def test_source_page_from_disk(tmp_path: Path, page: Page) -> None:
    rdf = load([FIXTURE])
    files = write_report(analysis_graph(rdf), tmp_path / "r", rdf=rdf, sources_dir=SOURCES)
    (source,) = files.sources
    page.open(source.as_uri() + "#r-st1")
    marks = page.evaluate("[...document.querySelectorAll('mark')].map(m => m.textContent)")
    assert marks == ["The Mini Plan led to creative workshops for staff, which reduce burnout & stress.",
                     "Creative workshops improve wellbeing, which helps retention."]
    assert page.evaluate("document.querySelectorAll('li[id^=r-k]').length") == 4
    shot(page, "source-fixture.png")
    assert page.errors() == [] and set(page.requests()) == {source.as_uri()}


def wide_graph(n: int = 24) -> AnalysisGraph:
    """A policy reaching ``n`` outcomes of one family through one approach (too wide for one row)."""
    G = AnalysisGraph()
    G.add_entity(Entity("w:plan", "Plan <script>window.pwned=1</script>", "policy"))
    G.add_entity(Entity("w:approach", "approach", "approach"))
    G.add_claim(Claim("w:c0", "w:plan", "w:approach", Certainty.LOW, statement="w:s0", source="w:src",
                      source_title="src", quote="q0"))
    for i in range(1, n + 1):
        G.add_entity(Entity(f"w:o{i}", f"Column{i:02d}", "outcome", "workforce", direction="higher",  # type: ignore[arg-type]
                            families=("w:family",)))
        G.add_claim(Claim(f"w:c{i}", "w:approach", f"w:o{i}", Certainty.LOW, statement=f"w:s{i}",
                          source="w:src", source_title="src", quote=f"q{i}"))
    return G


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_report_prints_every_gap_map_column(tmp_path: Path, page: Page) -> None:
    files = write_report(wide_graph(), tmp_path / "report", family_labels={"w:family": "Family of 24"})
    url = files.index_html.as_uri()
    page.open(url)
    assert page.evaluate("document.scripts.length") == 0 and page.evaluate("window.pwned === 1") is False
    assert "Plan <script>window.pwned=1</script>" in page.evaluate("document.body.innerText")
    started = time.perf_counter()
    pdf = page.print_pdf()
    seconds = time.perf_counter() - started
    assert pdf.startswith(b"%PDF") and seconds < 60
    (tmp_path / "report.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "report.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    missing = [f"Column{i:02d}" for i in range(1, 25) if f"Column{i:02d}" not in text]
    assert missing == [], f"gap-map columns cut off in print: {missing}"
    assert "Family of 24" in text and "Executive summary" in text
    assert page.errors() == [] and set(page.requests()) == {url}
    shot(page, "report-wide-page1.png")


def test_the_quote_panel_shows_the_paragraph_without_markdown(page: Page, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """The bundled source is Markdown ("**Workforce development framework**: [link workers](#)"):
    the selectors count its raw characters, the reader sees words."""
    out = tmp_path / "report"
    assert main(["report", "--out", str(out)]) == 0
    capsys.readouterr()
    page.open((out / "explorer.html").as_uri())
    page.wait_until("document.querySelector('.step') !== null")
    page.evaluate("(() => { document.querySelector('.step').click(); return true; })()")
    text = page.wait_until("(document.querySelector('#quote blockquote.para') || {}).textContent")
    marked = page.evaluate("document.querySelector('#quote blockquote.para mark').textContent")
    assert marked and marked in text
    assert "**" not in text and "](#)" not in text
    assert page.errors() == []
