"""The ``chkg`` command line: a thin layer over the Python API.

Each command parses its options, calls the API (imported inside the command, so
``chkg --help`` stays instant), and formats the result. Errors of the
:mod:`chkg.errors` family become one line on standard error and the exit code
of their class, in :func:`main` and nowhere else.
"""

from __future__ import annotations

import sys
from pathlib import Path
from collections.abc import Sequence
from typing import Any, Literal, cast

import click

__all__ = ["cli", "main"]

# -- Shared options (defined once) --------------------------------------------

FORMAT_TEXT_JSON = click.Choice(["text", "json"], case_sensitive=False)

ENDPOINT_OPTION = click.option(
    "--endpoint",
    metavar="URL",
    default=None,
    help="A SPARQL endpoint to read the graph from instead of the bundled files. "
    "Credentials come from CHKG_ENDPOINT_USER / CHKG_ENDPOINT_PASSWORD.",
)


GRAPH_OPTION = click.option(
    "--graph",
    "graph_iri",
    default=None,
    metavar="IRI",
    help="With --endpoint: the named graph to query as the default graph.",
)

TIMEOUT_OPTION = click.option(
    "--timeout", type=float, default=30.0, show_default=True, help="Seconds to wait for an endpoint."
)


def paths_argument(func: Any) -> Any:
    """The ``PATH ...`` argument: Turtle files or folders (default: ontology/ and data/)."""
    return click.argument(
        "paths", nargs=-1, type=click.Path(path_type=Path, exists=False, dir_okay=True)
    )(func)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="creative-health-kg", prog_name="chkg")
def cli() -> None:
    """Creative Health Knowledge Graph: validate, query, trace and report."""


# -- validate (issue 2) -------------------------------------------------------

_VALIDATE_FORMATS = click.Choice(["text", "json", "sarif"], case_sensitive=False)
_FAIL_ON = click.Choice(["violation", "warning"], case_sensitive=False)
_ENGINES = click.Choice(["pyshacl-turbo", "pyshacl"], case_sensitive=False)


@cli.command("validate")
@paths_argument
@click.option("--format", "output_format", type=_VALIDATE_FORMATS, default="text", show_default=True,
              help="text for people, json for scripts, sarif for code-scanning tools.")
@click.option("--fail-on", type=_FAIL_ON, default="violation", show_default=True,
              help="Exit 1 on results this severe or worse.")
@click.option("--engine", type=_ENGINES, default=None,
              help="SHACL engine (default: pyshacl-turbo when installed, else pySHACL).")
def validate_command(paths: tuple[Path, ...], output_format: str, fail_on: str, engine: str | None) -> int:
    """Check Turtle syntax, SHACL shapes, references, labels and quotes.

    PATHs are Turtle files or folders of them (default: data/); the project's ontology
    and shapes always apply. Exit 0 when clean, 1 on violations (or warnings with
    --fail-on warning), 2 on usage errors.
    """
    from chkg.validation.validator import EngineName, Severity, validate

    # _ENGINES limits --engine to the engine names
    report = validate(list(paths) or None, engine=cast("EngineName | None", engine))
    output_format = output_format.lower()
    if output_format == "json":
        click.echo(report.to_json())
    elif output_format == "sarif":
        click.echo(report.to_sarif())
    else:
        click.echo(_colour_severities(report.to_text()) if sys.stdout.isatty() else report.to_text())
    # The report's summary line already says what failed: exit 1 without a second message.
    return 1 if report.failed(Severity(fail_on.lower())) else 0


def _colour_severities(text: str) -> str:
    """Colour the severity words of ``chkg validate``'s text output for a terminal."""
    colours = {": violation: ": "red", ": error: ": "red", ": warning: ": "yellow", ": info: ": "blue"}
    lines = []
    for line in text.splitlines():
        for word, colour in colours.items():
            if word in line:
                line = line.replace(word, ": " + click.style(word[2:-2], fg=colour, bold=True) + ": ", 1)
                break
        lines.append(line)
    return "\n".join(lines)


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

    return analysis_graph(load(list(paths) or None))


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


