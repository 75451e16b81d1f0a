"""Benchmark: bounded best-first chain search vs enumerating every simple path.

Builds a synthetic analysis graph 100 times the bundled data (nodes and claims), with the
bundled data's shape: policies → mechanisms and approaches → values and practices → outcomes,
outcomes influencing outcomes, a few popular hubs (as "creative health approaches" is in the
data), several claims on some hops, statements shared by a few claims, certainty levels and contexts.
For a set of policies, it times in the same run

- ``chkg.analysis.search.find_chains`` (best-first over partial chains in ranking order, pruned
  to nodes within reach of a target, stopped once ``top`` chains are complete), and
- the naive baseline: every simple path up to ``max_hops`` (``chkg.analysis.routes.routes``,
  ``nx.all_simple_paths`` with the best claim choice per path), then sorted by the ranking key,

checks that both return the same top ranking keys, and prints the times and their ratio.

Run: ``python benchmarks/bench_paths.py [--scale 100] [--top 5] [--max-hops 5] [--pick hubs|typical]
[--budget 60]``. The baseline is stopped after ``--budget`` seconds per policy (for hub policies it
runs for minutes); the ratio is then a lower bound, marked ``>=``.
"""

from __future__ import annotations

import argparse
import itertools
import random
import signal
import statistics
import time

from chkg.analysis.network import AnalysisGraph, Claim, Entity, outcomes_of_kind
from chkg.analysis.ranking import RankKey, rank_key
from chkg.analysis.routes import routes
from chkg.analysis.search import find_chains
from chkg.evidence.certainty import Certainty

BUNDLED_NODES = 237
BUNDLED_CLAIMS = 235


def synthetic_graph(scale: int = 100, seed: int = 1) -> AnalysisGraph:
    """An analysis graph ``scale`` times the bundled data, with its layered, hub-heavy shape."""
    rng = random.Random(seed)
    n_nodes, n_claims = BUNDLED_NODES * scale, BUNDLED_CLAIMS * scale
    shares = [("policy", 0.09), ("mechanism", 0.10), ("approach", 0.13), ("value", 0.28),
              ("practice", 0.02), ("outcome", 0.38)]
    layers: dict[str, list[str]] = {}
    G = AnalysisGraph(broader={"nhs": frozenset({"system"})})
    outcome_kinds = ["workforce", "patient", "system", "culture"]
    for kind, share in shares:
        names = [f"{kind}-{i}" for i in range(int(n_nodes * share))]
        layers[kind] = names
        for name in names:
            G.add_entity(Entity(name, name, kind, rng.choice(outcome_kinds) if kind == "outcome" else None))
    # which layer may point to which, with weights (the data's typical moves)
    moves = {
        "policy": [("mechanism", 4), ("approach", 3), ("outcome", 3)],
        "mechanism": [("outcome", 5), ("approach", 2), ("mechanism", 1)],
        "approach": [("value", 5), ("outcome", 3), ("practice", 1)],
        "value": [("outcome", 3), ("value", 1)],
        "practice": [("outcome", 3), ("value", 1)],
        "outcome": [("outcome", 1)],
    }
    # popularity: a Zipf-like weight, so that a few hubs carry many claims
    popularity = {kind: list(itertools.accumulate(1.0 / (i + 1) ** 0.9 for i in range(len(names))))
                  for kind, names in layers.items()}
    sources = [k for k, _ in shares]
    source_weights = [2, 2, 3, 1, 1, 2]
    for c in range(n_claims):
        kind = rng.choices(sources, weights=source_weights)[0]
        u = rng.choices(layers[kind], cum_weights=popularity[kind])[0]
        target_kind = rng.choices([m for m, _ in moves[kind]], weights=[w for _, w in moves[kind]])[0]
        v = rng.choices(layers[target_kind], cum_weights=popularity[target_kind])[0]
        if u == v:
            continue
        level = Certainty(rng.choices([1, 2, 3, 4], weights=[1, 6, 2, 1])[0])
        statement = f"s{rng.randrange(n_claims // 2)}"
        contexts = tuple(rng.sample(["system", "nhs", "patients", "providers"], rng.choice([0, 0, 1])))
        G.add_claim(Claim(f"c{c}", u, v, level, sign=rng.choice([1, 1, 1, -1]), claim_type="assertedEffect",
                          statement=statement, contexts=contexts))
    return G


