"""SPARQL on the loaded checkout in place (the cache's store): the same answers as on chkg.load's graph."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from chkg.errors import RefusedOperationError
from chkg.graph.cache import CACHE_FOLDER
from chkg.graph.store import CERTAINTY_GRAPH, DERIVED_GRAPH, open_store
from chkg.project import ProjectPaths, bundled_project
from chkg.sparql.catalogue import catalogue
from chkg.sparql.query import run_query
from chkg.sparql.results import QueryResult
from chkg.sparql.store import EmbeddedStore

_CLAIM = "https://w3id.org/creative-health-kg/claim-arts-based-evaluation-and-research-contributes-to-accessible-and-meaningful-evaluation"
_CERTAINTY = f"SELECT ?c WHERE {{ <{_CLAIM}> <https://w3id.org/creative-health-kg/certainty> ?c }}"


@pytest.fixture()
def checkout(tmp_path: Path) -> ProjectPaths:
    root = bundled_project().root
    for part in ("ontology", "data"):
        shutil.copytree(root / part, tmp_path / part)
    return ProjectPaths(tmp_path)


def _rows(result: QueryResult) -> list[str]:
    return sorted(str(row) for row in result.rows)


def test_every_catalogue_query_answers_as_on_the_merged_graph() -> None:
    merged = EmbeddedStore.bundled()
    with open_store() as loaded:
        in_place = EmbeddedStore.from_graph_store(loaded)
        checked = 0
        for query in catalogue(bundled_project().queries):
            expected, found = run_query(query, store=merged), run_query(query, store=in_place)
            if expected.graph is not None:
                assert found.graph is not None and len(found.graph) == len(expected.graph), query.name
            else:
                assert _rows(found) == _rows(expected), query.name
            checked += 1
    assert checked >= 18


def test_derived_graphs_are_kept_in_the_cache_until_a_file_changes(checkout: ProjectPaths) -> None:
    cache = checkout.root / CACHE_FOLDER
    with open_store(project=checkout, cache=cache) as loaded:
        first = _rows(EmbeddedStore.from_graph_store(loaded).run(_CERTAINTY))
    assert first == ["(rdflib.term.URIRef('https://w3id.org/creative-health-kg/veryLowCertainty'),)"]
    manifest = json.loads((cache / "manifest.json").read_text())
    assert set(manifest["derived"]) == {DERIVED_GRAPH.value, CERTAINTY_GRAPH.value}
    with open_store(project=checkout, cache=cache) as loaded:
        assert loaded.reread == []
        assert loaded._ready == {DERIVED_GRAPH.value, CERTAINTY_GRAPH.value}  # nothing to derive again
    # the curator records an observation: the claim's certainty rises to low, and the query says so
    influences = checkout.data / "influences.ttl"
    text = influences.read_text(encoding="utf-8")
    start = text.index(_CLAIM.rsplit("/", 1)[1])
    block_end = text.index("\n.\n", start)
    block = text[start:block_end].replace("chkg:claimType chkg:assertedEffect", "chkg:claimType chkg:observedEffect")
    influences.write_text(text[:start] + block + text[block_end:], encoding="utf-8")
    with open_store(project=checkout, cache=cache) as loaded:
        assert [p.name for p in loaded.reread] == ["influences.ttl"]
        assert loaded._ready == set()
        after = _rows(EmbeddedStore.from_graph_store(loaded).run(_CERTAINTY))
    assert after == ["(rdflib.term.URIRef('https://w3id.org/creative-health-kg/lowCertainty'),)"]


def test_updates_are_refused_on_the_caches_store(checkout: ProjectPaths) -> None:
    cache = checkout.root / CACHE_FOLDER
    with open_store(project=checkout, cache=cache) as loaded:
        store = EmbeddedStore.from_graph_store(loaded)
        before = len(loaded.store)
        with pytest.raises(RefusedOperationError, match="--no-cache"):
            store.run("INSERT DATA { <urn:a> <urn:b> <urn:c> }", allow_remote=True)
        assert len(loaded.store) == before
    with open_store(project=checkout) as loaded:  # in memory: an update changes only the copy
        EmbeddedStore.from_graph_store(loaded).run("INSERT DATA { <urn:a> <urn:b> <urn:c> }", allow_remote=True)


def test_a_query_on_a_stale_derived_graph_is_impossible_after_a_killed_update(checkout: ProjectPaths) -> None:
    cache = checkout.root / CACHE_FOLDER
    with open_store(project=checkout, cache=cache) as loaded:
        EmbeddedStore.from_graph_store(loaded)
    manifest_file = cache / "manifest.json"
    manifest = json.loads(manifest_file.read_text())
    manifest["complete"] = False  # as a run killed while adding a derived graph leaves it
    manifest_file.write_text(json.dumps(manifest))
    notices: list[str] = []
    with open_store(project=checkout, cache=cache, notice=notices.append) as loaded:
        assert loaded._ready == set() and len(loaded.reread) > 5
    assert len(notices) == 1 and "rebuilding" in notices[0]
