"""Quote folding and lookup in source texts (chkg.graph.quotes)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef

from chkg.graph.quotes import SourceTexts, fold, quote_in_source, source_of
from chkg.vocab.namespace import CHKG, CHKG_NS

IS_PART_OF = URIRef("http://purl.org/dc/terms/isPartOf")


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("a  b\n\tc\u00a0d", "a b c d"),
        ("\u2018single\u2019 \u201adown\u201b", "'single' 'down'"),
        ("\u201cdouble\u201d \u201edown\u201f", '"double" "down"'),
        ("2017 \u2013 2023 \u2014 dash", "2017 \u2013 2023 \u2014 dash"),  # dashes stay
        ("**bold** *em*", "**bold** *em*"),  # markdown stays: quotes are verbatim of the file
        ("  ends  ", "ends"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_quote_in_source_folds_both_sides() -> None:
    source = "The plan \u201chelped\u201d to\nlegitimise   investment."
    assert quote_in_source('"helped" to legitimise investment', source)
    assert quote_in_source("\u201chelped\u201d  to legitimise", source)
    assert not quote_in_source("helped to legitimise", source)  # the quotes are part of the text
    assert not quote_in_source("Helped", source)  # case matters
    assert not quote_in_source("", source)


def _sources_graph(text_file: str) -> Graph:
    graph = Graph()
    graph.add((CHKG_NS.src, RDF.type, CHKG.Source))
    graph.add((CHKG_NS.src, CHKG.textFile, Literal(text_file)))
    graph.add((CHKG_NS.sec, IS_PART_OF, CHKG_NS.src))
    graph.add((CHKG_NS.pas, IS_PART_OF, CHKG_NS.sec))
    return graph


def test_source_of_follows_is_part_of_and_survives_cycles() -> None:
    graph = _sources_graph("a.md")
    assert source_of(graph, CHKG_NS.pas) == CHKG_NS.src
    graph.add((CHKG_NS.x, IS_PART_OF, CHKG_NS.y))
    graph.add((CHKG_NS.y, IS_PART_OF, CHKG_NS.x))
    assert source_of(graph, CHKG_NS.x) is None


def test_source_texts_reads_the_first_folder_holding_the_file(tmp_path: Path) -> None:
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    (tmp_path / "two" / "a.md").write_text("It  helped.\n")
    texts = SourceTexts.from_graph(_sources_graph("a.md"), [tmp_path / "one", tmp_path / "two"])
    assert texts.texts == {CHKG_NS.src: "It helped."}
    assert texts.files[CHKG_NS.src] == (tmp_path / "two" / "a.md").resolve()
    assert texts.contains(CHKG_NS.src, "It\nhelped")
    assert not texts.contains(CHKG_NS.other, "It")


@pytest.mark.parametrize("name", ["missing.md", "../outside.md", "bad.md"])
def test_unreadable_or_escaping_text_files_are_missing(tmp_path: Path, name: str) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    (tmp_path / "outside.md").write_text("outside the sources folder")
    (sources / "bad.md").write_bytes(b"\xff\xfe not utf-8 \xff")
    texts = SourceTexts.from_graph(_sources_graph(name), sources)
    assert texts.missing == {CHKG_NS.src: name}
    assert texts.texts == {}
