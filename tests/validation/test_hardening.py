"""Hostile and broken inputs end in one clear line, bounded (issue 12), and selectors are checked (issue 10)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from chkg.cli import main
from chkg.errors import ShapesError
from chkg.project import ProjectPaths, bundled_project
from chkg.validation.validator import Severity, validate
from terminal import on_a_terminal

HEADER = "PREFIX ex: <http://example.org/>\nPREFIX sh: <http://www.w3.org/ns/shacl#>\n"
CHKG = "PREFIX chkg: <https://w3id.org/creative-health-kg/>\nPREFIX oa: <http://www.w3.org/ns/oa#>\n"


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "ontology").mkdir()
    shutil.copy(bundled_project().ontology, tmp_path / "ontology" / "chkg.ttl")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.ttl").write_text(HEADER + 'ex:a ex:p "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!" .\n')
    monkeypatch.setenv("CHKG_HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_50_mb_literal_needs_linear_memory_in_the_position_tokenizer(tmp_path: Path) -> None:
    # in a child limited to 1 GB of address space: the old tokenizer needed 2.8 GB for 10 MB
    script = (
        "import resource; resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))\n"
        "from chkg.rdf.positions import subject_lines\n"
        "text = '@prefix ex: <http://e/> .\\nex:a ex:p \"' + 'x' * 50_000_000 + '\" .\\nex:b ex:p \"\"\"' + "
        "'y\\\\\\\\\"' * 1_000_000 + '\"\"\" .\\n'\n"
        "print(subject_lines(text, None))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.strip() == "{'http://e/a': 2, 'http://e/b': 3}"


def test_a_literal_over_the_parser_limit_is_one_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "data" / "big.ttl").write_text(HEADER + 'ex:big ex:p "' + "x" * 17_000_000 + '" .\n')
    assert main(["validate", "--no-cache"]) == 1
    out = capsys.readouterr().out
    assert "big.ttl:1:1: error: a literal or IRI is longer than the parser's limit" in out


def test_ill_typed_literals_are_results_not_tracebacks(project: Path) -> None:
    (project / "data" / "typed.ttl").write_text(
        HEADER + "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n\n"
        'ex:t ex:n "abc"^^xsd:integer ; ex:d "2024-13-01"^^xsd:date ; ex:ok "007"^^xsd:integer .\n')
    done = subprocess.run([sys.executable, "-m", "chkg", "validate", "--no-cache", "--format", "json"],
                          capture_output=True, text=True, cwd=project, timeout=120)
    assert "Traceback" not in done.stderr and done.stderr == ""
    assert done.stdout.count('"source_shape": "check:ill-typed-literal"') == 2
    assert "is not a valid xsd:integer" in done.stdout and "is not a valid xsd:date" in done.stdout


@pytest.mark.parametrize("engine", ["pyshacl", "pyshacl-turbo"])
@pytest.mark.parametrize(("shape", "words"), [
    ('ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:pattern "a(" ] .',
     'shape ex:S: sh:pattern "a(" is not a valid regular expression'),
    ("ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:in _:l1 .\n_:l1 rdf:first 1 ; rdf:rest _:l2 .\n"
     "_:l2 rdf:first 2 ; rdf:rest _:l1 .", "shape ex:S: sh:in: the list is cyclic"),
    ('ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:minCount "one" ] .',
     'shape ex:S: sh:minCount "one" is not a non-negative integer'),
    ('ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:sparql [ sh:select "SELECT $this WHERE { $this" ] .',
     "shape ex:S: the SPARQL constraint's sh:select does not parse"),
])
def test_an_invalid_shapes_file_is_one_line_naming_the_shape(
    project: Path, capsys: pytest.CaptureFixture[str], engine: str, shape: str, words: str
) -> None:
    shapes = project / "mine.ttl"
    shapes.write_text(HEADER.replace("ex: <http://example.org/>", "ex: <http://example.org/>") +
                      "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
                      "PREFIX ex: <http://example.org/>\n" + shape + "\n")
    assert main(["validate", "--no-cache", "--engine", engine, "--shapes", str(shapes)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err, err


def test_pyshacl_on_a_catastrophic_regex_is_stopped(project: Path) -> None:
    shapes = project / "slow.ttl"
    shapes.write_text(HEADER + 'ex:S a sh:NodeShape ; sh:targetNode ex:a ; '
                      'sh:property [ sh:path ex:p ; sh:pattern "^(a+)+$" ] .\n')
    started = time.monotonic()
    with pytest.raises(ShapesError, match="did not finish within 2 s"):
        validate(None, project=ProjectPaths(project), shapes=shapes, engine="pyshacl", timeout=2)
    assert time.monotonic() - started < 60


def test_the_pyshacl_bound_is_a_validate_option(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shapes = project / "slow.ttl"
    shapes.write_text(HEADER + 'ex:S a sh:NodeShape ; sh:targetNode ex:a ; '
                      'sh:property [ sh:path ex:p ; sh:pattern "^(a+)+$" ] .\n')
    code = main(["validate", "--no-cache", "--engine", "pyshacl", "--shapes", str(shapes), "--shacl-timeout", "2"])
    err = capsys.readouterr().err
    assert code == 2 and "did not finish within 2 s" in err and len(err.strip().splitlines()) == 1
    for bad in ("0", "nan", "inf"):
        assert main(["validate", "--no-cache", "--shacl-timeout", bad]) == 2
        err = capsys.readouterr().err
        assert "--shacl-timeout" in err and "Traceback" not in err


def test_turbo_on_the_same_regex_answers(project: Path) -> None:
    shapes = project / "slow.ttl"
    shapes.write_text(HEADER + 'ex:S a sh:NodeShape ; sh:targetNode ex:a ; '
                      'sh:property [ sh:path ex:p ; sh:pattern "^(a+)+$" ; sh:message "no" ] .\n')
    report = validate(None, project=ProjectPaths(project), shapes=shapes, engine="pyshacl-turbo")
    assert [r.message for r in report.results if r.severity is Severity.VIOLATION] == ["no"]


def test_rdf_xml_given_as_turtle_says_so(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "data" / "x.ttl").write_text(
        '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n</rdf:RDF>\n')
    assert main(["validate", "--no-cache"]) == 1
    out = capsys.readouterr().out
    assert "x.ttl:1:1: error: this looks like RDF/XML, not Turtle" in out
    assert "Invalid IRI" not in out


def test_piped_output_has_no_progress_bytes(project: Path) -> None:
    lines = "".join(f"ex:s{i} ex:p {i} .\n" for i in range(20_000))
    (project / "data" / "many.ttl").write_text(HEADER + lines)
    done = subprocess.run([sys.executable, "-m", "chkg", "validate"], capture_output=True, cwd=project, timeout=300)
    assert b"\x1b" not in done.stdout + done.stderr and b"reading Turtle" not in done.stderr
    assert done.stderr == b""


def test_a_terminal_shows_progress_while_reading(project: Path) -> None:
    lines = "".join(f"ex:s{i} ex:p {i} .\n" for i in range(50_000))
    (project / "data" / "many.ttl").write_text(HEADER + lines)
    _, shown, stdout = on_a_terminal(["validate", "--no-cache"], project)
    assert b"reading Turtle" in shown
    assert b"reading Turtle" not in stdout and b"\x1b" not in stdout


def test_each_selector_problem_is_at_its_statement(project: Path) -> None:
    sources = project / "data" / "sources"
    sources.mkdir()
    (sources / "text.md").write_text("One. It helps staff. Two.")
    (sources / "src.ttl").write_text(CHKG + 'chkg:src a chkg:Source ; chkg:textFile "text.md" .\n')
    (project / "data" / "statements.ttl").write_text(
        CHKG + "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n\n"
        "chkg:statement-1 a chkg:Statement ;\n"
        "    oa:hasSource chkg:src ;\n"
        '    oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "It helps staff." ; oa:prefix "One. " ;'
        ' oa:suffix " Two." ] ,\n'
        '        [ a oa:TextPositionSelector ; oa:start "6"^^xsd:nonNegativeInteger ;'
        ' oa:end "20"^^xsd:nonNegativeInteger ] .\n')
    report = validate(None, project=ProjectPaths(project), shapes=project / "none.ttl")
    selector = [r for r in report.results if r.source_shape == "check:selector"]
    assert selector and all(Path(r.file or "").name == "statements.ttl" and r.line == 5 for r in selector)
    assert "it occurs at 5–20" in selector[0].message
