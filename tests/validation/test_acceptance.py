"""Acceptance: a copy of the bundled data with one curator's mistake of each kind.

The foundation issue is done when ``chkg validate`` passes on the bundled data and, on a copy
with one mistake of each kind, prints each at the right file and line and exits 1. Each
mistake is appended to a real data file as a new statement, so its line is known here.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chkg.cli import main
from chkg.project import bundled_project

#: (file, Turtle appended to it, check or shape id expected, text expected in the message)
MISTAKES: list[tuple[str, str, str, str]] = [
    (
        "organisations.ttl",
        'chkg:a-new-network\n    a chkg:Organisation ;\n    rdfs:label "A new network"@en ;\n'
        "    chkg:exampleOf chkg:national-centre-for-creative-healht .\n",
        "check:dangling-reference",
        "chkg:national-centre-for-creative-healht is used but never defined",
    ),
    (
        "policies.ttl",
        'chkg:a-misspelt-policy\n    a chkg:Strategy ;\n    rdfs:label "A misspelt policy"@en ;\n'
        "    chkg:ledby chkg:arts-council-england .\n",
        "check:undefined-term",
        "did you mean chkg:ledBy?",
    ),
    (
        "values.ttl",
        'chkg:dignity-again\n    a chkg:Value ;\n    rdfs:label "Dignity"@en ;\n'
        "    skos:inScheme chkg:valueScheme .\n",
        "check:duplicate-label",
        "labels must be unique per class",
    ),
    (
        "influences.ttl",
        "chkg:claim-invented\n    a chkg:Influence ;\n"
        "    prov:influencer chkg:trauma-informed-practice ;\n    chkg:influencee chkg:retention ;\n"
        "    chkg:relation chkg:contributesTo ;\n    chkg:sign chkg:positive ;\n"
        '    chkg:quote "trauma-informed practice doubles retention" ;\n'
        "    chkg:citesPassage chkg:culture-and-values-p2-trauma-informed-practice .\n",
        "check:quote-not-in-source",
        "is not in the text of chkg:culture-and-values",
    ),
    (
        "mechanisms.ttl",
        "chkg:claim-without-a-quote\n    a chkg:Influence ;\n"
        "    prov:influencer chkg:trauma-informed-practice ;\n    chkg:influencee chkg:burnout ;\n"
        "    chkg:relation chkg:contributesTo ;\n    chkg:sign chkg:negative ;\n"
        "    chkg:citesPassage chkg:culture-and-values-p2-trauma-informed-practice .\n",
        "chsh:Influence_quote",
        "chkg:quote",
    ),
    (
        "places.ttl",
        'chkg:a-strategy-led-by-an-outcome\n    a chkg:Strategy ;\n    rdfs:label "A strategy led by an outcome"@en ;\n'
        "    chkg:ledBy chkg:burnout .\n",
        "chsh:ledBy",
        "organisation",
    ),
    ("approaches.ttl", "chkg:a-broken-statement a\n", "check:syntax", "unexpected end"),
]


def _subject_line(text_before: str) -> int:
    """The line an appended statement starts on: after the file's text and one blank line."""
    return text_before.count("\n") + 2


@pytest.fixture()
def broken_copy(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    data = tmp_path / "data"
    shutil.copytree(bundled_project().data, data)
    lines: dict[str, int] = {}
    for name, turtle, check, _ in MISTAKES:
        path = data / name
        text = path.read_text(encoding="utf-8")
        start = _subject_line(text)
        lines[check] = start if check != "check:syntax" else start + 1  # the error is at the end
        path.write_text(text + "\n" + turtle, encoding="utf-8")
    return data, lines


def test_the_bundled_data_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    assert "chkg validate passed: 0 violations" in capsys.readouterr().out


def test_each_mistake_is_printed_at_its_file_and_line(
    broken_copy: tuple[Path, dict[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    data, lines = broken_copy
    assert main(["validate", str(data), "--format", "json"]) == 1
    import json

    results = json.loads(capsys.readouterr().out)["results"]
    for name, _, check, words in MISTAKES:
        found = [r for r in results if r["source_shape"] == check and Path(r["file"]).name == name]
        assert found, f"{check} not reported in {name}: {[(r['source_shape'], r['file']) for r in results]}"
        assert any(r["line"] == lines[check] for r in found), (check, [r["line"] for r in found], lines[check])
        assert any(words.lower() in r["message"].lower() for r in found), (check, [r["message"] for r in found])
        assert all(r["severity"] == "violation" for r in found)


def test_the_text_output_reads_file_line_severity(
    broken_copy: tuple[Path, dict[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    data, lines = broken_copy
    assert main(["validate", str(data)]) == 1
    out = capsys.readouterr().out
    assert f"influences.ttl:{lines['check:quote-not-in-source']}: violation: the quote" in out
    assert f"approaches.ttl:{lines['check:syntax']}:" in out
    assert out.rstrip().splitlines()[-1].startswith("chkg validate FAILED:")