# -- query, serve, publish (issue 5) ------------------------------------------

_QUERY_FORMATS = click.Choice(["table", "csv", "tsv", "json"], case_sensitive=False)


def _param_pairs(values: tuple[str, ...]) -> list[tuple[str, str]]:
    """``name=value`` strings of ``--param`` as pairs (a value may hold ``=``)."""
    from chkg.errors import UsageError

    pairs = []
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--param takes name=value, not {item!r}")
        pairs.append((name.strip(), value))
    return pairs


@cli.command("query")
@click.argument("name", required=False, metavar="NAME|FILE")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A query parameter: <iri>, chkg:curie or a plain string (repeatable).")
@ENDPOINT_OPTION
@GRAPH_OPTION
@click.option("--format", "output_format", type=_QUERY_FORMATS, default="table", show_default=True)
@TIMEOUT_OPTION
@click.option("--allow-remote", is_flag=True,
              help="Let SERVICE, LOAD and other updates through on the embedded store.")
@click.option("--list", "list_queries", is_flag=True, help="List the catalogue and exit.")
def query_command(name: str | None, params: tuple[str, ...], endpoint: str | None, graph_iri: str | None,
                  output_format: str, timeout: float, allow_remote: bool, list_queries: bool) -> None:
    """Run a catalogue query (by slug or number) or a .rq FILE, on the bundled graph or an endpoint."""
    from chkg.errors import UsageError
    from chkg.sparql.query import ResultFormat, catalogue, find_query, format_result, run_query

    if list_queries:
        for q in catalogue():
            params_text = " ".join(f"--param {p.key}=" + (p.default or "...") for p in q.parameters)
            click.echo(f"{q.number}  {q.name:<45} {q.summary}" + (f"  [{params_text}]" if params_text else ""))
        return
    if not name:
        raise UsageError("name a catalogue query or a .rq file (see `chkg query --list`)")
    found = find_query(name)
    result = run_query(found, _param_pairs(params), endpoint=endpoint, graph=graph_iri,
                       allow_remote=allow_remote, timeout=timeout)
    click.echo(format_result(result, ResultFormat(output_format.lower())).rstrip("\n"))


@cli.command("serve")
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True)
@paths_argument
def serve_command(port: int, paths: tuple[Path, ...]) -> None:
    """Serve the graph read-only with Oxigraph on 127.0.0.1 until Ctrl-C."""
    from chkg.graph.loader import load
    from chkg.sparql.serve import serve_forever

    serve_forever(load(list(paths) or None), port=port, echo=click.echo)


@cli.command("publish")
@click.option("--endpoint", required=True, metavar="URL",
              help="The store's Graph Store Protocol endpoint (Oxigraph .../store, Virtuoso "
              ".../sparql-graph-crud-auth). Credentials come from CHKG_ENDPOINT_USER / "
              "CHKG_ENDPOINT_PASSWORD, CHKG_ENDPOINT_AUTH=basic|digest.")
@click.option("--graph", "graph_iri", default="https://w3id.org/creative-health-kg/graph", show_default=True,
              metavar="IRI", help="The named graph to replace.")
@click.option("--query-endpoint", default=None, metavar="URL",
              help="The SPARQL query endpoint for the count check (guessed for Oxigraph and Virtuoso).")
@click.option("--timeout", type=float, default=120.0, show_default=True)
@paths_argument
def publish_command(endpoint: str, graph_iri: str, query_endpoint: str | None, timeout: float,
                    paths: tuple[Path, ...]) -> None:
    """Replace a named graph of a SPARQL 1.1 store with the graph, then count it back."""
    from chkg.sparql.endpoint import publish
    from chkg.errors import EndpointHTTPError
    from chkg.graph.loader import load

    report = publish(load(list(paths) or None), endpoint, graph_iri=graph_iri,
                     query_url=query_endpoint, timeout=timeout)
    if not report.complete:
        raise EndpointHTTPError(f"published {report.sent} triples to <{report.graph_iri}> but the store "
                                f"holds {report.stored}")
    click.echo(f"published {report.sent} triples to <{report.graph_iri}> at {report.store_url} "
               f"(HTTP {report.status}); the store holds {report.stored}")