class _OutOfTime(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise _OutOfTime


def naive_paths(
    G: AnalysisGraph, source: str, targets: list[str], max_hops: int, top: int, budget: float
) -> tuple[list[RankKey], bool]:
    """The baseline: every simple path up to ``max_hops`` with its best chain, sorted by rank key.

    Stopped by a timer after ``budget`` seconds (the depth-first search may go long between
    two paths); the second value says whether it finished.
    """
    keys: list[RankKey] = []
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, budget)
    try:
        for route in routes(G, source, targets, max_hops=max_hops):
            keys.append(rank_key(G, route.best))
        finished = True
    except _OutOfTime:
        finished = False
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return sorted(keys)[:top], finished


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--top", type=int, default=5)
    parser.add_argument("--max-hops", type=int, default=5)
    parser.add_argument("--sources", type=int, default=5, help="how many policies to time")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pick", choices=["hubs", "typical"], default="hubs",
                        help="time the policies with the most claims, or policies of median out-degree")
    parser.add_argument("--budget", type=float, default=60.0,
                        help="seconds the baseline may run per policy before it is stopped")
    args = parser.parse_args()

    started = time.perf_counter()
    G = synthetic_graph(args.scale, args.seed)
    print(f"synthetic graph: {len(G.entities)} nodes, {len(G.claims)} claims "
          f"({args.scale}x the bundled {BUNDLED_NODES} nodes / {BUNDLED_CLAIMS} claims), "
          f"built in {time.perf_counter() - started:.1f}s")
    targets = outcomes_of_kind(G, "workforce")
    # hubs: the policies with the most claims, the ones an analyst asks about first
    ranked = sorted((n for n, e in G.entities.items() if e.kind == "policy"), key=lambda n: (-G.graph.out_degree(n), n))
    if args.pick == "typical":
        middle = len(ranked) // 2
        ranked = ranked[middle:] + ranked[:middle]
    policies = ranked[: args.sources]
    finished_all = True
    bounded_times, naive_times = [], []
    for policy in policies:
        t = time.perf_counter()
        found = find_chains(G, policy, targets, max_hops=args.max_hops, top=args.top, max_seconds=args.budget).chains
        bounded_times.append(time.perf_counter() - t)
        t = time.perf_counter()
        baseline, finished = naive_paths(G, policy, targets, args.max_hops, args.top, args.budget)
        naive_times.append(time.perf_counter() - t)
        finished_all &= finished
        if finished:
            same = [rank_key(G, c) for c in found] == baseline
            verdict = f"same top {args.top}: {same}"
            if not same:
                raise SystemExit("the bounded search and the baseline disagree")
        else:
            verdict = f"baseline stopped after {args.budget:.0f}s (times are a lower bound)"
        print(f"  {policy:>12} out-degree {G.graph.out_degree(policy):>4}: bounded {bounded_times[-1]:8.3f}s, "
              f"all simple paths {naive_times[-1]:8.3f}s, {verdict}")
    bounded, naive = sum(bounded_times), sum(naive_times)
    at_least = "" if finished_all else ">= "
    print(f"total: bounded {bounded:.3f}s, all simple paths {at_least}{naive:.3f}s, "
          f"ratio {at_least}{naive / bounded:.1f}x (median per policy "
          f"{statistics.median(n / b for n, b in zip(naive_times, bounded_times, strict=True)):.1f}x)")


if __name__ == "__main__":
    main()
