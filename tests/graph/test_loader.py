"""The merged graph, all syntax problems at once, materialised influences (chkg.load)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import RDF, BNode, Literal, URIRef

from chkg.errors import DataError, InputFileError
from chkg.graph.loader import Position, expand_paths, load, load_files, materialise_influences
from chkg.project import ProjectPaths, bundled_project
from chkg.vocab.namespace import CHKG, CHKG_NS

GOOD = Path(__file__).parents[1] / "fixtures" / "validate" / "good" / "data"
HEADER = "PREFIX chkg: <https://w3id.org/creative-health-kg/>\n"


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the project layout (ontology + the good fixture data) that CHKG_HOME points at."""
    (tmp_path / "ontology").mkdir()
    shutil.copy(bundled_project().ontology, tmp_path / "ontology" / "chkg.ttl")
    (tmp_path / "ontology" / "shapes.ttl").write_text("this is not Turtle, and is never loaded as data\n")
    shutil.copytree(GOOD, tmp_path / "data")
    monkeypatch.setenv("CHKG_HOME", str(tmp_path))
    return tmp_path


def test_default_paths_are_the_ontology_then_data_recursively_sorted(project: Path) -> None:
    (project / "data" / "sub").mkdir()
    (project / "data" / "sub" / "a.ttl").write_text(HEADER)
    files = [p.relative_to(project).as_posix() for p in expand_paths(project=ProjectPaths(project))]
    assert files == ["ontology/chkg.ttl", "data/claims.ttl", "data/entities.ttl", "data/sources.ttl", "data/sub/a.ttl"]


def test_the_ontology_is_always_included_once_and_shapes_never(project: Path) -> None:
    files = expand_paths([project / "ontology", project / "data" / "claims.ttl", project / "ontology" / "chkg.ttl"],
                         project=ProjectPaths(project))
    assert [p.relative_to(project).as_posix() for p in files] == ["ontology/chkg.ttl", "data/claims.ttl"]


def test_a_missing_path_is_an_input_error(project: Path) -> None:
    with pytest.raises(InputFileError, match="no such file or folder"):
        load([project / "missing.ttl"])


def test_load_merges_and_materialises(project: Path) -> None:
    graph = load(project=ProjectPaths(project))
    assert (CHKG.Policy, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) in graph
    assert (CHKG_NS["nhs-long-term-workforce-plan"], CHKG.legitimises, CHKG_NS["investment-in-staff-wellbeing"]) in graph
    unmaterialised = load(materialise=False, project=ProjectPaths(project))
    added = {t for t in set(graph) - set(unmaterialised) if not any(isinstance(x, BNode) for x in t)}
    # the two flat influence triples, and every claim's certainty with its reasons (chkg.evidence.certainty)
    assert len({t for t in added if t[1] not in (CHKG.certainty, CHKG.certaintyReason)}) == 2
    assert {t[0] for t in added if t[1] == CHKG.certainty} == set(unmaterialised.subjects(RDF.type, CHKG.Influence))


def test_literals_stay_as_written_through_load(tmp_path: Path) -> None:
    path = tmp_path / "rank.ttl"
    path.write_text(HEADER + 'chkg:assertedEffect chkg:certaintyRank "007"^^<http://www.w3.org/2001/XMLSchema#integer> .\n')
    ranks = [str(o) for o in load([path]).objects(CHKG.assertedEffect, CHKG.certaintyRank)]
    assert "007" in ranks


def test_load_refuses_bad_syntax_naming_the_first_problem_and_the_count(tmp_path: Path) -> None:
    (tmp_path / "a.ttl").write_text(HEADER + "chkg:a chkg:b\n")
    (tmp_path / "b.ttl").write_text(HEADER + "x:a chkg:b chkg:c .\n")
    with pytest.raises(DataError) as caught:
        load([tmp_path])
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'a.ttl'}:3:1: error: ")
    assert "and 1 more" in message


def test_load_files_keeps_going_and_reports_every_problem(tmp_path: Path) -> None:
    (tmp_path / "a.ttl").write_text(HEADER + "chkg:a chkg:b\n")
    (tmp_path / "b.ttl").write_text(HEADER + "\nchkg:ok a chkg:Policy .\n")
    (tmp_path / "c.ttl").write_bytes(b"\xff\n")
    (tmp_path / "d.ttl").write_text("")
    result = load_files([tmp_path])
    assert [(Path(p.file).name, p.line) for p in result.problems] == [("a.ttl", 3), ("c.ttl", 1)]
    assert result.empty == [tmp_path / "d.ttl"]
    assert result.positions[CHKG_NS.ok] == Position(tmp_path / "b.ttl", 3)
    assert (CHKG_NS.ok, RDF.type, CHKG.Policy) in result.graph


def test_positions_index_spans_files_first_description_wins(tmp_path: Path) -> None:
    (tmp_path / "a.ttl").write_text(HEADER + "chkg:x a chkg:Policy .\n")
    (tmp_path / "b.ttl").write_text(HEADER + "\n\nchkg:x chkg:exampleOf chkg:y .\nchkg:y a chkg:Policy .\n")
    positions = load_files([tmp_path]).positions
    assert positions[CHKG_NS.x] == Position(tmp_path / "a.ttl", 2)
    assert positions[CHKG_NS.y] == Position(tmp_path / "b.ttl", 5)
    assert CHKG.Policy in positions  # the ontology is indexed too


def test_materialise_skips_incomplete_claims_and_literals(tmp_path: Path) -> None:
    path = tmp_path / "claims.ttl"
    path.write_text(
        HEADER
        + "PREFIX prov: <http://www.w3.org/ns/prov#>\n"
        + "chkg:c1 a chkg:Influence ; prov:influencer chkg:a ; chkg:relation chkg:ledTo .\n"
        + 'chkg:c2 a chkg:Influence ; prov:influencer chkg:a ; chkg:influencee "text" ; chkg:relation chkg:ledTo .\n'
        + "chkg:c3 a chkg:Influence ; prov:influencer chkg:a ; chkg:influencee chkg:b ; chkg:relation chkg:ledTo .\n"
        + "chkg:c4 a chkg:Influence ; prov:influencer chkg:a ; chkg:influencee chkg:b ; chkg:relation chkg:ledTo .\n"
    )
    graph = load([path], materialise=False)
    assert materialise_influences(graph) == 1
    assert (CHKG_NS.a, CHKG.ledTo, CHKG_NS.b) in graph
    assert (CHKG_NS.a, CHKG.ledTo, Literal("text")) not in graph


def test_the_package_api_names_functions_even_after_the_modules_are_imported() -> None:
    # chkg.load and chkg.validate are the notebook API; importing the modules behind them
    # (chkg.graph.loader, chkg.validation.validator) must not shadow them, whatever the import order.
    import chkg
    import chkg.graph.loader
    import chkg.validation.validator

    assert chkg.load is chkg.graph.loader.load and callable(chkg.load)
    assert chkg.validate is chkg.validation.validator.validate and callable(chkg.validate)
