"""A user's shapes file passes the same checks as `chkg query` before its SPARQL reaches a parser
or an engine (issue 12): nesting depth (thousands of brackets crash Oxigraph's parser; nested
collections parse in cubic time) and SERVICE (it would reach the network)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from chkg.project import bundled_project

PREFIXES = "PREFIX ex: <http://example.org/>\nPREFIX sh: <http://www.w3.org/ns/shacl#>\n"


@pytest.fixture()
def checkout(tmp_path: Path) -> Path:
    (tmp_path / "ontology").mkdir()
    shutil.copy(bundled_project().ontology, tmp_path / "ontology" / "chkg.ttl")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.ttl").write_text(PREFIXES + 'ex:a ex:p "x" .\n')
    return tmp_path


def _validate(checkout: Path, select: str, engine: str) -> subprocess.CompletedProcess[str]:
    shapes = checkout / "mine.ttl"
    shapes.write_text(PREFIXES + f'ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:sparql [ sh:select """{select}""" ] .\n')
    return subprocess.run([sys.executable, "-m", "chkg", "--project", str(checkout), "validate", "--no-cache",
                           "--engine", engine, "--shapes", str(shapes)],
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize("engine", ["pyshacl", "pyshacl-turbo"])
@pytest.mark.parametrize("select", [
    "SELECT $this WHERE " + "{" * 3000 + "}" * 3000,  # crashed the parser (exit -11)
    "SELECT $this WHERE { $this ex:p " + "( " * 300 + "1" + " )" * 300 + " }",  # minutes of parsing
])
def test_deep_nesting_in_a_shapes_query_is_one_line(checkout: Path, select: str, engine: str) -> None:
    done = _validate(checkout, select, engine)
    assert done.returncode == 2, (done.returncode, done.stderr[-300:])
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "shape ex:S: the SPARQL constraint's sh:select: brackets nest" in done.stderr
    assert "more than the limit of 64" in done.stderr


@pytest.mark.parametrize("engine", ["pyshacl", "pyshacl-turbo"])
def test_service_in_a_shapes_query_is_refused_and_nothing_is_fetched(checkout: Path, engine: str) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    listener.settimeout(0.2)
    port = listener.getsockname()[1]
    contacted: list[bool] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            contacted.append(True)
            conn.close()

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    try:
        done = _validate(checkout, f"SELECT $this WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ $this ?p ?o }} }}",
                         engine)
    finally:
        stop.set()
        thread.join(2)
        listener.close()
    assert contacted == [], "chkg reached the network for a shapes file"
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert "shape ex:S: the SPARQL constraint's sh:select uses SERVICE" in done.stderr
