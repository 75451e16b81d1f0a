"""Issue 12: the embedded store's bounds (depth before parsing, rows, seconds), SERVICE, did-you-mean.

Before issue 12, ``{`` nested 3,000 deep (or ``(`` 10,000 deep) killed the
process with a segfault inside Oxigraph's parser, a cartesian product ran with
no limit, a failing SERVICE under ``--allow-remote`` printed several lines, and
a mistyped label answered 0 rows with no hint. These run the CLI on generated
queries in a subprocess where a crash would show, and in-process elsewhere.
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
from chkg.errors import QueryLimitError
from chkg.sparql.bounds import QueryBounds
from chkg.sparql.lexer import nesting_depth
from chkg.sparql.store import EmbeddedStore

CHKG = [sys.executable, "-m", "chkg"]


def _grid(n: int) -> Graph:
    """n² triples <urn:s{i}> <urn:p> <urn:o{j}>: a cartesian product of it explodes fast."""
    data = "".join(f"<urn:s{i}> <urn:p{j}> <urn:o{j}> .\n" for i in range(n) for j in range(n))
    return Graph().parse(data=data, format="nt")


@pytest.mark.parametrize(("opening", "closing", "depth"), [("{", "}", 3000), ("(", ")", 10000)])
def test_deep_nesting_is_refused_before_parsing(tmp_path: Path, opening: str, closing: str, depth: int) -> None:
    inner = opening * depth + closing * depth
    text = f"SELECT * WHERE {inner}" if opening == "{" else f"SELECT * WHERE {{ FILTER{inner} }}"
    query = tmp_path / "deep.rq"
    query.write_text(text)
    done = subprocess.run([*CHKG, "query", str(query)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 8, (done.returncode, done.stderr[-500:])  # not -11 (SIGSEGV)
    assert done.stderr.count("\n") == 1
    assert f"brackets nest {nesting_depth(text)} deep, more than the limit of 64; raise it with --max-depth" in done.stderr


def test_max_depth_raises_the_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    query = tmp_path / "nested.rq"
    query.write_text("SELECT * WHERE " + "{" * 30 + " ?s ?p ?o " + "}" * 30 + " LIMIT 1")
    assert main(["query", str(query), "--max-depth", "20"]) == 8
    assert "raise it with --max-depth" in capsys.readouterr().err
    assert main(["query", str(query), "--max-depth", "40"]) == 0


def test_cartesian_product_stops_at_the_row_limit() -> None:
    store = EmbeddedStore.from_graph(_grid(20))  # 400 triples: 400^3 = 64M rows unbounded
    started = time.monotonic()
    with pytest.raises(QueryLimitError, match=r"more than 1000 rows; raise the limit with --max-rows"):
        store.run("SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", bounds=QueryBounds(max_rows=1000))
    assert time.monotonic() - started < 10


def test_cartesian_product_under_count_stops_at_the_time_limit() -> None:
    """COUNT yields nothing until it has seen every row: only killing the evaluation bounds it."""
    store = EmbeddedStore.from_graph(_grid(20))
    started = time.monotonic()
    with pytest.raises(QueryLimitError, match=r"stopped after 1.5 s; raise the limit with --timeout"):
        store.run("SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
                  bounds=QueryBounds(timeout=1.5))
    assert time.monotonic() - started < 5


def test_cli_rows_and_timeout_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    query = tmp_path / "product.rq"
    query.write_text("SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    assert main(["query", str(query), "--max-rows", "50"]) == 8
    err = capsys.readouterr().err
    assert err == f"chkg: error: {query}: more than 50 rows; raise the limit with --max-rows\n"
    counting = tmp_path / "count.rq"
    counting.write_text("SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")
    started = time.monotonic()
    assert main(["query", str(counting), "--timeout", "1"]) == 8
    assert time.monotonic() - started < 20  # the graph is loaded first; the query itself is cut at 1 s
    assert capsys.readouterr().err == f"chkg: error: {counting}: stopped after 1 s; raise the limit with --timeout\n"


def _closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then closed): a connection is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_failing_service_under_allow_remote_is_one_line(tmp_path: Path) -> None:
    """A real failed connection (port 9 was refused by Oxigraph before it connected)."""
    query = tmp_path / "service.rq"
    query.write_text(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{_closed_port()}/sparql> {{ ?s ?p ?o }} }}")
    done = subprocess.run([*CHKG, "query", str(query), "--allow-remote"], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 8, done.stderr
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("chkg: error: "), done.stderr
    assert "Connection refused" in done.stderr and "Traceback" not in done.stderr


def test_label_typo_prints_the_closest_labels(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "evidence-behind-claims-about", "--param", "label=burnot"]) == 0
    captured = capsys.readouterr()
    assert "(0 rows)" in captured.out
    assert captured.err.startswith("chkg: no label 'burnot'; did you mean: ")
    assert "burnout" in captured.err.split("did you mean: ", 1)[1]


def test_label_that_matches_prints_no_hint(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "evidence-behind-claims-about", "--param", "label=burnout"]) == 0
    assert "did you mean" not in capsys.readouterr().err


def test_existing_file_with_another_suffix_is_read_as_a_query(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    update = tmp_path / "drop.ru"
    update.write_text("DROP ALL")
    assert main(["query", str(update)]) == 8
    assert "updates (LOAD, INSERT, DROP ...) are refused" in capsys.readouterr().err


def test_relative_iris_in_a_query_do_not_become_local_paths(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    query = tmp_path / "relative.rq"
    query.write_text("SELECT ?x WHERE { BIND(<relative/thing> AS ?x) }")
    assert main(["query", str(query), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "urn:chkg:relative/relative/thing" in out and "file:" not in out and str(tmp_path) not in out


def test_deep_service_query_is_one_line_not_a_recursion_traceback(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """SERVICE queries sent to an endpoint are checked with rdflib's parser (Oxigraph's would run the
    SERVICE of an ASK), which recurses more shallowly than Oxigraph's."""
    query = tmp_path / "deep-service.rq"
    query.write_text("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> {" + "{" * 450 + "}" * 450 + "} }")
    endpoint = f"http://127.0.0.1:{_closed_port()}/sparql"
    assert main(["query", str(query), "--max-depth", "500", "--endpoint", endpoint]) == 8
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nests too deeply for the parser" in err and "Traceback" not in err


