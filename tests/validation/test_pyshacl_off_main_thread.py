"""Issue 12: pySHACL's time bound holds off the main thread too (a signal reaches only the main
thread, so there pySHACL runs in a child process killed at the deadline), and off the main thread
it gives the same results as on it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph

from chkg.errors import ShapesError
from chkg.project import bundled_project
from chkg.validation.engines import run_shacl

HEADER = "PREFIX ex: <http://example.org/>\nPREFIX sh: <http://www.w3.org/ns/shacl#>\n"
SLOW = HEADER + 'ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:pattern "^(a+)+$" ] .\n'


def in_thread(work: Any) -> tuple[Any, BaseException | None, float]:
    """``work()`` on a new thread: its value, its exception, and the seconds it took."""
    out: dict[str, Any] = {}

    def run() -> None:
        try:
            out["value"] = work()
        except BaseException as exc:  # handed back to the test
            out["error"] = exc

    started = time.monotonic()
    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(120)
    assert not worker.is_alive(), "pySHACL was not stopped off the main thread"
    return out.get("value"), out.get("error"), time.monotonic() - started


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "ontology").mkdir()
    shutil.copy(bundled_project().ontology, tmp_path / "ontology" / "chkg.ttl")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.ttl").write_text(HEADER + 'ex:a ex:p "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!" .\n')
    return tmp_path


def test_catastrophic_regex_is_stopped_off_the_main_thread(project: Path) -> None:
    """In a child Python, so that an unbounded run (Python's regex engine holds the GIL, so not even
    the test's own join timeout would run) fails the test instead of hanging it."""
    shapes = project / "slow.ttl"
    shapes.write_text(SLOW)
    script = (
        "import sys, threading\n"
        "from pathlib import Path\n"
        "from chkg.project import ProjectPaths\n"
        "from chkg.validation.validator import validate\n"
        "out = []\n"
        "def run():\n"
        "    try:\n"
        "        validate(None, project=ProjectPaths(Path(sys.argv[1])), shapes=Path(sys.argv[2]),\n"
        "                 engine='pyshacl', timeout=2)\n"
        "    except Exception as exc:\n"
        "        out.append(f'{type(exc).__name__}: {exc}')\n"
        "t = threading.Thread(target=run)\n"
        "t.start(); t.join()\n"
        "print(out[0] if out else 'finished')\n"
    )
    started = time.monotonic()
    try:
        done = subprocess.run([sys.executable, "-c", script, str(project), str(shapes)],
                              capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("pySHACL was not stopped off the main thread (still running after 60 s)")
    took = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    line = done.stdout.strip()
    assert line.startswith("ShapesError: pySHACL did not finish within 2 s and was stopped"), line
    assert "\n" not in line
    assert took < 30, f"the 2 s bound took {took:.1f} s"


def test_off_the_main_thread_gives_the_same_results() -> None:
    data = Graph().parse(data=HEADER + "ex:a ex:p [ ex:q 1 ] .\nex:b ex:p ex:c .\n", format="turtle")
    shapes = Graph().parse(data=HEADER + """
        ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:p ;
            sh:property [ sh:path ex:p ; sh:nodeKind sh:IRI ; sh:message "p must be an IRI" ] .
        ex:T a sh:NodeShape ; sh:targetObjectsOf ex:p ;
            sh:property [ sh:path ex:q ; sh:minCount 1 ] .
        """, format="turtle")
    here = run_shacl(data, shapes, engine="pyshacl")
    there, error, _ = in_thread(lambda: run_shacl(data, shapes, engine="pyshacl"))
    assert error is None, error
    key = lambda r: (r.message, str(r.focus), str(r.path), r.shape, str(r.value))  # noqa: E731
    assert sorted(map(key, there[0])) == sorted(map(key, here[0]))
    assert len(here[0]) == 2
    # the blank node focus is the data's own node, not a copy
    assert {r.focus for r in there[0]} <= set(data.all_nodes())


def test_shapes_that_cannot_be_applied_are_one_line_off_the_main_thread() -> None:
    shapes = Graph().parse(data=HEADER + 'ex:S a sh:NodeShape ; sh:targetNode ex:a ; '
                           'sh:property [ sh:path ex:p ; sh:pattern "(" ] .', format="turtle")
    data = Graph().parse(data=HEADER + 'ex:a ex:p "x" .', format="turtle")
    on_main: BaseException | None = None
    try:
        run_shacl(data, shapes, engine="pyshacl")
    except Exception as exc:  # compared with the other thread's
        on_main = exc
    _, off_main, _ = in_thread(lambda: run_shacl(data, shapes, engine="pyshacl"))
    assert isinstance(on_main, ShapesError), on_main
    assert type(off_main) is type(on_main) and str(off_main) == str(on_main), (on_main, off_main)
    assert str(on_main) == "pySHACL cannot apply the shapes: missing ), unterminated subpattern at position 0"
