"""Strict parsing, error positions, hostile input and the positions index (chkg.rdf.turtle)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef

from chkg.rdf.turtle import SyntaxProblem, parse_turtle_file, parse_turtle_text

XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")
HEADER = "PREFIX ex: <http://example.org/>\n"


def _write(tmp_path: Path, text: str | bytes, name: str = "data.ttl") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_literals_keep_their_lexical_form(tmp_path: Path) -> None:
    path = _write(tmp_path, HEADER + 'ex:a ex:n "007"^^<http://www.w3.org/2001/XMLSchema#integer> ; ex:m "x" ; ex:l "y"@en .\n')
    objects = {p: o for _, p, o in parse_turtle_file(path).triples}
    assert str(objects[URIRef("http://example.org/n")]) == "007"
    assert objects[URIRef("http://example.org/n")].datatype == XSD_INTEGER
    assert objects[URIRef("http://example.org/m")] == Literal("x")  # xsd:string as rdflib writes it
    assert objects[URIRef("http://example.org/l")] == Literal("y", lang="en")


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        (HEADER + "ex:a ex:b ex:c\nex:d ex:e ex:f .\n", 3, 1, "dot is expected"),
        (HEADER + "ex:a ex:b undefined:c .\n", 2, 11, "prefix undefined: has not been declared"),
        (HEADER + "ex:a ex:b <http://example.org/has space> .\n", 2, 11, "Invalid IRI"),
        (HEADER + '\n\n  ex:a ex:b "unterminated .\n', 4, 13, "Unexpected end of file"),
        (HEADER + '"literal" ex:b ex:c .\n', 2, 1, ""),
    ],
    ids=["missing-dot", "undefined-prefix", "bad-iri", "unterminated-string", "literal-subject"],
)
def test_syntax_errors_have_file_line_and_column(tmp_path: Path, text: str, line: int, column: int, words: str) -> None:
    path = _write(tmp_path, text)
    problem = parse_turtle_file(path).problem
    assert problem is not None
    assert (problem.file, problem.line, problem.column) == (str(path), line, column)
    assert words in problem.message
    assert str(problem).startswith(f"{path}:{line}:{column}: error: ")
    assert not problem.message.startswith("Parser error")


def test_column_counts_characters_not_bytes(tmp_path: Path) -> None:
    path = _write(tmp_path, HEADER + 'ex:é ex:b "ééé" ex:c .\n')
    problem = parse_turtle_file(path).problem
    assert problem is not None and (problem.line, problem.column) == (2, 17)


def test_a_file_that_is_not_utf8_is_a_problem(tmp_path: Path) -> None:
    path = _write(tmp_path, (HEADER + 'ex:a ex:b "caf').encode() + b'\xe9" .\n')
    problem = parse_turtle_file(path).problem
    assert problem is not None
    assert (problem.line, problem.column) == (2, 15)
    assert "not UTF-8" in problem.message and "0xe9" in problem.message


def test_a_missing_file_is_a_problem(tmp_path: Path) -> None:
    problem = parse_turtle_file(tmp_path / "nope.ttl").problem
    assert problem == SyntaxProblem(str(tmp_path / "nope.ttl"), 1, 1, "cannot read the file: No such file or directory")


def test_an_empty_file_is_valid_and_empty(tmp_path: Path) -> None:
    parsed = parse_turtle_file(_write(tmp_path, "# only a comment\n" + HEADER))
    assert parsed.ok and parsed.empty and parsed.triples == []


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    parsed = parse_turtle_file(_write(tmp_path, b"\xef\xbb\xbf" + (HEADER + "ex:a ex:b ex:c .\n").encode()))
    assert parsed.ok and parsed.line_of(URIRef("http://example.org/a")) == 2


def test_100k_nested_blank_nodes_parse_without_recursion(tmp_path: Path) -> None:
    depth = 100_000
    path = _write(tmp_path, HEADER + "ex:s ex:p " + "[ ex:p " * depth + "ex:o" + " ]" * depth + " .\n")
    parsed = parse_turtle_file(path)
    assert parsed.ok and len(parsed.triples) == depth + 1
    deepest = next(s for s, _, o in parsed.triples if o == URIRef("http://example.org/o"))
    assert parsed.line_of(deepest) == 2


def test_100k_unclosed_blank_nodes_are_a_clean_error(tmp_path: Path) -> None:
    parsed = parse_turtle_file(_write(tmp_path, HEADER + "ex:s ex:p " + "[ ex:p " * 100_000))
    assert parsed.problem is not None and parsed.problem.line == 2


def test_positions_record_where_each_subject_starts(tmp_path: Path) -> None:
    text = (
        "@prefix ex: <http://example.org/> .\n"   # 1
        "# ex:fake ex:p ex:o .\n"                 # 2  a comment is not a subject
        "ex:a ex:p '''long\n"                     # 3
        "ex:notasubject . \"\n"                   # 4  inside a long string
        "''' ; ex:q [ ex:r ( ex:x ex:y ) ] .\n"   # 5
        "<http://example.org/b>\n"                # 6
        "    ex:p ex:a.\n"                        # 7  a dot right after a name
        "ex:c.d ex:p 1.5 .\n"                     # 8  a dot inside a name
        "@base <http://example.org/base/> .\n"    # 9
        "<e> ex:p ex:a .\n"                       # 10 relative IRI
        "ex:a ex:p ex:c.d .\n"                    # 11 a second description of ex:a
    )
    parsed = parse_turtle_text(text, base_iri="http://example.org/file.ttl")
    assert parsed.ok, parsed.problem
    lines = {k: v for k, v in parsed.positions.items() if not isinstance(k, BNode)}
    assert lines == {
        "http://example.org/a": 3,
        "http://example.org/b": 6,
        "http://example.org/c.d": 8,
        "http://example.org/base/e": 10,
    }
    blank_lines = {v for k, v in parsed.positions.items() if isinstance(k, BNode)}
    assert blank_lines == {3}  # the [ ] and the list's nodes belong to ex:a


def test_blank_nodes_of_different_files_stay_apart(tmp_path: Path) -> None:
    one = parse_turtle_file(_write(tmp_path, HEADER + "_:b ex:p ex:o .\n", "one.ttl"))
    two = parse_turtle_file(_write(tmp_path, HEADER + "_:b ex:p ex:o .\n", "two.ttl"))
    assert one.triples[0][0] != two.triples[0][0]
