"""``chkg source add``, ``new``, ``fmt``, ``diff``, ``export``, ``docs``: the curator's workflow."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal, cast

import click

from chkg.cli.group import cli, current_project
from chkg.cli.options import ENDPOINT_OPTION, FORMAT_TEXT_JSON, GRAPH_OPTION, TIMEOUT_OPTION, paths_argument

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

    made = add_source(file, title=title, sections=sections, name=name, project=current_project())
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
            project=current_project(),
        )
    elif not label:
        raise UsageError(f'a new {kind} needs a label: chkg new {kind} "Label"')
    elif kind == "passage":
        if not options["section"]:
            raise UsageError("a new passage needs --section")
        made = curate.new_passage(label, section=options["section"], source=options["source"], name=name,
                                 project=current_project())
    else:
        fields = curate.EntityFields(
            definition=options["definition"],
            alt_labels=options["alt_labels"],
            policy_type=curate.PolicyType(options["policy_type"] or "policy"),
            outcome_kind=curate.OutcomeKind(options["outcome_kind"]) if options["outcome_kind"] else None,
            publisher=options["publisher"], led_by=options["led_by"], place=options["place"],
            example_of=options["example_of"], reaches=options["reaches"],
        )
        made = curate.new_entity(curate.Kind(kind), label, fields, name=name, project=current_project())
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
@click.option("--fill-selectors", is_flag=True,
              help="First compute oa:prefix, oa:suffix, oa:start, oa:end of every chkg:Statement from its oa:exact.")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def fmt_command(check: bool, drop_comments: bool, fill_selectors: bool, paths: tuple[Path, ...]) -> None:
    """Rewrite Turtle files (default: data/**/*.ttl) in the canonical form.

    A file with # comments is left alone and its comments listed, unless
    --drop-comments: move notes that matter into skos:editorialNote. The
    hand-written ontology/*.ttl are not formatted by default. With
    --fill-selectors, statements files get their selectors computed from the
    exact text first (against the raw text of each statement's source).
    """
    from chkg.curation.fmt import FmtStatus, format_paths

    if fill_selectors:
        _fill_statement_selectors(list(paths), check=check)

    results = format_paths(list(paths) or None, check=check, drop_comments=drop_comments,
                           project=current_project())
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


def _fill_statement_selectors(paths: list[Path], *, check: bool) -> None:
    """``chkg fmt --fill-selectors``: anchor every statement of the files in its source's raw text."""
    from rdflib import RDF, URIRef

    from chkg.curation.fmt import default_fmt_paths, read_turtle, turtle_files, write_canonical
    from chkg.errors import DataError
    from chkg.evidence.selectors import fill_selectors
    from chkg.graph.loader import load
    from chkg.graph.quotes import read_source_text
    from chkg.vocab.namespace import CHKG, OA

    project = current_project()
    described = load([project.data], materialise=False, project=project)  # the sources and their text files
    problems: list[str] = []
    unfilled = 0
    for file in turtle_files(paths) if paths else default_fmt_paths(project.data):
        graph = read_turtle(file)
        if (None, RDF.type, CHKG.Statement) not in graph:
            continue
        texts = {}
        for source in set(graph.objects(None, OA.hasSource)):
            found = read_source_text(described, source, project.sources) if isinstance(source, URIRef) else None
            if found is not None:
                texts[source] = found[1]
        result = fill_selectors(graph, texts)
        problems += [f"{_relative(file)}: {problem}" for problem in result.problems]
        if result.changed:
            click.echo(f"{'would fill' if check else 'filled'} the selectors of {len(result.changed)} "
                       f"statement(s) in {_relative(file)}")
            if check:
                unfilled += len(result.changed)
            else:
                write_canonical(file, graph)
    for problem in problems:
        click.echo(problem)
    if problems:
        raise DataError(f"{len(problems)} statement(s) could not be anchored in their source's text")
    if unfilled:
        raise DataError("run `chkg fmt --fill-selectors` to fill them")


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

    report = diff_revisions(old, new, repo=current_project().root)
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

    text = export(ExportFormat(fmt.lower()), project=current_project())
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
        stale = stale_docs(current_project())
        for path in stale:
            click.echo(f"stale: {_relative(path)}")
        if stale:
            from chkg.errors import DataError

            raise DataError("the docs are stale: run `chkg docs` to rebuild them")
        return
    for path in write_docs(current_project()):
        click.echo(f"wrote {_relative(path)}")


