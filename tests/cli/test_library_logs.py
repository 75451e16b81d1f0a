"""Libraries' log records never reach the user as tracebacks (issue 12, gap C).

rdflib logs ``Failed to convert Literal lexical form to value`` with a traceback for every
ill-typed literal (``"abc"^^xsd:integer``, ``"2026-13-45"^^xsd:date``) it meets; before
:func:`chkg.cli.one_line_library_logs`, ``chkg export``, ``docs``, ``diff``, ``fmt --check`` and
``query`` printed them (30 lines for two literals in ``export``). Each command runs here in a
real process on a copy of the checkout holding two such literals, as a user would run it (under
pytest the root logger has handlers, so an in-process run would not show the tracebacks).
``chkg validate`` reports these literals as findings; that is tested in
``tests/validation/test_hardening.py``.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from chkg.project import bundled_project

CHKG = "https://w3id.org/creative-health-kg/"
XSD = "http://www.w3.org/2001/XMLSchema#"
ILL_TYPED = (f'\n<{CHKG}typed-thing> <{CHKG}n> "abc"^^<{XSD}integer> ;\n'
             f'    <{CHKG}d> "2026-13-45"^^<{XSD}date> .\n')


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(a checkout holding the ill-typed literals, the same checkout without them)."""
    root = tmp_path_factory.mktemp("logs")
    clean, typed = root / "clean", root / "typed"
    for copy in (clean, typed):
        for part in ("ontology", "data"):
            shutil.copytree(bundled_project().root / part, copy / part)
    with (typed / "data" / "values.ttl").open("a", encoding="utf-8") as data:
        data.write(ILL_TYPED)
    (root / "typed.rq").write_text(f"SELECT ?o WHERE {{ <{CHKG}typed-thing> ?p ?o }}\n", encoding="utf-8")
    return clean, typed


def _chkg(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "chkg", "--project", str(project), *args],
                          capture_output=True, text=True, timeout=300, check=False)


@pytest.mark.parametrize(("command", "expected_exit"), [
    (["export"], 0),
    (["docs"], 0),
    (["diff", "{clean}"], 0),
    (["fmt", "--check"], 1),  # the appended lines are not in chkg's layout: exit 1, as before
    (["query", "{query}", "--no-cache"], 0),
], ids=["export", "docs", "diff", "fmt-check", "query"])
def test_ill_typed_literals_print_no_traceback(copies: tuple[Path, Path], command: list[str],
                                               expected_exit: int) -> None:
    clean, typed = copies
    args = [a.format(clean=clean, query=typed.parent / "typed.rq") for a in command]
    done = _chkg(typed, *args)
    assert "Traceback" not in done.stderr, done.stderr[:2000]
    assert "Failed to convert Literal" not in done.stderr, done.stderr[:2000]
    assert done.returncode == expected_exit, done.stderr
    if command[0] == "query":
        assert "abc" in done.stdout and "2026-13-45" in done.stdout  # the literals are still shown


def test_a_library_warning_is_one_line_without_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    """The handler of last resort prints the first line of a record, its controls made inert."""
    from chkg.cli import one_line_library_logs

    saved = logging.lastResort
    try:
        one_line_library_logs()
        assert logging.lastResort is not None
        try:
            raise ValueError("boom")
        except ValueError:
            record = logging.LogRecord("somelib", logging.WARNING, __file__, 1, "bad \x1b[31mthing\nsecond line",
                                       None, sys.exc_info())
        logging.lastResort.handle(record)
        assert capsys.readouterr().err == "chkg: warning: bad \\x1b[31mthing\n"
        assert logging.getLogger("rdflib").getEffectiveLevel() >= logging.ERROR
    finally:
        logging.lastResort = saved
