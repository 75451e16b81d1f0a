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
from dataclasses import asdict, dataclass

import pyoxigraph as ox

from benchmarks.template import INFLUENCE, INFLUENCEE, INFLUENCER, OUTCOME, POLICY, Template
from benchmarks.turtle_out import renamed_iri

__all__ = ["Pair", "choose_pairs", "busiest_intermediate"]

_MAX_HOPS = 5


@dataclass(frozen=True)
class Pair:
    """A policy and an outcome it reaches: their IRIs, their copies, the fewest hops between them."""

    source: str
    target: str
    source_copy: int
    target_copy: int
    hops: int

    def to_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return asdict(self)


def choose_pairs(template: Template, copies: int, retarget: dict[tuple[int, str, int], int],
                 rng: random.Random, count: int = 10) -> list[Pair]:
    """``count`` pairs over ``copies`` full copies; ``retarget`` says which claims join copies."""
    claims = []
    for data_file in template.files:
        for index, block in enumerate(data_file.blocks):
            if not (isinstance(block.subject, ox.NamedNode) and template.is_a(block.subject.value, INFLUENCE)):
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
            edges[(copy, start)].append((retarget.get((copy, path, index), copy), end))
    pairs: list[Pair] = []
    attempts = 0
    while len(pairs) < count and attempts < count * len(policies):
        policy = policies[attempts % len(policies)]
        copy = (attempts * max(copies, 1)) // count % max(copies, 1)
        attempts += 1
        reached = _reach(edges, (copy, policy))
        outcomes = sorted((hops, c, o) for (c, o), hops in reached.items()
                          if template.is_a(o, OUTCOME) and (c != copy) == joined)
        if not outcomes:
            continue
        far = [item for item in outcomes if item[0] >= 3] or outcomes
        hops, target_copy, outcome = rng.choice(far)
        pairs.append(Pair(renamed_iri(ox.NamedNode(policy), copy, template.renamed).value,
                          renamed_iri(ox.NamedNode(outcome), target_copy, template.renamed).value,
                          copy, target_copy, hops))
    return pairs


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
