"""The store at the centre and its persistent, incremental cache (issue 14)."""

from __future__ import annotations

import json
import multiprocessing
import shutil
from pathlib import Path

import pyoxigraph as ox

from chkg.graph.cache import CACHE_FOLDER
from chkg.graph.locate import Locator
from chkg.graph.store import open_store
from chkg.project import ProjectPaths, bundled_project

HEADER = "PREFIX ex: <http://example.org/>\n"
EX = "http://example.org/"


def _project(tmp_path: Path) -> ProjectPaths:
    (tmp_path / "ontology").mkdir()
    shutil.copy(bundled_project().ontology, tmp_path / "ontology" / "chkg.ttl")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.ttl").write_text(HEADER + "ex:a ex:p 1 .\n")
    (tmp_path / "data" / "b.ttl").write_text(HEADER + "\nex:b ex:p 2 .\n")
    return ProjectPaths(tmp_path)


def _open(project: ProjectPaths, notices: list[str] | None = None) -> tuple[list[str], int, set[str]]:
    """(names of the files parsed again, triples, subjects with ex:p) of one cached open."""
    with open_store(project=project, cache=project.root / CACHE_FOLDER,
                    notice=(notices if notices is not None else []).append) as loaded:
        subjects = {row["s"].value for row in loaded.query(f"SELECT ?s WHERE {{ ?s <{EX}p> ?o }}")}
        return sorted(p.name for p in loaded.reread), len(loaded), subjects


def test_a_second_open_reads_nothing_and_an_edit_rereads_one_file(tmp_path: Path) -> None:
    project = _project(tmp_path)
    first = _open(project)
    assert first[0] == ["a.ttl", "b.ttl", "chkg.ttl"]
    assert _open(project)[0] == []
    (tmp_path / "data" / "b.ttl").write_text(HEADER + "ex:c ex:p 3 .\n")
    reread, _, subjects = _open(project)
    assert reread == ["b.ttl"]
    assert subjects == {EX + "a", EX + "c"}  # ex:b went with the old content


def test_added_and_removed_files_are_always_seen(tmp_path: Path) -> None:
    project = _project(tmp_path)
    _open(project)
    (tmp_path / "data" / "a.ttl").unlink()
    (tmp_path / "data" / "new.ttl").write_text(HEADER + "ex:n ex:p 4 .\n")
    reread, _, subjects = _open(project)
    assert reread == ["new.ttl"]
    assert subjects == {EX + "b", EX + "n"}


def test_a_truncated_manifest_is_rebuilt_with_one_notice(tmp_path: Path) -> None:
    project = _project(tmp_path)
    expected = _open(project)
    manifest = tmp_path / CACHE_FOLDER / "manifest.json"
    manifest.write_text(manifest.read_text()[:20])
    notices: list[str] = []
    again = _open(project, notices)
    assert len(notices) == 1 and "rebuilding it" in notices[0] and "\n" not in notices[0]
    assert again[1:] == expected[1:]
    assert _open(project)[0] == []  # and the rebuilt cache serves the next run


def test_a_corrupted_store_is_rebuilt(tmp_path: Path) -> None:
    project = _project(tmp_path)
    expected = _open(project)
    for file in (tmp_path / CACHE_FOLDER / "store").iterdir():
        if file.is_file() and file.name != "LOCK":
            file.write_bytes(b"\0garbage" * 3)
    notices: list[str] = []
    again = _open(project, notices)
    assert len(notices) == 1 and str(tmp_path / CACHE_FOLDER) in notices[0]
    assert again[1:] == expected[1:]


def test_a_manifest_that_disagrees_with_the_store_is_rebuilt(tmp_path: Path) -> None:
    project = _project(tmp_path)
    expected = _open(project)
    manifest = tmp_path / CACHE_FOLDER / "manifest.json"
    data = json.loads(manifest.read_text())
    data["quads"] += 1
    manifest.write_text(json.dumps(data))
    notices: list[str] = []
    assert _open(project, notices)[1:] == expected[1:]
    assert "triples where" in notices[0]


