"""Issue 12: ``--timeout`` is a total deadline that includes parsing, and ``--max-depth`` stops
below the depth that crashes the parser.

Oxigraph prepares a query (parse and plan) in time that grows steeply with its
triple patterns: ``?s ?p ?y ; ?r ?x ; ...`` with 200 ``;`` takes about 15 s at
nesting depth 1, and ``( ( ( ... ) ) )`` 199 deep about 10 s, so no nesting limit
bounds it. ``chkg query`` used to check the syntax in the parent process before
the time-bounded child ran, so ``--timeout 2`` answered after 10 s or more; and
``--max-depth`` let through ``FILTER EXISTS`` nested 900 deep, which overflows
the parser's stack (a segfault).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Graph

from chkg.cli import main
from chkg.errors import QueryLimitError, QuerySyntaxError, UsageError
from chkg.sparql.bounds import QueryBounds
from chkg.sparql.catalogue import read_query_text
from chkg.sparql.lexer import MAX_DEPTH, nesting_depth
from chkg.sparql.query import run_query
from chkg.sparql.store import EmbeddedStore

CHKG = [sys.executable, "-m", "chkg"]
#: Depth 2, 201 triple patterns sharing variables: about 15 s for Oxigraph to prepare (2 cores, measured).
SLOW_TO_PREPARE = "SELECT * WHERE { ?s ?p ?y " + "; ?r ?x " * 200 + "}"


def _closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then closed)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_preparing_a_query_counts_against_the_timeout_on_the_embedded_store() -> None:
    store = EmbeddedStore.from_graph(Graph().parse(data="<urn:a> <urn:p> 'x' .", format="turtle"))
    query = read_query_text(SLOW_TO_PREPARE, name="slow.rq")
    assert nesting_depth(query.text) <= QueryBounds().max_depth  # the depth limit lets it through
    started = time.monotonic()
    with pytest.raises(QueryLimitError, match=r"^slow.rq: stopped after 1.5 s; raise the limit with --timeout$"):
        run_query(query, store=store, bounds=QueryBounds(timeout=1.5))
    assert time.monotonic() - started < 6


def test_preparing_a_query_counts_against_the_timeout_before_an_endpoint_is_asked() -> None:
    query = read_query_text(SLOW_TO_PREPARE, name="slow.rq")
    started = time.monotonic()
    with pytest.raises(QueryLimitError, match=r"^slow.rq: not checked within 1.5 s, before it was sent; "
                                              r"raise the limit with --timeout$"):
        run_query(query, endpoint=f"http://127.0.0.1:{_closed_port()}/sparql", timeout=1.5)
    assert time.monotonic() - started < 6


def test_cli_timeout_includes_parsing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    slow = tmp_path / "slow.rq"
    slow.write_text(SLOW_TO_PREPARE)
    started = time.monotonic()
    assert main(["query", str(slow), "--timeout", "1"]) == 8
    assert time.monotonic() - started < 12  # the bundled graph is loaded first; the query is cut at 1 s
    assert capsys.readouterr().err == f"chkg: error: {slow}: stopped after 1 s; raise the limit with --timeout\n"


def test_a_syntax_error_is_placed_in_the_query_as_written(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """Parameters are bound by a VALUES line inserted in the text, and the query is parsed in the
    child: the error still names the line and column of the file."""
    query = tmp_path / "bad.rq"
    query.write_text("#+ defaults:\n#+   - label: burnout\nSELECT ?x WHERE {\n  ?x ?p ?_label .\n  ?x ?p\n}\n")
    assert main(["query", str(query)]) == 3
    err = capsys.readouterr().err
    assert err.startswith(f"chkg: error: {query}:5:3: malformed SPARQL") and err.count("\n") == 1, err


def test_a_syntax_error_is_exit_3_on_the_embedded_store() -> None:
    store = EmbeddedStore.from_graph(Graph())
    with pytest.raises(QuerySyntaxError, match=r"^q.rq:2:3: malformed SPARQL"):
        run_query(read_query_text("SELECT * WHERE {\n  ?s ?p }", name="q.rq"), store=store)


def test_max_depth_stops_below_the_depth_that_crashes_the_parser(tmp_path: Path) -> None:
    """FILTER EXISTS nested about 900 deep overflows Oxigraph's parser stack (8 MB): a segfault."""
    query = tmp_path / "exists.rq"
    query.write_text("SELECT * WHERE " + "{ FILTER EXISTS " * 950 + "{}" + "}" * 950)
    done = subprocess.run([*CHKG, "query", str(query), "--max-depth", "1000"], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2, (done.returncode, done.stderr[-300:])  # not -11
    assert done.stderr.count("\n") == 1 and "--max-depth" in done.stderr
    done = subprocess.run([*CHKG, "query", str(query), "--max-depth", str(MAX_DEPTH)], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 8, (done.returncode, done.stderr[-300:])
    assert done.stderr.endswith(f"brackets nest 951 deep, more than the limit of {MAX_DEPTH}; the parser cannot "
                                "take more\n")


@pytest.mark.parametrize(("field", "value"), [("max_rows", 0), ("max_depth", 0), ("max_depth", MAX_DEPTH + 1)])
def test_query_bounds_refuse_what_the_options_refuse(field: str, value: int) -> None:
    with pytest.raises(UsageError, match=field.replace("_", "-")):
        QueryBounds(**{field: value})  # type: ignore[arg-type]
