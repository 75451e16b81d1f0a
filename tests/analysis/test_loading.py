"""The analysis graph read through the store (and the cache) equals the one of the whole merged graph."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chkg.analysis import loading
from chkg.analysis.loading import graph_from_json, graph_to_json, load_analysis, load_analysis_with, load_evidence
from chkg.analysis.network import AnalysisGraph, analysis_graph
from chkg.errors import DataError
from chkg.graph.loader import load
from chkg.graph.store import EVIDENCE_PREDICATES, open_store
from chkg.project import ProjectPaths, bundled_project
from chkg.report.build import ReportInputs, build_report


def _same(a: AnalysisGraph, b: AnalysisGraph) -> None:
    assert a.entities == b.entities
    assert a.claims == b.claims
    assert a.bridges == b.bridges
    assert a.broader == b.broader
    assert a.context_labels == b.context_labels
    assert list(a.graph.nodes) == list(b.graph.nodes)
    assert list(a.graph.edges(keys=True)) == list(b.graph.edges(keys=True))


@pytest.fixture()
def checkout(tmp_path: Path) -> ProjectPaths:
    root = bundled_project().root
    for part in ("ontology", "data"):
        shutil.copytree(root / part, tmp_path / part)
    return ProjectPaths(tmp_path)


def test_store_projection_gives_the_graph_of_the_whole_merged_graph() -> None:
    whole = analysis_graph(load())
    projected, rdf = load_evidence()
    assert len(projected.claims) == len(whole.claims) > 200
    _same(projected, whole)
    assert rdf is not None and len(rdf) < len(load())  # a projection, not everything


def test_the_report_built_from_the_projection_equals_the_one_from_the_whole_graph() -> None:
    sources = bundled_project().sources
    whole_rdf = load()
    projected, rdf = load_evidence()
    from_whole = build_report(analysis_graph(whole_rdf), inputs=ReportInputs(rdf=whole_rdf, sources_dir=sources))
    from_store = build_report(projected, inputs=ReportInputs(rdf=rdf, sources_dir=sources))
    assert from_store == from_whole
    assert any(doc.spans for doc in from_store.sources)  # selectors came through the projection


def test_the_projection_keeps_only_the_predicates_it_names() -> None:
    with open_store() as loaded:
        rdf = loaded.evidence_graph()
    predicates = {str(p) for p in rdf.predicates()}
    assert all(p.startswith("https://w3id.org/creative-health-kg/") or p in EVIDENCE_PREDICATES
               for p in predicates)
    assert "http://www.w3.org/2002/07/owl#versionInfo" not in predicates


def test_json_round_trip_keeps_every_field() -> None:
    G = analysis_graph(load())
    H = graph_from_json(graph_to_json(G))
    _same(H, G)


@pytest.mark.parametrize("data", [b"", b"[]", b'{"format": 99}', b"\xff\xfe", b'{"format": 1}'])
def test_json_that_is_not_an_analysis_graph_is_refused(data: bytes) -> None:
    with pytest.raises((ValueError, KeyError, TypeError)):
        graph_from_json(data)


def test_a_second_run_reads_the_cached_graph_without_opening_the_store(
        checkout: ProjectPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = checkout.root / ".chkg-cache"
    first = load_analysis(project=checkout, cache=cache)
    assert len(list((cache / "analysis").glob("*.json"))) == 1

    def no_store(*args: object, **kwargs: object) -> None:
        raise AssertionError("the store was opened")

    monkeypatch.setattr(loading, "open_store", no_store)
    _same(load_analysis(project=checkout, cache=cache), first)


def test_an_edited_file_is_always_seen(checkout: ProjectPaths) -> None:
    cache = checkout.root / ".chkg-cache"
    before = load_analysis(project=checkout, cache=cache)
    target = checkout.data / "influences.ttl"
    text = target.read_text(encoding="utf-8")
    claim = next(iter(before.claims))
    local = claim.rsplit("/", 1)[1]
    # drop one claim's block: the cached graph must not be reused
    start = text.index(f"chkg:{local}\n")
    end = text.index("\n\n", start)
    target.write_text(text[:start] + text[end + 2:], encoding="utf-8")
    after = load_analysis(project=checkout, cache=cache)
    assert claim in before.claims and claim not in after.claims
    _same(after, analysis_graph(load(project=checkout)))


def test_a_corrupt_cached_graph_is_rebuilt_with_one_notice(checkout: ProjectPaths) -> None:
    cache = checkout.root / ".chkg-cache"
    first = load_analysis(project=checkout, cache=cache)
    for kept in (cache / "analysis").glob("*.json"):
        kept.write_bytes(b'{"format": 1, "entities": [')
    notices: list[str] = []
    _same(load_analysis(project=checkout, cache=cache, notice=notices.append), first)
    assert len(notices) == 1 and "rebuilding" in notices[0]


def test_a_syntax_problem_is_one_data_error(checkout: ProjectPaths) -> None:
    (checkout.data / "broken.ttl").write_text("@prefix chkg: <https://w3id.org/creative-health-kg/> .\nchkg:a chkg:b .\n")
    with pytest.raises(DataError, match=r"broken\.ttl:2"):
        load_analysis(project=checkout, cache=checkout.root / ".chkg-cache")


def test_a_report_run_leaves_the_graph_for_the_next_command(
        checkout: ProjectPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = checkout.root / ".chkg-cache"
    built, _ = load_evidence(project=checkout, cache=cache)  # what chkg report does

    def no_store(*args: object, **kwargs: object) -> None:
        raise AssertionError("the store was opened")

    monkeypatch.setattr(loading, "open_store", no_store)
    _same(load_analysis(project=checkout, cache=cache), built)


def test_load_analysis_with_reads_the_store_once_and_reuses_the_cached_graph(
        checkout: ProjectPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    from chkg.report.facts import ReportFacts

    cache = checkout.root / ".chkg-cache"
    first, facts = load_analysis_with(ReportFacts.from_store, project=checkout, cache=cache)  # cold: builds it
    assert facts == ReportFacts.from_rdf(load(project=checkout)) and facts.statements
    built: list[object] = []
    monkeypatch.setattr(loading, "analysis_graph", lambda rdf: built.append(rdf))
    second, again = load_analysis_with(ReportFacts.from_store, project=checkout, cache=cache)  # warm
    assert built == [], "the analysis graph was rebuilt although the cache holds it"
    _same(second, first)
    assert again == facts
