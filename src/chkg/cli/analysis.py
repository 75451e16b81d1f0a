"""``chkg paths``, ``whatif`` and ``report``: influence analysis for analysts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal, cast

import click

from chkg.cli.group import cli, current_project
from chkg.cli.options import (
    ENDPOINT_OPTION,
    FORMAT_TEXT_JSON,
    GRAPH_OPTION,
    NO_CACHE_OPTION,
    TIMEOUT_OPTION,
    TableChoice,
    echo_notice,
    outcome_kinds,
    paths_argument,
    project_cache,
    reading_progress,
    seconds_callback,
    working,
)
from chkg.untrusted import terminal_safe

# -- paths, whatif, report (issue 4) ------------------------------------------

_PATHS_FORMATS = click.Choice(["text", "json", "md"], case_sensitive=False)
_TO_KINDS = TableChoice(lambda: [*outcome_kinds(), "any"], "kind")  # the outcome kinds of chkg.vocab.kinds
_MAX_HOPS_OPTION = click.option("--max-hops", type=click.IntRange(1, 12), default=5, show_default=True,
                                help="The longest path considered, in hops.")
_PATH_LIMIT_OPTION = click.option(
    "--path-limit", type=click.IntRange(min=1), default=100_000, show_default=True,
    help="Routes followed per policy (per gap-map row; over all policies for leverage) before the "
         "search stops; counts are then lower bounds and the output says so.")


def _max_seconds_option(default: float) -> Callable[[Any], Any]:
    """``--max-seconds``: the seconds all the route searches of one run may take together."""
    return click.option(
        "--max-seconds", type=float, callback=seconds_callback, default=default, show_default=True,
        help="Seconds all the route searches may take together (above 0, at most 86400); when they are "
             "used up the searches stop, counts are lower bounds and the output says so.")


_LEVELS = ("high", "moderate", "low", "very low")


def _certainty(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    """``--min-certainty`` as a :class:`chkg.evidence.certainty.Certainty` (``very-low`` too)."""
    from chkg.evidence.certainty import Certainty

    if value is None:
        return Certainty.VERY_LOW
    try:
        return Certainty.parse(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def _chain_options(function: Any) -> Any:
    """The options that say what a chain may be made of (EVIDENCE-MODEL §8), defined once."""
    for option in reversed([
        click.option("--stated-only", is_flag=True,
                     help="Only chains the source states (every join within one statement or bridged)."),
        click.option("--min-certainty", "min_certainty", default=None, metavar="LEVEL", callback=_certainty,
                     help="Leave out claims below this certainty: " + ", ".join(_LEVELS) + "."),
        click.option("--include-context-claims", is_flag=True,
                     help="Let potential, intended-purpose, alignment and definitional claims carry chains too."),
        click.option("--allow-incompatible", is_flag=True,
                     help="Offer stitched joins across incompatible contexts (labelled as such)."),
    ]):
        function = option(function)
    return function


def _options(stated_only: bool, min_certainty: Any, include_context_claims: bool, allow_incompatible: bool) -> Any:
    from chkg.analysis.chains import ChainOptions

    return ChainOptions(stated_only=stated_only, min_certainty=min_certainty,
                        include_context_claims=include_context_claims, allow_incompatible=allow_incompatible)


def _typed_graph(endpoint: str | None, paths: tuple[Path, ...], graph_iri: str | None = None,
                 timeout: float = 30.0, no_cache: bool = False) -> Any:
    """The typed analysis graph from an endpoint (one CONSTRUCT query) or the checkout's files (through the cache)."""
    from chkg.analysis.construct import ANALYSIS_CONSTRUCT
    from chkg.analysis.network import analysis_graph

    if endpoint:
        from chkg.sparql.endpoint import construct

        return analysis_graph(construct(endpoint, ANALYSIS_CONSTRUCT, graph=graph_iri, timeout=timeout))
    if graph_iri is not None:
        from chkg.errors import UsageError

        raise UsageError("--graph applies only with --endpoint")
    from chkg.analysis.loading import load_analysis

    with reading_progress() as progress:
        return load_analysis(list(paths) or None, project=current_project(), cache=project_cache(no_cache),
                             progress=progress, notice=echo_notice)


