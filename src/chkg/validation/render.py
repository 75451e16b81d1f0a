"""The renderers of a validation report: text for people, JSON for scripts, SARIF for code scanning.

Examples
--------
>>> from chkg.validation.results import ValidationReport, ValidationResult
>>> report = ValidationReport((ValidationResult(Severity.WARNING, "w", file="/x/a.ttl", line=3),), ("/x/a.ttl",), 5)
>>> print(render_text(report, Path("/x")))
1 warning:
a.ttl:3: warning: w
<BLANKLINE>
chkg validate passed: 0 violations, 1 warning, 0 infos (1 file, 5 triples)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chkg.validation.severity import SH, Severity
from chkg.version import __version__
from chkg.vocab.namespace import CHKG_NS, PREFIXES, curie

if TYPE_CHECKING:  # pragma: no cover
    from chkg.validation.results import ValidationReport, ValidationResult

__all__ = ["render_text", "render_json", "render_sarif", "display_path", "curie_of", "IRI_SCHEMES"]

#: What a string that is an IRI starts with.
IRI_SCHEMES = ("http://", "https://", "urn:", "file:")
#: Prefixes for CURIEs in messages: the project's, plus its shapes' and SHACL's.
_CURIE_PREFIXES = {**PREFIXES, "chsh": str(CHKG_NS) + "shapes/", "sh": SH}


def curie_of(node: object) -> str:
    """``chkg:x`` (also ``chsh:``, ``sh:``) under a known prefix, ``<iri>`` otherwise, ``_:id`` for blank nodes.

    Examples
    --------
    >>> curie_of("https://w3id.org/creative-health-kg/shapes/Policy")
    'chsh:Policy'
    """
    return curie(node, _CURIE_PREFIXES)  # type: ignore[arg-type]


def display_path(file: str | None, cwd: Path | None) -> str | None:
    """``file`` relative to ``cwd`` (default: the current folder) when it is under it.

    Examples
    --------
    >>> display_path("/a/b/c.ttl", Path("/a")), display_path("/z/c.ttl", Path("/a"))
    ('b/c.ttl', '/z/c.ttl')
    """
    if file is None:
        return None
    base = (cwd or Path.cwd()).resolve()
    try:
        return Path(file).resolve().relative_to(base).as_posix()
    except ValueError:
        return file


def render_json(report: ValidationReport, cwd: Path | None) -> str:
    """The report as JSON (files relative to ``cwd`` when they are under it)."""
    results = []
    for result in report.results:
        data = result.to_dict()
        data["file"] = display_path(result.file, cwd)
        results.append(data)
    document = {
        "conforms": report.conforms,
        "engine": report.engine,
        "counts": {severity.value: n for severity, n in report.counts.items()},
        "files": [display_path(f, cwd) for f in report.files],
        "triples": report.triples,
        "results": results,
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def render_sarif(report: ValidationReport, cwd: Path | None) -> str:
    """The report as SARIF 2.1.0, for code-scanning tools."""
    levels = {Severity.VIOLATION: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
    rules = sorted({r.source_shape for r in report.results if r.source_shape})
    results = []
    for result in report.results:
        entry: dict[str, Any] = {
            "ruleId": result.source_shape or "shacl",
            "level": levels[result.severity],
            "message": {"text": _with_focus(result)},
        }
        if result.file:
            region: dict[str, int] = {"startLine": result.line or 1}
            if result.column:
                region["startColumn"] = result.column
            entry["locations"] = [{"physicalLocation": {
                "artifactLocation": {"uri": display_path(result.file, cwd)}, "region": region}}]
        results.append(entry)
    driver = {"name": "chkg validate", "version": __version__, "rules": [{"id": rule} for rule in rules]}
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "results": results}],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def render_text(report: ValidationReport, cwd: Path | None) -> str:
    """One line per result, grouped by severity, then a summary line."""
    lines: list[str] = []
    counts = report.counts
    for severity in Severity:
        group = [r for r in report.results if r.severity is severity]
        if not group:
            continue
        lines.append(f"{_plural(counts[severity], severity.value)}:")
        lines.extend(_text_line(result, cwd) for result in group)
        lines.append("")
    status = "FAILED" if not report.conforms else "passed"
    summary = ", ".join(_plural(counts[s], s.value) for s in Severity)
    engine = f", SHACL engine {report.engine}" if report.engine else ""
    lines.append(
        f"chkg validate {status}: {summary} "
        f"({_plural(len(report.files), 'file')}, {_plural(report.triples, 'triple')}{engine})"
    )
    return "\n".join(lines)


# -- Private helpers -----------------------------------------------------------


def _with_focus(result: ValidationResult) -> str:
    parts = [curie_of(p) if p.startswith(IRI_SCHEMES) else p for p in (result.focus, result.path) if p]
    return result.message + (f" [{', '.join(parts)}]" if parts else "")


def _text_line(result: ValidationResult, cwd: Path | None) -> str:
    file = display_path(result.file, cwd) or "<graph>"
    if result.source_shape == "check:syntax":
        return f"{file}:{result.line}:{result.column}: error: {result.message}"
    where = f"{file}:{result.line}" if result.line else file
    return f"{where}: {result.severity.value}: {_with_focus(result)}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
