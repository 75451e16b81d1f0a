"""The results model of ``chkg validate``: one finding, the whole report, and its renderers.

A report renders itself as text for people, JSON for scripts or SARIF for code scanning, and
round-trips through :meth:`ValidationReport.to_dict` / :meth:`ValidationReport.from_dict`, the
form the cache keeps (:mod:`chkg.graph.cache`).

Examples
--------
>>> report = ValidationReport((ValidationResult(Severity.VIOLATION, "bad", file="a.ttl", line=2),), ("a.ttl",), 3)
>>> ValidationReport.from_dict(report.to_dict()) == report
True
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from chkg import __version__
from chkg.validation.render import IRI_SCHEMES, curie_of, display_path
from chkg.validation.severity import Severity

__all__ = ["Severity", "ValidationResult", "ValidationReport", "render_text", "render_json", "render_sarif"]


@dataclass(frozen=True)
class ValidationResult:
    """One finding: what is wrong, where, and which shape or check found it.

    Attributes
    ----------
    severity
        Violation, warning or info.
    message
        What is wrong and how to fix it.
    focus
        The node the finding is about (IRI, or ``_:id`` for a blank node), if any.
    path
        The property concerned (an IRI, or a SPARQL-style path), if any.
    file, line, column
        Where the focus node's description starts (column only for syntax problems).
    source_shape
        The SHACL shape (a CURIE) or, for the checks done in Python, the check id
        (``check:dangling-reference``).

    Examples
    --------
    >>> r = ValidationResult(Severity.WARNING, "the file holds no triple", file="a.ttl", line=1,
    ...                      source_shape="check:empty-file")
    >>> r.to_dict()["severity"]
    'warning'
    """

    severity: Severity
    message: str
    focus: str | None = None
    path: str | None = None
    file: str | None = None
    line: int | None = None
    column: int | None = None
    source_shape: str = ""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        data = asdict(self)
        data["severity"] = self.severity.value
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ValidationResult:
        """The inverse of :meth:`to_dict`."""
        return cls(**{**data, "severity": Severity(data["severity"])})


@dataclass(frozen=True)
class ValidationReport:
    """Every result of a validation run, sorted violations first, then by file and line.

    Attributes
    ----------
    results
        The findings.
    files
        The files validated, in order.
    triples
        How many triples the merged graph held (influences materialised).
    engine
        The SHACL engine that ran (``""`` when no shapes were applied).

    Examples
    --------
    >>> report = ValidationReport((ValidationResult(Severity.WARNING, "w"),))
    >>> report.conforms, report.counts[Severity.WARNING]
    (True, 1)
    >>> report.failed(Severity.VIOLATION), report.failed(Severity.WARNING)
    (False, True)
    """

    results: tuple[ValidationResult, ...] = ()
    files: tuple[str, ...] = ()
    triples: int = 0
    engine: str = ""

    @property
    def conforms(self) -> bool:
        """True when no result is a violation."""
        return not any(r.severity is Severity.VIOLATION for r in self.results)

    @property
    def counts(self) -> dict[Severity, int]:
        """How many results of each severity."""
        counts = dict.fromkeys(Severity, 0)
        for result in self.results:
            counts[result.severity] += 1
        return counts

    def failed(self, fail_on: Severity = Severity.VIOLATION) -> bool:
        """True when a result is at least as severe as ``fail_on``."""
        return any(r.severity.rank >= fail_on.rank for r in self.results)

    def to_dict(self) -> dict[str, Any]:
        """Everything in the report, JSON-ready, files as given (the cache's form)."""
        return {"results": [r.to_dict() for r in self.results], "files": list(self.files),
                "triples": self.triples, "engine": self.engine}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ValidationReport:
        """The inverse of :meth:`to_dict`."""
        return cls(tuple(ValidationResult.from_dict(r) for r in data["results"]), tuple(data["files"]),
                   int(data["triples"]), str(data["engine"]))

    def to_json(self, *, cwd: Path | None = None) -> str:
        """The report as JSON (files relative to ``cwd`` when they are under it)."""
        return render_json(self, cwd)

    def to_sarif(self, *, cwd: Path | None = None) -> str:
        """The report as SARIF 2.1.0, for code-scanning tools."""
        return render_sarif(self, cwd)

    def to_text(self, *, cwd: Path | None = None) -> str:
        """Plain text: one line per result, grouped by severity, then a summary line.

        Each line reads ``file:line: severity: message [focus node, path]``; syntax problems
        read ``file:line:column: error: message``. Files are shown relative to ``cwd``.
        """
        return render_text(self, cwd)


# -- Renderers -------------------------------------------------------------------


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
