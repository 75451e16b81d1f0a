"""The floor: pyoxigraph ``Store.bulk_load`` of the files chkg reads, in a process of its own.

This module imports nothing but pyoxigraph, so the floor's CPU time is Python's start-up, the
import of the store and the load: the least any command that reads the graph must pay.

Usage::

    python -m benchmarks.floor CHECKOUT      # prints {"triples": N}

Examples
--------
>>> from pathlib import Path
>>> root = Path(__file__).resolve().parents[1]
>>> graph_files(root)[0].name, load(root) > 1000
('chkg.ttl', True)
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

__all__ = ["graph_files", "load", "main"]


def graph_files(checkout: Path) -> list[Path]:
    """The files chkg loads: ``ontology/chkg.ttl``, then ``data/**/*.ttl`` sorted (not the shapes)."""
    return [checkout / "ontology" / "chkg.ttl", *sorted((checkout / "data").rglob("*.ttl"))]


def load(checkout: Path) -> int:
    """Bulk-load the checkout's graph files into an in-memory store; return its triple count."""
    store = ox.Store()
    for file in graph_files(checkout):
        store.bulk_load(path=str(file), format=ox.RdfFormat.TURTLE)
    return len(store)


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m benchmarks.floor CHECKOUT``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        raise SystemExit("usage: python -m benchmarks.floor CHECKOUT")
    print(json.dumps({"triples": load(Path(args[0]))}))


if __name__ == "__main__":
    main()
