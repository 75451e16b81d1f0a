"""Issue 12, write safety: concurrent curators, killed runs, full devices, over-long names.

Each test makes the fault happen for real (two processes, SIGKILL between renames, /dev/full)
or builds the exact state a killed run leaves, then checks nothing is lost and no litter stays.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from rdflib import RDF

from chkg.curation.fmt import read_turtle
from chkg.errors import OutputError
from chkg.rdf.atomic import folder_lock, recover_folder, replace_folder, write_text_atomic
from chkg.vocab.namespace import CHKG, CHKG_NS
from fixtures.curate.support import copy_project

CHKG_CLI = [sys.executable, "-m", "chkg"]


def test_two_chkg_new_at_once_on_one_file_both_land(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_project(tmp_path / "project", monkeypatch)
    env = {**os.environ, "CHKG_HOME": str(root)}
    values = root / "data" / "values.ttl"
    # Hold the data folder's lock so that both processes have read the project before either
    # writes: exactly the race that lost one addition before.
    with folder_lock(root / "data"):
        runs = [
            subprocess.Popen([*CHKG_CLI, "new", "value", label, "--broader", "learning and reflection"], env=env,
                             cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for label in ("Playfulness", "Curiosity at work")
        ]
        time.sleep(8)  # long enough for both to load the graph and reach the lock
        assert all(run.poll() is None for run in runs), "a writer did not wait for the lock"
    results = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], results
    graph = read_turtle(values)
    for local in ("playfulness", "curiosity-at-work"):
        assert (CHKG_NS[local], RDF.type, CHKG.Value) in graph, local
    assert not [p.name for p in values.parent.iterdir() if p.name.startswith(".")]


_KILL_AT_RENAME = textwrap.dedent(
    """
    import os, shutil, signal, sys
    from pathlib import Path
    import chkg.rdf.atomic as atomic

    out, kill_at, can_exchange = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "1"
    calls = [0]
    real_replace, real_exchange, real_rmtree = os.replace, atomic.exchange, shutil.rmtree

    def step():
        calls[0] += 1
        if calls[0] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    def replace(src, dst):
        step()
        real_replace(src, dst)

    def exchange(a, b):
        step()
        return real_exchange(a, b) if can_exchange else False

    def rmtree(path, *args, **kwargs):
        step()
        real_rmtree(path, *args, **kwargs)

    atomic.os.replace, atomic.exchange, atomic.shutil.rmtree = replace, exchange, rmtree
    atomic.replace_folder(out, lambda tmp: (tmp / "version.txt").write_text("new"))
    """
)


@pytest.mark.parametrize(
    ("kill_at", "can_exchange", "before_recovery", "expected"),
    [
        # with renameat2 (Linux): tmp -> new, exchange(new, out), remove the old folder
        (1, True, "old", "old"),  # killed before the new folder was marked complete
        (2, True, "old", "old"),  # killed just before the exchange
        (3, True, "new", "new"),  # killed after the exchange, before the old folder was removed
        # without it: tmp -> new, (no exchange), out -> old, new -> out
        (3, False, "old", "old"),  # killed before the old one moved aside
        (4, False, None, "new"),  # killed between the two renames: no folder until the next run mends it
    ],
)
def test_a_report_folder_survives_a_kill_at_any_step(tmp_path: Path, kill_at: int, can_exchange: bool,
                                                     before_recovery: str | None, expected: str) -> None:
    out = tmp_path / "report"
    replace_folder(out, lambda tmp: (tmp / "version.txt").write_text("old"))
    run = subprocess.run([sys.executable, "-c", _KILL_AT_RENAME, str(out), str(kill_at), str(int(can_exchange))],
                         check=False)
    assert run.returncode == -signal.SIGKILL
    assert any(p.name.startswith(".report.") for p in tmp_path.iterdir())  # the killed run's pieces
    # what a reader sees right after the kill, before any chkg runs again
    found = (out / "version.txt").read_text() if out.exists() else None
    assert found == before_recovery
    with folder_lock(tmp_path):
        recover_folder(out)  # what the next run does first
    assert (out / "version.txt").read_text() == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]
    replace_folder(out, lambda tmp: (tmp / "version.txt").write_text("next"))
    assert (out / "version.txt").read_text() == "next"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]


def test_a_failed_fill_leaves_the_old_folder_and_no_litter(tmp_path: Path) -> None:
    out = tmp_path / "report"
    replace_folder(out, lambda tmp: (tmp / "version.txt").write_text("old"))

    def broken(tmp: Path) -> None:
        (tmp / "half.txt").write_text("half")
        raise OutputError("disk full")

    with pytest.raises(OutputError, match="disk full"):
        replace_folder(out, broken)
    assert [p.name for p in out.iterdir()] == ["version.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]


def test_a_killed_write_leaves_no_litter_after_the_next(tmp_path: Path) -> None:
    target = tmp_path / "values.ttl"
    write_text_atomic(target, "one\n")
    # what a write killed after creating its temporary file leaves
    (tmp_path / ".values.ttl.write-abc123.tmp").write_text("half of tw")
    write_text_atomic(target, "two\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["values.ttl"]
    assert target.read_text() == "two\n"


def test_a_full_device_is_one_line_and_a_non_zero_exit() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "wb") as full:
        run = subprocess.run([*CHKG_CLI, "export"], stdout=full, stderr=subprocess.PIPE, text=True, check=False)
    assert run.returncode == 9
    assert run.stderr.count("\n") == 1 and "No space left on device" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr


def test_a_report_name_too_long_is_one_line(tmp_path: Path) -> None:
    out = tmp_path / ("r" * 260)
    run = subprocess.run([*CHKG_CLI, "report", "--out", str(out)], capture_output=True, text=True, check=False)
    assert run.returncode == 9, run.stderr
    assert run.stderr.count("\n") == 1 and "260 characters long" in run.stderr, run.stderr
    assert list(tmp_path.iterdir()) == []


def test_fmt_keeps_what_was_added_after_it_read_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """chkg fmt reads every file first; an addition landing before it writes must survive."""
    from chkg.curation import fmt

    path = tmp_path / "values.ttl"
    path.write_text("<https://w3id.org/creative-health-kg/a> a <https://w3id.org/creative-health-kg/Value> .\n")
    plan = fmt._plan(path)
    # another writer adds an entity between fmt's read and its write
    path.write_text(path.read_text() + "<https://w3id.org/creative-health-kg/b> a <https://w3id.org/creative-health-kg/Value> .\n")
    result = fmt._apply(plan, check=False, drop_comments=False)
    assert result.written
    graph = read_turtle(path)
    assert {str(s) for s in graph.subjects(RDF.type, CHKG.Value)} == {f"{CHKG_NS}a", f"{CHKG_NS}b"}
    assert fmt.format_file(path).status.value == "unchanged"


def test_files_of_a_folder_being_built_go_straight_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Inside replace_folder's private folder a write neither locks nor scans the folder (a report
    of thousands of diagrams scanned its folder once per file: quadratic); outside it still does."""
    import chkg.rdf.atomic as atomic

    scans: list[Path] = []
    real_scan = atomic._remove_stale_temporaries
    monkeypatch.setattr(atomic, "_remove_stale_temporaries", lambda path: (scans.append(path), real_scan(path)))

    def fill(folder: Path) -> None:
        (folder / "diagrams").mkdir()
        for i in range(50):
            write_text_atomic(folder / "diagrams" / f"d{i}.svg", f"<svg>{i}</svg>")

    replace_folder(tmp_path / "report", fill)
    assert scans == []
    files = sorted((tmp_path / "report" / "diagrams").iterdir())
    assert len(files) == 50 and (tmp_path / "report" / "diagrams" / "d7.svg").read_text() == "<svg>7</svg>"
    assert not list(tmp_path.glob(".report*")), "litter left beside the folder"
    write_text_atomic(tmp_path / "outside.txt", "x")  # after the fill: an ordinary atomic write again
    assert scans == [tmp_path / "outside.txt"]