def test_a_run_killed_while_updating_leaves_a_cache_that_is_rebuilt(tmp_path: Path) -> None:
    project = _project(tmp_path)
    expected = _open(project)
    manifest = tmp_path / CACHE_FOLDER / "manifest.json"
    data = json.loads(manifest.read_text())
    data["complete"] = False
    manifest.write_text(json.dumps(data))
    notices: list[str] = []
    assert _open(project, notices)[1:] == expected[1:]
    assert "stopped while updating" in notices[0]


def _worker(root: str, index: int, queue: multiprocessing.Queue[tuple[int, list[str]]]) -> None:
    project = ProjectPaths(Path(root))
    (Path(root) / "data" / f"w{index}.ttl").write_text(HEADER + f"ex:w{index} ex:p {index} .\n")
    results = []
    for _ in range(3):
        results = sorted(_open(project)[2])
    queue.put((index, results))


def test_concurrent_runs_never_corrupt_the_cache(tmp_path: Path) -> None:
    project = _project(tmp_path)
    context = multiprocessing.get_context("spawn")
    queue: multiprocessing.Queue[tuple[int, list[str]]] = context.Queue()
    workers = [context.Process(target=_worker, args=(str(tmp_path), i, queue)) for i in range(3)]
    for worker in workers:
        worker.start()
    answers = dict(queue.get(timeout=180) for _ in workers)
    for worker in workers:
        worker.join(60)
    assert all(worker.exitcode == 0 for worker in workers)
    assert all(EX + f"w{i}" in answers[i] for i in range(3))  # each saw at least its own file
    notices: list[str] = []
    _, _, subjects = _open(project, notices)
    assert notices == []  # nobody left it damaged
    assert subjects == {EX + "a", EX + "b", EX + "w0", EX + "w1", EX + "w2"}


def test_positions_are_found_lazily_in_the_file_that_states_the_triple(tmp_path: Path) -> None:
    project = _project(tmp_path)
    (tmp_path / "data" / "c.ttl").write_text(HEADER + "\n\n\nex:a ex:q [ ex:r ex:z ] .\n")
    with open_store(project=project) as loaded:
        locator = Locator(loaded)
        a = ox.NamedNode(EX + "a")
        assert Path(locator.locate(a)[0] or "").name == "a.ttl"
        file, line = locator.locate_triple(a, ox.NamedNode(EX + "q"), next(
            q.object for q in loaded.store.quads_for_pattern(a, ox.NamedNode(EX + "q"), None)))
        assert (Path(file or "").name, line) == ("c.ttl", 5)
        assert locator.locate(ox.NamedNode(EX + "z"))[1] == 5  # via the blank node of ex:a in c.ttl


def test_literals_reach_shacl_as_written(tmp_path: Path) -> None:
    project = _project(tmp_path)
    (tmp_path / "data" / "n.ttl").write_text(
        HEADER + 'PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\nex:n ex:p "007"^^xsd:nonNegativeInteger .\n')
    with open_store(project=project, cache=tmp_path / CACHE_FOLDER) as loaded:
        assert '"007"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>' in loaded.n_triples()
    with open_store(project=project, cache=tmp_path / CACHE_FOLDER) as loaded:  # and from the cache
        assert '"007"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>' in loaded.n_triples()


def test_subject_lines_are_kept_in_the_cache_and_a_damaged_copy_is_recomputed(tmp_path: Path) -> None:
    project = _project(tmp_path)
    b = ox.NamedNode(EX + "b")
    with open_store(project=project, cache=tmp_path / CACHE_FOLDER) as loaded:
        assert Locator(loaded).locate(b)[1] == 3
        key = next(e.key for e in loaded.files if e.path.name == "b.ttl")
    saved = tmp_path / CACHE_FOLDER / "positions" / f"{key}.json"
    assert json.loads(saved.read_text()) == {EX + "b": 3}
    saved.write_text('{"http://example.org/b": ')
    with open_store(project=project, cache=tmp_path / CACHE_FOLDER) as loaded:
        assert Locator(loaded).locate(b)[1] == 3
    assert json.loads(saved.read_text()) == {EX + "b": 3}


