"""The results model of ``chkg validate``: severities, one finding, the whole report.

A report renders itself as text, JSON or SARIF through :mod:`chkg.validation.render`, and
round-trips through :meth:`ValidationReport.to_dict` / :meth:`ValidationReport.from_dict`, the
form the cache keeps (:mod:`chkg.graph.cache`).

Examples
--------
>>> report = ValidationReport((ValidationResult(Severity.VIOLATION, "bad", file="a.ttl", line=2),), ("a.ttl",), 3)
>>> ValidationReport.from_dict(report.to_dict()) == report
True
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from chkg.validation.render import render_json, render_sarif, render_text
from chkg.validation.severity import Severity

__all__ = ["Severity", "ValidationResult", "ValidationReport"]


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
