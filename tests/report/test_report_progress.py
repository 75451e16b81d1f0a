"""chkg report and the analysis commands say what they are doing on a terminal, and nothing when piped."""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from chkg.project import bundled_project


@pytest.fixture()
def checkout(tmp_path: Path) -> Path:
    for part in ("ontology", "data"):
        shutil.copytree(bundled_project().root / part, tmp_path / part)
    return tmp_path


def _on_a_terminal(args: list[str], cwd: Path) -> tuple[int, bytes]:
    primary, secondary = pty.openpty()
    shown = bytearray()

    def drain() -> None:
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:
                return
            if not chunk:
                return
            shown.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        done = subprocess.run([sys.executable, "-m", "chkg", *args], stdout=subprocess.DEVNULL, stderr=secondary,
                              cwd=cwd, timeout=300)
    finally:
        os.close(secondary)
        reader.join(10)
        os.close(primary)
    return done.returncode, bytes(shown)


def test_report_on_a_terminal_says_it_is_analysing(checkout: Path) -> None:
    code, shown = _on_a_terminal(["report", "--out", str(checkout / "out")], checkout)
    assert code == 0
    assert b"analysing" in shown and b"policies and writing the report" in shown


def test_report_piped_prints_nothing_on_standard_error(checkout: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "chkg", "report", "--out", str(checkout / "out")],
                          capture_output=True, cwd=checkout, timeout=300)
    assert done.returncode == 0 and done.stderr == b""
    assert b"\x1b" not in done.stdout
