"""Where the project's files live: ontology, shapes, data, sources, queries.

The bundled files are found relative to the repository (an editable install or
a checkout); ``CHKG_HOME`` points chkg at another copy of the layout.

Examples
--------
>>> default_paths().ontology.name
'chkg.ttl'
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ProjectPaths", "default_paths"]


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


def default_paths() -> ProjectPaths:
    """Return the layout chkg works on.

    In order: ``$CHKG_HOME`` when set; else the checkout that holds the current folder (the
    nearest parent with ``ontology/chkg.ttl`` and ``data/``, as git finds its repository), so
    that ``chkg`` run inside a second clone works on that clone; else the checkout chkg is
    installed from.
    """
    home = os.environ.get("CHKG_HOME")
    if home:
        return ProjectPaths(Path(home).resolve())
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "ontology" / "chkg.ttl").is_file() and (folder / "data").is_dir():
            return ProjectPaths(folder)
    return ProjectPaths(Path(__file__).resolve().parents[2])
