"""Where a project's files live: ontology, shapes, data, sources, queries.

The Python API takes a :class:`ProjectPaths` as a parameter; its default is the checkout chkg
is installed from (:func:`bundled_project`). Only the command line looks at the working
folder and ``CHKG_HOME`` (through :func:`discover_project`, which takes both as arguments).

Examples
--------
>>> bundled_project().ontology.name
'chkg.ttl'
>>> discover_project(Path("/"), {"CHKG_HOME": "/srv/kg"}).root
PosixPath('/srv/kg')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ProjectPaths", "bundled_project", "discover_project"]


@dataclass(frozen=True)
class ProjectPaths:
    """The fixed layout of a creative-health-kg checkout."""

    root: Path

    @property
    def ontology(self) -> Path:
        """The OWL ontology, ``ontology/chkg.ttl``."""
        return self.root / "ontology" / "chkg.ttl"

    @property
    def shapes(self) -> Path:
        """The SHACL shapes, ``ontology/shapes.ttl``."""
        return self.root / "ontology" / "shapes.ttl"

    @property
    def data(self) -> Path:
        """The curated Turtle, ``data/``."""
        return self.root / "data"

    @property
    def sources(self) -> Path:
        """Source texts that quotes are checked against, ``data/sources/``."""
        return self.root / "data" / "sources"

    @property
    def queries(self) -> Path:
        """The SPARQL query catalogue, ``queries/``."""
        return self.root / "queries"

    def is_checkout(self) -> bool:
        """Whether ``root`` holds the layout (``ontology/chkg.ttl`` and ``data/``)."""
        return self.ontology.is_file() and self.data.is_dir()


def bundled_project() -> ProjectPaths:
    """The checkout chkg is installed from (an editable install or a source tree)."""
    return ProjectPaths(Path(__file__).resolve().parents[2])


def discover_project(start: Path, environ: Mapping[str, str]) -> ProjectPaths:
    """The project a command run in ``start`` with environment ``environ`` works on.

    In order: ``environ["CHKG_HOME"]`` when set; else the checkout that holds ``start`` (the
    nearest parent with ``ontology/chkg.ttl`` and ``data/``, as git finds its repository), so
    that ``chkg`` run inside a second clone works on that clone; else the bundled checkout.
    """
    home = environ.get("CHKG_HOME")
    if home:
        return ProjectPaths(Path(home).resolve())
    here = start.resolve()
    for folder in (here, *here.parents):
        if ProjectPaths(folder).is_checkout():
            return ProjectPaths(folder)
    return bundled_project()
