"""`chkg diff`: exactly the changes made between two hand-made revisions (folders and git)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from chkg.curation.diff import DiffFormat, diff_revisions
from fixtures.curate.support import REPO, run_cli

HEAD = """PREFIX chkg: <https://w3id.org/creative-health-kg/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

OLD_ENTITIES = HEAD + """
chkg:plan a chkg:WorkforcePlan ; rdfs:label "plan"@en .
chkg:wellbeing-investment a chkg:Mechanism ; rdfs:label "wellbeing investment"@en .
chkg:burnout a chkg:WorkforceOutcome ; rdfs:label "burnout"@en ; skos:inScheme chkg:outcomeScheme .
chkg:retention a chkg:WorkforceOutcome ; rdfs:label "retention"@en ; skos:inScheme chkg:outcomeScheme .
"""

NEW_ENTITIES = HEAD + """
chkg:plan a chkg:WorkforcePlan ; rdfs:label "plan"@en .
chkg:wellbeing-investment a chkg:Mechanism ; rdfs:label "wellbeing investment"@en .
chkg:burnout a chkg:WorkforceOutcome ; rdfs:label "burnout"@en ; skos:inScheme chkg:outcomeScheme .
chkg:retention a chkg:WorkforceOutcome ; rdfs:label "staff retention"@en ; skos:inScheme chkg:outcomeScheme .
chkg:morale a chkg:WorkforceOutcome ; rdfs:label "morale"@en ; skos:inScheme chkg:outcomeScheme .
"""


def claim(name: str, subject: str, relation: str, obj: str, quote: str, sign: str = "positive") -> str:
    return (
        f"chkg:{name} a chkg:Influence ; prov:influencer chkg:{subject} ; chkg:relation chkg:{relation} ;\n"
        f'    chkg:influencee chkg:{obj} ; chkg:sign chkg:{sign} ; chkg:quote "{quote}" .\n'
    )


OLD_CLAIMS = HEAD + (
    claim("c-plan-investment", "plan", "legitimises", "wellbeing-investment", "legitimise investment")
    + claim("c-investment-burnout", "wellbeing-investment", "contributesTo", "burnout", "reduce burnout", "negative")
    + claim("c-plan-retention", "plan", "contributesTo", "retention", "improve retention")
)
NEW_CLAIMS = HEAD + (
    claim("c-plan-investment", "plan", "legitimises", "wellbeing-investment", "legitimise investment")
    + claim("c-plan-retention", "plan", "contributesTo", "retention", "improve staff retention")
    + claim("c-investment-morale", "wellbeing-investment", "contributesTo", "morale", "boosts staff morale")
)


def write(root: Path, entities: str, claims: str) -> Path:
    (root / "data").mkdir(parents=True, exist_ok=True)
    (root / "data" / "entities.ttl").write_text(entities)
    (root / "data" / "influences.ttl").write_text(claims)
    return root


def check_report(report) -> None:  # type: ignore[no-untyped-def]
    assert [e.iri for e in report.entities_added] == ["chkg:morale"]
    assert report.entities_removed == []
    assert [(r.iri, r.old_label, r.new_label) for r in report.relabelled] == [
        ("chkg:retention", "retention", "staff retention")
    ]
    assert report.entities_changed == []
    assert [(c.iri, c.quote) for c in report.claims_added] == [("chkg:c-investment-morale", "boosts staff morale")]
    assert [(c.iri, c.quote, c.statement) for c in report.claims_removed] == [
        ("chkg:c-investment-burnout", "reduce burnout", "wellbeing investment —contributes to (negative)→ burnout")
    ]
    assert len(report.claims_changed) == 1
    changed = report.claims_changed[0]
    assert changed.iri == "chkg:c-plan-retention"
    assert [(f.field, f.old, f.new) for f in changed.changes] == [
        ("chkg:quote", ('"improve retention"',), ('"improve staff retention"',))
    ]
    assert [(p.policy, p.outcome, p.paths_before, p.paths_after) for p in report.pairs_lost] == [
        ("plan (chkg:plan)", "burnout (chkg:burnout)", 1, 0)
    ]
    assert [(p.policy, p.outcome) for p in report.pairs_gained] == [("plan (chkg:plan)", "morale (chkg:morale)")]
    assert report.pairs_changed == []
    assert report.outcomes_lost_support == ["burnout (chkg:burnout)"]
    assert report.outcomes_gained_support == ["morale (chkg:morale)"]
    assert {(c.outcome, c.status) for c in report.cells_changed} == {
        ("burnout (chkg:burnout)", "emptied"),
        ("morale (chkg:morale)", "filled"),
    }


def test_diff_between_folders(tmp_path: Path) -> None:
    old = write(tmp_path / "old", OLD_ENTITIES, OLD_CLAIMS)
    new = write(tmp_path / "new", NEW_ENTITIES, NEW_CLAIMS)
    check_report(diff_revisions(str(old), str(new)))
    assert diff_revisions(str(old), str(old)).empty


def test_diff_between_git_revisions_leaves_the_working_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "repo"
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    write(repo, OLD_ENTITIES, OLD_CLAIMS)
    (repo / "ontology").mkdir()
    shutil.copy(REPO / "ontology" / "chkg.ttl", repo / "ontology" / "chkg.ttl")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run([*git, "add", "data", "ontology"], check=True)
    subprocess.run([*git, "commit", "-qm", "old"], check=True)
    write(repo, NEW_ENTITIES, NEW_CLAIMS)
    subprocess.run([*git, "commit", "-qam", "new"], check=True)
    (repo / "data" / "scratch.ttl").write_text(HEAD)  # uncommitted work must survive
    monkeypatch.setenv("CHKG_HOME", str(repo))

    check_report(diff_revisions("HEAD~1", "HEAD", repo=repo))
    status = subprocess.run([*git, "status", "--porcelain"], capture_output=True, text=True, check=True).stdout
    assert status == "?? data/scratch.ttl\n"

    code, out, _ = run_cli(capsys, "diff", "HEAD~1", "HEAD", "--format", "md")
    assert code == 0
    assert "### Claims removed" in out and "> “reduce burnout”" in out
    assert "### Policy → outcome pairs lost (no longer reachable)" in out
    code, out, _ = run_cli(capsys, "diff", "HEAD~1", "--format", "json")
    data = json.loads(out)
    assert data["new"] == "working tree" and data["pairs_lost"][0]["outcome"] == "burnout (chkg:burnout)"
    code, _, err = run_cli(capsys, "diff", "no-such-revision")
    assert code == 2 and "neither a folder nor a git revision" in err


def test_text_rendering_names_every_part(tmp_path: Path) -> None:
    old = write(tmp_path / "old", OLD_ENTITIES, OLD_CLAIMS)
    new = write(tmp_path / "new", NEW_ENTITIES, NEW_CLAIMS)
    text = diff_revisions(str(old), str(new)).render(DiffFormat.TEXT)
    for heading in ("Entities added:", "Entities relabelled:", "Claims added:", "Claims removed:", "Claims changed:",
                    "Outcomes that lost all support", "Gap-map cells changed:"):
        assert heading in text
