"""The benchmark generator: deterministic, on size, valid like the bundled data, connected, mistakes planted.

Every checkout is generated from a snapshot of the bundled files (``snapshot`` fixture), and
``chkg validate --format json`` is run on it as a user would (``CHKG_HOME`` at the checkout).
While others change the data model, the bundled data may not validate; the copies are then
held to the bundled data's own result, not to zero violations.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict, deque
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
import pytest
from benchmarks.generate import generate

CHKG = "https://w3id.org/creative-health-kg/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
INFLUENCER = "http://www.w3.org/ns/prov#influencer"
INFLUENCEE = CHKG + "influencee"
_COPY = re.compile(r"-c(\d+)$")


def validate_json(checkout: Path) -> dict[str, Any]:
    """``chkg validate --format json`` run in ``checkout``."""
    done = subprocess.run([sys.executable, "-m", "chkg", "validate", "--format", "json"], cwd=checkout,
                          env={**os.environ, "CHKG_HOME": str(checkout)}, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode in (0, 1), done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def violations(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for r in report["results"] if r["severity"] == "violation"]


def triples(checkout: Path) -> list[ox.Triple]:
    """What chkg loads: the ontology and every Turtle file under data/, parsed independently of the generator."""
    files = [checkout / "ontology" / "chkg.ttl", *sorted((checkout / "data").rglob("*.ttl"))]
    return [ox.Triple(q.subject, q.predicate, q.object)
            for f in files for q in ox.parse(path=str(f), format=ox.RdfFormat.TURTLE)]


def copy_of(iri: str) -> int:
    match = _COPY.search(iri)
    return int(match.group(1)) if match else 0


def strip_copy(text: str | None) -> str | None:
    return _COPY.sub("", text) if text else text


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_seed_gives_byte_identical_checkouts(snapshot: Path, tmp_path: Path) -> None:
    first = generate(tmp_path / "a", 8000, shape="connected", seed=7, plant=1, source=snapshot)
    second = generate(tmp_path / "b", 8000, shape="connected", seed=7, plant=1, source=snapshot)
    assert files_of(tmp_path / "a") == files_of(tmp_path / "b")
    for what in ("manifest", "mistakes"):
        assert (tmp_path / f"a.{what}.json").read_bytes() == (tmp_path / f"b.{what}.json").read_bytes()
    assert first.pairs == second.pairs
    other = generate(tmp_path / "c", 8000, shape="connected", seed=8, plant=1, source=snapshot)
    assert files_of(tmp_path / "c") != files_of(tmp_path / "a"), "the seed must matter"
    assert abs(other.triples - first.triples) <= 0.1 * 8000


@pytest.mark.parametrize("target", [5000, 12_000])
def test_size_is_within_ten_percent(snapshot: Path, tmp_path: Path, target: int) -> None:
    made = generate(tmp_path / "kg", target, source=snapshot)
    counted = len(triples(tmp_path / "kg"))
    assert made.triples == counted
    assert abs(counted - target) <= 0.1 * target, (counted, target)


def test_copies_validate_like_the_bundled_data(snapshot: Path, tmp_path: Path) -> None:
    made = generate(tmp_path / "kg", 12_000, source=snapshot)
    assert made.copies >= 3
    texts = sorted(p.name for p in (tmp_path / "kg" / "data" / "sources").glob("*.md") if p.name != "README.md")
    assert len(texts) >= made.copies, "each copy quotes its own copy of the source text"
    bundled = {(r["source_shape"], r["focus"], r["path"]) for r in violations(validate_json(snapshot))}
    generated = validate_json(tmp_path / "kg")
    assert generated["triples"] > 11_000
    found = {(r["source_shape"], strip_copy(r["focus"]), strip_copy(r["path"])) for r in violations(generated)}
    assert found == bundled, "the copies must add no violation the bundled data does not have"


def results_by_copy(report: dict[str, Any]) -> dict[int, Counter[tuple[str, str, str | None]]]:
    """Each copy's results as the bundled data would name them (copy suffixes removed)."""
    found: dict[int, Counter[tuple[str, str, str | None]]] = defaultdict(Counter)
    for r in report["results"]:
        found[copy_of(r["focus"] or "")][(r["severity"], r["source_shape"], strip_copy(r["focus"]))] += 1
    return found


@pytest.mark.parametrize("shape", ["copies", "connected"])
def test_every_copy_validates_like_the_bundled_data(snapshot: Path, tmp_path: Path, shape: str) -> None:
    """Per full copy exactly the bundled data's results, the partial copy none it lacks: rewiring
    (connected) must not leave an entity without the last claim that leads to it or that it takes
    part in, nor may a partial copy describe an entity without its claims."""
    made = generate(tmp_path / "kg", 20_000, shape=shape, seed=2, source=snapshot)  # type: ignore[arg-type]
    bundled = results_by_copy(validate_json(snapshot))[0]
    generated = validate_json(made.out)
    by_copy = results_by_copy(generated)
    assert made.copies >= 3
    for copy in range(made.copies):
        found = by_copy.get(copy, Counter())
        if copy == made.copies - 1 and partial_copy(made):  # a part of a copy: only some of its results
            assert not found - bundled, f"the partial copy {copy} adds {sorted(found - bundled)}"
            continue
        assert found == bundled, f"copy {copy}"


def partial_copy(made: Any) -> bool:
    """Whether the last copy is partial (fewer claims than copy 0)."""
    def claims(folder: Path) -> int:
        return (folder / "influences.ttl").read_text(encoding="utf-8").count("a chkg:Influence") if folder.is_dir() else 0
    last = made.out / "data" / f"c{made.copies - 1}"
    return made.copies > 1 and claims(last) < claims(made.out / "data")


