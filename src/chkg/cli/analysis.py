"""``chkg paths``, ``whatif`` and ``report``: influence analysis for analysts."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal, cast

import click

from chkg.cli.group import cli, current_project
from chkg.cli.options import ENDPOINT_OPTION, FORMAT_TEXT_JSON, GRAPH_OPTION, TIMEOUT_OPTION, paths_argument

# -- paths, whatif, report (issue 4) ------------------------------------------

_PATHS_FORMATS = click.Choice(["text", "json", "md"], case_sensitive=False)
_TO_KINDS = click.Choice(["workforce", "patient", "system", "culture", "any"], case_sensitive=False)
_MAX_HOPS_OPTION = click.option("--max-hops", type=click.IntRange(1, 12), default=5, show_default=True,
                                help="The longest path considered, in hops.")


def _analysis_graph(endpoint: str | None, paths: tuple[Path, ...], graph_iri: str | None = None,
                    timeout: float = 30.0) -> Any:
    """The analysis graph from an endpoint (one CONSTRUCT query) or the bundled files."""
    from chkg.analysis.paths import ANALYSIS_CONSTRUCT, analysis_graph

    if endpoint:
        from chkg.sparql.endpoint import construct

        return analysis_graph(construct(endpoint, ANALYSIS_CONSTRUCT, graph=graph_iri, timeout=timeout))
    if graph_iri is not None:
        from chkg.errors import UsageError

        raise UsageError("--graph applies only with --endpoint")
    from chkg.graph.loader import load

    return analysis_graph(load(list(paths) or None, project=current_project()))


@cli.command("paths")
@click.option("--from", "source", required=True, metavar="X", help="Start: an IRI, a CURIE or a label.")
@click.option("--to", "target", default=None, metavar="Y", help="End: an IRI, a CURIE or a label.")
@click.option("--to-kind", type=_TO_KINDS, default=None, help="End at every outcome of this kind instead of --to.")
@_MAX_HOPS_OPTION
@click.option("--top", type=click.IntRange(1, 1000), default=5, show_default=True, help="How many paths.")
@click.option("--format", "output_format", type=_PATHS_FORMATS, default="text", show_default=True)
@ENDPOINT_OPTION
@GRAPH_OPTION
@TIMEOUT_OPTION
@paths_argument
def paths_command(source: str, target: str | None, to_kind: str | None, max_hops: int, top: int,
                  output_format: str, endpoint: str | None, graph_iri: str | None, timeout: float,
                  paths: tuple[Path, ...]) -> None:
    """The best influence paths from X to Y, every hop with its evidence.

    Paths are ranked by score (fewer hops, stronger evidence, fewer joins between passages;
    see the README). Exit 0 also when no path exists; 2 when X or Y is unknown or ambiguous.
    """
    from chkg.errors import UsageError
    from chkg.analysis.paths import ToKind, find_paths, outcomes_of_kind
    from chkg.report.report import PathsFormat, format_paths
    from chkg.graph.resolve import resolve_entity

    if (target is None) == (to_kind is None):
        raise UsageError("give exactly one of --to and --to-kind")
    G = _analysis_graph(endpoint, paths, graph_iri, timeout)
    start = str(resolve_entity(G, source))
    end: str | None
    targets: Sequence[str]
    if target is not None:
        end = str(resolve_entity(G, target))
        targets = [end]
        targets_label = None
    else:
        # to_kind is set: exactly one of --to and --to-kind was checked above; _TO_KINDS limits it
        kind = cast(ToKind, cast(str, to_kind).lower())
        end = None
        targets = outcomes_of_kind(G, kind)
        targets_label = f"every {kind} outcome" if kind != "any" else "every outcome"
    found = find_paths(G, start, targets, max_hops=max_hops, top=top) if targets else []
    fmt = cast(PathsFormat, output_format.lower())  # _PATHS_FORMATS limits --format
    click.echo(format_paths(G, start, end, found, fmt, targets_label=targets_label),
               nl=fmt == "json")


@cli.command("whatif")
@click.option("--remove", "remove", multiple=True, metavar="X", help="A node to knock out (repeatable).")
@click.option("--policy", default=None, metavar="P", help="With --outcome: find the minimum cut between them.")
@click.option("--outcome", default=None, metavar="O", help="With --policy: find the minimum cut between them.")
@_MAX_HOPS_OPTION
@click.option("--format", "output_format", type=FORMAT_TEXT_JSON, default="text", show_default=True)
@ENDPOINT_OPTION
@GRAPH_OPTION
@TIMEOUT_OPTION
@paths_argument
def whatif_command(remove: tuple[str, ...], policy: str | None, outcome: str | None, max_hops: int,
                   output_format: str, endpoint: str | None, graph_iri: str | None, timeout: float,
                   paths: tuple[Path, ...]) -> None:
    """What breaks if nodes go: outcomes that lose every path, or only weaken; minimum cuts."""
    from chkg.errors import UsageError
    from chkg.analysis.paths import knock_out, min_cut
    from chkg.report.report import format_whatif
    from chkg.graph.resolve import resolve_entity

    if (policy is None) != (outcome is None):
        raise UsageError("give --policy and --outcome together")
    if not remove and policy is None:
        raise UsageError("give --remove X, or --policy P --outcome O, or both")
    G = _analysis_graph(endpoint, paths, graph_iri, timeout)
    knocked = knock_out(G, [str(resolve_entity(G, x)) for x in remove], max_hops=max_hops) if remove else None
    cut = None
    if policy is not None and outcome is not None:
        cut = min_cut(G, str(resolve_entity(G, policy)), str(resolve_entity(G, outcome)))
    fmt = cast(Literal["text", "json"], output_format.lower())  # FORMAT_TEXT_JSON limits --format
    click.echo(format_whatif(G, knocked, cut, fmt), nl=fmt == "json")


@cli.command("report")
@click.option("--policy", "policies", multiple=True, metavar="X",
              help="A policy to cover (repeatable; default: every policy).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("report"),
              show_default=True, help="The report folder (replaced only once the new report is complete).")
@_MAX_HOPS_OPTION
@ENDPOINT_OPTION
@GRAPH_OPTION
@TIMEOUT_OPTION
@paths_argument
def report_command(policies: tuple[str, ...], out_dir: Path, max_hops: int, endpoint: str | None,
                   graph_iri: str | None, timeout: float, paths: tuple[Path, ...]) -> None:
    """Write the analyst report: HTML, Markdown, JSON, and CSV for systems-mapping tools."""
    import time

    from chkg.errors import UsageError
    from chkg.analysis.paths import nodes_of_kind
    from chkg.report.report import write_report
    from chkg.graph.resolve import EntityIndex, resolve_entity

    started = time.perf_counter()
    G = _analysis_graph(endpoint, paths, graph_iri, timeout)
    chosen = None
    if policies:
        index = EntityIndex.from_nx(G.subgraph(nodes_of_kind(G, "policy")))
        chosen = [str(resolve_entity(index, p)) for p in policies]
    if not nodes_of_kind(G, "policy"):
        raise UsageError("the graph holds no policy to report on")
    files = write_report(G, out_dir, chosen, max_hops=max_hops)
    seconds = time.perf_counter() - started
    click.echo(f"wrote the report to {files.out_dir} in {seconds:.1f}s:")
    for file in files.all[:5]:
        click.echo(f"  {file}")
    click.echo(f"  {files.out_dir / 'diagrams'}/ ({len(files.diagrams)} policy diagrams)")


