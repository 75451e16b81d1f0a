"""Choose policy → outcome pairs for ``chkg paths`` that have paths, spread over the copies.

The claim graph (``prov:influencer`` → ``chkg:influencee`` of each ``chkg:Influence``) of the
generated checkout is searched breadth-first from the policies with the most claims; each pair
ends at an outcome within five hops, in another copy when claims join copies (the hard case
for path search), else in the policy's own copy.

Examples
--------
>>> Pair("http://e/p", "http://e/o", 0, 1, 3).to_dict()["hops"]
3
"""

from __future__ import annotations

import random
from collections import defaultdict, deque
from collections.abc import Mapping
from dataclasses import asdict, dataclass

import pyoxigraph as ox

from benchmarks.template import CHKG, INFLUENCE, INFLUENCEE, INFLUENCER, OUTCOME, POLICY, Template
from benchmarks.turtle_out import renamed_iri

__all__ = ["Pair", "choose_pairs", "busiest_intermediate"]

_MAX_HOPS = 5
#: Steps of the route count per candidate pair (a bound on the generator's time, not on the graph).
_ROUTE_CAP = 200_000
CLAIM_TYPE = CHKG + "claimType"
#: Claim types ``chkg paths`` follows by default (a claim with no type counts as an asserted effect).
EFFECT_TYPES = frozenset({CHKG + "observedEffect", CHKG + "assertedEffect"})


@dataclass(frozen=True)
class Pair:
    """A policy and an outcome it reaches: their IRIs, their copies, the fewest hops between them."""

    source: str
    target: str
    source_copy: int
    target_copy: int
    hops: int
    routes: int = 0

    def to_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return asdict(self)


def choose_pairs(template: Template, copies: int,
                 retarget: Mapping[tuple[int, str, int], Mapping[str, tuple[str, int]]],
                 rng: random.Random, count: int = 10) -> list[Pair]:
    """``count`` pairs over ``copies`` full copies; ``retarget`` says which claim ends moved where.

    Only claims that carry influence by default (effect claims, as ``chkg paths`` follows them)
    make edges. When claims join copies, each pair ends in another copy than its policy, at the
    outcome 3+ hops away with the most routes (simple paths of at most five hops, counted up
    to :data:`_ROUTE_CAP`): the hard case for path search. Otherwise a random outcome 3+ hops
    away in the policy's own copy.
    """
    claims = []
    for data_file in template.files:
        for index, block in enumerate(data_file.blocks):
            if not (isinstance(block.subject, ox.NamedNode) and template.is_a(block.subject.value, INFLUENCE)):
                continue
            kinds = {o.value for o in block.values(CLAIM_TYPE) if isinstance(o, ox.NamedNode)}
            if kinds and not kinds & EFFECT_TYPES:
                continue
            for u in block.values(INFLUENCER):
                for v in block.values(INFLUENCEE):
                    if isinstance(u, ox.NamedNode) and isinstance(v, ox.NamedNode):
                        claims.append((data_file.path, index, u.value, v.value))
    policies = sorted({u for _, _, u, _ in claims if template.is_a(u, POLICY)},
                      key=lambda u: (-sum(1 for c in claims if c[2] == u), u))
    if not policies:
        return []
    joined = bool(retarget)
    edges: dict[tuple[int, str], list[tuple[int, str]]] = defaultdict(list)
    for copy in range(copies):
        for path, index, start, end in claims:
            moved = retarget.get((copy, path, index), {})
            u, v = moved.get(INFLUENCER, (start, copy)), moved.get(INFLUENCEE, (end, copy))
            edges[(u[1], u[0])].append((v[1], v[0]))
    pairs: list[Pair] = []
    attempts = 0
    while len(pairs) < count and attempts < count * len(policies):
        policy = policies[attempts % len(policies)]
        copy = (attempts * max(copies, 1)) // count % max(copies, 1)
        attempts += 1
        if joined:  # the busiest instance of the policy in this copy's neighbourhood
            copy = max(range(copy, min(copy + 6, copies)), key=lambda c: (len(edges.get((c, policy), ())), -c))
        reached = _reach(edges, (copy, policy))
        outcomes = sorted((hops, c, o) for (c, o), hops in reached.items()
                          if template.is_a(o, OUTCOME) and (c != copy) == joined)
        if not outcomes:
            continue
        far = [item for item in outcomes if item[0] >= 3] or outcomes
        if joined:
            routes = _routes(edges, (copy, policy), {(c, o) for _, c, o in far})
            best = max(routes.values(), default=0)
            hops, target_copy, outcome = min(item for item in far if routes.get((item[1], item[2]), 0) == best)
        else:
            hops, target_copy, outcome = rng.choice(far)
            best = 0
        pair = Pair(renamed_iri(ox.NamedNode(policy), copy, template.renamed).value,
                    renamed_iri(ox.NamedNode(outcome), target_copy, template.renamed).value,
                    copy, target_copy, hops, best)
        if pair not in pairs:
            pairs.append(pair)
    return pairs


def _routes(edges: dict[tuple[int, str], list[tuple[int, str]]], start: tuple[int, str],
            ends: set[tuple[int, str]]) -> dict[tuple[int, str], int]:
    """Simple paths of at most :data:`_MAX_HOPS` hops from ``start`` to each of ``ends`` (distinct node
    sequences; the walk stops after :data:`_ROUTE_CAP` steps, so counts are lower bounds)."""
    found: dict[tuple[int, str], int] = defaultdict(int)
    stack = [(start, (start,))]
    steps = 0
    while stack and steps < _ROUTE_CAP:
        node, path = stack.pop()
        steps += 1
        if node in ends:
            found[node] += 1
        if len(path) > _MAX_HOPS:
            continue
        for nxt in dict.fromkeys(edges.get(node, ())):
            if nxt not in path:
                stack.append((nxt, (*path, nxt)))
    return found


def busiest_intermediate(template: Template) -> str | None:
    """The entity (neither policy nor outcome) in the most claims of copy 0: what ``whatif --remove`` knocks out."""
    counts: dict[str, int] = defaultdict(int)
    for data_file in template.files:
        for block in data_file.blocks:
            if isinstance(block.subject, ox.NamedNode) and template.is_a(block.subject.value, INFLUENCE):
                for node in block.values(INFLUENCER) + block.values(INFLUENCEE):
                    if isinstance(node, ox.NamedNode):
                        counts[node.value] += 1
    middle = [(-n, iri) for iri, n in counts.items()
              if not template.is_a(iri, POLICY) and not template.is_a(iri, OUTCOME)]
    return min(middle)[1] if middle else None


def _reach(edges: dict[tuple[int, str], list[tuple[int, str]]], start: tuple[int, str]) -> dict[tuple[int, str], int]:
    """Nodes within :data:`_MAX_HOPS` of ``start``, with their distance."""
    seen = {start: 0}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if seen[node] == _MAX_HOPS:
            continue
        for nxt in edges.get(node, ()):
            if nxt not in seen:
                seen[nxt] = seen[node] + 1
                queue.append(nxt)
    seen.pop(start)
    return seen
