"""chkg report and the analysis commands say what they are doing on a terminal, and nothing when piped."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from chkg.project import bundled_project
from terminal import on_a_terminal


@pytest.fixture()
def checkout(tmp_path: Path) -> Path:
    for part in ("ontology", "data"):
        shutil.copytree(bundled_project().root / part, tmp_path / part)
    return tmp_path


def test_report_on_a_terminal_says_it_is_analysing(checkout: Path) -> None:
    code, shown, _ = on_a_terminal(["report", "--out", str(checkout / "out")], checkout)
    assert code == 0
    assert b"analysing" in shown and b"policies and writing the report" in shown


def test_report_piped_prints_nothing_on_standard_error(checkout: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "chkg", "report", "--out", str(checkout / "out")],
                          capture_output=True, cwd=checkout, timeout=300)
    assert done.returncode == 0 and done.stderr == b""
    assert b"\x1b" not in done.stdout
