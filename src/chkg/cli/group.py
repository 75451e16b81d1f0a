"""The ``chkg`` command group; each command module adds its commands to it."""

from __future__ import annotations

from pathlib import Path

import click

from chkg.project import ProjectPaths

__all__ = ["cli", "current_project"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="creative-health-kg", prog_name="chkg")
@click.option("--project", "project_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              metavar="DIR", help="The checkout to work on (default: $CHKG_HOME, else the checkout "
              "holding the current folder, else the bundled one).")
@click.pass_context
def cli(ctx: click.Context, project_dir: Path | None) -> None:
    """Creative Health Knowledge Graph: validate, query, trace and report."""
    ctx.obj = project_dir


def current_project() -> ProjectPaths:
    """The project this command works on: ``--project``, ``$CHKG_HOME``, the current checkout.

    The one place that reads the working folder and the environment for the API.
    """
    import os

    from chkg.errors import UsageError
    from chkg.project import ProjectPaths, discover_project

    chosen = click.get_current_context().find_root().obj
    if chosen is not None:
        project = ProjectPaths(Path(chosen).resolve())
        if not project.is_checkout():
            raise UsageError(f"--project {chosen}: not a checkout (no ontology/chkg.ttl and data/ there)")
        return project
    return discover_project(Path.cwd(), os.environ)
