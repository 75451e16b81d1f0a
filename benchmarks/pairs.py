"""Choose policy → outcome pairs for ``chkg paths`` that have paths, spread over the copies.

The claim graph (``prov:influencer`` → ``chkg:influencee`` of each effect ``chkg:Influence``) of
the generated checkout is searched from the policies: within one copy (isolated copies), a
random outcome 3+ hops away; when claims join copies, the policy instances with the most routes
of at most five hops to one outcome of another copy, and that outcome (the hard case for path
search).

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
_ROUTE_CAP = 100_000
#: Policy instances whose routes are counted, per pair wanted (the connected shape).
_CANDIDATES = 3
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
    make edges. When claims join copies, the pairs are the policy instances with the most routes
    (simple paths of at most five hops, counted up to :data:`_ROUTE_CAP` steps) to one outcome of
    another copy, each with that outcome (:func:`_busy_pairs`): the hard case for path search.
    Otherwise a random outcome 3+ hops away in the policy's own copy.
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
            first, last = moved.get(INFLUENCER, (start, copy)), moved.get(INFLUENCEE, (end, copy))
            edges[(first[1], first[0])].append((last[1], last[0]))
    if joined:
        return _busy_pairs(template, edges, copies, count)
    pairs: list[Pair] = []
    attempts = 0
    while len(pairs) < count and attempts < count * len(policies):
        policy = policies[attempts % len(policies)]
        copy = (attempts * max(copies, 1)) // count % max(copies, 1)
        attempts += 1
        reached = _reach(edges, (copy, policy))
        outcomes = sorted((hops, c, o) for (c, o), hops in reached.items() if template.is_a(o, OUTCOME) and c == copy)
        if not outcomes:
            continue
        far = [item for item in outcomes if item[0] >= 3] or outcomes
        hops, target_copy, outcome = rng.choice(far)
        pair = Pair(renamed_iri(ox.NamedNode(policy), copy, template.renamed).value,
                    renamed_iri(ox.NamedNode(outcome), target_copy, template.renamed).value,
                    copy, target_copy, hops)
        if pair not in pairs:
            pairs.append(pair)
    return pairs


def _busy_pairs(template: Template, edges: dict[tuple[int, str], list[tuple[int, str]]], copies: int,
                count: int) -> list[Pair]:
    """The ``count`` policy instances with the most routes to one outcome of another copy, each with
    that outcome (at least 2 hops away; ties: the farther; at most two pairs per outcome).

    Candidates are the policy instances whose claims lead to the most claims (distinct next nodes'
    out-degrees summed), at most two per policy, :data:`_CANDIDATES` per pair wanted; their routes
    are counted (:func:`_routes`) and the busiest kept."""
    instances = [(c, p) for (c, p) in edges if c < copies and template.is_a(p, POLICY)]
    def fan_out(node: tuple[int, str]) -> int:
        return sum(len(edges.get(nxt, ())) for nxt in dict.fromkeys(edges.get(node, ())))
    candidates: list[tuple[int, str]] = []
    used: dict[str, int] = defaultdict(int)
    for node in sorted(instances, key=lambda n: (-fan_out(n), n)):
        if used[node[1]] < 2:
            used[node[1]] += 1
            candidates.append(node)
        if len(candidates) >= count * _CANDIDATES:
            break
    found: list[tuple[int, int, tuple[int, str], dict[tuple[int, str], int], dict[tuple[int, str], int]]] = []
    for rank, (copy, policy) in enumerate(candidates):
        reached = _reach(edges, (copy, policy))
        ends = {(c, o) for (c, o), hops in reached.items() if template.is_a(o, OUTCOME) and c != copy and hops >= 2}
        routes = _routes(edges, (copy, policy), ends) if ends else {}
        if routes:
            found.append((-max(routes.values()), rank, (copy, policy), routes, reached))
    pairs: list[Pair] = []
    per_target: dict[tuple[int, str], int] = defaultdict(int)
    for _, _, (copy, policy), routes, reached in sorted(found, key=lambda f: f[:2]):
        free = [end for end in routes if per_target[end] < 2]  # at most two pairs end at one outcome
        if not free:
            continue
        target_copy, outcome = min(free, key=lambda e: (-routes[e], -reached[e], e))
        per_target[(target_copy, outcome)] += 1
        pairs.append(Pair(renamed_iri(ox.NamedNode(policy), copy, template.renamed).value,
                          renamed_iri(ox.NamedNode(outcome), target_copy, template.renamed).value,
                          copy, target_copy, reached[(target_copy, outcome)], routes[(target_copy, outcome)]))
        if len(pairs) == count:
            break
    return pairs


def _routes(edges: dict[tuple[int, str], list[tuple[int, str]]], start: tuple[int, str],
            ends: set[tuple[int, str]]) -> dict[tuple[int, str], int]:
    """Simple paths of at most :data:`_MAX_HOPS` hops from ``start`` to each of ``ends`` (distinct node
    sequences; the walk stops after :data:`_ROUTE_CAP` steps, so counts are lower bounds)."""
    found: dict[tuple[int, str], int] = defaultdict(int)
    stack: list[tuple[tuple[int, str], tuple[tuple[int, str], ...]]] = [(start, (start,))]
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
