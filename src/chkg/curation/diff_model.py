"""What ``chkg diff`` reports (:class:`DiffReport` and its parts) and how it reads: text, Markdown, JSON.

:mod:`chkg.curation.diff` fills a :class:`DiffReport`; this module holds its shape and its
rendering, so that a reader finds the report's fields in one place.

Examples
--------
>>> report = DiffReport(old="HEAD~1", new="working tree")
>>> report.empty, report.render(DiffFormat.TEXT).splitlines()[0]
(True, 'chkg diff HEAD~1 → working tree')
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any

from rdflib import Graph

__all__ = [
    "DiffFormat",
    "FieldChange",
    "EntityChange",
    "Relabel",
    "ClaimChange",
    "PairChange",
    "CellChange",
    "DiffReport",
    "Snapshot",
]


class DiffFormat(str, Enum):
    """How a :class:`DiffReport` is rendered."""

    TEXT = "text"
    MD = "md"
    JSON = "json"


@dataclass(frozen=True)
class FieldChange:
    """One property of an entity or claim whose values changed (values as Turtle terms)."""

    field: str
    old: tuple[str, ...]
    new: tuple[str, ...]


@dataclass(frozen=True)
class EntityChange:
    """An entity added, removed or changed: its CURIE, label, type and changed fields."""

    iri: str
    label: str
    type: str
    changes: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class Relabel:
    """An entity whose ``rdfs:label`` changed."""

    iri: str
    old_label: str
    new_label: str


@dataclass(frozen=True)
class ClaimChange:
    """A claim added, removed or changed, written ``subject —relation→ object`` with its quote."""

    iri: str
    statement: str
    quote: str
    changes: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class PairChange:
    """A policy → outcome pair whose reachability or number of paths changed."""

    policy: str
    outcome: str
    paths_before: int
    paths_after: int


@dataclass(frozen=True)
class CellChange:
    """A gap-map cell (row × outcome) whose evidence changed; ``filled``/``emptied`` flag gaps."""

    row: str
    outcome: str
    claims_before: int
    claims_after: int
    passages_before: int
    passages_after: int

    @property
    def status(self) -> str:
        """``filled`` (was a gap), ``emptied`` (is now a gap) or ``changed``."""
        if self.claims_before == 0:
            return "filled"
        if self.claims_after == 0:
            return "emptied"
        return "changed"


@dataclass
class DiffReport:
    """Everything ``chkg diff`` reports; see the module docstring."""

    old: str
    new: str
    entities_added: list[EntityChange] = field(default_factory=list)
    entities_removed: list[EntityChange] = field(default_factory=list)
    relabelled: list[Relabel] = field(default_factory=list)
    entities_changed: list[EntityChange] = field(default_factory=list)
    claims_added: list[ClaimChange] = field(default_factory=list)
    claims_removed: list[ClaimChange] = field(default_factory=list)
    claims_changed: list[ClaimChange] = field(default_factory=list)
    pairs_gained: list[PairChange] = field(default_factory=list)
    pairs_lost: list[PairChange] = field(default_factory=list)
    pairs_changed: list[PairChange] = field(default_factory=list)
    outcomes_gained_support: list[str] = field(default_factory=list)
    outcomes_lost_support: list[str] = field(default_factory=list)
    cells_changed: list[CellChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when nothing changed."""
        return not any(
            value for key, value in vars(self).items() if key not in ("old", "new")
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary (cells carry their ``status``)."""
        data = asdict(self)
        for cell, raw in zip(self.cells_changed, data["cells_changed"], strict=True):
            raw["status"] = cell.status
        return data

    def render(self, fmt: DiffFormat = DiffFormat.TEXT) -> str:
        """The report as text, Markdown or JSON (always ending in a newline)."""
        if fmt is DiffFormat.JSON:
            return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"
        return _render_text(self, markdown=fmt is DiffFormat.MD)


@dataclass(frozen=True)
class Snapshot:
    """One side of a diff: its name, data graph and merged (ontology + data) graph."""

    name: str
    data: Graph
    merged: Graph


def _render_text(report: DiffReport, *, markdown: bool) -> str:
    out: list[str] = []
    h1, h2 = ("## ", "### ") if markdown else ("", "")
    bullet = "- " if markdown else "  "

    def code(text: str) -> str:
        return f"`{text}`" if markdown else text

    def section(title: str, lines: list[str]) -> None:
        if lines:
            out.append(f"{h2}{title}" if markdown else f"{title}:")
            if markdown:
                out.append("")
            out.extend(lines)
            out.append("")

    title = f"chkg diff {report.old} → {report.new}"
    out.append(f"{h1}{title}" if markdown else title)
    out.append("")
    if report.empty:
        out.append("No change to entities, claims or the analysis.")
        return "\n".join(out) + "\n"

    def fields(changes: tuple[FieldChange, ...]) -> list[str]:
        indent = "  " if markdown else "      "
        return [
            f"{indent}{bullet if markdown else '- '}{code(c.field)}: "
            f"{', '.join(c.old) or '(none)'} → {', '.join(c.new) or '(none)'}"
            for c in changes
        ]

    section("Entities added", [f"{bullet}{code(e.iri)} {e.label!r} ({e.type})" for e in report.entities_added])
    section("Entities removed", [f"{bullet}{code(e.iri)} {e.label!r} ({e.type})" for e in report.entities_removed])
    section("Entities relabelled", [f"{bullet}{code(r.iri)} {r.old_label!r} → {r.new_label!r}" for r in report.relabelled])
    changed: list[str] = []
    for e in report.entities_changed:
        changed.append(f"{bullet}{code(e.iri)} {e.label!r}")
        changed.extend(fields(e.changes))
    section("Entities changed", changed)

    def claim_lines(claims: list[ClaimChange], with_changes: bool = False) -> list[str]:
        lines: list[str] = []
        for c in claims:
            lines.append(f"{bullet}{code(c.iri)}: {c.statement}")
            quote_indent = "  " if markdown else "      "
            if c.quote:
                lines.append(f"{quote_indent}{'> ' if markdown else ''}“{c.quote}”")
            if with_changes:
                lines.extend(fields(c.changes))
        return lines

    section("Claims added", claim_lines(report.claims_added))
    section("Claims removed", claim_lines(report.claims_removed))
    section("Claims changed", claim_lines(report.claims_changed, with_changes=True))

    def pair_lines(pairs: list[PairChange]) -> list[str]:
        return [
            f"{bullet}{p.policy} → {p.outcome}: {p.paths_before} → {p.paths_after} path(s)" for p in pairs
        ]

    section("Policy → outcome pairs gained (now reachable)", pair_lines(report.pairs_gained))
    section("Policy → outcome pairs lost (no longer reachable)", pair_lines(report.pairs_lost))
    section("Policy → outcome pairs with more or fewer paths", pair_lines(report.pairs_changed))
    section("Outcomes that gained support (their first claim)", [f"{bullet}{o}" for o in report.outcomes_gained_support])
    section("Outcomes that lost all support (no claim leads to them now)", [f"{bullet}{o}" for o in report.outcomes_lost_support])
    section(
        "Gap-map cells changed",
        [
            f"{bullet}{c.row} × {c.outcome}: {c.status}, claims {c.claims_before} → {c.claims_after}, "
            f"passages {c.passages_before} → {c.passages_after}"
            for c in report.cells_changed
        ],
    )
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"
