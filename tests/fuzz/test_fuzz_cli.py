"""Property-based fuzzing of the CLI (issue 12): mutated Turtle and SPARQL never end in a traceback.

Hypothesis mutates small valid documents (a Turtle data file of a minimal
checkout, and SPARQL queries) by inserting syntax characters, terminal escapes,
bidi overrides, NUL, hostile IRIs and keywords, deleting and duplicating spans,
and nesting brackets thousands deep. Each mutant goes through ``chkg.cli.main``
in-process (``chkg validate`` and ``chkg query``), and a few through a real
``python -m chkg`` subprocess, where a segfault would show as a negative exit.

The property: exit 0, or a non-zero exit with at most ONE line on standard
error (exactly one ``...error:`` line unless ``chkg validate`` reports its
findings on standard output with exit 1), never a traceback, never past
:data:`TIME_BOUND` seconds.

CI runs a fixed, derandomised budget (:data:`EXAMPLES`, small). For a longer
run on demand: ``CHKG_FUZZ_EXAMPLES=5000 .venv/bin/python -m pytest tests/fuzz -p no:cacheprovider``.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chkg.cli import main

#: Examples per property: small and fixed in CI; CHKG_FUZZ_EXAMPLES raises it.
EXAMPLES = int(os.environ.get("CHKG_FUZZ_EXAMPLES", "30"))
#: Seconds one CLI run may take (the embedded query limit is 5 s below).
TIME_BOUND = 30.0

ROOT = Path(__file__).resolve().parents[2]

TURTLE = """@prefix chkg: <https://w3id.org/creative-health-kg/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

chkg:burnout a chkg:Outcome ;
    rdfs:label "burnout"@en ;
    skos:prefLabel "burnout"@en ;
    skos:definition "Exhaustion from work, as the source uses the word."@en .

chkg:retention a chkg:Outcome ;
    rdfs:label "retention"@en ;
    rdfs:comment \"\"\"Staff staying; a "long" string\"\"\" ;
    chkg:rank "3"^^xsd:integer ;
    chkg:list ( chkg:burnout [ rdfs:label "blank" ] ) .
"""

QUERIES = [
    """#+ summary: by label
#+ defaults:
#+   - label: burnout
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?x ?l WHERE {
  ?x rdfs:label ?l . FILTER(STR(?l) = ?_label)
} ORDER BY ?x
""",
    "PREFIX chkg: <https://w3id.org/creative-health-kg/>\n"
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s a chkg:Outcome ; ?p ?o . OPTIONAL { ?o ?q ?r } }\n",
    "ASK { ?s ?p ?o FILTER(REGEX(STR(?o), \"^b(u|r)+n\", \"i\")) }\n",
    "SELECT (COUNT(*) AS ?n) (GROUP_CONCAT(?o; separator=\", \") AS ?all) "
    "WHERE { VALUES ?k { 1 2 } ?s ?p ?o } GROUP BY ?k HAVING (COUNT(*) > 0)\n",
]

PIECES = [
    "{", "}", "(", ")", "[", "]", "<", ">", '"', "'", '"""', "\\", "\\u", ";", ".", ",", "#", "@", "^^",
    ":", "?", "$", "_:", "a", "\n", " ", "\t", "\x00", "\x1b[31m", "\x1b]0;title\x07", "\u202e", "\u200b",
    "SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o }", "LOAD <http://127.0.0.1:9/x>", "DROP ALL",
    "@base <file:///etc/> .", "<../../etc/passwd>", "<http://127.0.0.1:9/x>", "9" * 40, "1e999",
    '"x"^^<http://www.w3.org/2001/XMLSchema#integer>', '"2026-13-45"^^xsd:date', "@en-", "PREFIX x: <",
    "SELECT", "WHERE", "FILTER(", "GRAPH", "BIND(", "prefix", "é", "東", "\U0001f3a8",
]

_position = st.integers(min_value=0, max_value=10**6)
MUTATION = st.one_of(
    st.tuples(st.just("insert"), _position, st.sampled_from(PIECES)),
    st.tuples(st.just("delete"), _position, st.integers(1, 30)),
    st.tuples(st.just("duplicate"), _position, st.integers(1, 60)),
    st.tuples(st.just("nest"), _position, st.integers(1, 4000), st.sampled_from(["{}", "()", "[]"])),
)


