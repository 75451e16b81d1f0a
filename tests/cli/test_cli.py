"""chkg.cli.main: every error is one line on stderr with its exit code, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from chkg.cli import main


@pytest.mark.parametrize(
    ("args", "first_words"),
    [
        (["paths", "--from", "x", "--to", "y", "--max-hops", "0"], "chkg paths: error: Invalid value for '--max-hops'"),
        (["paths", "--fom", "x"], "chkg paths: error: No such option '--fom'"),
        (["no-such-command"], "chkg: error: No such command 'no-such-command'"),
        (["export", "--format", "xml"], "chkg export: error: Invalid value for '--format'"),
        (["query", "1", "--param", "nameonly"], "chkg: error: --param takes name=value"),
    ],
)
def test_usage_errors_are_one_line_with_exit_2(
    args: list[str], first_words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(first_words)
    assert captured.err.count("\n") == 1, captured.err


def test_a_command_exit_code_reaches_the_shell(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("<https://w3id.org/creative-health-kg/x> a .\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "chkg.cli", "validate", str(broken)],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "broken.ttl:1:" in run.stdout


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("validate", "paths", "whatif", "report", "query", "serve", "publish",
                    "source", "new", "fmt", "diff", "export", "docs"):
        assert f"  {command} " in out or f"  {command}\n" in out, command


def test_chkg_works_on_the_checkout_it_is_run_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    import os
    import shutil

    from chkg.project import bundled_project, discover_project

    clone = tmp_path / "clone"
    shutil.copytree(bundled_project().root / "ontology", clone / "ontology")
    (clone / "data").mkdir()
    monkeypatch.delenv("CHKG_HOME", raising=False)
    monkeypatch.chdir(clone / "data")
    assert discover_project(Path.cwd(), os.environ).root == clone.resolve()
    assert main(["validate"]) == 0  # the clone's empty data/, not the installed checkout's
    assert "(1 file," in capsys.readouterr().out
    monkeypatch.setenv("CHKG_HOME", str(tmp_path))
    assert discover_project(Path.cwd(), os.environ).root == tmp_path.resolve()