def test_connected_shape_joins_copies(snapshot: Path, tmp_path: Path) -> None:
    isolated = generate(tmp_path / "copies", 12_000, shape="copies", seed=3, source=snapshot)
    joined = generate(tmp_path / "connected", 12_000, shape="connected", seed=3, source=snapshot)
    claims: dict[str, dict[str, Counter[int]]] = {}
    for name in ("copies", "connected"):
        graph = triples(tmp_path / name)
        # a claim joins copies when an end (influencer or influencee) is not in the claim's own copy
        crossing = Counter(copy_of(t.subject.value) != copy_of(t.object.value) for t in graph
                           if t.predicate.value in (INFLUENCER, INFLUENCEE) and isinstance(t.object, ox.NamedNode))
        types = Counter(t.object.value for t in graph if t.predicate.value == RDF_TYPE)
        claims[name] = {"crossing": crossing, "types": Counter({hash(k): v for k, v in types.items()})}
        if name == "connected":
            edges: dict[str, list[str]] = defaultdict(list)
            subjects = {t.subject.value: t.object.value for t in graph if t.predicate.value == INFLUENCER}
            for t in graph:
                if t.predicate.value == INFLUENCEE and t.subject.value in subjects:
                    edges[subjects[t.subject.value]].append(t.object.value)
    assert claims["copies"]["crossing"][True] == 0
    assert claims["connected"]["crossing"][True] > 0.05 * claims["connected"]["crossing"][False]
    assert claims["copies"]["types"] == claims["connected"]["types"], "same nodes and claims, rewired"
    assert isolated.triples == joined.triples
    crossing_pairs = [p for p in joined.pairs if p.source_copy != p.target_copy]
    assert crossing_pairs, "the connected graph must offer pairs in different copies"
    pair = crossing_pairs[0]
    seen, queue = {pair.source}, deque([pair.source])
    while queue:
        for nxt in edges[queue.popleft()]:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    assert pair.target in seen, "a path of claims must lead from the policy to the outcome of another copy"


def test_connected_pairs_have_many_routes_through_shared_contexts(snapshot: Path, tmp_path: Path) -> None:
    """The connected shape is hard for path search: its pairs have many routes of 2 to 5 hops over
    effect claims (counted here from the files, as the manifest says), and every copy's claims name
    copy 0's contexts, so joins across copies are not incompatible for want of a shared context."""
    made = generate(tmp_path / "kg", 20_000, shape="connected", seed=2, source=snapshot)
    graph = triples(made.out)
    contexts = [t.object.value for t in graph if t.predicate.value == CHKG + "inContext"]
    assert contexts and all(copy_of(c) == 0 for c in contexts)
    effect = {CHKG + "observedEffect", CHKG + "assertedEffect"}
    kinds: dict[str, set[str]] = defaultdict(set)
    ends: dict[str, dict[str, str]] = defaultdict(dict)
    for t in graph:
        if t.predicate.value == CHKG + "claimType":
            kinds[t.subject.value].add(t.object.value)
        elif t.predicate.value in (INFLUENCER, INFLUENCEE):
            ends[t.subject.value][t.predicate.value] = t.object.value
    edges = nx.DiGraph((e[INFLUENCER], e[INFLUENCEE]) for claim, e in ends.items()
                       if len(e) == 2 and (not kinds[claim] or kinds[claim] & effect))
    counted = [sum(1 for _ in nx.all_simple_paths(edges, p.source, p.target, cutoff=5)) for p in made.pairs]
    assert counted == [p.routes for p in made.pairs], "the manifest counts the routes there are"
    assert len(made.pairs) == 10 and all(p.source_copy != p.target_copy for p in made.pairs)
    assert sum(n >= 30 for n in counted) >= 5, counted


def test_planted_mistakes_are_exactly_what_validate_reports(snapshot: Path, tmp_path: Path) -> None:
    clean = validate_json(generate(tmp_path / "clean", 12_000, seed=5, source=snapshot).out)
    made = generate(tmp_path / "planted", 12_000, seed=5, plant=2, source=snapshot)
    expected = json.loads((tmp_path / "planted.mistakes.json").read_text(encoding="utf-8"))
    assert Counter(e["kind"] for e in expected) == Counter({
        "dangling-reference": 2, "undefined-term": 2, "duplicate-label": 2, "quote-not-in-source": 2,
        "missing-required-property": 2})
    assert len(made.mistakes) == 10
    # what the planted checkout reports beyond the clean one (keyed without lines: planting shifts them)
    key = lambda r: (r["source_shape"], r["focus"], r["path"])  # noqa: E731
    before = Counter(key(r) for r in violations(clean))
    reported = violations(validate_json(made.out))
    extra = Counter(key(r) for r in reported) - before
    new = [(r["file"], r["line"], r["source_shape"]) for r in reported if extra[key(r)] > 0]
    # A quote outside its source is outside its statement too (EVIDENCE-MODEL §1): validate may report
    # that second check at the same place; it is the same mistake, not another one.
    companion = "check:quote-not-in-statement"
    assert sorted(n for n in new if n[2] != companion) == sorted((e["file"], e["line"], e["check"]) for e in expected)
    quotes = {(e["file"], e["line"]) for e in expected if e["kind"] == "quote-not-in-source"}
    assert {(f, line) for f, line, check in new if check == companion} <= quotes