def test_progress_moves_inside_one_big_file(tmp_path: Path) -> None:
    project = _project(tmp_path)
    big = tmp_path / "data" / "big.ttl"
    big.write_text(HEADER + "".join(f"ex:s{i} ex:p {i} .\n" for i in range(200_000)))
    calls: list[tuple[int, int]] = []
    with open_store(project=project, progress=lambda done, total: calls.append((done, total))) as loaded:
        assert not loaded.problems
    inside = [done for done, total in calls if 0 < done < total]
    assert len(inside) >= 3  # several reports while the 4 MB file was read, not only after it
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert calls[-1][0] == calls[-1][1]


def test_flat_influence_triples_are_derived_across_files_and_skip_literals(tmp_path: Path) -> None:
    project = _project(tmp_path)
    head = "PREFIX chkg: <https://w3id.org/creative-health-kg/>\nPREFIX prov: <http://www.w3.org/ns/prov#>\n"
    (tmp_path / "data" / "c1.ttl").write_text(head + "chkg:c1 a chkg:Influence ; prov:influencer chkg:x .\n"
                                              'chkg:c2 a chkg:Influence ; prov:influencer "text" ;\n'
                                              "    chkg:relation chkg:ledTo ; chkg:influencee chkg:y .\n")
    (tmp_path / "data" / "c2.ttl").write_text(head + "chkg:c1 chkg:relation chkg:enables ; chkg:influencee chkg:y .\n")
    with open_store(project=project) as loaded:
        derived = {(t.subject.value, t.predicate.value, t.object.value) for t in loaded.derived()}
        ns = "https://w3id.org/creative-health-kg/"
        assert derived == {(ns + "x", ns + "enables", ns + "y")}
        assert bool(loaded.query(f"ASK {{ <{ns}x> <{ns}enables> <{ns}y> }}"))


def test_a_files_only_query_after_a_query_command_is_exact_and_drops_the_derived_graphs(tmp_path: Path) -> None:
    """`chkg query` leaves the derived graphs in the cache's store; a later files-only query (chkg
    validate's checks) must not see them, and must not restrict the default graph to the file graphs
    one by one (a scan per file: minutes at a thousand files). It removes them; a later query adds them."""
    from chkg.graph.reading import DERIVED_GRAPH
    from chkg.report.facts import ReportFacts

    for part in ("ontology", "data"):  # the bundled data: claims to derive flat triples from
        shutil.copytree(bundled_project().root / part, tmp_path / part)
    project = ProjectPaths(tmp_path)
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    with open_store(project=project, cache=project.root / CACHE_FOLDER) as loaded:
        files_only = int(next(iter(loaded.query(count, derived=False)))["n"].value)
        with_derived = int(next(iter(loaded.query(count, derived=True)))["n"].value)  # a query command
        facts = ReportFacts.from_store(loaded)  # derived=None: reads through, removes nothing
        assert with_derived > files_only
        assert int(next(iter(loaded.query(count, derived=None)))["n"].value) == with_derived
    manifest = json.loads((project.root / CACHE_FOLDER / "manifest.json").read_text())
    assert manifest["derived"] == [DERIVED_GRAPH.value]
    with open_store(project=project, cache=project.root / CACHE_FOLDER) as loaded:  # chkg validate, later
        assert int(next(iter(loaded.query(count, derived=False)))["n"].value) == files_only
        assert ReportFacts.from_store(loaded) == facts
    manifest = json.loads((project.root / CACHE_FOLDER / "manifest.json").read_text())
    assert manifest["derived"] == [] and manifest["complete"]
    with open_store(project=project, cache=project.root / CACHE_FOLDER) as loaded:  # a query again
        assert int(next(iter(loaded.query(count, derived=True)))["n"].value) == with_derived
