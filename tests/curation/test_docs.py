"""`chkg docs`: the checked-in ontology reference is current, complete and escaped."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph
from rdflib.namespace import OWL, SH

from chkg.curation.docs import build_docs, collect, stale_docs
from chkg.project import ProjectPaths, bundled_project
from chkg.vocab.namespace import CHKG_NS
from fixtures.curate.support import copy_project, run_cli


def test_checked_in_docs_are_current() -> None:
    stale = stale_docs()
    assert not stale, f"stale generated docs {[str(p) for p in stale]}: run `chkg docs` and commit them"


def test_every_class_property_and_shape_is_listed() -> None:
    paths = bundled_project()
    ontology = Graph().parse(paths.ontology)
    markdown = build_docs()[paths.root / "docs" / "ontology.md"]
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in ontology.subjects(RDF.type, kind):
            if term not in CHKG_NS:  # reused terms (prov:Entity...) are declared, not documented here
                continue
            curie = "chkg:" + str(term).rsplit("/", 1)[-1]
            assert f"### `{curie}`" in markdown, curie
    if paths.shapes.is_file():
        shapes = Graph().parse(paths.shapes)
        for shape in set(shapes.subjects(RDF.type, SH.PropertyShape)) | set(shapes.subjects(RDF.type, SH.NodeShape)):
            assert f"`chsh:{str(shape).rsplit('/', 1)[-1]}`" in markdown


def test_examples_come_from_the_data() -> None:
    doc = collect()
    terms = {t.curie: t for _, group in doc.sections for t in group}
    assert terms["chkg:Influence"].example.startswith("chkg:claim-")
    assert "→" in terms["chkg:citesPassage"].example
    assert terms["chkg:positive"].example


def test_html_is_escaped_and_self_contained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_project(tmp_path / "project", monkeypatch)
    values = root / "data" / "values.ttl"
    values.write_text(values.read_text().replace('"accountability"@en', '"<script>alert(1)</script> & co"@en', 1))
    html = build_docs(ProjectPaths(root))[root / "docs" / "ontology.html"]
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "http://" not in html.split("<body>")[0].replace("http://www.w3.org", "")  # no external assets


def test_check_fails_when_stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_project(tmp_path / "project", monkeypatch)
    assert run_cli(capsys, "docs")[0] == 0
    assert run_cli(capsys, "docs", "--check")[0] == 0
    (root / "docs" / "ontology.md").write_text("old\n")
    code, out, _ = run_cli(capsys, "docs", "--check")
    assert code == 1 and "stale: docs/ontology.md" in out
    assert (root / "docs" / "ontology.md").read_text() == "old\n"


def test_the_page_lists_every_kind_of_entity() -> None:
    from chkg.vocab.kinds import KINDS

    markdown = build_docs()[bundled_project().root / "docs" / "ontology.md"]
    table = markdown[markdown.index("## Kinds of entity"):]
    for kind in KINDS:
        assert f"| `{kind.name}` |" in table and f"`data/{kind.data_file}`" in table, kind.name