@cli.command("paths")
@click.option("--from", "source", required=True, metavar="X", help="Start: an IRI, a CURIE or a label.")
@click.option("--to", "target", default=None, metavar="Y", help="End: an IRI, a CURIE or a label.")
@click.option("--to-kind", type=_TO_KINDS, default=None, help="End at every outcome of this kind instead of --to.")
@_MAX_HOPS_OPTION
@click.option("--top", type=click.IntRange(1, 1000), default=5, show_default=True, help="How many chains.")
@_chain_options
@click.option("--max-states", type=click.IntRange(1, 100_000_000), default=200_000, show_default=True,
              help="Search budget: partial chains to expand before stopping (the output says when it stops).")
@click.option("--max-seconds", type=float, callback=seconds_callback, default=20.0, show_default=True,
              help="Search budget: seconds before stopping (above 0, at most 86400; the chains found are still "
                   "the best, in order).")
@click.option("--format", "output_format", type=_PATHS_FORMATS, default="text", show_default=True)
@ENDPOINT_OPTION
@GRAPH_OPTION
@TIMEOUT_OPTION
@NO_CACHE_OPTION
@paths_argument
def paths_command(source: str, target: str | None, to_kind: str | None, max_hops: int, top: int,
                  stated_only: bool, min_certainty: Any, include_context_claims: bool, allow_incompatible: bool,
                  max_states: int, max_seconds: float,
                  output_format: str, endpoint: str | None, graph_iri: str | None, timeout: float,
                  no_cache: bool, paths: tuple[Path, ...]) -> None:
    """The best chains of claims from X to Y, every hop with its evidence.

    Chains the source states come first, then by certainty (of the weakest claim), fewer
    stitched joins and fewer steps (see the README). A stitched chain is shown as a hypothesis
    with the joins it rests on. Exit 0 also when no chain exists; 2 when X or Y is unknown or
    ambiguous.
    """
    from chkg.analysis.network import ToKind, outcomes_of_kind
    from chkg.analysis.search import ChainSearch, find_chains
    from chkg.analysis.text import OutputFormat, format_paths
    from chkg.errors import UsageError
    from chkg.graph.resolve import resolve_entity

    if (target is None) == (to_kind is None):
        raise UsageError("give exactly one of --to and --to-kind")
    G = _typed_graph(endpoint, paths, graph_iri, timeout, no_cache)
    index = G.index()
    start = str(resolve_entity(index, source))
    end: str | None
    targets: Sequence[str]
    if target is not None:
        end = str(resolve_entity(index, target))
        targets = [end]
        targets_label = None
    else:
        # to_kind is set: exactly one of --to and --to-kind was checked above; _TO_KINDS limits it
        kind = cast(ToKind, cast(str, to_kind).lower())
        end = None
        targets = outcomes_of_kind(G, kind)
        targets_label = f"every {kind} outcome" if kind != "any" else "every outcome"
    options = _options(stated_only, min_certainty, include_context_claims, allow_incompatible)
    found = (find_chains(G, start, targets, options=options, max_hops=max_hops, top=top,
                         max_states=max_states, max_seconds=max_seconds)
             if targets else ChainSearch(()))
    fmt = cast(OutputFormat, output_format.lower())  # _PATHS_FORMATS limits --format
    out = format_paths(G, start, end, found, fmt, targets_label=targets_label)
    click.echo(terminal_safe(out) if fmt == "text" else out, nl=fmt == "json")  # labels, quotes: data


@cli.command("whatif")
@click.option("--remove", "remove", multiple=True, metavar="X", help="A node to knock out (repeatable).")
@click.option("--policy", default=None, metavar="P", help="With --outcome: find the minimum cut between them.")
@click.option("--outcome", default=None, metavar="O", help="With --policy: find the minimum cut between them.")
@_MAX_HOPS_OPTION
@_PATH_LIMIT_OPTION
@_max_seconds_option(300.0)
@_chain_options
@click.option("--format", "output_format", type=FORMAT_TEXT_JSON, default="text", show_default=True)
@ENDPOINT_OPTION
@GRAPH_OPTION
@TIMEOUT_OPTION
@NO_CACHE_OPTION
@paths_argument
def whatif_command(remove: tuple[str, ...], policy: str | None, outcome: str | None, max_hops: int,
                   path_limit: int, max_seconds: float, stated_only: bool, min_certainty: Any, include_context_claims: bool, allow_incompatible: bool,
                   output_format: str, endpoint: str | None, graph_iri: str | None, timeout: float,
                   no_cache: bool, paths: tuple[Path, ...]) -> None:
    """What breaks if nodes go: policy-outcome pairs that lose every chain, or lose statements,
    sources, their stated chain or certainty; minimum cuts."""
    from chkg.analysis.routes import RouteBudget
    from chkg.analysis.text import format_whatif
    from chkg.analysis.whatif import knock_out, min_cut
    from chkg.errors import UsageError
    from chkg.graph.resolve import resolve_entity

    if (policy is None) != (outcome is None):
        raise UsageError("give --policy and --outcome together")
    if not remove and policy is None:
        raise UsageError("give --remove X, or --policy P --outcome O, or both")
    G = _typed_graph(endpoint, paths, graph_iri, timeout, no_cache)
    index = G.index()
    options = _options(stated_only, min_certainty, include_context_claims, allow_incompatible)
    knocked = (knock_out(G, [str(resolve_entity(index, x)) for x in remove], options=options, max_hops=max_hops,
                         path_limit=path_limit, budget=RouteBudget(max_seconds))
               if remove else None)
    cut = None
    if policy is not None and outcome is not None:
        cut = min_cut(G, str(resolve_entity(index, policy)), str(resolve_entity(index, outcome)), options=options)
    fmt = cast(Literal["text", "json"], output_format.lower())  # FORMAT_TEXT_JSON limits --format
    out = format_whatif(G, knocked, cut, fmt)
    click.echo(terminal_safe(out) if fmt == "text" else out, nl=fmt == "json")  # labels, quotes: data


