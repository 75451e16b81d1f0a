"""Relative IRIs resolve against a neutral base, never the file's local path (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest

from chkg.cli import main
from chkg.graph.loader import load
from chkg.project import bundled_project


def test_a_relative_iri_does_not_carry_the_local_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "secret-folder-name" / "rel.ttl"
    data.parent.mkdir()
    data.write_text("PREFIX chkg: <https://w3id.org/creative-health-kg/>\n<rel> a chkg:Nonsense .\n")
    graph = load([data], project=bundled_project())
    subjects = {str(s) for s in graph.subjects() if str(s).endswith("/rel")}
    assert subjects == {"urn:chkg:relative/rel"}
    assert main(["validate", "--no-cache", str(data)]) == 1
    out = capsys.readouterr().out
    assert "urn:chkg:relative/rel" in out
    assert "file://" not in out
