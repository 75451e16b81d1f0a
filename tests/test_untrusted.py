"""chkg.untrusted: terminal escapes, bidi overrides and zero-width characters in labels never act (issue 12).

Unit checks of the one rendering, then the printers that use it: ``chkg paths``
on a copy of the checkout whose label for burnout carries an OSC title escape,
a CSI colour, a right-to-left override and a zero-width space; ``chkg query``
tables; and error lines. Before issue 12 the escape bytes reached the terminal.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chkg.cli import main
from chkg.untrusted import html_safe, terminal_safe

ESC = "\x1b"
HOSTILE = f"burn{ESC}]0;pwned\x07{ESC}[31mout\u202eevil\u200b"


def test_controls_are_escaped_visibly() -> None:
    shown = terminal_safe(HOSTILE)
    assert ESC not in shown and "\x07" not in shown
    assert shown == "burn\\x1b]0;pwned\\x07\\x1b[31mout<U+202E>evil<U+200B>"


@pytest.mark.parametrize("code", [*range(0x00, 0x09), 0x0B, 0x0C, 0x0D, *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0)])
def test_every_c0_and_c1_control_is_escaped(code: int) -> None:
    shown = terminal_safe(f"a{chr(code)}b")
    assert shown == f"a\\x{code:02x}b"


def test_newlines_kept_or_escaped() -> None:
    assert terminal_safe("a\nb\tc") == "a\nb\tc"
    assert terminal_safe("a\nb\tc", keep_newlines=False) == "a\\nb\\tc"


def test_html_variant_escapes_markup_and_marks_bidi() -> None:
    assert html_safe("<script>\u202e</script>") == "&lt;script&gt;&lt;U+202E&gt;&lt;/script&gt;"


def test_ordinary_text_is_unchanged() -> None:
    text = "Creative health — arts on prescription, café, 東京, emoji 🎨"
    assert terminal_safe(text) == text and html_safe(text) == text


@pytest.fixture()
def hostile_checkout(tmp_path: Path) -> Path:
    """A copy of the checkout where burnout's labels carry escapes."""
    root = Path(__file__).resolve().parents[1]
    for part in ("ontology", "data", "queries"):
        shutil.copytree(root / part, tmp_path / part)
    outcomes = tmp_path / "data" / "outcomes.ttl"
    turtle_label = HOSTILE.encode("unicode_escape").decode("ascii").replace("\\x", "\\u00")
    text = outcomes.read_text(encoding="utf-8").replace('"burnout"@en', f'"{turtle_label}"@en')
    outcomes.write_text(text, encoding="utf-8")
    return tmp_path


def test_paths_output_never_carries_escapes(hostile_checkout: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--project", str(hostile_checkout), "paths", "--from", "chkg:trauma-informed-practice",
                 "--to", "chkg:burnout"])
    out, err = capsys.readouterr()
    assert ESC not in out + err and "\u202e" not in out + err and "\u200b" not in out + err
    assert code == 0, err
    assert "to burn\\x1b]0;pwned\\x07\\x1b[31mout<U+202E>evil<U+200B>" in out, out[:500]


def test_query_table_never_carries_escapes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    query = tmp_path / "escape.rq"
    query.write_text('SELECT ?x WHERE { BIND("red\\u001B[31mtext\\u202Eevil\\nnext" AS ?x) }')
    assert main(["query", str(query)]) == 0
    out = capsys.readouterr().out
    assert ESC not in out and "\u202e" not in out
    assert "red\\x1b[31mtext<U+202E>evil\\nnext" in out


def test_error_lines_never_carry_escapes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["paths", "--from", f"x{ESC}]0;pwned\x07", "--to", "chkg:burnout"]) != 0
    err = capsys.readouterr().err
    assert ESC not in err and err.count("\n") == 1
