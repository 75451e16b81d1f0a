"""Write the report folder: HTML, Markdown, JSON, CSV, GraphML, GEXF, explorer, source pages.

:func:`write_report` writes, into one folder:

- ``index.html``: the printable report (page 1 the executive summary and overview picture),
  self-contained, no scripts, print CSS with flat colours;
- ``explorer.html``: the interactive explorer (:mod:`chkg.report.explorer`);
- ``sources/<source>.html``: each source's text with every claim's span highlighted;
- ``report.md`` and ``report.json``: the same content as the report;
- ``nodes.csv``/``edges.csv`` (Kumu), ``network.graphml`` and ``network.gexf``;
- ``diagrams/<policy-slug>.svg``: each policy's diagram on its own.

Everything taken from the data is escaped (Jinja2 autoescaping for HTML and SVG, backslashes
for Markdown), and file names made from the data are sanitised and checked to stay inside the
folder. Each file is written atomically (:func:`chkg.rdf.atomic.write_text_atomic`) into a
folder built next to its destination and swapped in only once complete, so an existing report
survives a failed run; a folder that is not a chkg report is never replaced.

Examples
--------
>>> import tempfile, pathlib
>>> from chkg.report.example import example_graph
>>> out = pathlib.Path(tempfile.mkdtemp()) / "report"
>>> files = write_report(example_graph(), out)
>>> sorted(p.name for p in out.iterdir())  # doctest: +NORMALIZE_WHITESPACE
['.chkg-report', 'diagrams', 'edges.csv', 'explorer.html', 'index.html', 'network.gexf',
 'network.graphml', 'nodes.csv', 'report.json', 'report.md']
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from rdflib import Graph

from chkg.analysis import AnalysisGraph
from chkg.analysis.reach import DEFAULT_PATH_LIMIT
from chkg.errors import OutputError
from chkg.rdf.atomic import check_name, replace_folder, write_text_atomic
from chkg.report import exports
from chkg.report.build import DEFAULT_TITLE, ReportInputs, build_report
from chkg.report.explorer import explorer_html
from chkg.report.facts import ReportFacts
from chkg.report.model import Report, to_json
from chkg.report.sources import anchor
from chkg.report.text import clean, md_escape, relation_words
from chkg.untrusted import INVISIBLE, terminal_safe

__all__ = ["ReportFiles", "MARKER", "write_report", "render"]

#: The file that marks a folder as a chkg report, so that only such a folder is replaced.
MARKER = ".chkg-report"


@dataclass(frozen=True)
class ReportFiles:
    """The files :func:`write_report` wrote (their final paths)."""

    out_dir: Path
    index_html: Path
    explorer_html: Path
    markdown: Path
    json: Path
    nodes_csv: Path
    edges_csv: Path
    graphml: Path
    gexf: Path
    diagrams: tuple[Path, ...]
    sources: tuple[Path, ...]
    #: the report's sentence saying a route search stopped early (``Report.truncation_note``), or empty
    truncation_note: str = ""

    @property
    def all(self) -> tuple[Path, ...]:
        """Every file, the main ones first."""
        return (self.index_html, self.explorer_html, self.markdown, self.json, self.nodes_csv,
                self.edges_csv, self.graphml, self.gexf, *self.sources, *self.diagrams)


def write_report(
    G: AnalysisGraph,
    out_dir: Path | str,
    policies: Iterable[str] | None = None,
    *,
    max_hops: int = 5,
    title: str = DEFAULT_TITLE,
    rdf: Graph | None = None,
    sources_dir: Path | Sequence[Path] | None = None,
    family_labels: dict[str, str] | None = None,
    path_limit: int = DEFAULT_PATH_LIMIT,
    max_seconds: float | None = None,
    facts: ReportFacts | None = None,
) -> ReportFiles:
    """Write the analyst report for ``policies`` (default: every policy) into ``out_dir``.

    Parameters
    ----------
    G : chkg.analysis.AnalysisGraph
        The analysis graph (:func:`chkg.analysis.analysis_graph`).
    out_dir : path
        The report folder. It is replaced as a whole, and only once the new report is
        complete; an existing folder is replaced only if it is empty or a chkg report.
    policies : iterable of str, optional
        The policy IRIs to cover, in this order (default: every policy, by label).
    max_hops : int, optional
        The longest chain considered (default 5).
    title : str, optional
        The report's title.
    path_limit : int, optional
        The routes followed per policy (and per gap-map row; over all policies for the
        leverage ranking) before the search stops (default 100,000). When a search stops,
        every page concerned says so in one sentence and its counts are lower bounds.
    max_seconds : float, optional
        The seconds all the route searches of the report (reach, leverage, gap map) may take
        together (default ``None``: no limit; ``chkg report`` gives 600). When they are used up,
        the search under way stops and later ones are skipped; the pages say so in one sentence
        naming the budget, and the counts are lower bounds.
    rdf, facts, sources_dir : optional
        The merged RDF graph, or the facts the report reads from it
        (:class:`~chkg.report.facts.ReportFacts`, cheaper at scale: ``chkg report`` reads them from
        the store), and the folder of source texts: with both, the report has source pages and
        quotes in their paragraphs; ``rdf`` or ``facts`` alone names the outcome families.
    family_labels : optional
        Outcome family IRI → label, where no RDF is given.

    Returns
    -------
    ReportFiles
        The final paths of the files written.

    Raises
    ------
    chkg.errors.OutputError
        The folder cannot be written, is a file, or is a non-empty folder that is not a chkg
        report; a file name made from the data would leave the folder.
    chkg.errors.UsageError
        ``max_seconds`` is not positive or not finite.
    """
    out = Path(out_dir).absolute()
    check_name(out)
    _check_replaceable(out)
    report = build_report(G, policies, inputs=ReportInputs(rdf, sources_dir, family_labels, facts), max_hops=max_hops,
                          title=title, path_limit=path_limit, max_seconds=max_seconds)
    # written beside `out`, then swapped in by renames; a killed run is recovered by the next one
    written = replace_folder(out, lambda tmp: [p.relative_to(tmp) for p in _write_all(G, report, tmp)],
                             check=_check_replaceable)
    final = [out / p for p in written]
    return ReportFiles(
        out_dir=out, index_html=out / "index.html", explorer_html=out / "explorer.html",
        markdown=out / "report.md", json=out / "report.json", nodes_csv=out / "nodes.csv",
        edges_csv=out / "edges.csv", graphml=out / "network.graphml", gexf=out / "network.gexf",
        diagrams=tuple(p for p in final if p.parent.name == "diagrams"),
        sources=tuple(p for p in final if p.parent.name == "sources"),
        truncation_note=report.truncation_note,
    )


@functools.cache
def environment(markdown: bool = False) -> Environment:
    """The Jinja2 environment of the report templates (HTML autoescaping, strict undefined).

    One per process (and one for Markdown, without HTML autoescaping), so that each template
    is compiled once, not once per page (a report at 100k triples renders hundreds of pages).
    """
    env = Environment(
        loader=PackageLoader("chkg.report", "templates"),
        autoescape=False if markdown else select_autoescape(enabled_extensions=("html", "svg", "j2"),
                                                            default_for_string=True, default=True),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        finalize=_mark_invisible,
    )
    env.filters["md"] = _md
    env.filters["sign"] = lambda s: "+" if s and s > 0 else "−"
    env.filters["clean"] = clean
    env.filters["anchor"] = anchor
    return env


def _mark_invisible(value: object) -> object:
    """Show control, bidi-override and zero-width characters of every plain string a template prints.

    Labels and quotes are data: a right-to-left override or a zero-width space in one must be
    visible to the reader (``<U+202E>``), not silently reorder or hide text (:mod:`chkg.untrusted`).
    Values already marked safe (``Markup``) pass unchanged.

    >>> _mark_invisible("a\u202eb"), _mark_invisible(3)
    ('a<U+202E>b', 3)
    """
    if isinstance(value, str) and not isinstance(value, Markup):
        return terminal_safe(value)
    return value


#: One character that :func:`~chkg.untrusted.terminal_safe` shows marked (newline and tab aside).
_MARKED = re.compile("([\x00-\x08\x0b-\x1f\x7f-\x9f" + re.escape("".join(sorted(INVISIBLE))) + "])")


def _md(value: object) -> str:
    """Escape text for ``report.md`` with its controls and invisible characters shown, as on a terminal.

    :func:`~chkg.report.text.md_escape` escapes the Markdown; each control becomes its visible
    escape (``\\x1b``, a backslash before a letter: literal in CommonMark) and each bidi or
    zero-width character its mark (``\\<U+202E\\>``), instead of being dropped or kept raw.

    >>> _md("burn\\x1b[31mout\\u202e*x*")
    'burn\\\\x1b\\\\[31mout\\\\<U+202E\\\\>\\\\*x\\\\*'
    """
    parts = _MARKED.split(str(value).replace("\r\n", "\n"))
    # split() puts the marked characters at the odd places
    return "".join(md_escape(part) if i % 2 == 0 else _shown_char(part) for i, part in enumerate(parts))


def _shown_char(ch: str) -> str:
    shown = terminal_safe(ch)
    return shown if ch not in INVISIBLE else md_escape(shown)


def render(template: str, context: dict[str, Any]) -> str:
    """Render one template (Markdown templates without HTML autoescaping, escaped by ``md``)."""
    return environment(markdown=template.endswith(".md.j2")).get_template(template).render(**context)


def _write_all(G: AnalysisGraph, report: Report, folder: Path) -> list[Path]:
    written: list[Path] = []

    def put(relative: str, text: str) -> None:
        target = (folder / relative).resolve()
        if not target.is_relative_to(folder.resolve()):
            raise OutputError(f"refusing to write {relative!r}: it would leave {folder}")
        write_text_atomic(target, text)
        written.append(folder / relative)

    families = {o.iri: f.label for f in report.gap_map.families for o in f.outcomes}
    context = {"r": report}
    put("index.html", render("report.html.j2", context))
    put("explorer.html", explorer_html(environment(), G, report, families))
    put("report.md", render("report.md.j2", context))
    put("report.json", json.dumps(to_json(report), indent=2, ensure_ascii=False) + "\n")
    put("nodes.csv", exports.nodes_csv(G))
    put("edges.csv", exports.edges_csv(G))
    put("network.graphml", exports.graphml(G, families))
    put("network.gexf", exports.gexf(G, families))
    claim_text = {iri: f"{G.label(c.subject)} {relation_words(c.relation, c.relation_label)} {G.label(c.object)} "
                       f"({c.certainty.label} certainty): “{c.quote}”" for iri, c in G.claims.items()}
    for doc in report.sources:
        put(f"sources/{doc.slug}.html", render("source.html.j2", {"r": report, "doc": doc, "claim_text": claim_text}))
    for policy in report.policies:
        put(f"diagrams/{policy.slug}.svg", render("diagram.svg.j2", {"diagram": policy.diagram, "policy": policy}))
    put(MARKER, "chkg report\n")
    return written


def _check_replaceable(out: Path) -> None:
    if out.exists() or out.is_symlink():
        if out.is_symlink() or not out.is_dir():
            raise OutputError(f"cannot write the report to {out}: it is not a folder")
        if any(out.iterdir()) and not (out / MARKER).is_file():
            raise OutputError(
                f"refusing to replace {out}: it is not empty and not a chkg report "
                f"(no {MARKER} file); choose another --out"
            )
