"""``chkg validate``: exit codes, formats, and plain text when piped (chkg.cli, issue 2 section)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from chkg.cli import main
from chkg.project import bundled_project

FIXTURES = Path(__file__).parents[1] / "fixtures" / "validate"
HEADER = "PREFIX chkg: <https://w3id.org/creative-health-kg/>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project layout with the fixture shapes and good data; CHKG_HOME and the cwd point at it."""
    (tmp_path / "ontology").mkdir()
    shutil.copy(bundled_project().ontology, tmp_path / "ontology" / "chkg.ttl")
    shutil.copy(FIXTURES / "shapes.ttl", tmp_path / "ontology" / "shapes.ttl")
    shutil.copytree(FIXTURES / "good" / "data", tmp_path / "data")
    monkeypatch.setenv("CHKG_HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_clean_data_exits_0(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("chkg validate passed: 0 violations, 0 warnings, 0 infos (4 files,")
    assert "\x1b[" not in out  # no colour when not a terminal


def test_violations_exit_1_with_file_and_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "data" / "typo.ttl").write_text(HEADER + "chkg:nhs-long-term-workforce-plan chkg:ledto chkg:burnout .\n")
    assert main(["validate"]) == 1
    captured = capsys.readouterr()
    assert "data/typo.ttl:3: violation: chkg:ledto is not a property of the ontology; did you mean chkg:ledTo?" in captured.out
    assert "chkg validate FAILED" in captured.out
    assert "chkg validate FAILED: 2 violations" in captured.out
    assert captured.err == ""  # the summary says it all: no second message


def test_syntax_error_is_printed_with_its_column(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "data" / "broken.ttl").write_text(HEADER + "chkg:a a x:B .\n")
    assert main(["validate", "data"]) == 1
    assert "data/broken.ttl:3:10: error: The prefix x: has not been declared" in capsys.readouterr().out


def test_warnings_exit_0_unless_fail_on_warning(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "data" / "empty.ttl").write_text("")
    assert main(["validate"]) == 0
    assert "data/empty.ttl:1: warning: the file holds no triple" in capsys.readouterr().out
    assert main(["validate", "--fail-on", "warning"]) == 1


def test_usage_errors_exit_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "no-such-folder"]) == 2
    assert "no such file or folder: no-such-folder" in capsys.readouterr().err
    assert main(["validate", "--format", "yaml"]) == 2
    assert main(["validate", "--fail-on", "info"]) == 2


def test_json_format(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "data" / "empty.ttl").write_text("")
    assert main(["validate", "--format", "json", "data"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["conforms"] is True
    assert document["counts"] == {"violation": 0, "warning": 1, "info": 0}
    assert document["results"][0]["file"] == "data/empty.ttl"
    assert document["files"][0] == "ontology/chkg.ttl"


def test_sarif_format(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "data" / "empty.ttl").write_text("")
    assert main(["validate", "--format", "sarif"]) == 0
    sarif = json.loads(capsys.readouterr().out)
    assert sarif["version"] == "2.1.0"
    assert sarif["runs"][0]["results"][0]["ruleId"] == "check:empty-file"


def test_the_console_script_exit_code(project: Path) -> None:
    (project / "data" / "typo.ttl").write_text(HEADER + "chkg:x a chkg:Polcy .\n")
    env = {**os.environ, "CHKG_HOME": str(project)}
    script = [sys.executable, "-c", "import sys; from chkg.cli import main; sys.exit(main())", "validate"]
    done = subprocess.run(script, cwd=project, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert "data/typo.ttl:3: violation: chkg:Polcy is not a class of the ontology" in done.stdout
