"""The runner's table, ratios and growth exponents, from its JSON records.

A record is one step at one size: ``{"step", "size", "triples", "status", "cpu", "wall",
"peak_mb", ...}``. Ratios divide a step's CPU time by the floor's (pyoxigraph load) and by each
baseline's, at the same size and in the same run. The growth exponent of a step is the slope of
log CPU time against log triples over the sizes run (1 is linear, 2 quadratic).

Examples
--------
>>> rows = [{"step": "floor", "size": "10k", "triples": 10_000, "status": "ok", "cpu": 1.0, "wall": 1.0,
...          "peak_mb": 50.0},
...         {"step": "floor", "size": "100k", "triples": 100_000, "status": "ok", "cpu": 10.0, "wall": 10.0,
...          "peak_mb": 90.0}]
>>> exponents(rows)
{'floor': 1.0}
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

__all__ = ["BASELINE_STEPS", "agreement", "exponents", "table", "group_of"]

#: Steps whose CPU time the others are divided by, with the column heading.
BASELINE_STEPS = (("floor", "x floor"), ("rdflib", "x rdflib"), ("pyshacl", "x pySHACL"),
                  ("pyshacl-turbo", "x turbo"))
_GROUPS = ("query-", "paths-connected-", "paths-")

Record = dict[str, Any]


def group_of(step: str) -> str:
    """The row a step is folded into in the short table (queries and path pairs: their worst).

    >>> group_of("query-007"), group_of("paths-connected-3"), group_of("validate-warm")
    ('query (worst)', 'paths-connected (worst)', 'validate-warm')
    """
    for prefix in _GROUPS:
        if step.startswith(prefix):
            return prefix.rstrip("-") + " (worst)"
    return step


def exponents(records: Sequence[Record]) -> dict[str, float]:
    """Least-squares slope of log CPU against log triples, per step run ok at two sizes or more."""
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for r in records:
        if r["status"] == "ok" and r["cpu"] and r["cpu"] > 0 and r["triples"] > 0:
            points[r["step"]].append((math.log(r["triples"]), math.log(r["cpu"])))
    slopes = {}
    for step, xy in points.items():
        if len({x for x, _ in xy}) < 2:
            continue
        mean_x = sum(x for x, _ in xy) / len(xy)
        mean_y = sum(y for _, y in xy) / len(xy)
        slope = (sum((x - mean_x) * (y - mean_y) for x, y in xy) / sum((x - mean_x) ** 2 for x, _ in xy))
        slopes[step] = round(slope, 2)
    return slopes


def table(records: Sequence[Record], *, detail: bool = False) -> str:
    """A Markdown table: step, size, CPU s, wall s, peak MB, the ratios, and the growth exponent."""
    rows = _fold(records) if not detail else list(records)
    base = {(r["step"], r["size"]): r for r in records if r["status"] == "ok"}
    slopes = exponents(rows)
    head = ["step", "size", "CPU s", "wall s", "peak MB", *[h for _, h in BASELINE_STEPS], "exponent"]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join([" --- "] + [" ---: "] * (len(head) - 1)) + "|"]
    for r in rows:
        cells = [r["step"], r["size"]]
        if r["status"] != "ok":
            cells += [r["status"]] * 3 + [""] * len(BASELINE_STEPS)
        else:
            cells += [f"{r['cpu']:.2f}", f"{r['wall']:.2f}", f"{r['peak_mb']:.0f}"]
            for step, _ in BASELINE_STEPS:
                other = base.get((step, r["size"]))
                cells.append(f"{r['cpu'] / other['cpu']:.2f}" if other and other["cpu"] > 0 else "")
        slope = slopes.get(r["step"])
        cells.append(f"{slope:.2f}" if slope is not None else "")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def agreement(records: Sequence[Record]) -> list[str]:
    """Per size, whether chkg validate and the SHACL engines reported the same SHACL result counts.

    >>> found = {"shacl_results": {"warning": 8}}
    >>> agreement([{"step": "pyshacl", "size": "10k", "found": found},
    ...            {"step": "validate-cold", "size": "10k", "found": found}])
    ['10k: same SHACL results (warning 8) from validate-cold, pyshacl']
    """
    lines = []
    for size in dict.fromkeys(r["size"] for r in records):
        counts = {r["step"]: r["found"]["shacl_results"] for r in records
                  if r["size"] == size and "shacl_results" in r.get("found", {})}
        if len(counts) < 2:
            continue
        distinct = {tuple(sorted(c.items())) for c in counts.values()}
        shown = ", ".join(f"{k} {v}" for k, v in sorted(next(iter(counts.values())).items()))
        if len(distinct) == 1:
            lines.append(f"{size}: same SHACL results ({shown}) from {', '.join(sorted(counts, reverse=True))}")
        else:
            lines.append(f"{size}: DIFFERENT SHACL results: {counts}")
    return lines


def _fold(records: Sequence[Record]) -> list[Record]:
    """One row per group and size: the run with the most CPU time (any non-ok run wins)."""
    chosen: dict[tuple[str, str], Record] = {}
    order: list[tuple[str, str]] = []
    for r in records:
        key = (group_of(r["step"]), r["size"])
        row = {**r, "step": key[0], "members": 1}
        if key not in chosen:
            chosen[key] = row
            order.append(key)
            continue
        row["members"] = chosen[key]["members"] + 1
        current = chosen[key]
        if current["status"] != "ok":
            current["members"] = row["members"]
            continue
        if r["status"] != "ok" or (r["cpu"] or 0) > (current["cpu"] or 0):
            chosen[key] = row
        else:
            current["members"] = row["members"]
    return [chosen[k] for k in order]
