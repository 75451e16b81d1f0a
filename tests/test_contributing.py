"""CONTRIBUTING.md's worked example, replayed command by command in a temporary copy of the project.

Every ```sh block under "## Worked example" runs, in order, with bash in a fresh git repository
holding a copy of ontology/ and data/ (as a new curator's clone would), ``CHKG_HOME`` pointing at
it. The real data is never touched.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fixtures.curate.support import REPO

GUIDE = REPO / "CONTRIBUTING.md"


def worked_example_blocks() -> list[str]:
    text = GUIDE.read_text(encoding="utf-8")
    match = re.search(r"^## Worked example.*?$(.*?)(?=^## )", text, re.MULTILINE | re.DOTALL)
    assert match, "CONTRIBUTING.md has no '## Worked example' section"
    return re.findall(r"^```sh\n(.*?)^```", match.group(1), re.MULTILINE | re.DOTALL)


def test_the_guide_has_a_worked_example() -> None:
    blocks = worked_example_blocks()
    commands = "\n".join(blocks)
    for step in ("chkg source add", "chkg new approach", "chkg new influence", "chkg validate", "chkg diff"):
        assert step in commands


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    root = tmp_path / "clone"
    root.mkdir()
    for folder in ("ontology", "data"):
        shutil.copytree(REPO / folder, root / folder)
    git = ["git", "-C", str(root), "-c", "user.name=curator", "-c", "user.email=curator@example.org"]
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run([*git, "add", "ontology", "data"], check=True)
    subprocess.run([*git, "commit", "-qm", "fresh clone"], check=True)
    return root


def test_worked_example_replays(clone: Path) -> None:
    env = {
        **os.environ,
        "CHKG_HOME": str(clone),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    before = {p: p.read_bytes() for p in (REPO / "data").rglob("*") if p.is_file()}
    outputs = []
    for block in worked_example_blocks():
        done = subprocess.run(["bash", "-euo", "pipefail", "-c", block], cwd=clone, env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"step failed:\n{block}\n--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}"
        outputs.append(done.stdout)
    transcript = "\n".join(outputs)
    assert "chkg validate passed" in transcript or "0 violations" in transcript
    diff = outputs[-1]
    assert "### Entities added" in diff and "`chkg:theatre-of-the-oppressed`" in diff
    assert "`chkg:claim-theatre-of-the-oppressed-enables-whole-system-creative-learning-sets`" in diff
    assert "theatre of the oppressed" in diff  # the quote is shown
    assert (clone / "data" / "sources" / "listening-practices.md").is_file()
    # the project's own data is untouched
    assert {p: p.read_bytes() for p in (REPO / "data").rglob("*") if p.is_file()} == before
