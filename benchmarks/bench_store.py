"""Embedded store benchmark: rdflib's memory store vs pyoxigraph (and oxrdflib) on the catalogue.

Runs every catalogue query (default parameters, bound the way ``chkg query``
binds them) on the bundled graph and on a graph a hundred times larger (the
curated data copied 100 times under fresh IRIs, the ontology once), and prints
load and query times and the ratios between the stores, all from this one run.

Usage::

    python benchmarks/bench_store.py [--scale 100] [--repeat 3] [--cap 60] [--skip-oxrdflib]
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import time
from collections.abc import Callable

from rdflib import Graph, URIRef

from chkg.graph.loader import load
from chkg.sparql.catalogue import catalogue
from chkg.sparql.parameters import bind_parameters, resolve_parameters
from chkg.sparql.store import EmbeddedStore
from chkg.vocab.namespace import CHKG_NS

__all__ = ["scaled", "main"]

print = functools.partial(print, flush=True)  # progress shows as it runs


def scaled(graph: Graph, ontology: Graph, copies: int) -> Graph:
    """The ontology once plus ``copies`` copies of the data, entity IRIs suffixed per copy."""
    terms = set(ontology.subjects())
    data = [t for t in graph if t not in ontology]

    def rename(node: object, i: int) -> object:
        if isinstance(node, URIRef) and str(node).startswith(str(CHKG_NS)) and node not in terms:
            return URIRef(f"{node}-copy{i}")
        return node

    big = Graph()
    for triple in ontology:
        big.add(triple)
    for i in range(copies):
        for s, p, o in data:
            big.add((rename(s, i), p, rename(o, i)))  # type: ignore[arg-type]
    return big


def _time(call: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _capped(call: Callable[[], object], repeat: int, cap: float) -> float:
    """Time ``call`` in a forked child (it sees the graph already built); inf past ``cap`` seconds."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=lambda: queue.put(_time(call, repeat)))
    child.start()
    child.join(cap * repeat)
    if child.is_alive():
        child.kill()
        child.join()
        return float("inf")
    return float(queue.get())


def _bench(
    graph: Graph, repeat: int, with_oxrdflib: bool, cap: float = 60.0
) -> dict[str, dict[str, float]]:
    queries = [(q.name, bind_parameters(q.text, resolve_parameters(q, {}))) for q in catalogue()]
    out: dict[str, dict[str, float]] = {}

    # rdflib memory store: the graph as loaded is already one; load = a copy into a fresh Graph
    start = time.perf_counter()
    memory = Graph()
    for t in graph:
        memory.add(t)
    out["rdflib"] = {"load": time.perf_counter() - start}
    for name, text in queries:
        out["rdflib"][name] = _capped(lambda text=text: list(memory.query(text)), repeat, cap)
        print(f"  rdflib {name}: {out['rdflib'][name]:.3f} s", file=sys.stderr)

    start = time.perf_counter()
    store = EmbeddedStore.from_graph(graph)
    out["pyoxigraph"] = {"load": time.perf_counter() - start}
    for name, text in queries:
        out["pyoxigraph"][name] = _time(lambda text=text: store.run(text), repeat)

    if with_oxrdflib:
        start = time.perf_counter()
        oxr = Graph(store="Oxigraph")
        oxr.addN((s, p, o, oxr) for s, p, o in graph)
        out["oxrdflib"] = {"load": time.perf_counter() - start}
        for name, text in queries:
            out["oxrdflib"][name] = _time(lambda text=text: list(oxr.query(text)), repeat)
    return out


def _report(title: str, size: int, figures: dict[str, dict[str, float]]) -> None:
    stores = list(figures)
    print(f"\n## {title}: {size} triples\n")
    print(f"| step | {' | '.join(stores)} | rdflib / pyoxigraph |")
    print("| --- |" + " ---: |" * (len(stores) + 1))
    totals = {s: 0.0 for s in stores}
    for step in figures["rdflib"]:
        row = [figures[s][step] for s in stores]
        if step != "load":
            for s in stores:
                totals[s] += figures[s][step]
        ratio = figures["rdflib"][step] / max(figures["pyoxigraph"][step], 1e-9)
        shown = "more than the cap" if ratio == float("inf") else f"{ratio:.0f}x"
        print(f"| {step} | " + " | ".join(_ms(v) for v in row) + f" | {shown} |")
    ratio = totals["rdflib"] / max(totals["pyoxigraph"], 1e-9)
    shown = "more than the cap" if ratio == float("inf") else f"{ratio:.0f}x"
    print("| all queries | " + " | ".join(_ms(totals[s]) for s in stores) + f" | {shown} |")


def _ms(seconds: float) -> str:
    if seconds == float("inf"):
        return "> cap"
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-oxrdflib", action="store_true")
    parser.add_argument("--cap", type=float, default=60.0,
                        help="seconds after which an rdflib query is stopped and reported as '> cap'")
    args = parser.parse_args(argv)
    with_oxrdflib = not args.skip_oxrdflib
    if with_oxrdflib:
        try:
            import oxrdflib  # noqa: F401
        except ImportError:
            with_oxrdflib = False
    graph = load()
    ontology = load([])
    print(f"rdflib queries are stopped after {args.cap:g} s ('> cap').")
    _report("bundled graph", len(graph), _bench(graph, args.repeat, with_oxrdflib, args.cap))
    big = scaled(graph, ontology, args.scale)
    _report(f"{args.scale}x the data", len(big), _bench(big, max(1, args.repeat // 3), with_oxrdflib, args.cap))


if __name__ == "__main__":
    main()