def test_max_rows_zero_is_refused_as_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "011", "--max-rows", "0"]) == 2
    err = capsys.readouterr().err
    assert "--max-rows" in err and err.count("\n") == 1


def test_machine_formats_on_a_terminal_carry_no_raw_escapes() -> None:
    from chkg.cli.sparql import _for_stdout

    hostile = 'label\n"burn\x1b]0;pwned\x07\x1b[31mout"\n'
    assert "\x1b" not in _for_stdout(hostile, terminal=True) and "\\x1b]0;pwned" in _for_stdout(hostile, terminal=True)
    assert _for_stdout(hostile, terminal=False) == hostile  # piped or to a file: the data as it is


def test_csv_on_a_terminal_keeps_its_line_ends_and_shows_the_escapes() -> None:
    """CSV ends its lines with CR LF: on a terminal they stay line ends (a CR was shown as \\x0d)."""
    from rdflib import Literal

    from chkg.cli.sparql import _for_stdout
    from chkg.sparql.results import QueryResult, format_result

    csv = format_result(QueryResult(("l",), [(Literal("burn\x1b]0;pwned\x07\x1b[31mout\rx"),)]), "csv")
    shown = _for_stdout(csv, terminal=True)
    assert "\x1b" not in shown and "\\x1b]0;pwned" in shown and "\\x0dx" in shown
    assert shown.endswith("\r\n") and "\\x0d\n" not in shown and shown.count("\r\n") == csv.count("\r\n")
