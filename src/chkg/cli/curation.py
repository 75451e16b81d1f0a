"""``chkg source add``, ``new``, ``fmt``, ``diff``, ``export``, ``docs``: the curator's workflow."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from chkg.cli.group import cli, current_project
from chkg.cli.options import TableChoice

if TYPE_CHECKING:
    from chkg.vocab.kinds import EntityKind

# -- source add, new, fmt, diff, export, docs (issue 6) -----------------------


def _new_kinds() -> list[EntityKind]:
    """The kinds ``chkg new`` adds: factors, concepts, passages, statements and claims."""
    from chkg.vocab.kinds import Role, all_kinds
    from chkg.vocab.namespace import CHKG

    scaffolded = (CHKG.Passage, CHKG.Statement, CHKG.Influence)
    return [k for k in all_kinds() if k.role in (Role.FACTOR, Role.CONCEPT) or k.cls in scaffolded]


#: Options of `chkg new` only some kinds take: option name -> the kinds (by what they are) that take it.
_ENTITY_OPTIONS = ("definition", "alt_labels", "publisher", "led_by", "place", "example_of", "reaches")
_CLAIM_OPTIONS = ("subject", "obj", "relation", "quote", "statement", "sign", "claim_type", "hedged", "indirect",
                  "contexts", "mechanism")
_FLAGS = {"policy_type": "type", "outcome_kind": "kind", "subject": "from", "obj": "to", "alt_labels": "alt-label",
          "contexts": "context", "claim_type": "claim-type"}


def _applies(option: str, kind: EntityKind) -> bool:
    """Whether ``chkg new KIND`` takes ``option``."""
    from chkg.vocab.kinds import Role
    from chkg.vocab.namespace import CHKG

    entity = kind.role in (Role.FACTOR, Role.CONCEPT)
    if option in ("policy_type", "outcome_kind"):
        return bool(kind.variants) and kind.variant_option == _FLAGS[option]
    if option in _ENTITY_OPTIONS:
        return entity
    if option == "broader":
        return entity and kind.scheme is not None
    takers = {"section": (CHKG.Passage, CHKG.Influence), "source": (CHKG.Passage, CHKG.Influence),
              "passage": (CHKG.Statement, CHKG.Influence), "exact": (CHKG.Statement,),
              "occurrence": (CHKG.Statement,), **dict.fromkeys(_CLAIM_OPTIONS, (CHKG.Influence,))}
    return option not in takers or kind.cls in takers[option]


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
@click.option("--source-type", required=True,
              type=click.Choice(["peer-reviewed-study", "official-statistics", "evaluation-report", "grey-literature",
                                 "advocacy-or-consultation"]),
              help="What kind of document it is; its claims' certainty starts from it.")
@click.option(
    "--section",
    "sections",
    multiple=True,
    metavar="HEADING",
    help="A section heading as it stands (as a line) in the text; repeat, in the text's order.",
)
@click.option("--name", default=None, help="Local name of the source (default: the file name's slug).")
def source_add(file: Path, title: str, source_type: str, sections: tuple[str, ...], name: str | None) -> None:
    """Copy a Markdown or plain-text FILE into data/sources/ and describe it in Turtle.

    Each section gets one passage, the whole section, for claims to cite at once;
    add finer passages with `chkg new passage`.
    """
    from chkg.curation.sources import SourceType, add_source

    made = add_source(file, title=title, source_type=SourceType(source_type), sections=sections, name=name,
                      project=current_project())
    click.echo(f"registered chkg:{str(made.iri).rsplit('/', 1)[-1]}")
    for written in made.files:
        click.echo(f"  wrote {_relative(written)}")


@cli.command("new")
@click.argument("kind", type=TableChoice(lambda: [k.name for k in _new_kinds()], "kind"))
@click.argument("label", required=False)
@click.option("--definition", default=None, help="One English sentence saying what it is.")
@click.option("--alt-label", "alt_labels", multiple=True, help="Another name (repeatable).")
@click.option("--type", "policy_type", default=None, metavar="TYPE",
              help="policy: the kind of policy (review, strategy, workforce-plan...).")
@click.option("--kind", "outcome_kind", default=None, metavar="KIND",
              help="outcome: workforce, patient, system or culture (required for an outcome).")
@click.option("--publisher", default=None, help="The organisation that publishes it (dcterms:publisher).")
@click.option("--led-by", default=None, help="The organisation that leads or runs it (chkg:ledBy).")
@click.option("--place", default=None, help="The place it concerns (dcterms:spatial).")
@click.option("--example-of", default=None, help="What the source gives it as an example of.")
@click.option("--reaches", multiple=True, help="A staff group it reaches (repeatable).")
@click.option("--broader", default=None, help="A concept: the wider concept of its scheme (skos:broader).")
@click.option("--section", default=None, help="passage/influence: the section (IRI, CURIE, label or heading).")
@click.option("--source", default=None, help="passage/influence: the source (IRI, CURIE or title).")
@click.option("--passage", default=None, help="statement/influence: the passage (IRI, CURIE, name or label).")
@click.option("--exact", default=None, help="statement: its words exactly as in the source file.")
@click.option("--occurrence", type=click.IntRange(min=0), default=None,
              help="statement: which occurrence (0 = first) when the words stand more than once.")
@click.option("--from", "subject", default=None, help="influence: the subject (IRI, CURIE or label).")
@click.option("--to", "obj", default=None, help="influence: the object (IRI, CURIE or label).")
@click.option("--relation", default=None, help="influence: chkg:influences or a subproperty (e.g. legitimises).")
@click.option("--quote", default=None, help="influence: the shortest verbatim span of its statement.")
@click.option("--statement", default=None, help="influence: the statement the quote stands in (default: found).")
@click.option("--sign", type=click.Choice(["positive", "negative"]), default=None,
              help="influence: raises or lowers its object (default positive).")
@click.option("--claim-type", default=None,
              type=click.Choice(["observed-effect", "asserted-effect", "potential-effect", "intended-purpose",
                                 "alignment", "definitional"]),
              help="influence: how the source says it (default asserted-effect).")
@click.option("--hedged", is_flag=True, default=None, help="influence: the statement hedges (can, may, helps to).")
@click.option("--indirect", is_flag=True, default=None, help="influence: applies the statement beyond what it names.")
@click.option("--context", "contexts", multiple=True, help="influence: a chkg:Context it holds in (repeatable).")
@click.option("--mechanism", default=None, help="influence: how the subject influences the object, in English.")
@click.option("--name", default=None, help="The local name to use instead of the one minted.")
def new(kind: str, label: str | None, name: str | None, **options: Any) -> None:
    """Add a new KIND "Label" to its data file, in canonical form.

    Fields not given are left out, and listed: `chkg validate` reports them until
    they are filled. A statement is anchored in its source's text; an influence
    checks its quote against its statement first:

      chkg new statement --passage culture-and-values-p1-fuller-stocktake --exact "..."

      chkg new influence --from "NHS Long Term Workforce Plan" --relation legitimises
      --to "investment in staff wellbeing" --quote "..." --source culture-and-values
    """
    from chkg.curation.claims import ClaimFields, ClaimType, Sign, new_influence
    from chkg.curation.entities import EntityFields, new_entity
    from chkg.curation.passages import new_passage, new_statement
    from chkg.errors import UsageError
    from chkg.vocab.kinds import kind_named
    from chkg.vocab.namespace import CHKG

    entity_kind = kind_named(kind)
    given = {key for key, value in options.items() if value not in (None, ())}
    for key in sorted(given):
        if not _applies(key, entity_kind):
            flag = "--" + _FLAGS.get(key, key.replace("_", "-"))
            raise UsageError(f"{flag} does not apply to {'an' if kind[0] in 'aeiou' else 'a'} {kind}")
    project = current_project()
    if entity_kind.cls == CHKG.Influence:
        missing = [flag for flag, key in (("--from", "subject"), ("--to", "obj"), ("--relation", "relation"),
                                          ("--quote", "quote")) if not options[key]]
        if missing:
            raise UsageError(f"a new influence needs {', '.join(missing)}")
        if label:
            raise UsageError("an influence takes no label: its name is minted from --from, --relation and --to")
        made = new_influence(
            ClaimFields(
                subject=options["subject"], obj=options["obj"], relation=options["relation"],
                quote=options["quote"], statement=options["statement"], passage=options["passage"],
                source=options["source"], section=options["section"],
                sign=Sign(options["sign"]) if options["sign"] else None,
                claim_type=ClaimType(options["claim_type"]) if options["claim_type"] else None,
                hedged=bool(options["hedged"]), indirect=bool(options["indirect"]),
                contexts=tuple(options["contexts"]), mechanism=options["mechanism"],
            ),
            name=name,
            project=project,
        )
    elif entity_kind.cls == CHKG.Statement:
        if not options["exact"] or not options["passage"]:
            raise UsageError('a new statement needs --passage and --exact "its words"')
        made = new_statement(options["exact"], passage=options["passage"], label=label,
                             occurrence=options["occurrence"], name=name, project=project)
    elif not label:
        raise UsageError(f'a new {kind} needs a label: chkg new {kind} "Label"')
    elif entity_kind.cls == CHKG.Passage:
        if not options["section"]:
            raise UsageError("a new passage needs --section")
        made = new_passage(label, section=options["section"], source=options["source"], name=name, project=project)
    else:
        fields = EntityFields(
            definition=options["definition"],
            alt_labels=options["alt_labels"],
            variant=options["policy_type"] or options["outcome_kind"],
            publisher=options["publisher"], led_by=options["led_by"], place=options["place"],
            example_of=options["example_of"], reaches=options["reaches"], broader=options["broader"],
        )
        made = new_entity(entity_kind, label, fields, name=name, project=project)
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
    from chkg.curation.export import ExportFormat, export
    from chkg.rdf.atomic import write_text_atomic

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