# -- source add, new, fmt, diff, export, docs (issue 6) -----------------------

_NEW_KINDS = click.Choice(
    ["policy", "approach", "practice", "value", "outcome", "organisation", "place",
     "mechanism", "resource", "staff-group", "passage", "influence"],
    case_sensitive=False,
)
#: Options of `chkg new` that only some kinds take: option name -> kinds.
_NEW_OPTION_KINDS: dict[str, tuple[str, ...]] = {
    "policy_type": ("policy",),
    "outcome_kind": ("outcome",),
    "reaches": ("practice",),
    "section": ("passage", "influence"),
    "source": ("passage", "influence"),
    "subject": ("influence",),
    "obj": ("influence",),
    "relation": ("influence",),
    "quote": ("influence",),
    "passage": ("influence",),
    "sign": ("influence",),
    "strength": ("influence",),
    "mechanism": ("influence",),
}
_ENTITY_ONLY = ("definition", "alt_labels", "publisher", "led_by", "place", "example_of")


def _relative(path: Path) -> str:
    """``path`` relative to the working folder when it is under it, for messages."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@cli.group()
def source() -> None:
    """Register the source documents that claims quote."""


@source.command("add")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--title", required=True, help="The source's title, in English.")
@click.option(
    "--section",
    "sections",
    multiple=True,
    metavar="HEADING",
    help="A section heading as it stands (as a line) in the text; repeat, in the text's order.",
)
@click.option("--name", default=None, help="Local name of the source (default: the file name's slug).")
def source_add(file: Path, title: str, sections: tuple[str, ...], name: str | None) -> None:
    """Copy a Markdown or plain-text FILE into data/sources/ and describe it in Turtle.

    Each section gets one passage, the whole section, for claims to cite at once;
    add finer passages with `chkg new passage`.
    """
    from chkg.curation.curate import add_source

    made = add_source(file, title=title, sections=sections, name=name)
    click.echo(f"registered chkg:{str(made.iri).rsplit('/', 1)[-1]}")
    for written in made.files:
        click.echo(f"  wrote {_relative(written)}")


@cli.command("new")
@click.argument("kind", type=_NEW_KINDS)
@click.argument("label", required=False)
@click.option("--definition", default=None, help="One English sentence saying what it is.")
@click.option("--alt-label", "alt_labels", multiple=True, help="Another name (repeatable).")
@click.option(
    "--type",
    "policy_type",
    type=click.Choice(["policy", "review", "strategy", "regional-strategy", "statutory-guidance",
                       "workforce-plan", "framework", "report", "programme"]),
    default=None,
    help="policy: the kind of policy.",
)
@click.option(
    "--kind", "outcome_kind", type=click.Choice(["workforce", "patient", "system", "culture"]),
    default=None, help="outcome: which outcome class (required for an outcome).",
)
@click.option("--publisher", default=None, help="The organisation that publishes it (dcterms:publisher).")
@click.option("--led-by", default=None, help="The organisation that leads or runs it (chkg:ledBy).")
@click.option("--place", default=None, help="The place it concerns (dcterms:spatial).")
@click.option("--example-of", default=None, help="What the source gives it as an example of.")
@click.option("--reaches", multiple=True, help="practice: a staff group it reaches (repeatable).")
@click.option("--section", default=None, help="passage/influence: the section (IRI, CURIE, label or heading).")
@click.option("--source", default=None, help="passage/influence: the source (IRI, CURIE or title).")
@click.option("--from", "subject", default=None, help="influence: the subject (IRI, CURIE or label).")
@click.option("--to", "obj", default=None, help="influence: the object (IRI, CURIE or label).")
@click.option("--relation", default=None, help="influence: chkg:influences or a subproperty (e.g. legitimises).")
@click.option("--quote", default=None, help="influence: the shortest verbatim span of the source.")
@click.option("--passage", default=None, help="influence: the passage the quote stands in.")
@click.option("--sign", type=click.Choice(["positive", "negative"]), default=None,
              help="influence: raises or lowers its object (default positive).")
@click.option("--strength", type=click.Choice(["external", "asserted", "reported", "evidenced"]),
              default=None, help="influence: evidence strength (default asserted).")
@click.option("--mechanism", default=None, help="influence: how the subject influences the object, in English.")
@click.option("--name", default=None, help="The local name to use instead of the one minted.")
def new(kind: str, label: str | None, name: str | None, **options: Any) -> None:
    """Add a new KIND "Label" to its data file, in canonical form.

    Fields not given are left out, and listed: `chkg validate` reports them until
    they are filled. An influence checks its quote against the source first:

      chkg new influence --from "NHS Long Term Workforce Plan" --relation legitimises
      --to "investment in staff wellbeing" --quote "..." --source culture-and-values
    """
    from chkg.curation import curate
    from chkg.errors import UsageError

    kind = kind.lower()
    given = {key for key, value in options.items() if value not in (None, ())}
    for key in sorted(given):
        allowed = _NEW_OPTION_KINDS.get(key)
        if (allowed and kind not in allowed) or (key in _ENTITY_ONLY and kind in ("passage", "influence")):
            flag = "--" + {"policy_type": "type", "outcome_kind": "kind", "subject": "from", "obj": "to",
                           "alt_labels": "alt-label"}.get(key, key.replace("_", "-"))
            raise UsageError(f"{flag} does not apply to a {kind}")
    if kind == "influence":
        missing = [flag for flag, key in (("--from", "subject"), ("--to", "obj"), ("--relation", "relation"),
                                          ("--quote", "quote")) if not options[key]]
        if missing:
            raise UsageError(f"a new influence needs {', '.join(missing)}")
        if label:
            raise UsageError("an influence takes no label: its name is minted from --from, --relation and --to")
        made = curate.new_influence(
            curate.ClaimFields(
                subject=options["subject"], obj=options["obj"], relation=options["relation"],
                quote=options["quote"], passage=options["passage"], source=options["source"],
                section=options["section"],
                sign=curate.Sign(options["sign"]) if options["sign"] else None,
                strength=curate.Strength(options["strength"]) if options["strength"] else None,
                mechanism=options["mechanism"],
            ),
            name=name,
        )
    elif not label:
        raise UsageError(f'a new {kind} needs a label: chkg new {kind} "Label"')
    elif kind == "passage":
        if not options["section"]:
            raise UsageError("a new passage needs --section")
        made = curate.new_passage(label, section=options["section"], source=options["source"], name=name)
    else:
        fields = curate.EntityFields(
            definition=options["definition"],
            alt_labels=options["alt_labels"],
            policy_type=curate.PolicyType(options["policy_type"] or "policy"),
            outcome_kind=curate.OutcomeKind(options["outcome_kind"]) if options["outcome_kind"] else None,
            publisher=options["publisher"], led_by=options["led_by"], place=options["place"],
            example_of=options["example_of"], reaches=options["reaches"],
        )
        made = curate.new_entity(curate.Kind(kind), label, fields, name=name)
    local = str(made.iri).rsplit("/", 1)[-1]
    click.echo(f"added chkg:{local} to {', '.join(_relative(f) for f in made.files)}")
    for note in made.notes:
        click.echo(f"  {note}")
    if made.todo:
        click.echo(f"  still to fill ({'a warning' if len(made.todo) == 1 else 'warnings'} "
                   f"of `chkg validate` until then): {', '.join(made.todo)}")


@cli.command("fmt")
@click.option("--check", is_flag=True, help="List the files that would change and exit 1; write nothing.")
@click.option("--drop-comments", is_flag=True, help="Format files with # comments too (the comments are lost).")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def fmt_command(check: bool, drop_comments: bool, paths: tuple[Path, ...]) -> None:
    """Rewrite Turtle files (default: data/**/*.ttl) in the canonical form.

    A file with # comments is left alone and its comments listed, unless
    --drop-comments: move notes that matter into skos:editorialNote. The
    hand-written ontology/*.ttl are not formatted by default.
    """
    from chkg.curation.fmt import FmtStatus, format_paths

    results = format_paths(list(paths) or None, check=check, drop_comments=drop_comments)
    failed = False
    for result in results:
        name = _relative(result.path)
        if result.status is FmtStatus.HAS_COMMENTS:
            failed = True
            click.echo(f"{name}: not canonical, and formatting would drop {len(result.comments)} comment(s):")
            for comment in result.comments:
                click.echo(f"  line {comment.line}: {comment.text}")
            click.echo("  keep the notes as skos:editorialNote, or run `chkg fmt --drop-comments` on it")
        elif result.status is FmtStatus.REFORMATTED:
            if check:
                failed = True
                click.echo(f"would reformat {name}")
            else:
                dropped = f" ({len(result.comments)} comment(s) dropped)" if result.comments else ""
                click.echo(f"reformatted {name}{dropped}")
    changed = sum(r.needs_work for r in results)
    click.echo(f"{len(results)} file(s), {changed} {'to format' if check else 'not canonical before'}", err=True)
    if failed:
        from chkg.errors import DataError

        raise DataError("run `chkg fmt` to format" if check else "files with comments were left as they are")


@cli.command("diff")
@click.argument("old")
@click.argument("new", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "md", "json"], case_sensitive=False),
              default="text", show_default=True, help="text, Markdown (for a pull request) or JSON.")
def diff_command(old: str, new: str | None, fmt: str) -> None:
    """What changed between OLD and NEW, in curator's terms, and what it does to the analysis.

    OLD and NEW are git revisions or folders with a data/ layout; NEW defaults
    to the working tree. The working tree is never changed.
    """
    from chkg.curation.diff import DiffFormat, diff_revisions

    report = diff_revisions(old, new)
    click.echo(report.render(DiffFormat(fmt.lower())), nl=False)


@cli.command("export")
@click.option("--format", "fmt", type=click.Choice(["ttl", "nt", "jsonld", "trig"], case_sensitive=False),
              default="ttl", show_default=True, help="Serialisation of the release.")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write here (atomically) instead of standard output.")
def export_command(fmt: str, out: Path | None) -> None:
    """One merged, versioned release: ontology + data + materialised influences, with VoID/DCAT."""
    from chkg.rdf.atomic import write_text_atomic
    from chkg.curation.export import ExportFormat, export

    text = export(ExportFormat(fmt.lower()))
    if out is None:
        click.echo(text, nl=False)
    else:
        write_text_atomic(out, text)
        click.echo(f"wrote {_relative(out)}", err=True)


@cli.command("docs")
@click.option("--check", is_flag=True, help="Exit 1 if the checked-in docs are not current; write nothing.")
def docs_command(check: bool) -> None:
    """Generate docs/ontology.html, docs/ontology.md and docs/context.jsonld from the ontology."""
    from chkg.curation.docs import stale_docs, write_docs

    if check:
        stale = stale_docs()
        for path in stale:
            click.echo(f"stale: {_relative(path)}")
        if stale:
            from chkg.errors import DataError

            raise DataError("the docs are stale: run `chkg docs` to rebuild them")
        return
    for path in write_docs():
        click.echo(f"wrote {_relative(path)}")


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; map :class:`~chkg.errors.ChkgError` to one line and its exit code."""
    from chkg.errors import ChkgError

    try:
        # With standalone_mode=False, click returns a command's exit code instead of exiting.
        returned = cli.main(args=argv, prog_name="chkg", standalone_mode=False)
    except ChkgError as exc:
        click.echo(f"chkg: error: {exc}", err=True)
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("chkg: aborted", err=True)
        return 130
    except click.UsageError as exc:
        # One line, like every other error: what is wrong, and where the help is.
        command = exc.ctx.command_path if exc.ctx is not None else "chkg"
        click.echo(f"{command}: error: {exc.format_message()} (see '{command} --help')", err=True)
        return 2
    except click.ClickException as exc:
        click.echo(f"chkg: error: {exc.format_message()}", err=True)
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except BrokenPipeError:
        return 0
    return returned if isinstance(returned, int) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
