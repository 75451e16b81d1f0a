"""``chkg validate`` shows its phases after reading on a terminal, and nothing when piped (issue 12, gap G).

Before, a terminal saw ``reading Turtle`` and then nothing through the graph checks, the
evidence checks and the SHACL shapes (the larger part of the time on a large graph). The
terminal here is a real pseudo-terminal (as in ``tests/report/test_report_progress.py``), so
rich decides by itself that it is one.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from chkg.project import ProjectPaths, bundled_project
from chkg.validation.validator import validate
from terminal import on_a_terminal

PHASES = [b"checking terms, references, labels and literals", b"checking quotes and selectors against the sources",
          b"applying the SHACL shapes"]


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("progress")
    for part in ("ontology", "data"):
        shutil.copytree(bundled_project().root / part, root / part)
    return root


def test_validate_names_each_phase_as_it_begins(checkout: Path) -> None:
    seen: list[str] = []
    validate(None, project=ProjectPaths(checkout), phase=seen.append)
    assert [s.encode() for s in seen[:2]] == PHASES[:2]
    assert len(seen) == 3 and seen[2].encode().startswith(PHASES[2])


def test_a_terminal_shows_the_phases_after_reading(checkout: Path) -> None:
    code, shown, out = on_a_terminal(["validate", "--no-cache"], checkout)
    assert code == 0, shown.decode(errors="replace")[-2000:]
    assert b"reading Turtle" in shown
    for phase in PHASES:
        assert phase in shown, phase
    # the report itself is on standard output, free of the display
    assert b"chkg validate passed" in out and b"\x1b" not in out and b"checking" not in out


def test_piped_validate_prints_no_progress(checkout: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "chkg", "validate", "--no-cache"], capture_output=True,
                          cwd=checkout, timeout=300)
    assert done.returncode == 0 and done.stderr == b""
    assert b"\x1b" not in done.stdout
    assert not any(phase in done.stdout for phase in PHASES)