@cli.command("report")
@click.option("--policy", "policies", multiple=True, metavar="X",
              help="A policy to cover (repeatable; default: every policy).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("report"),
              show_default=True, help="The report folder (replaced only once the new report is complete).")
@_MAX_HOPS_OPTION
@_PATH_LIMIT_OPTION
@_max_seconds_option(600.0)
@ENDPOINT_OPTION
@GRAPH_OPTION
@TIMEOUT_OPTION
@NO_CACHE_OPTION
@paths_argument
def report_command(policies: tuple[str, ...], out_dir: Path, max_hops: int, path_limit: int, max_seconds: float,
                   endpoint: str | None, graph_iri: str | None, timeout: float, no_cache: bool,
                   paths: tuple[Path, ...]) -> None:
    """Write the analyst report: a printable report, an offline explorer, source pages, and
    exports (Markdown, JSON, Kumu CSV, GraphML, GEXF)."""
    import time

    from chkg.analysis.network import analysis_graph, nodes_of_kind
    from chkg.errors import UsageError
    from chkg.graph.resolve import resolve_entity
    from chkg.report.writers import write_report

    started = time.perf_counter()
    rdf = None
    facts = None
    texts = not endpoint
    if endpoint:
        from chkg.analysis.construct import ANALYSIS_CONSTRUCT
        from chkg.sparql.endpoint import construct

        # the CONSTRUCT result also names the outcome families; no source texts from a store
        rdf = construct(endpoint, ANALYSIS_CONSTRUCT, graph=graph_iri, timeout=timeout)
        G = analysis_graph(rdf)
    else:
        if graph_iri is not None:
            raise UsageError("--graph applies only with --endpoint")
        from chkg.analysis.loading import load_analysis_with
        from chkg.report.facts import ReportFacts

        with reading_progress() as progress:
            G, facts = load_analysis_with(ReportFacts.from_store, list(paths) or None, project=current_project(),
                                          cache=project_cache(no_cache), progress=progress, notice=echo_notice)
    if not nodes_of_kind(G, "policy"):
        raise UsageError("the graph holds no policy to report on")
    chosen = None
    if policies:
        index = G.index(kinds=["policy"])
        chosen = [str(resolve_entity(index, p)) for p in policies]
    # source texts: the project's, and a sources/ folder beside (or inside) each file or folder given
    folders = [current_project().sources, *(Path(p) / "sources" if Path(p).is_dir() else Path(p).parent / "sources"
                                            for p in paths)]
    with working(f"analysing {len(chosen) if chosen else len(nodes_of_kind(G, 'policy'))} policies and writing the report"):
        files = write_report(G, out_dir, chosen, max_hops=max_hops, path_limit=path_limit, max_seconds=max_seconds,
                             rdf=rdf, facts=facts,
                             sources_dir=[f for f in folders if f.is_dir()] if texts else None)
    seconds = time.perf_counter() - started
    click.echo(f"wrote the report to {files.out_dir} in {seconds:.1f}s:")
    for file in files.all[:8]:
        click.echo(f"  {file}")
    if files.sources:
        click.echo(f"  {files.out_dir / 'sources'}/ ({len(files.sources)} source page{'s' if len(files.sources) != 1 else ''})")
    click.echo(f"  {files.out_dir / 'diagrams'}/ ({len(files.diagrams)} policy diagrams)")
    if files.truncation_note:
        click.echo(files.truncation_note)