def mutate(text: str, mutations: list[tuple[object, ...]]) -> str:
    """Apply the mutations in order; positions wrap around the current length.

    >>> mutate("abc", [("insert", 1, "X"), ("delete", 0, 1), ("nest", 0, 2, "()")])
    '(())Xbc'
    """
    for mutation in mutations:
        kind, where = mutation[0], int(str(mutation[1])) % (len(text) + 1)
        if kind == "insert":
            text = text[:where] + str(mutation[2]) + text[where:]
        elif kind == "delete":
            text = text[:where] + text[where + int(str(mutation[2])):]
        elif kind == "duplicate":
            text = text[:where] + text[where:where + int(str(mutation[2]))] + text[where:]
        else:
            pair, depth = str(mutation[3]), int(str(mutation[2]))
            text = text[:where] + pair[0] * depth + pair[1] * depth + text[where:]
    return text


def check_outcome(code: int, out: str, err: str, took: float, *, command: str) -> None:
    """The fuzz property for one run."""
    assert took < TIME_BOUND, f"{command} took {took:.1f} s"
    assert "Traceback" not in out + err, err[-2000:]
    lines = [line for line in err.splitlines() if line.strip()]
    if code == 0:
        return
    assert code > 0, f"{command} died by signal {-code}"
    assert len(lines) <= 1, f"{command} exited {code} with {len(lines)} lines on stderr:\n{err[-2000:]}"
    if not (command == "validate" and code == 1 and not lines):
        assert len(lines) == 1 and "error:" in lines[0], f"{command} exited {code}: {err[-500:]!r}"


def run_in_process(args: list[str]) -> tuple[int, str, str, float]:
    out, err = io.StringIO(), io.StringIO()
    started = time.monotonic()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    return code, out.getvalue(), err.getvalue(), time.monotonic() - started


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A minimal checkout: the project ontology and one small data file."""
    root = tmp_path_factory.mktemp("fuzz-checkout")
    (root / "ontology").mkdir()
    shutil.copy(ROOT / "ontology" / "chkg.ttl", root / "ontology" / "chkg.ttl")
    (root / "data").mkdir()
    (root / "data" / "fuzz.ttl").write_text(TURTLE, encoding="utf-8")
    (root / "queries").mkdir()
    return root


_SETTINGS = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@_SETTINGS
@given(mutations=st.lists(MUTATION, min_size=1, max_size=5))
def test_mutated_turtle_validates_or_fails_in_one_line(checkout: Path, mutations: list[tuple[object, ...]]) -> None:
    data = checkout / "data" / "fuzz.ttl"
    data.write_text(mutate(TURTLE, mutations), encoding="utf-8", errors="surrogatepass")
    try:
        code, out, err, took = run_in_process(["--project", str(checkout), "validate", "--no-cache"])
        check_outcome(code, out, err, took, command="validate")
    finally:
        data.write_text(TURTLE, encoding="utf-8")


@_SETTINGS
@given(base=st.sampled_from(QUERIES), mutations=st.lists(MUTATION, min_size=1, max_size=5))
def test_mutated_sparql_answers_or_fails_in_one_line(checkout: Path, base: str,
                                                     mutations: list[tuple[object, ...]]) -> None:
    query = checkout / "queries" / "fuzz.rq"
    query.write_text(mutate(base, mutations), encoding="utf-8")
    code, out, err, took = run_in_process(["--project", str(checkout), "query", str(query), "--timeout", "5",
                                           "--max-rows", "10000"])
    check_outcome(code, out, err, took, command="query")


@settings(max_examples=3, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(base=st.sampled_from(QUERIES), mutations=st.lists(MUTATION, min_size=1, max_size=5))
def test_mutated_sparql_in_a_real_process(checkout: Path, base: str, mutations: list[tuple[object, ...]]) -> None:
    """A few runs as a user runs chkg: a crash in native code would show here as a signal."""
    query = checkout / "queries" / "fuzz-process.rq"
    query.write_text(mutate(base, mutations), encoding="utf-8")
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "chkg", "--project", str(checkout), "query", str(query),
                           "--timeout", "5"], capture_output=True, text=True, timeout=TIME_BOUND * 2)
    check_outcome(done.returncode, done.stdout, done.stderr, time.monotonic() - started, command="query")


@pytest.mark.parametrize("depth", [3000, 10000])
def test_deep_nesting_in_a_real_process(checkout: Path, depth: int) -> None:
    """The two inputs that segfaulted before issue 12, as fixed examples."""
    query = checkout / "queries" / f"deep-{depth}.rq"
    where = QUERIES[0].index("FILTER")  # inside the WHERE group, not in a comment
    query.write_text(mutate(QUERIES[0], [("nest", where, depth, "{}" if depth == 3000 else "()")]))
    done = subprocess.run([sys.executable, "-m", "chkg", "--project", str(checkout), "query", str(query)],
                          capture_output=True, text=True, timeout=TIME_BOUND * 2)
    check_outcome(done.returncode, done.stdout, done.stderr, 0.0, command="query")
    assert done.returncode == 8
