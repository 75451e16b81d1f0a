"""chkg validate with its cache: an unchanged checkout reads the saved report, any change is seen."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from chkg.graph.cache import CACHE_FOLDER
from chkg.project import ProjectPaths, bundled_project
from chkg.validation.validator import validate

HEADER = "PREFIX chkg: <https://w3id.org/creative-health-kg/>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"


def _project(tmp_path: Path) -> ProjectPaths:
    (tmp_path / "ontology").mkdir()
    shutil.copy(bundled_project().ontology, tmp_path / "ontology" / "chkg.ttl")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.ttl").write_text(HEADER + 'chkg:plan a chkg:Policy ; rdfs:label "Plan"@en .\n')
    return ProjectPaths(tmp_path)


def _dangling(project: ProjectPaths) -> list[tuple[str, int | None]]:
    report = validate(project=project, shapes=project.root / "none.ttl", cache=project.root / CACHE_FOLDER)
    return [(Path(r.file or "").name, r.line) for r in report.results if r.source_shape == "check:dangling-reference"]


def test_an_unchanged_checkout_reads_the_saved_report(tmp_path: Path) -> None:
    project = _project(tmp_path)
    assert _dangling(project) == []
    reports = list((tmp_path / CACHE_FOLDER / "reports").glob("*.json"))
    assert len(reports) == 1
    # a saved report is what an unchanged checkout gets: plant a marker in it and read it back
    saved = json.loads(reports[0].read_text())
    saved["engine"] = "marker"
    reports[0].write_text(json.dumps(saved))
    assert validate(project=project, shapes=tmp_path / "none.ttl", cache=tmp_path / CACHE_FOLDER).engine == "marker"


def test_an_edit_an_added_and_a_removed_file_are_always_seen(tmp_path: Path) -> None:
    project = _project(tmp_path)
    assert _dangling(project) == []
    (tmp_path / "data" / "a.ttl").write_text(HEADER + '\nchkg:plan a chkg:Policy ; rdfs:label "Plan"@en ;\n'
                                             "    chkg:isPartOf chkg:nowhere .\n")
    assert _dangling(project) == [("a.ttl", 4)]
    (tmp_path / "data" / "b.ttl").write_text(HEADER + 'chkg:nowhere a chkg:Policy ; rdfs:label "Nowhere"@en .\n')
    assert _dangling(project) == []
    (tmp_path / "data" / "b.ttl").unlink()
    assert _dangling(project) == [("a.ttl", 4)]


def test_a_damaged_saved_report_is_recomputed(tmp_path: Path) -> None:
    project = _project(tmp_path)
    _dangling(project)
    for report in (tmp_path / CACHE_FOLDER / "reports").glob("*.json"):
        report.write_text('{"results": [')
    assert _dangling(project) == []
