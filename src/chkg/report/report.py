"""Analyst reports (``chkg report``): the public names of :mod:`chkg.report`, kept importable
from ``chkg.report.report``.

The report package is split by job:

- :mod:`chkg.report.model`: the report as typed data;
- :mod:`chkg.report.adapter`: the one place the analysis (:mod:`chkg.analysis`) is read;
- :mod:`chkg.report.build`: what the report says (summary, ranking, sections, gap map);
- :mod:`chkg.report.layout`: diagram layout;
- :mod:`chkg.report.text`: wording and Markdown escaping;
- :mod:`chkg.report.sources`: the source viewer's spans and the quotes' paragraphs;
- :mod:`chkg.report.explorer`: ``explorer.html``;
- :mod:`chkg.report.exports`: CSV, GraphML, GEXF;
- :mod:`chkg.report.writers`: the folder, written atomically.

Examples
--------
>>> from chkg.report.example import example_graph
>>> report_data(example_graph())["policies"][0]["slug"]
'ex-plan'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from chkg.analysis import AnalysisGraph
from chkg.analysis.reach import DEFAULT_PATH_LIMIT
from chkg.report.build import DEFAULT_TITLE, ReportInputs, build_report, safe_slug
from chkg.report.layout import Arrow, Box, Diagram, layout_layers
from chkg.report.model import Report, to_json
from chkg.report.writers import MARKER, ReportFiles, write_report

__all__ = [
    "ReportFiles",
    "Report",
    "Diagram",
    "Box",
    "Arrow",
    "MARKER",
    "write_report",
    "build_report",
    "report_data",
    "layout_layers",
    "safe_slug",
    "ReportInputs",
]


def report_data(
    G: AnalysisGraph,
    policies: Iterable[str] | None = None,
    *,
    max_hops: int = 5,
    title: str = DEFAULT_TITLE,
    path_limit: int = DEFAULT_PATH_LIMIT,
    max_seconds: float | None = None,
) -> dict[str, Any]:
    """Everything the report shows, as the plain data of ``report.json`` (``max_seconds``: see
    :func:`~chkg.report.build.build_report`)."""
    data: dict[str, Any] = to_json(build_report(G, policies, max_hops=max_hops, title=title, path_limit=path_limit,
                                                max_seconds=max_seconds))
    return data
