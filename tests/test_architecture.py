"""The package's shape: one table of kinds, layers kept (import-linter), style kept (ruff).

A new kind of entity is one row of chkg.vocab.kinds.KINDS and one class in the ontology:
the test below adds both in a fixture and shows that `chkg new`, the curated file and the
ontology page follow without any other edit.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, Literal

from chkg.curation.docs import build_docs
from chkg.curation.fmt import read_turtle
from chkg.project import ProjectPaths, bundled_project
from chkg.vocab import kinds
from chkg.vocab.kinds import EntityKind, Role
from chkg.vocab.namespace import CHKG_NS
from fixtures.curate.support import copy_project, run_cli

ROOT = bundled_project().root
FESTIVAL = CHKG_NS["Festival"]

_FESTIVAL_CLASS = """
chkg:Festival a owl:Class ;
    rdfs:label "festival"@en ;
    skos:definition "A festival of the arts in a health setting."@en ;
    rdfs:subClassOf chkg:Factor ;
    rdfs:isDefinedBy <https://w3id.org/creative-health-kg/ontology> .
"""


def test_a_new_kind_is_one_row_and_one_class(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_project(tmp_path / "project", monkeypatch)
    ontology = root / "ontology" / "chkg.ttl"
    ontology.write_text(ontology.read_text(encoding="utf-8") + _FESTIVAL_CLASS, encoding="utf-8")
    festival = EntityKind("festival", FESTIVAL, "festivals.ttl", "festival", "festivals", Role.FACTOR)
    monkeypatch.setattr(kinds, "KINDS", (*kinds.KINDS, festival))

    code, out, err = run_cli(capsys, "new", "festival", "Hospital Arts Week",
                             "--definition", "A week of arts events in a hospital, made up for a test.")
    assert code == 0, err
    assert "added chkg:hospital-arts-week to data/festivals.ttl" in out
    graph = read_turtle(root / "data" / "festivals.ttl")
    assert (CHKG_NS["hospital-arts-week"], RDF.type, FESTIVAL) in graph
    assert len(list(graph.subjects(RDF.type, FESTIVAL))) == 1

    code, out, _ = run_cli(capsys, "new", "--help")
    assert code == 0 and "festival" in out

    page = build_docs(ProjectPaths(root))[root / "docs" / "ontology.md"]
    assert "| `festival` | `chkg:Festival` |" in page and "`data/festivals.ttl`" in page
    assert "### `chkg:Festival` festival" in page

    # without the row, the kind does not exist: the table is the only list
    monkeypatch.setattr(kinds, "KINDS", tuple(k for k in kinds.KINDS if k.name != "festival"))
    code, _, err = run_cli(capsys, "new", "festival", "Another")
    assert code == 2 and "'festival' is not one of" in err
    assert Literal("Another", lang="en") not in set(read_turtle(root / "data" / "festivals.ttl").objects())


def test_new_help_lists_the_kinds_of_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "new", "--help")
    assert code == 0
    for name in ("policy", "staff-", "context", "statement", "influence"):
        assert name in out


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    # the test extra installs both tools: a missing one is a broken set-up, not a reason to skip
    assert found is not None, f"{name} is not installed (pip install -e '.[test]')"
    return found


def test_layers_hold() -> None:
    """cli -> api -> core; the core never imports cli, report or curation; no cycle between subpackages."""
    run = subprocess.run([_tool("lint-imports"), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr


def test_ruff_is_clean() -> None:
    run = subprocess.run([_tool("ruff"), "check", "src", "tests"], cwd=ROOT, capture_output=True, text=True,
                         check=False)
    assert run.returncode == 0, f"{run.stdout}{run.stderr}\nfix with: ruff check --fix src tests"
