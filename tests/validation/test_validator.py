"""validate(): each kind of mistake is caught at the right file and line (chkg.validate).

The tests copy the good fixture (tests/fixtures/validate/good) to a temporary folder,
add mistakes, and validate with the small fixture shapes file, so they do not depend
on the project's own data or shapes.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from chkg.errors import InputFileError
from chkg.validation.validator import Engine, Severity, ValidationReport, ValidationResult, validate

FIXTURES = Path(__file__).parents[1] / "fixtures" / "validate"
SHAPES = FIXTURES / "shapes.ttl"
HEADER = (
    "PREFIX chkg: <https://w3id.org/creative-health-kg/>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    "PREFIX prov: <http://www.w3.org/ns/prov#>\n"
)  # 4 lines: a description written right after it starts on line 5 (6 after a blank line)


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(FIXTURES / "good" / "data", target)
    return target


def _add(data: Path, name: str, body: str) -> Path:
    path = data / name
    path.write_text(HEADER + "\n" + body, encoding="utf-8")
    return path


def _where(report: ValidationReport, check: str) -> list[tuple[str, int | None]]:
    return [(Path(r.file).name if r.file else "", r.line) for r in report.results if r.source_shape == check]


def _only(report: ValidationReport, check: str) -> ValidationResult:
    found = [r for r in report.results if r.source_shape == check]
    assert len(found) == 1, [str(r) for r in report.results]
    return found[0]


def test_the_good_fixture_is_clean(data: Path) -> None:
    report = validate([data], shapes=SHAPES)
    assert report.results == ()
    assert report.conforms and not report.failed(Severity.WARNING)
    assert report.engine in {"pyshacl", "pyshacl-turbo"}
    assert Path(report.files[0]).name == "chkg.ttl" and len(report.files) == 4


def test_dangling_reference(data: Path) -> None:
    _add(data, "dangling.ttl", 'chkg:new-policy a chkg:Policy ;\n    rdfs:label "New policy"@en ;\n'
         '    skos:definition "A policy."@en ;\n    chkg:exampleOf chkg:nhs-long-term-workforce-pln .\n')
    result = _only(validate([data], shapes=SHAPES), "check:dangling-reference")
    assert (Path(result.file or "").name, result.line) == ("dangling.ttl", 6)
    assert result.severity is Severity.VIOLATION
    assert "chkg:nhs-long-term-workforce-pln is used but never defined" in result.message
    assert "did you mean chkg:nhs-long-term-workforce-plan?" in result.message
    assert result.path == "https://w3id.org/creative-health-kg/exampleOf"


def test_a_subject_without_a_type_is_dangling(data: Path) -> None:
    _add(data, "untyped.ttl", 'chkg:floating rdfs:label "floating"@en .\n')
    result = _only(validate([data], shapes=SHAPES), "check:dangling-reference")
    assert (Path(result.file or "").name, result.line) == ("untyped.ttl", 6)
    assert "has no rdf:type" in result.message


def test_misspelt_predicate_and_class(data: Path) -> None:
    _add(data, "typos.ttl", 'chkg:new-policy a chkg:Polcy ;\n    rdfs:label "New policy"@en ;\n'
         "    chkg:ledto chkg:investment-in-staff-wellbeing .\n")
    report = validate([data], shapes=SHAPES)
    assert _where(report, "check:undefined-term") == [("typos.ttl", 6), ("typos.ttl", 6)]
    messages = sorted(r.message for r in report.results if r.source_shape == "check:undefined-term")
    assert messages[0].startswith("chkg:Polcy is not a class of the ontology; did you mean chkg:Policy?")
    assert messages[1].startswith("chkg:ledto is not a property of the ontology; did you mean chkg:ledTo?")


def test_duplicate_label_names_both_entities(data: Path) -> None:
    _add(data, "z-duplicate.ttl", 'chkg:nhs-ltwp a chkg:WorkforcePlan ;\n    rdfs:label "NHS long term  workforce plan"@en ;\n'
         '    skos:definition "Again."@en .\n')
    result = _only(validate([data], shapes=SHAPES), "check:duplicate-label")
    assert (Path(result.file or "").name, result.line) == ("z-duplicate.ttl", 6)  # the later one
    assert "chkg:nhs-long-term-workforce-plan (" in result.message and "entities.ttl:6)" in result.message
    assert "chkg:nhs-ltwp" in result.message and "chkg:WorkforcePlan" in result.message


def test_same_label_in_different_classes_is_fine(data: Path) -> None:
    _add(data, "other-class.ttl", 'chkg:plan-org a chkg:Organisation ;\n    rdfs:label "NHS Long Term Workforce Plan"@en ;\n'
         '    skos:definition "An organisation."@en .\n')
    assert _where(validate([data], shapes=SHAPES), "check:duplicate-label") == []


def test_quote_not_in_its_source(data: Path) -> None:
    claims = data / "claims.ttl"
    claims.write_text(claims.read_text().replace("helped to legitimise", "helped to legitimize"))
    result = _only(validate([data], shapes=SHAPES), "check:quote-not-in-source")
    assert (Path(result.file or "").name, result.line) == ("claims.ttl", 4)
    assert 'the quote "helped to legitimize investment in staff wellbeing"' in result.message
    assert "chkg:sample-source" in result.message and "sample.md" in result.message


def test_missing_source_text(data: Path) -> None:
    (data / "sources" / "sample.md").unlink()
    report = validate([data], shapes=SHAPES)
    result = _only(report, "check:source-text-missing")
    assert (Path(result.file or "").name, result.line) == ("sources.ttl", 5)
    assert '"sample.md" is not found' in result.message
    assert _where(report, "check:quote-not-in-source") == []


def test_passage_outside_any_source(data: Path) -> None:
    sources = data / "sources.ttl"
    sources.write_text(sources.read_text().replace("dcterms:isPartOf chkg:sample-source-part-1", "rdfs:comment 'x'"))
    assert _where(validate([data], shapes=SHAPES), "check:quote-source") == [("claims.ttl", 4), ("claims.ttl", 15)]


def test_syntax_errors_in_every_file_and_the_rest_still_validated(data: Path) -> None:
    _add(data, "a-broken.ttl", "chkg:x a chkg:Policy\nchkg:y a chkg:Policy .\n")
    _add(data, "b-undefined-prefix.ttl", "chkg:x a nope:Policy .\n")
    _add(data, "c-bad-iri.ttl", "chkg:x a <https://w3id.org/creative-health-kg/Po licy> .\n")
    (data / "d-latin1.ttl").write_bytes(HEADER.encode() + b'chkg:x rdfs:label "caf\xe9" .\n')
    _add(data, "e-dangling.ttl", 'chkg:z a chkg:Policy ;\n    rdfs:label "z"@en ;\n    chkg:exampleOf chkg:nowhere .\n')
    report = validate([data], shapes=SHAPES)
    syntax = [(Path(r.file or "").name, r.line, r.column) for r in report.results if r.source_shape == "check:syntax"]
    assert syntax == [("a-broken.ttl", 7, 1), ("b-undefined-prefix.ttl", 6, 10), ("c-bad-iri.ttl", 6, 10),
                      ("d-latin1.ttl", 5, 23)]
    assert _where(report, "check:dangling-reference") == [("e-dangling.ttl", 6)]
    assert report.failed(Severity.VIOLATION)


def test_empty_file_is_a_warning_only(data: Path) -> None:
    (data / "empty.ttl").write_text("")
    report = validate([data], shapes=SHAPES)
    result = _only(report, "check:empty-file")
    assert result.severity is Severity.WARNING and Path(result.file or "").name == "empty.ttl"
    assert report.conforms and not report.failed(Severity.VIOLATION) and report.failed(Severity.WARNING)


def test_shacl_results_are_located_with_their_messages_and_severities(data: Path) -> None:
    _add(data, "shacl.ttl",
         "chkg:no-label a chkg:Policy ;\n    skos:definition \"A policy.\"@en .\n\n"          # line 6
         'chkg:no-definition a chkg:Value ;\n    rdfs:label "no definition"@en .\n\n'      # line 9
         "chkg:claim-self a chkg:Influence ;\n    prov:influencer chkg:no-label ;\n"        # line 12
         "    chkg:influencee chkg:no-label ;\n    chkg:relation chkg:ledTo ;\n"
         '    chkg:certaintyRank "007"^^<http://www.w3.org/2001/XMLSchema#integer> , "011"^^<http://www.w3.org/2001/XMLSchema#integer> .\n')
    report = validate([data], shapes=SHAPES)
    found = {(r.source_shape, Path(r.file or "").name, r.line, r.severity) for r in report.results}
    assert found == {
        ("chsh:Factor_label", "shacl.ttl", 6, Severity.VIOLATION),
        ("chsh:Factor_definition_recommended", "shacl.ttl", 9, Severity.WARNING),
        ("chsh:Influence_notSelf", "shacl.ttl", 12, Severity.VIOLATION),
        ("chsh:Influence_rank", "shacl.ttl", 12, Severity.VIOLATION),
    }
    label = next(r for r in report.results if r.source_shape == "chsh:Factor_label")
    assert label.message == 'an entity needs exactly one English label: add rdfs:label "..."@en'
    assert label.focus == "https://w3id.org/creative-health-kg/no-label"
    assert label.path == "http://www.w3.org/2000/01/rdf-schema#label"
    rank = next(r for r in report.results if r.source_shape == "chsh:Influence_rank")
    assert rank.message == "chkg:certaintyRank is an integer, at most 10"  # one result: "007" passes, "011" fails


def test_both_engines_agree_on_the_fixtures(data: Path) -> None:
    pytest.importorskip("pyshacl_turbo")
    _add(data, "mixed.ttl",
         "chkg:no-label a chkg:Policy .\n"
         "chkg:claim-self a chkg:Influence ; prov:influencer chkg:no-label ; chkg:influencee chkg:no-label ;\n"
         '    chkg:relation chkg:ledTo ; chkg:certaintyRank "011"^^<http://www.w3.org/2001/XMLSchema#integer> .\n')
    turbo = validate([data], shapes=SHAPES, engine=Engine.TURBO)
    reference = validate([data], shapes=SHAPES, engine="pyshacl")
    assert (turbo.engine, reference.engine) == ("pyshacl-turbo", "pyshacl")
    assert len(turbo.results) == 4
    assert turbo.results == reference.results


def test_the_project_shapes_apply_by_default(data: Path) -> None:
    report = validate([data])
    shapes_file = Path(__file__).parents[2] / "ontology" / "shapes.ttl"
    if not shapes_file.exists():
        assert [r.source_shape for r in report.results] == ["check:shapes"]
    else:
        assert "check:shapes" not in {r.source_shape for r in report.results}
        assert report.engine


def test_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(InputFileError):
        validate([tmp_path / "nope"], shapes=SHAPES)


def test_report_outputs(data: Path) -> None:
    (data / "empty.ttl").write_text("")
    _add(data, "typo.ttl", 'chkg:p a chkg:Policy ;\n    rdfs:label "p"@en ;\n    skos:definition "p."@en ;\n'
         "    chkg:ledto chkg:nhs-long-term-workforce-plan .\n")
    report = validate([data], shapes=SHAPES)
    document = json.loads(report.to_json(cwd=data))
    assert document["conforms"] is False
    assert document["counts"] == {"violation": 1, "warning": 1, "info": 0}
    assert [(r["file"], r["line"], r["severity"]) for r in document["results"]] == [
        ("typo.ttl", 6, "violation"), ("empty.ttl", 1, "warning")]
    sarif = json.loads(report.to_sarif(cwd=data))
    first = sarif["runs"][0]["results"][0]
    assert (first["ruleId"], first["level"]) == ("check:undefined-term", "error")
    assert first["locations"][0]["physicalLocation"] == {"artifactLocation": {"uri": "typo.ttl"}, "region": {"startLine": 6}}
    text = report.to_text(cwd=data).splitlines()
    assert text[0] == "1 violation:"
    assert text[1].startswith("typo.ttl:6: violation: chkg:ledto is not a property")
    assert text[1].endswith("[chkg:p, chkg:ledto]")
    assert text[3:5] == ["1 warning:", "empty.ttl:1: warning: the file holds no triple: describe something in it or delete it"]
    assert text[-1].startswith("chkg validate FAILED: 1 violation, 1 warning, 0 infos (6 files,")


def test_severity_order_and_fail_on() -> None:
    warning = ValidationReport((ValidationResult(Severity.WARNING, "w"), ValidationResult(Severity.INFO, "i")))
    assert warning.conforms and not warning.failed(Severity.VIOLATION) and warning.failed(Severity.WARNING)
    assert ValidationReport().failed(Severity.INFO) is False


def test_a_misspelt_relation_is_reported_once_not_again_on_the_flat_edge(data: Path) -> None:
    claims = data / "claims.ttl"
    claims.write_text(claims.read_text().replace("chkg:relation chkg:legitimises", "chkg:relation chkg:legitimizes"))
    report = validate([data], shapes=SHAPES)
    assert _where(report, "check:undefined-term") == []
    result = _only(report, "check:dangling-reference")
    assert (Path(result.file or "").name, result.line) == ("claims.ttl", 4)
    assert result.message.endswith("; did you mean chkg:legitimises?")


def test_duplicate_label_shows_the_label_as_written(data: Path) -> None:
    _add(data, "z-duplicate.ttl", 'chkg:other a chkg:Mechanism ;\n    rdfs:label "Investment in Staff Wellbeing"@en .\n')
    result = _only(validate([data], shapes=SHAPES), "check:duplicate-label")
    assert result.message.startswith('label "Investment in Staff Wellbeing" is used by both chkg:investment-in-staff-wellbeing')


def test_a_syntax_error_keeps_what_was_read_before_it(data: Path) -> None:
    # The policy is defined before the broken statement: references to it must not dangle,
    # so one typo at the end of a file gives one error, not a cascade over every file.
    entities = data / "entities.ttl"
    entities.write_text(entities.read_text(encoding="utf-8") + '\nchkg:broken a\n',
                        encoding="utf-8")
    report = validate([data], shapes=SHAPES)
    assert [r.source_shape for r in report.results if r.severity is Severity.VIOLATION] == ["check:syntax"]
    assert _where(report, "check:syntax") == [("entities.ttl", 17)]  # the end of the file
