"""The baselines, each run as its own process by :mod:`benchmarks.run` (the floor is :mod:`benchmarks.floor`).

- ``rdflib``: ``rdflib.Graph.parse`` of the files chkg reads (:func:`benchmarks.floor.graph_files`);
- ``pyshacl`` and ``pyshacl-turbo``: rdflib parse, the flat influence edges added as chkg
  adds them, then the engine alone with the project's ``ontology/shapes.ttl`` (no graph
  checks), as a project without chkg would validate.

Each prints one JSON line: the triple count and, for the SHACL engines, the result counts, so
the runner can check that chkg reports the same SHACL results.

Usage::

    python -m benchmarks.baselines rdflib|pyshacl|pyshacl-turbo CHECKOUT

Examples
--------
>>> from pathlib import Path
>>> run("rdflib", Path(__file__).resolve().parents[1])["triples"] > 1000
True
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from rdflib import Graph, URIRef

from benchmarks.floor import graph_files
from chkg.graph.loader import materialise_influences

__all__ = ["Baseline", "BASELINES", "run", "main"]

#: The baselines by name.
Baseline = Literal["rdflib", "pyshacl", "pyshacl-turbo"]
BASELINES: tuple[Baseline, ...] = ("rdflib", "pyshacl", "pyshacl-turbo")
_SH = "http://www.w3.org/ns/shacl#"


def run(kind: Baseline, checkout: Path) -> dict[str, object]:
    """Do the work of baseline ``kind`` on ``checkout``; return what it found."""
    files = graph_files(checkout)
    graph = Graph(bind_namespaces="none")
    for file in files:
        graph.parse(str(file), format="turtle")
    if kind == "rdflib":
        return {"triples": len(graph)}
    materialise_influences(graph)
    shapes = Graph(bind_namespaces="none").parse(str(checkout / "ontology" / "shapes.ttl"), format="turtle")
    # Imported here, not at the top, so that each baseline pays only for its own engine's import.
    if kind == "pyshacl":
        import pyshacl

        _, report, _ = pyshacl.validate(graph, shacl_graph=shapes, advanced=True, allow_warnings=True,
                                        allow_infos=True)
    else:
        import pyshacl_turbo

        _, report, _ = pyshacl_turbo.validate(graph, shacl_graph=shapes, advanced=True, allow_warnings=True,
                                              allow_infos=True)
    counts: dict[str, int] = {}
    for result in report.subjects(URIRef(_SH + "resultSeverity"), None):
        severity = str(report.value(result, URIRef(_SH + "resultSeverity"))).removeprefix(_SH).lower()
        counts[severity] = counts.get(severity, 0) + 1
    return {"triples": len(graph), "shacl_results": counts}


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m benchmarks.baselines KIND CHECKOUT``: run one baseline, print its JSON line."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2 or args[0] not in BASELINES:
        raise SystemExit(f"usage: python -m benchmarks.baselines {{{'|'.join(BASELINES)}}} CHECKOUT")
    kind: Baseline = next(b for b in BASELINES if b == args[0])
    print(json.dumps(run(kind, Path(args[1]))))


if __name__ == "__main__":
    main()
