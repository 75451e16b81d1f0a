"""`chkg fmt`: canonical form, idempotent, --check never writes, comments never dropped silently."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from chkg.curation.fmt import FmtStatus, find_comments, format_file, format_paths
from chkg.project import ProjectPaths
from fixtures.curate.support import copy_project, run_cli

MESSY = """@prefix chkg: <https://w3id.org/creative-health-kg/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
chkg:b a chkg:Value ; rdfs:label "b"@en .
chkg:a rdfs:label "a # not a comment"@en ; a chkg:Value ; chkg:rank "007"^^<http://www.w3.org/2001/XMLSchema#integer> .
"""


def test_find_comments_skips_strings_and_iris() -> None:
    text = '# one\n<http://e/a#frag> <http://e/p> """long\n# not\n""" . # two\n"x#y" .\n'
    assert [(c.line, c.text) for c in find_comments(text)] == [(1, "# one"), (4, "# two")]


def test_fmt_is_idempotent_and_keeps_lexical_forms(tmp_path: Path) -> None:
    path = tmp_path / "values.ttl"
    path.write_text(MESSY)
    assert format_file(path).status is FmtStatus.REFORMATTED
    once = path.read_bytes()
    assert format_file(path).status is FmtStatus.UNCHANGED
    assert path.read_bytes() == once
    text = once.decode()
    assert text.index("chkg:a\n") < text.index("chkg:b\n")
    assert "007" in text and '"a # not a comment"@en' in text


def test_check_does_not_write(tmp_path: Path) -> None:
    path = tmp_path / "values.ttl"
    path.write_text(MESSY)
    os.utime(path, (1_000_000, 1_000_000))
    result = format_file(path, check=True)
    assert result.status is FmtStatus.REFORMATTED and not result.written
    assert path.read_text() == MESSY
    assert path.stat().st_mtime == 1_000_000


def test_comments_are_kept_unless_dropped_explicitly(tmp_path: Path) -> None:
    path = tmp_path / "values.ttl"
    path.write_text("# curator's note: check the source\n" + MESSY)
    result = format_file(path)
    assert result.status is FmtStatus.HAS_COMMENTS and not result.written
    assert [c.line for c in result.comments] == [1]
    assert path.read_text().startswith("# curator's note")
    dropped = format_file(path, drop_comments=True)
    assert dropped.written and "#" not in path.read_text().split("\n", 1)[0]


def test_a_syntax_error_anywhere_writes_nothing(tmp_path: Path) -> None:
    from chkg.errors import InputFileError

    good, bad = tmp_path / "a.ttl", tmp_path / "b.ttl"
    good.write_text(MESSY)
    bad.write_text("<http://e/a> <http://e/b> .\n")
    with pytest.raises(InputFileError, match=r"b\.ttl:1"):
        format_paths([tmp_path])
    assert good.read_text() == MESSY


def test_cli_check_lists_files_and_exits_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_project(tmp_path / "project", monkeypatch)
    code, out, err = run_cli(capsys, "fmt", "--check")
    assert code == 0, out + err  # the curated data is canonical
    values = root / "data" / "values.ttl"
    values.write_text(values.read_text() + 'chkg:zz a chkg:Value ; rdfs:label "zz"@en .\n')
    before = values.read_bytes()
    code, out, _ = run_cli(capsys, "fmt", "--check")
    assert code == 1 and "would reformat data/values.ttl" in out
    assert values.read_bytes() == before
    code, out, _ = run_cli(capsys, "fmt")
    assert code == 0 and "reformatted data/values.ttl" in out
    assert run_cli(capsys, "fmt", "--check")[0] == 0


def test_ontology_is_not_formatted_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_project(tmp_path / "project", monkeypatch)
    assert all(r.path.is_relative_to(root / "data") for r in format_paths(check=True, project=ProjectPaths(root)))
    before = (root / "ontology" / "chkg.ttl").read_bytes()
    code, out, _ = run_cli(capsys, "fmt", "ontology/chkg.ttl")
    assert code == 1 and "comment(s)" in out
    assert (root / "ontology" / "chkg.ttl").read_bytes() == before
