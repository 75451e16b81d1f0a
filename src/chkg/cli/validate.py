"""``chkg validate``: check syntax, shapes, references, labels and quotes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import cast

import click

from chkg.cli.group import cli, current_project
from chkg.cli.options import (
    NO_CACHE_OPTION,
    echo_notice,
    paths_argument,
    project_cache,
    seconds_callback,
    staged_progress,
)
from chkg.untrusted import terminal_safe

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
@click.option("--shapes", "shapes", type=click.Path(path_type=Path, exists=True, dir_okay=False), default=None,
              help="Your own SHACL shapes file, applied instead of ontology/shapes.ttl.")
@click.option("--shacl-timeout", type=float, callback=seconds_callback, default=600.0, show_default=True,
              help="Seconds pySHACL may run before it is stopped (a sh:pattern that backtracks can run for hours).")
@NO_CACHE_OPTION
def validate_command(paths: tuple[Path, ...], output_format: str, fail_on: str, engine: str | None,
                     shapes: Path | None, shacl_timeout: float, no_cache: bool) -> int:
    """Check Turtle syntax, SHACL shapes, references, labels, quotes and selectors.

    PATHs are Turtle files or folders of them (default: data/); the project's ontology
    and shapes always apply (or --shapes FILE). Exit 0 when clean, 1 on violations (or
    warnings with --fail-on warning), 2 on usage errors (an unusable shapes file too).
    """
    from chkg.validation.validator import EngineName, Severity, validate

    project = current_project()
    # on a terminal: reading, then the checks and the SHACL shapes by name; nothing when piped
    with staged_progress() as stages:
        # _ENGINES limits --engine to the engine names
        report = validate(list(paths) or None, engine=cast("EngineName | None", engine), project=project,
                          shapes=shapes, cache=project_cache(no_cache), progress=stages.read, notice=echo_notice,
                          phase=stages.phase, timeout=shacl_timeout)
    output_format = output_format.lower()
    if output_format == "json":
        click.echo(report.to_json())
    elif output_format == "sarif":
        click.echo(report.to_sarif())
    else:
        text = terminal_safe(report.to_text())  # messages quote labels and literals from the data
        click.echo(_colour_severities(text) if sys.stdout.isatty() else text)
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


