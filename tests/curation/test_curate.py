"""`chkg source add` and `chkg new`: scaffold, validate, refuse clashes, check quotes first.

(Tests of chkg.curation.sources, .entities, .passages and .claims.)"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Literal
from rdflib.namespace import DCTERMS, SKOS

from chkg.curation.claims import ClaimFields, ClaimType, new_influence
from chkg.curation.entities import EntityFields, new_entity
from chkg.curation.fmt import read_turtle
from chkg.curation.names import slugify
from chkg.curation.passages import new_passage, new_statement
from chkg.curation.sources import SourceType, add_source
from chkg.errors import ExactNotFoundError, InputFileError, UsageError
from chkg.project import ProjectPaths
from chkg.vocab.namespace import CHKG, CHKG_NS, OA
from fixtures.curate.support import copy_project, run_cli

FIXTURES = Path(__file__).parents[1] / "fixtures" / "curate"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return copy_project(tmp_path / "project", monkeypatch)


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "data").rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    ("label", "slug"),
    [
        ("NHS Long Term Workforce Plan", "nhs-long-term-workforce-plan"),
        ("Co-design / Co-production", "co-design-co-production"),
        ("  Café   Scientifique ", "cafe-scientifique"),
        ("Arts Council England’s strategy", "arts-council-england-s-strategy"),
        ("Core20PLUS5", "core20plus5"),
    ],
)
def test_slugify(label: str, slug: str) -> None:
    assert slugify(label) == slug


def test_new_value_then_validate_reports_the_missing_definition(project: Path) -> None:
    from chkg.validation.validator import Severity, validate

    made = new_entity("value", "Playfulness", EntityFields(broader="learning and reflection"), project=ProjectPaths(project))
    assert made.todo == ("skos:definition",)
    graph = read_turtle(project / "data" / "values.ttl")
    iri = CHKG_NS["playfulness"]
    assert (iri, RDF.type, CHKG.Value) in graph
    assert (iri, RDFS.label, Literal("Playfulness", lang="en")) in graph
    assert (iri, SKOS.inScheme, CHKG.valueScheme) in graph
    assert (iri, SKOS.definition, None) not in graph

    report = validate(project=ProjectPaths(project))
    assert not report.failed()
    about = [r for r in report.results if r.focus == str(iri)]
    shapes = {r.source_shape for r in about}
    assert "chsh:Value_definition_recommended" in shapes
    assert all(r.severity is Severity.WARNING for r in about)

    # filling the field makes the warning go away
    graph.add((iri, SKOS.definition, Literal("Taking pleasure in play at work.", lang="en")))
    from chkg.curation.fmt import write_canonical

    write_canonical(project / "data" / "values.ttl", graph)
    shapes_after = {r.source_shape for r in validate(project=ProjectPaths(project)).results if r.focus == str(iri)}
    assert "chsh:Value_definition_recommended" not in shapes_after


def test_new_outcome_with_definition_validates_without_violation(project: Path) -> None:
    from chkg.validation.validator import validate

    made = new_entity(
        "outcome",
        "Moral injury",
        EntityFields(definition="Distress from acting against one's values at work.", variant="workforce",
                     broader="outcome-family-staff-wellbeing"),
        project=ProjectPaths(project),
    )
    assert made.todo == ()
    graph = read_turtle(project / "data" / "outcomes.ttl")
    assert (made.iri, RDF.type, CHKG.WorkforceOutcome) in graph
    assert (made.iri, SKOS.inScheme, CHKG.outcomeScheme) in graph
    assert validate(project=ProjectPaths(project)).conforms


def test_outcome_needs_its_kind(project: Path) -> None:
    with pytest.raises(UsageError, match="--kind"):
        new_entity("outcome", "Moral injury", project=ProjectPaths(project))


def test_clash_is_refused_and_names_the_existing_entity(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(project)
    code, _, err = run_cli(capsys, "new", "value", "Staff voice", "--broader", "learning and reflection")
    assert code == 2
    assert "chkg:staff-voice already exists" in err
    assert "'staff voice'" in err and "data/outcomes.ttl" in err
    assert snapshot(project) == before
    code, out, _ = run_cli(capsys, "new", "value", "Staff voice", "--name", "staff-voice-value", "--broader", "learning and reflection")
    assert code == 0 and "chkg:staff-voice-value" in out


def test_new_policy_type_and_references(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(
        capsys, "new", "policy", "Test Workforce Strategy", "--type", "strategy",
        "--definition", "A strategy made up for a test.", "--publisher", "Arts Council England",
    )
    assert code == 0, out
    graph = read_turtle(project / "data" / "policies.ttl")
    iri = CHKG_NS["test-workforce-strategy"]
    assert (iri, RDF.type, CHKG.Strategy) in graph
    assert (iri, DCTERMS.publisher, CHKG_NS["arts-council-england"]) in graph


def test_option_for_another_kind_is_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "new", "value", "X", "--quote", "y")
    assert code == 2 and "--quote does not apply to a value" in err


def test_written_files_are_canonical(project: Path) -> None:
    from chkg.curation.fmt import format_paths

    new_entity("approach", "Test approach", EntityFields(definition="An approach for a test."), project=ProjectPaths(project))
    assert not any(r.needs_work for r in format_paths(check=True))


# -- source add ----------------------------------------------------------------


def test_source_add_copies_text_and_describes_sections(project: Path) -> None:
    from chkg.validation.validator import validate

    made = add_source(FIXTURES / "notes.md", title="Test notes", source_type=SourceType.GREY_LITERATURE, sections=["Staff voice", "Funding"], project=ProjectPaths(project))
    text, ttl = made.files
    assert text == project / "data" / "sources" / "notes.md"
    assert text.read_bytes() == (FIXTURES / "notes.md").read_bytes()
    graph = read_turtle(ttl)
    source = CHKG_NS["notes"]
    assert (source, RDF.type, CHKG.Source) in graph
    assert (source, DCTERMS.title, Literal("Test notes", lang="en")) in graph
    assert (source, CHKG.textFile, Literal("notes.md")) in graph
    for n, heading in enumerate(["Staff voice", "Funding"], start=1):
        section = CHKG_NS[f"notes-part-{n}"]
        assert (section, CHKG.heading, Literal(heading)) in graph
        assert (section, DCTERMS.isPartOf, source) in graph
        assert (CHKG_NS[f"notes-part-{n}-whole"], DCTERMS.isPartOf, section) in graph
    report = validate(project=ProjectPaths(project))
    assert report.conforms, report.to_text()


def test_source_add_refuses_missing_heading_before_writing(project: Path) -> None:
    before = snapshot(project)
    with pytest.raises(UsageError, match="closest line: 'Staff voice'"):
        add_source(FIXTURES / "notes.md", title="Notes", source_type=SourceType.GREY_LITERATURE, sections=["Staff voices"], project=ProjectPaths(project))
    assert snapshot(project) == before


@pytest.mark.parametrize(("name", "message"), [("latin1.md", "not UTF-8"), ("binary.md", "binary")])
def test_source_add_refuses_non_text(project: Path, name: str, message: str) -> None:
    before = snapshot(project)
    with pytest.raises(InputFileError, match=message):
        add_source(FIXTURES / name, title="Bad", source_type=SourceType.GREY_LITERATURE, project=ProjectPaths(project))
    assert snapshot(project) == before


def test_source_add_refuses_a_clash(project: Path, tmp_path: Path) -> None:
    copy = tmp_path / "culture-and-values.md"
    shutil.copy(FIXTURES / "notes.md", copy)
    before = snapshot(project)
    with pytest.raises(UsageError, match="already registered"):
        add_source(copy, title="Again", source_type=SourceType.GREY_LITERATURE, project=ProjectPaths(project))
    assert snapshot(project) == before


# -- new statement, new influence --------------------------------------------------


def _notes_with_statements(project: Path) -> None:
    """Register notes.md and one statement in each of its sections."""
    add_source(FIXTURES / "notes.md", title="Test notes", source_type=SourceType.GREY_LITERATURE, sections=["Staff voice", "Funding"], project=ProjectPaths(project))
    new_statement("Huddles flatten hierarchy, so staff speak up.", passage="notes-part-1-whole", project=ProjectPaths(project))
    new_statement("Small funds let communities lead.", passage="notes-part-2-whole", project=ProjectPaths(project))


def test_new_statement_anchors_its_words_in_the_raw_text(project: Path) -> None:
    add_source(FIXTURES / "notes.md", title="Test notes", source_type=SourceType.GREY_LITERATURE, sections=["Staff voice", "Funding"], project=ProjectPaths(project))
    made = new_statement("Small funds let communities lead.", passage="notes-part-2-whole", project=ProjectPaths(project))
    assert made.iri == CHKG_NS["statement-part-2-whole-1"]
    assert made.files == (ProjectPaths(project).sources / "notes-statements.ttl",)
    graph = read_turtle(made.files[0])
    text = (FIXTURES / "notes.md").read_text(encoding="utf-8")
    start = text.index("Small funds")  # worked out from the fixture: 14 + 1 + 46 + 1 + 11 + 1
    assert start == 74
    quote = next(s for s in graph.objects(made.iri, OA.hasSelector) if (s, OA.exact, None) in graph)
    position = next(s for s in graph.objects(made.iri, OA.hasSelector) if (s, OA.start, None) in graph)
    assert str(graph.value(quote, OA.exact)) == "Small funds let communities lead."
    assert str(graph.value(quote, OA.prefix)) == text[start - 32 : start]
    assert str(graph.value(quote, OA.suffix)) == "\n"  # the end of the file
    assert int(graph.value(position, OA.start)) == 74 and int(graph.value(position, OA.end)) == 74 + 33
    assert (made.iri, OA.hasSource, CHKG_NS["notes"]) in graph
    with pytest.raises(UsageError, match="already has this statement"):
        new_statement("Small funds let communities lead.", passage="notes-part-2-whole", project=ProjectPaths(project))
    with pytest.raises(ExactNotFoundError):
        new_statement("Large funds", passage="notes-part-2-whole", project=ProjectPaths(project))


def test_new_influence_checks_the_quote_before_writing(project: Path) -> None:
    _notes_with_statements(project)
    before = snapshot(project)
    fields = ClaimFields(
        subject="creatively facilitated spaces", obj="staff voice", relation="contributesTo",
        quote="Huddles flatten hierarchies", source="notes",
    )
    with pytest.raises(UsageError, match="has 'Huddles flatten hierarch' but goes on 'y, so staff"):
        new_influence(fields, project=ProjectPaths(project))
    assert snapshot(project) == before


def test_new_influence_needs_a_statement_holding_the_quote(project: Path) -> None:
    add_source(FIXTURES / "notes.md", title="Test notes", source_type=SourceType.GREY_LITERATURE, sections=["Staff voice", "Funding"], project=ProjectPaths(project))
    with pytest.raises(UsageError, match=r"no statement of chkg:notes-part-2-whole holds the quote: .*chkg new statement"):
        new_influence(ClaimFields(subject="Community chest commissioning", obj="Community-led practice",
                                  relation="enables", quote="Small funds", source="notes"), project=ProjectPaths(project))


def test_new_influence_writes_a_claim_that_validates(project: Path) -> None:
    from chkg.validation.validator import validate

    _notes_with_statements(project)
    made = new_influence(
        ClaimFields(
            subject="chkg:creatively-facilitated-spaces", obj="staff voice", relation="strengthens",
            quote="Huddles  flatten\nhierarchy", source="notes", hedged=True,
            contexts=("chkg:context-nhs-workforce",), mechanism="Flat spaces let staff speak.",
        ), project=ProjectPaths(project)
    )
    assert made.iri == CHKG_NS["claim-creatively-facilitated-spaces-strengthens-staff-voice"]
    graph = read_turtle(project / "data" / "influences.ttl")
    assert (made.iri, CHKG.statedIn, CHKG_NS["statement-part-1-whole-1"]) in graph
    assert (made.iri, CHKG.citesPassage, CHKG_NS["notes-part-1-whole"]) in graph
    assert (made.iri, CHKG.sign, CHKG.positive) in graph
    assert (made.iri, CHKG.claimType, CHKG.assertedEffect) in graph
    assert (made.iri, CHKG.hedged, Literal(True)) in graph
    assert (made.iri, CHKG.inContext, CHKG_NS["context-nhs-workforce"]) in graph
    assert any("defaulted" in note for note in made.notes)
    report = validate(project=ProjectPaths(project))
    assert not [r for r in report.results if r.focus == str(made.iri) and r.severity.value == "violation"], report.to_text()
    # the same claim again clashes
    with pytest.raises(UsageError, match="already exists"):
        new_influence(ClaimFields(subject="creatively facilitated spaces", obj="staff voice",
                                  relation="strengthens", quote="Huddles flatten hierarchy", source="notes"),
                      project=ProjectPaths(project))


def test_quote_in_second_section_cites_that_section(project: Path) -> None:
    _notes_with_statements(project)
    made = new_influence(ClaimFields(subject="Community chest commissioning", obj="Community-led practice",
                                     relation="enables", quote="Small funds let communities lead", source="notes",
                                     claim_type=ClaimType.OBSERVED_EFFECT), project=ProjectPaths(project))
    graph = read_turtle(project / "data" / "influences.ttl")
    assert (made.iri, CHKG.citesPassage, CHKG_NS["notes-part-2-whole"]) in graph
    assert (made.iri, CHKG.claimType, CHKG.observedEffect) in graph


def test_new_passage_goes_to_the_source_file(project: Path) -> None:
    made = new_passage("Part 1, paragraph on the Fuller Stocktake (test)", section="culture-and-values-part-1", project=ProjectPaths(project))
    assert made.files == (ProjectPaths(project).sources / "culture-and-values.ttl",)
    graph = read_turtle(made.files[0])
    assert (made.iri, DCTERMS.isPartOf, CHKG_NS["culture-and-values-part-1"]) in graph


def test_cli_new_statement_and_influence(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_source(FIXTURES / "notes.md", title="Test notes", source_type=SourceType.GREY_LITERATURE, sections=["Staff voice", "Funding"], project=ProjectPaths(project))
    code, out, err = run_cli(capsys, "new", "statement", "--passage", "notes-part-2-whole",
                             "--exact", "Small funds let communities lead.")
    assert code == 0, err
    assert "added chkg:statement-part-2-whole-1 to data/sources/notes-statements.ttl" in out
    code, out, err = run_cli(capsys, "new", "influence", "--from", "Community chest commissioning",
                             "--to", "Community-led practice", "--relation", "enables",
                             "--quote", "Small funds let communities lead", "--source", "notes",
                             "--claim-type", "potential-effect", "--indirect")
    assert code == 0, err
    graph = read_turtle(project / "data" / "influences.ttl")
    claim = CHKG_NS["claim-community-chest-commissioning-enables-community-led-practice"]
    assert (claim, CHKG.claimType, CHKG.potentialEffect) in graph
    assert (claim, CHKG.indirect, Literal(True)) in graph
    code, _, err = run_cli(capsys, "new", "statement", "X", "--quote", "y")
    assert code == 2 and "--quote does not apply to a statement" in err
