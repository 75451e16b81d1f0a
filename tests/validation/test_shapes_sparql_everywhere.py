"""Issue 12: every SPARQL text of a shapes file passes chkg query's checks (nesting depth, SERVICE)
before either engine runs, not only ``sh:sparql`` constraints, and the check itself is bounded in time.

Both engines run SHACL-AF (``advanced=True``): a ``sh:SPARQLTarget``'s ``sh:select`` and a
SPARQL-based constraint component's validator run too. Before this, a SPARQL target naming
``SERVICE`` made either engine connect to the URL (a listener on 127.0.0.1 received one
request), and the syntax check prepared each query with Oxigraph in the parent, for as long as
Oxigraph took (``?r ?x`` repeated after ``;`` 200 times: about 15 s; no depth limit bounds it).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph

from chkg.errors import ShapesError
from chkg.project import bundled_project
from chkg.validation.engines import run_shacl
from chkg.validation.shapes import check_shapes

PREFIXES = "PREFIX ex: <http://example.org/>\nPREFIX sh: <http://www.w3.org/ns/shacl#>\n"


@pytest.fixture()
def checkout(tmp_path: Path) -> Path:
    (tmp_path / "ontology").mkdir()
    shutil.copy(bundled_project().ontology, tmp_path / "ontology" / "chkg.ttl")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.ttl").write_text(PREFIXES + 'ex:a ex:p "x" .\n')
    return tmp_path


@pytest.fixture()
def listener() -> Iterator[tuple[int, list[bytes]]]:
    """A port on 127.0.0.1 and the list of what each connection to it sent."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(4)
    sock.settimeout(0.2)
    received: list[bytes] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            conn.settimeout(1)
            try:
                received.append(conn.recv(200))
            except OSError:
                received.append(b"")
            conn.close()

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    try:
        yield int(sock.getsockname()[1]), received
    finally:
        stop.set()
        thread.join(2)
        sock.close()


def _shapes(kind: str, query: str) -> str:
    if kind == "constraint":
        return PREFIXES + f'ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:sparql [ sh:select """{query}""" ] .\n'
    if kind == "target":
        return (PREFIXES + f'ex:S a sh:NodeShape ; sh:target [ a sh:SPARQLTarget ; sh:select """{query}""" ] ;\n'
                '    sh:property [ sh:path ex:p ; sh:minCount 1 ] .\n')
    return (PREFIXES + "ex:C a sh:ConstraintComponent ; sh:parameter [ sh:path ex:q ] ;\n"
            f'    sh:validator [ a sh:SPARQLAskValidator ; sh:ask """{query}""" ] .\n'
            "ex:S a sh:NodeShape ; sh:targetNode ex:a ; ex:q 1 .\n")


def _validate(checkout: Path, shapes_text: str, engine: str) -> subprocess.CompletedProcess[str]:
    """``chkg validate --shapes`` with ``shapes_text``, in a child process (a crash must not end the tests)."""
    shapes = checkout / "mine.ttl"
    shapes.write_text(shapes_text)
    return subprocess.run([sys.executable, "-m", "chkg", "--project", str(checkout), "validate", "--no-cache",
                           "--engine", engine, "--shapes", str(shapes)],
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize("engine", ["pyshacl", "pyshacl-turbo"])
@pytest.mark.parametrize("select", [
    "SELECT $this WHERE " + "{" * 3000 + "}" * 3000,  # crashed the parser (exit -11)
    "SELECT $this WHERE { $this ex:p " + "( " * 300 + "1" + " )" * 300 + " }",  # minutes of parsing
])
def test_deep_nesting_in_a_shapes_query_is_one_line(checkout: Path, select: str, engine: str) -> None:
    done = _validate(checkout, _shapes("constraint", select), engine)
    assert done.returncode == 2, (done.returncode, done.stderr[-300:])
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "shape ex:S: the SPARQL constraint's sh:select: brackets nest" in done.stderr
    assert "more than the limit of 64" in done.stderr


@pytest.mark.parametrize("engine", ["pyshacl", "pyshacl-turbo"])
def test_service_in_a_shapes_constraint_is_refused_and_nothing_is_fetched(
        checkout: Path, listener: tuple[int, list[bytes]], engine: str) -> None:
    port, received = listener
    done = _validate(checkout, _shapes("constraint", f"SELECT $this WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> "
                                                     "{ $this ?p ?o } }"), engine)
    assert received == [], "chkg reached the network for a shapes file"
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert "shape ex:S: the SPARQL constraint's sh:select uses SERVICE" in done.stderr


@pytest.mark.parametrize("engine", ["pyshacl", "pyshacl-turbo"])
@pytest.mark.parametrize(("kind", "query", "words"), [
    ("target", "SELECT ?this WHERE {{ ?this ?p ?o . SERVICE <{url}> {{ ?this ?p ?o }} }}",
     "shape ex:S: the SPARQL target's sh:select uses SERVICE, which reaches outside the graph"),
    ("validator", "ASK {{ SERVICE <{url}> {{ $this ?p ?o }} }}",
     "shape ex:C: the SPARQL validator's sh:ask uses SERVICE, which reaches outside the graph"),
])
def test_service_anywhere_in_a_shapes_file_is_refused_and_nothing_is_fetched(
    checkout: Path, listener: tuple[int, list[bytes]], engine: str, kind: str, query: str, words: str
) -> None:
    port, received = listener
    done = _validate(checkout, _shapes(kind, query.format(url=f"http://127.0.0.1:{port}/sparql")), engine)
    assert received == [], "chkg reached the network for a shapes file"
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert words in done.stderr, done.stderr


@pytest.mark.parametrize("engine", ["pyshacl", "pyshacl-turbo"])
def test_the_engines_refuse_service_when_called_directly(listener: tuple[int, list[bytes]], engine: str) -> None:
    """run_shacl is the one way to either engine: it refuses SERVICE even without check_shapes."""
    port, received = listener
    shapes = Graph().parse(data=_shapes("target", f"SELECT ?this WHERE {{ SERVICE <http://127.0.0.1:{port}/s> "
                                                  "{ ?this ?p ?o } }"), format="turtle")
    data = Graph().parse(data=PREFIXES + 'ex:a ex:p "x" .', format="turtle")
    with pytest.raises(ShapesError, match=r"SPARQL target's sh:select uses SERVICE"):
        run_shacl(data, shapes, engine=engine)  # type: ignore[arg-type]
    assert received == []


def test_checking_a_shapes_query_is_bounded_in_time() -> None:
    slow = "SELECT $this WHERE { $this ?p ?y " + "; ?r ?x " * 200 + "}"  # depth 2, about 15 s to prepare
    shapes = Graph().parse(data=PREFIXES + f'ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:sparql [ sh:select """{slow}""" ] .',
                           format="turtle")
    started = time.monotonic()
    with pytest.raises(ShapesError, match=r"^shape <http://example.org/S>: the SPARQL constraint's sh:select was "
                                          r"not parsed within 1.5 s"):
        check_shapes(shapes, timeout=1.5)
    assert time.monotonic() - started < 6


def test_a_malformed_sparql_target_is_one_line_naming_the_shape() -> None:
    shapes = Graph().parse(data=_shapes("target", "SELECT ?this WHERE { ?this"), format="turtle")
    with pytest.raises(ShapesError, match=r"^shape ex:S: the SPARQL target's sh:select does not parse \(error at"):
        check_shapes(shapes, {"ex": "http://example.org/"})
