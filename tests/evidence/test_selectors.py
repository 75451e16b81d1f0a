"""Web Annotation selectors against hand-made texts (chkg.evidence.selectors).

Every expected offset below was counted by hand on the text beside it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import RDF, BNode, Graph, Literal, URIRef

from chkg.cli import main
from chkg.errors import AmbiguousExactError, ChkgError, ExactNotFoundError, SelectorError
from chkg.evidence.selectors import (
    MAX_CONTEXT,
    TextSpan,
    check_selectors,
    fill_selectors,
    locate,
    occurrences,
    selectors_for,
)
from chkg.rdf.canonical import canonical_turtle
from chkg.vocab.namespace import CHKG, CHKG_NS, OA

# a page break splits a sentence with a blank line, as in the bundled source
PAGE_BREAK = "This values identities, reducing\n\nstigma and creating safe services. Next."
# typographic quotes and an en dash, as the source writes them
TYPOGRAPHIC = "They provide vital \u2018permission giving\u2019 \u2013 absent elsewhere."
TWICE = "It helps. Staff said it helps. End"


def test_locate_spans_a_page_break_as_written() -> None:
    # "reducing" starts at 24 (8 code points), "\n\n" is 32–33, "stigma and creating safe services." 34–67
    span = locate(PAGE_BREAK, "reducing\n\nstigma and creating safe services.")
    assert span == TextSpan(24, 68)
    assert span.of(PAGE_BREAK).startswith("reducing\n\nstigma")


def test_locate_does_not_fold_whitespace_but_says_a_folded_copy_would_match() -> None:
    with pytest.raises(ExactNotFoundError, match="once whitespace and typographic quotes are folded"):
        locate(PAGE_BREAK, "reducing stigma")


def test_locate_matches_typographic_quotes_only_as_written() -> None:
    # "They provide vital " is 19 code points; "permission giving" is 17, with its quote marks 19
    assert locate(TYPOGRAPHIC, "\u2018permission giving\u2019") == TextSpan(19, 38)
    with pytest.raises(ExactNotFoundError, match="folded"):
        locate(TYPOGRAPHIC, "'permission giving'")


def test_locate_an_exact_that_occurs_twice() -> None:
    # "It helps. " 0–9, "Staff said " 10–20, "it helps." 21–29, " End" 30–33
    assert occurrences(TWICE, "it helps.") == [TextSpan(21, 30)]  # case-sensitive: "It helps." at 0 differs
    assert occurrences(TWICE, "helps.") == [TextSpan(3, 9), TextSpan(24, 30)]
    with pytest.raises(AmbiguousExactError, match=r"occurs 2 times \(at 3–9, 24–30\)"):
        locate(TWICE, "helps.")
    assert locate(TWICE, "helps.", occurrence=2) == TextSpan(24, 30)
    with pytest.raises(ExactNotFoundError, match="no occurrence 3"):
        locate(TWICE, "helps.", occurrence=3)


def test_locate_refuses_empty_and_absent_text_with_a_chkg_error() -> None:
    for exact in ("", "burnout"):
        with pytest.raises(ChkgError):
            locate(TWICE, exact)


def test_selectors_for_cuts_context_at_32_code_points_and_at_the_text_ends() -> None:
    text = "a" * 40 + "EXACT" + "b" * 40
    s = selectors_for(text, TextSpan(40, 45))
    assert (s.prefix, s.exact, s.suffix) == ("a" * MAX_CONTEXT, "EXACT", "b" * MAX_CONTEXT)
    assert (s.start, s.end) == (40, 45)
    at_start = selectors_for("EXACT then", TextSpan(0, 5))
    assert (at_start.prefix, at_start.suffix) == ("", " then")
    at_end = selectors_for("then EXACT", TextSpan(5, 10))
    assert (at_end.prefix, at_end.suffix) == ("then ", "")


def test_selectors_for_keeps_the_page_break_in_prefix_and_exact() -> None:
    s = selectors_for(PAGE_BREAK, locate(PAGE_BREAK, "stigma and creating"), context=10)
    assert s.prefix == "reducing\n\n"
    assert s.suffix == " safe serv"


def test_selectors_for_rejects_a_span_past_the_end_and_bad_context() -> None:
    with pytest.raises(SelectorError):
        selectors_for("short", TextSpan(2, 9))
    with pytest.raises(SelectorError):
        selectors_for("short", TextSpan(0, 1), context=MAX_CONTEXT + 1)
    with pytest.raises(SelectorError):
        TextSpan(5, 2)


def test_selectors_computed_here_pass_their_own_check() -> None:
    for text, exact, occurrence in ((PAGE_BREAK, "stigma and creating safe services.", None),
                                    (TYPOGRAPHIC, "\u2018permission giving\u2019 \u2013", None),
                                    (TWICE, "helps.", 2)):
        s = selectors_for(text, locate(text, exact, occurrence))
        assert check_selectors(text, s.exact, prefix=s.prefix, suffix=s.suffix, start=s.start, end=s.end) == []


def test_check_reports_an_exact_not_at_its_positions_and_where_it_is() -> None:
    problems = check_selectors(TWICE, "Staff said", prefix="helps. ", suffix=" it h", start=11, end=21)
    # "Staff said" stands at 10–20; 11–21 reads "taff said "
    assert problems == ["exact 'Staff said' is not at 11–21 (the text there is 'taff said '); it occurs at 10–20"]


def test_check_reports_prefix_and_suffix_that_disagree() -> None:
    problems = check_selectors(TWICE, "Staff said", prefix="help. ", suffix=" it", start=10, end=20)
    assert problems == ["prefix 'help. ' disagrees with the 6 code point(s) before the exact text: 'elps. '"]
    problems = check_selectors(TWICE, "Staff said", prefix="", suffix="", start=10, end=20)
    assert problems == ["prefix is empty, but the exact text does not start the text",
                        "suffix is empty, but the exact text does not end the text"]


def test_check_reports_an_exact_found_nowhere_and_missing_anchors() -> None:
    problems = check_selectors(TWICE, "It harms.")
    assert problems == ["exact 'It harms.' does not occur in the text", "start is missing", "end is missing",
                        "prefix is missing", "suffix is missing"]


def test_check_uses_prefix_to_judge_the_occurrence_at_the_given_positions() -> None:
    # the second "helps." (24–30) is meant; the first one's prefix would be "It "
    assert check_selectors(TWICE, "helps.", prefix="said it ", suffix=" End", start=24, end=30) == []
    problems = check_selectors(TWICE, "helps.", prefix="It ", suffix=" Staff", start=24, end=30)
    assert problems == [
        "prefix 'It ' disagrees with the 3 code point(s) before the exact text: 'it '",
        "suffix ' Staff' disagrees with the 6 code point(s) after the exact text: ' End'",
    ]


def test_check_rejects_overlong_context() -> None:
    text = "x" * 50 + "EXACT"
    problems = check_selectors(text, "EXACT", prefix="x" * 33, suffix="", start=50, end=55)
    assert problems == ["prefix is 33 code points; at most 32"]


# ----------------------------------------------------------------------------- fill_selectors

SRC = CHKG_NS["src"]


def _statement(graph: Graph, name: str, exact: str, **anchors: str | int) -> tuple[URIRef, BNode]:
    statement, quote = CHKG_NS[name], BNode()
    graph.add((statement, RDF.type, CHKG.Statement))
    graph.add((statement, OA.hasSource, SRC))
    graph.add((statement, OA.hasSelector, quote))
    graph.add((quote, RDF.type, OA.TextQuoteSelector))
    graph.add((quote, OA.exact, Literal(exact)))
    for key in ("prefix", "suffix"):
        if key in anchors:
            graph.add((quote, OA[key], Literal(anchors[key])))
    if "start" in anchors:
        position = BNode()
        graph.add((statement, OA.hasSelector, position))
        graph.add((position, RDF.type, OA.TextPositionSelector))
        graph.add((position, OA.start, Literal(anchors["start"])))
        graph.add((position, OA.end, Literal(anchors["end"])))
    return statement, quote


def _anchors(graph: Graph, statement: URIRef) -> tuple[str, str, str, int, int]:
    selectors = list(graph.objects(statement, OA.hasSelector))
    q = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in graph)
    p = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in graph)
    return (str(graph.value(q, OA.prefix)), str(graph.value(q, OA.exact)), str(graph.value(q, OA.suffix)),
            int(graph.value(p, OA.start)), int(graph.value(p, OA.end)))  # type: ignore[arg-type]


def test_fill_computes_the_anchors_from_the_exact_text_only() -> None:
    g = Graph()
    s, _ = _statement(g, "statement-a-1", "reducing\n\nstigma and creating")
    result = fill_selectors(g, {SRC: PAGE_BREAK})
    assert result.changed == [s] and result.problems == []
    # "reducing" starts at 24 (see above); the exact is 8 + 2 + 19 = 29 code points
    assert _anchors(g, s) == ("This values identities, ", "reducing\n\nstigma and creating",
                              " safe services. Next.", 24, 53)
    assert fill_selectors(g, {SRC: PAGE_BREAK}).changed == [], "filling twice changes nothing"


def test_fill_keeps_the_occurrence_the_positions_or_the_prefix_point_at() -> None:
    g = Graph()
    by_position, _ = _statement(g, "statement-a-1", "helps.", start=24, end=30)
    by_prefix, _ = _statement(g, "statement-a-2", "helps.", prefix="it ")
    unanchored, _ = _statement(g, "statement-a-3", "helps.")
    result = fill_selectors(g, {SRC: TWICE})
    assert _anchors(g, by_position)[3:] == (24, 30)
    assert _anchors(g, by_prefix)[3:] == (24, 30)
    assert result.problems == ["chkg:statement-a-3: 'helps.' occurs 2 times (at 3–9, 24–30); "
                               "choose an occurrence or quote more text"]
    assert unanchored not in result.changed


def test_fill_corrects_stale_positions_and_reports_what_it_cannot_find() -> None:
    g = Graph()
    stale, _ = _statement(g, "statement-a-1", "Staff said", prefix="x", suffix="y", start=0, end=3)
    _statement(g, "statement-a-2", "Staff  said")
    elsewhere = CHKG_NS["statement-b-1"]
    g.add((elsewhere, RDF.type, CHKG.Statement))
    g.add((elsewhere, OA.hasSource, CHKG_NS["other"]))
    result = fill_selectors(g, {SRC: TWICE})
    assert _anchors(g, stale) == ("It helps. ", "Staff said", " it helps. End", 10, 20)
    assert result.problems == [
        "chkg:statement-a-2: 'Staff  said' does not occur in the text (it does once whitespace and typographic "
        "quotes are folded: copy it from the raw file)",
        "chkg:statement-b-1: the text of its source chkg:other is not known",
    ]


def test_fill_reproduces_the_bundled_statements() -> None:
    """Every statement of the curated data, stripped to its exact text, gets back the anchors on file."""
    root = Path(__file__).resolve().parents[2] / "data" / "sources"
    text = (root / "culture-and-values.md").read_text(encoding="utf-8")
    curated = Graph().parse(root / "culture-and-values-statements.ttl", format="turtle")
    stripped = Graph()
    for triple in curated:
        if triple[1] not in (OA.prefix, OA.suffix, OA.start, OA.end):
            stripped.add(triple)
    result = fill_selectors(stripped, {CHKG_NS["culture-and-values"]: text})
    assert result.problems == []
    statements = sorted(curated.subjects(RDF.type, CHKG.Statement))
    assert len(statements) > 100
    for statement in statements:
        assert _anchors(stripped, statement) == _anchors(curated, statement), statement


# ----------------------------------------------------------------------------- chkg fmt --fill-selectors
# (the option's only job is to call fill_selectors on statements files, so its test stays beside it)


def _project_with_bare_statements(tmp_path: Path) -> tuple[Path, str]:
    root = Path(__file__).resolve().parents[2]
    shutil.copytree(root / "ontology", tmp_path / "ontology")
    shutil.copytree(root / "data", tmp_path / "data")
    statements = tmp_path / "data" / "sources" / "culture-and-values-statements.ttl"
    curated = statements.read_text(encoding="utf-8")
    bare = Graph().parse(data=curated, format="turtle")
    for predicate in (OA.prefix, OA.suffix, OA.start, OA.end):
        bare.remove((None, predicate, None))
    statements.write_text(canonical_turtle(bare), encoding="utf-8")
    return statements, curated


def test_chkg_fmt_fill_selectors_restores_the_anchors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    statements, curated = _project_with_bare_statements(tmp_path)
    monkeypatch.setenv("CHKG_HOME", str(tmp_path))
    assert main(["fmt", "--fill-selectors", "--check", str(statements)]) == 1
    assert statements.read_text(encoding="utf-8") != curated, "--check writes nothing"
    assert main(["fmt", "--fill-selectors", str(statements)]) == 0
    assert statements.read_text(encoding="utf-8") == curated
    assert "filled the selectors of 106 statement(s)" in capsys.readouterr().out


def test_chkg_fmt_fill_selectors_names_a_statement_it_cannot_anchor(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    statements, _ = _project_with_bare_statements(tmp_path)
    text = statements.read_text(encoding="utf-8")
    statements.write_text(text.replace("Consequently, it normalises", "Consequently it normalises"), encoding="utf-8")
    monkeypatch.setenv("CHKG_HOME", str(tmp_path))
    assert main(["fmt", "--fill-selectors", str(statements)]) == 1
    captured = capsys.readouterr()
    assert "chkg:statement-p1-fuller-stocktake-2: 'Consequently it" in captured.out
    assert "1 statement(s) could not be anchored" in captured.err
