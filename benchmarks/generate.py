"""Generate a checkout shaped like the bundled one at a target size, deterministic from a seed.

The checkout holds ``ontology/``, ``queries/``, ``data/sources/`` (the source texts, one copy
per generated source) and the curated data copied as many times as the size needs: copy 0
is the bundled data at its own paths, copy *i* lives in ``data/c<i>/`` with every project IRI
suffixed ``-c<i>``, every label suffixed `` (copy i)`` and its sources pointing at their own
copy of the source text, so quotes and selectors stay valid. The last copy may be partial: it
takes claims (and everything they refer to) until the size is reached.

Two shapes:

- ``copies``: the copies do not link to one another (path search stays within one copy);
- ``connected``: the same nodes, claims and triples, but the free ends of the effect claims move
  to a dense core of relay instances per neighbourhood of copies (plus a few long links between
  neighbourhoods), and every copy's claims name copy 0's contexts, so a policy reaches outcomes
  of other copies through hundreds of routes of 2 to 5 hops (:func:`_rewire`). Load for path
  search, not evidence: a rewired claim keeps its quote, which speaks of its original entities.

``--plant N`` plants N mistakes of each kind (:mod:`benchmarks.plant`) and writes the list
validate must report (file, line, kind, check, focus) to ``<out>.mistakes.json``; a manifest
(size, copies, the policy → outcome pairs for ``chkg paths``) goes to ``<out>.manifest.json``.

Usage::

    python -m benchmarks.generate --size 100k --shape connected --seed 1 --out /tmp/kg [--plant 2]

Examples
--------
>>> parse_size("10k"), parse_size("1m"), parse_size("2500")
(10000, 1000000, 2500)
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from bisect import bisect
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import accumulate, zip_longest
from pathlib import Path
from typing import Literal

import pyoxigraph as ox

from benchmarks.pairs import CLAIM_TYPE, EFFECT_TYPES, Pair, busiest_intermediate, choose_pairs
from benchmarks.plant import Plant, plan_plants
from benchmarks.template import (
    CHKG,
    INFLUENCE,
    INFLUENCEE,
    INFLUENCER,
    OUTCOME,
    POLICY,
    RELATION,
    Block,
    DataFile,
    Template,
    read_template,
)
from benchmarks.turtle_out import Copy, Edit, renamed_text_file, render

__all__ = ["Shape", "Generated", "parse_size", "generate", "main"]

#: How copies relate: isolated copies, or claims joining them.
Shape = Literal["copies", "connected"]
#: Share of the movable effect claims rewired in the connected shape (their free ends moved).
CROSS_SHARE = 1.0
#: Consecutive full copies whose claims mix in the connected shape.
NEIGHBOURHOOD = 18
#: How unevenly a neighbourhood's instances of one entity share the moved claim ends (Zipf exponent).
HUB_SKEW = 1.5
#: Share of moved influencees that go to any full copy instead of one of the neighbourhood.
LONG_LINKS = 0.1
#: Share of moved ends that go to a relay (an entity effect claims lead to: an outcome, a mechanism,
#: a value...), so chains run on through it; the rest go to the same entity in another copy.
RELAY_SHARE = 1.0
#: Relay instances per neighbourhood that take a share :data:`CORE_SHARE` of the moved ends: a dense
#: core of :data:`CORE_ENTRIES` entries (what policies lead to) and values and outcomes, through
#: which routes multiply.
CORE = 16
CORE_ENTRIES = 4
CORE_SHARE = 0.95
#: How unevenly the other relays of a neighbourhood share the rest (Zipf exponent over their ranks).
RELAY_SKEW = 1.0
VALUE = CHKG + "Value"
SH_HAS_VALUE = "http://www.w3.org/ns/shacl#hasValue"
#: The contexts of a claim: in the connected shape every copy names copy 0's, so joins across
#: copies are as compatible as joins within one (chkg.evidence.contexts).
IN_CONTEXT = CHKG + "inContext"
#: Per claim block of a copy: the predicate (influencer, influencee) → the entity (as the template
#: names it) and the copy whose instance the claim points at.
Rewiring = dict[tuple[int, str, int], dict[str, tuple[str, int]]]
_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Generated:
    """What :func:`generate` wrote: where, how big, the pairs to trace and the planted mistakes."""

    out: Path
    shape: Shape
    seed: int
    target: int
    triples: int
    copies: int
    pairs: tuple[Pair, ...]
    hub: str | None
    mistakes: tuple[dict[str, object], ...] = field(default=())

    def manifest(self) -> dict[str, object]:
        """A JSON-ready summary (written to ``<out>.manifest.json``)."""
        return {"shape": self.shape, "seed": self.seed, "target": self.target, "triples": self.triples,
                "copies": self.copies, "pairs": [p.to_dict() for p in self.pairs], "hub": self.hub,
                "mistakes": len(self.mistakes)}


def parse_size(text: str) -> int:
    """A triple count written ``2500``, ``10k`` or ``1m``."""
    text = text.strip().lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text[:-1] if factor > 1 else text) * factor)


def generate(out: Path, target: int, *, shape: Shape = "copies", seed: int = 1, plant: int = 0,
             source: Path = _ROOT) -> Generated:
    """Write a checkout of about ``target`` triples (ontology + data) to ``out`` (replacing it).

    Parameters
    ----------
    out
        The folder to write; an existing one is removed first.
    target
        Triples wanted: ``ontology/chkg.ttl`` plus everything under ``data/``.
    shape
        ``copies`` or ``connected`` (see the module's docstring).
    seed
        Seeds every random choice: the same seed gives byte-identical files.
    plant
        Mistakes of each kind to plant (0: a clean checkout).
    source
        The checkout to copy (default: this repository).
    """
    template = read_template(source)
    rng = random.Random(seed)
    per_copy = template.data_triples
    wanted = max(target - template.ontology_triples, 1)
    full, remainder = divmod(wanted, per_copy)
    partial = _partial(template, remainder, rng) if remainder * 2 > _smallest_closure(template) else None
    copies = full + (1 if partial is not None else 0)
    if copies == 0:
        partial, copies = _partial(template, remainder, rng), 1
    plants = plan_plants(template, list(range(full)), plant, rng)
    retarget = _rewire(template, copies, max(full, 1), rng) if shape == "connected" else {}
    if out.exists():
        shutil.rmtree(out)
    _copy_fixed(source, out, template, copies)
    edits: dict[tuple[int, str, int], Edit] = {(p.copy, p.file, p.block): p.edit for p in plants}
    for key, moved in retarget.items():
        edits.setdefault(key, Edit(point=moved))  # a planted block keeps its mistake
    if shape == "connected":  # one context scheme: every copy's claims name copy 0's contexts
        for index in range(1, copies):
            for path, block in _context_users(template):
                edit = edits.get((index, path, block), Edit())
                edits[(index, path, block)] = replace(edit, retarget={**edit.retarget, IN_CONTEXT: 0})
    written, lines = 0, {}
    for index in range(copies):
        included = partial if index == copies - 1 and partial is not None else None
        for data_file in template.files:
            count, starts = _write_copy(out, data_file, Copy(index, template.renamed), included, edits)
            written += count
            lines.update({(index, data_file.path, block): line for block, line in starts.items()})
    mistakes = tuple(_expected(p, lines) for p in plants)
    pairs = choose_pairs(template, copies if partial is None else max(copies - 1, 1), retarget, rng)
    result = Generated(out, shape, seed, target, template.ontology_triples + written - _dropped(plants, template),
                       copies, tuple(pairs), busiest_intermediate(template), mistakes)
    _sibling(out, "manifest").write_text(json.dumps(result.manifest(), indent=2) + "\n", encoding="utf-8")
    _sibling(out, "mistakes").write_text(json.dumps(list(mistakes), indent=2) + "\n", encoding="utf-8")
    return result


def data_path(copy: int, path: str) -> str:
    """Where copy ``copy`` of the data file ``path`` (relative to ``data/``) is written.

    >>> data_path(0, "influences.ttl"), data_path(12, "sources/a.ttl")
    ('data/influences.ttl', 'data/c12/sources/a.ttl')
    """
    return f"data/{path}" if copy == 0 else f"data/c{copy}/{path}"


def main(argv: Sequence[str] | None = None) -> None:
    """The command line: ``python -m benchmarks.generate --size 10k --out DIR``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size", default="10k", help="triples wanted: 5000, 10k, 1m (default 10k)")
    parser.add_argument("--shape", choices=["copies", "connected"], default="copies")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--plant", type=int, default=0, metavar="N", help="mistakes of each kind to plant")
    parser.add_argument("--out", type=Path, required=True, help="the checkout folder to write (replaced)")
    args = parser.parse_args(argv)
    shape: Shape = "connected" if args.shape == "connected" else "copies"
    made = generate(args.out, parse_size(args.size), shape=shape, seed=args.seed, plant=args.plant)
    print(f"{made.out}: {made.triples} triples, {made.copies} copies, shape {made.shape}, "
          f"{len(made.mistakes)} planted mistakes")


# -- Private helpers -----------------------------------------------------------


def _sibling(out: Path, what: str) -> Path:
    return out.parent / f"{out.name}.{what}.json"


def _copy_fixed(source: Path, out: Path, template: Template, copies: int) -> None:
    """The ontology, the queries and everything under data/ that is not Turtle; a source text per copy."""
    shutil.copytree(source / "ontology", out / "ontology")
    shutil.copytree(source / "queries", out / "queries")
    for path in sorted((source / "data").rglob("*")):
        if path.is_file() and path.suffix != ".ttl":
            target = out / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    for name in template.text_files:
        text = source / "data" / "sources" / name
        for index in range(1, copies):
            if text.is_file():
                shutil.copyfile(text, out / "data" / "sources" / renamed_text_file(name, index))


def _write_copy(out: Path, data_file: DataFile, copy: Copy, included: set[tuple[str, int]] | None,
                edits: dict[tuple[int, str, int], Edit]) -> tuple[int, dict[int, int]]:
    """Write one copy of one file; return its triple count and the line of each block's subject."""
    blocks = [(i, b) for i, b in enumerate(data_file.blocks) if included is None or (data_file.path, i) in included]
    if not blocks:
        return 0, {}
    prefixes = dict(data_file.prefixes)
    lines = [f"PREFIX {name}: <{iri}>" for name, iri in data_file.prefixes] + [""]
    starts: dict[int, int] = {}
    count = 0
    for index, block in blocks:
        edit = edits.get((copy.index, data_file.path, index))
        starts[index] = len(lines) + 1
        lines.extend(render(block, copy, prefixes, edit))
        lines.append("")
        count += block.triples + (len(edit.add) if edit is not None else 0)
    target = out / data_path(copy.index, data_file.path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(lines), encoding="utf-8")
    return count, starts


def _dropped(plants: Sequence[Plant], template: Template) -> int:
    """Triples a plant's edit removed (written counts include the block's full size)."""
    total = 0
    for plant in plants:
        block = next(f for f in template.files if f.path == plant.file).blocks[plant.block]
        total += sum(1 for p, _ in block.pairs if p.value in plant.edit.drop)
    return total


def _expected(plant: Plant, lines: dict[tuple[int, str, int], int]) -> dict[str, object]:
    return {"file": data_path(plant.copy, plant.file), "line": lines[(plant.copy, plant.file, plant.block)],
            "kind": plant.kind.value, "check": plant.check, "focus": plant.focus}


def _blocks_by_subject(template: Template) -> dict[str, list[tuple[str, int]]]:
    found: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for data_file in template.files:
        for index, block in enumerate(data_file.blocks):
            if isinstance(block.subject, ox.NamedNode):
                found[block.subject.value].append((data_file.path, index))
    return found


def _closure(template: Template, start: tuple[str, int], where: dict[str, list[tuple[str, int]]],
             blocks: dict[tuple[str, int], Block]) -> set[tuple[str, int]]:
    """A block and every block describing a project IRI it refers to, transitively."""
    seen, todo = {start}, [start]
    while todo:
        for term in _objects(blocks[todo.pop()]):
            for key in where.get(term, ()):
                if key not in seen:
                    seen.add(key)
                    todo.append(key)
    return seen


def _objects(block: Block) -> list[str]:
    found = []
    for _, obj in block.pairs:
        if isinstance(obj, Block):
            found.extend(_objects(obj))
        elif isinstance(obj, ox.NamedNode):
            found.append(obj.value)
    return found


def _smallest_closure(template: Template) -> int:
    """Triples of the smallest self-contained part of a copy (a partial copy below half of it is skipped)."""
    where = _blocks_by_subject(template)
    blocks = {(f.path, i): b for f in template.files for i, b in enumerate(f.blocks)}
    sizes = [sum(blocks[k].triples for k in _closure(template, key, where, blocks)) for key in list(blocks)[:50]]
    return min(sizes, default=1)


def _partial(template: Template, budget: int, rng: random.Random) -> set[tuple[str, int]]:
    """Blocks of a partial copy: roots (blocks nothing refers to) with their closures, until ``budget``."""
    where = _blocks_by_subject(template)
    blocks = {(f.path, i): b for f in template.files for i, b in enumerate(f.blocks)}
    referred = {key for b in blocks.values() for term in _objects(b) for key in where.get(term, ())}
    roots = [key for key in blocks if key not in referred]
    rng.shuffle(roots)
    included: set[tuple[str, int]] = set()
    size = 0
    for key in roots + [k for k in blocks if k in referred]:
        if size >= budget:
            break
        if key in included:
            continue
        closure = _closure(template, key, where, blocks) - included
        included |= closure
        size += sum(blocks[k].triples for k in closure)
    # every entity the partial copy describes keeps a claim at each end it has in the bundled
    # data (and one per relation the shapes count), so the partial copy adds no warning
    ends = _claim_ends(template)
    changed = True
    while changed:
        changed = False
        described = {b.subject.value for k in included if isinstance((b := blocks[k]).subject, ox.NamedNode)}
        for (entity, _, _), keys in sorted(ends.items()):
            if entity in described and not any(k in included for k in keys):
                closure = _closure(template, min(keys), where, blocks) - included
                included |= closure
                changed = True
    return included


def _claim_ends(template: Template) -> dict[tuple[str, str, tuple[str, ...]], list[tuple[str, int]]]:
    """(entity, end, counted relations) → the claims with the entity at that end."""
    qualified = _qualified_values(template.root / "ontology" / "shapes.ttl")
    found: dict[tuple[str, str, tuple[str, ...]], list[tuple[str, int]]] = defaultdict(list)
    for data_file in template.files:
        for index, block in enumerate(data_file.blocks):
            if not (isinstance(block.subject, ox.NamedNode) and template.is_a(block.subject.value, INFLUENCE)):
                continue
            kind = tuple(sorted(o.value for o in block.values(RELATION) if isinstance(o, ox.NamedNode)
                                and o.value in qualified))
            for end, predicate in (("out", INFLUENCER), ("in", INFLUENCEE)):
                for node in block.values(predicate):
                    if isinstance(node, ox.NamedNode):
                        found[(node.value, end, ())].append((data_file.path, index))
                        if kind:
                            found[(node.value, end, kind)].append((data_file.path, index))
    return found


def _rewire(template: Template, copies: int, targets: int, rng: random.Random) -> Rewiring:
    """Claims whose influencer and/or influencee become another copy's entity (the connected shape).

    The full copies (the first ``targets``) are split into neighbourhoods of
    :data:`NEIGHBOURHOOD` consecutive copies. A rewired claim (a share :data:`CROSS_SHARE` of
    the movable effect claims, the ones ``chkg paths`` follows) moves its free ends to relays
    (instances of entities effect claims lead to). Each neighbourhood has a core of
    :data:`CORE` relay instances: :data:`CORE_ENTRIES` entries (entities a policy's claim leads
    to, so policies reach the core) and values and outcomes in turn (what chains pass through);
    a share :data:`CORE_SHARE` of the moved ends goes to a core instance (uniformly), the rest to
    the other relays of the neighbourhood (Zipf weights, :data:`RELAY_SKEW`). An influencee only
    moves to one of the same kind (a value to a value, an outcome to an outcome, else the same
    types: ``chkg:embedsValue`` and ``chkg:contributesTo`` still name what they must), never to
    the claim's own influencer; a share :data:`LONG_LINKS` goes to a random neighbourhood. So the
    core is dense (claims in and out between a few dozen instances) and a policy whose claim
    leads into it reaches outcomes of other copies through hundreds of routes of 2 to 5 hops.
    The copies' claims also name copy 0's contexts (in :func:`generate`), so joins across copies
    are as compatible as the bundled data's.

    What stays true, so that a copy validates like the bundled data: a claim's statement,
    passage, quote and bridges stay in its own copy and its contexts are copy 0's (only
    ``prov:influencer`` and ``chkg:influencee`` move); every entity instance keeps one claim in and one claim out when
    the bundled entity has one, and one of each relation the shapes count with ``sh:hasValue``
    (the anchors, whose end never moves): nothing loses the last claim that leads to it, that it
    takes part in or that gives it a value, so no warning is added. Claims a bridge refers to
    stay whole. An out-anchor is, where it can be, a claim that is an in-anchor already, which
    leaves more claims free at both ends. The partial copy is neither rewired nor pointed at.

    What is not true: a rewired claim's quote and mechanism text still speak of its original
    entities, so a claim that now names a relay says something its source does not (chkg does
    not check that a quote names the claim's entities, so validate cannot see it). The connected
    graph is load for the analysis, not evidence.
    """
    if targets < 2:
        return {}
    referred = {o for f in template.files for b in f.blocks for o in _objects(b)}
    qualified = _qualified_values(template.root / "ontology" / "shapes.ttl")
    ins: dict[tuple[str, tuple[str, ...]], list[tuple[str, int]]] = defaultdict(list)
    outs: dict[tuple[str, tuple[str, ...]], list[tuple[str, int]]] = defaultdict(list)
    movable: list[tuple[str, int, str, str]] = []
    relays: set[str] = set()
    entries: set[str] = set()  # what policies lead to: where routes enter the relays
    for data_file in template.files:
        for index, block in enumerate(data_file.blocks):
            if not (isinstance(block.subject, ox.NamedNode) and template.is_a(block.subject.value, INFLUENCE)):
                continue
            froms = [o.value for o in block.values(INFLUENCER) if isinstance(o, ox.NamedNode)]
            tos = [o.value for o in block.values(INFLUENCEE) if isinstance(o, ox.NamedNode)]
            key = (data_file.path, index)
            kind = tuple(sorted(o.value for o in block.values(RELATION) if isinstance(o, ox.NamedNode)
                                and o.value in qualified))
            for u in froms:
                outs[(u, kind)].append(key)
            for v in tos:
                ins[(v, kind)].append(key)
            types = {o.value for o in block.values(CLAIM_TYPE) if isinstance(o, ox.NamedNode)}
            effect = not types or bool(types & EFFECT_TYPES)
            if effect:
                relays.update(v for v in tos if v in template.renamed and not template.is_a(v, POLICY))
                if any(template.is_a(u, POLICY) for u in froms):
                    entries.update(v for v in tos if v in template.renamed and not template.is_a(v, POLICY))
            if (effect and block.subject.value not in referred and len(froms) == 1 and len(tos) == 1
                    and froms[0] in template.renamed and tos[0] in template.renamed):
                movable.append((data_file.path, index, froms[0], tos[0]))
    moving = {(path, index) for path, index, _, _ in movable}
    still = {key for keys in ins.values() for key in keys if key not in moving}
    anchors_in = {_anchor(keys, still) for keys in ins.values()}
    # an out-anchor that is an in-anchor already leaves the entity's other claims free at both ends
    anchors_out = {_anchor(keys, still, anchors_in) for keys in outs.values()}
    size = min(NEIGHBOURHOOD, targets)
    weights = [1.0 / (rank + 1) ** HUB_SKEW for rank in range(size)]
    ranked: dict[tuple[int, str], list[int]] = {}
    pool = sorted(relays)
    hubs: dict[tuple[int, tuple[str, ...] | None], tuple[list[tuple[str, int]], list[tuple[str, int]]]] = {}
    tails: dict[int, list[float]] = {}

    def members(group: int) -> list[int]:
        found = list(range(group * size, min((group + 1) * size, targets)))
        return found if len(found) >= 2 else list(range(max(group * size - size, 0), targets))

    def draw(group: int, entity: str) -> int:
        order = ranked.get((group, entity))
        if order is None:
            order = members(group)
            rng.shuffle(order)
            ranked[(group, entity)] = order
        return rng.choices(order, weights=weights[:len(order)] + [weights[-1]] * (len(order) - len(weights)))[0]

    def kind_of(entity: str) -> tuple[str, ...]:
        """What an influencee may be replaced by: a value by a value, an outcome by an outcome
        (the classes ``chkg:embedsValue`` and ``chkg:contributesTo`` ask for), else the same types."""
        for cls in (VALUE, OUTCOME):
            if template.is_a(entity, cls):
                return (cls,)
        return template.types.get(entity, ())

    def ranked_relays(group: int) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
        """The core and the rest of the neighbourhood's relay instances. The core: :data:`CORE_ENTRIES`
        entries (where policies lead), then values and outcomes in turn (what chains pass through),
        :data:`CORE` in all; the rest ranked an entry, a value, an outcome, another relay in turn
        (each kind shuffled)."""
        kinds: dict[str, list[tuple[str, int]]] = {"entry": [], "value": [], "outcome": [], "other": []}
        for c in members(group):
            for e in pool:
                bucket = ("entry" if e in entries else "value" if template.is_a(e, VALUE)
                          else "outcome" if template.is_a(e, OUTCOME) else "other")
                kinds[bucket].append((e, c))
        for found in kinds.values():
            rng.shuffle(found)
        middle = [x for row in zip_longest(kinds["value"], kinds["outcome"]) for x in row if x is not None]
        core = kinds["entry"][:CORE_ENTRIES] + middle[:CORE - CORE_ENTRIES]
        rest = [kinds["entry"][CORE_ENTRIES:], kinds["value"], kinds["outcome"], kinds["other"]]
        tail = [x for row in zip_longest(*rest) for x in row if x is not None and x not in core]
        return core, tail

    def hub(group: int, like: str | None = None) -> tuple[str, int]:
        """A relay instance (entity, copy) of the neighbourhood, of the same kind as ``like`` if given:
        for a share :data:`CORE_SHARE` one of the core (uniformly), else one of the rest (Zipf weights
        on their ranks)."""
        key = (group, kind_of(like) if like is not None else None)
        if key not in hubs:
            if (group, None) not in hubs:
                hubs[(group, None)] = ranked_relays(group)
            core, tail = hubs[(group, None)]
            if like is not None:
                core = [(e, c) for e, c in core if kind_of(e) == key[1]]
                tail = [(e, c) for e, c in tail if kind_of(e) == key[1]]
            hubs[key] = (core, tail or core or [(str(like), group * size)])
        core, tail = hubs[key]
        if core and rng.random() < CORE_SHARE:
            return core[rng.randrange(len(core))]
        cumulative = tails.get(len(tail))
        if cumulative is None:
            cumulative = tails[len(tail)] = list(accumulate(1.0 / (r + 1) ** RELAY_SKEW for r in range(len(tail))))
        return tail[bisect(cumulative, rng.random() * cumulative[-1])]

    rewired: Rewiring = {}
    for copy in range(targets):
        group = copy // size
        for path, index, u, v in movable:
            if rng.random() >= CROSS_SHARE:
                continue
            moved: dict[str, tuple[str, int]] = {}
            if (path, index) not in anchors_out:
                moved[INFLUENCER] = hub(group) if pool and rng.random() < RELAY_SHARE else (u, draw(group, u))
            if (path, index) not in anchors_in:
                far = rng.random() < LONG_LINKS
                there = rng.randrange(targets) // size if far else group
                start = moved.get(INFLUENCER, (u, copy))
                for _ in range(3):  # no claim from an instance to itself
                    end = hub(there, v) if pool and rng.random() < RELAY_SHARE else (v, draw(there, v))
                    if end != start:
                        moved[INFLUENCEE] = end
                        break
            moved = {p: m for p, m in moved.items() if m != ((u, v)[p == INFLUENCEE], copy)}
            if moved:
                rewired[(copy, path, index)] = moved
    return rewired


def _context_users(template: Template) -> list[tuple[str, int]]:
    """The blocks (file, index) that name a context with ``chkg:inContext``."""
    return [(f.path, i) for f in template.files for i, b in enumerate(f.blocks) if b.values(IN_CONTEXT)]


def _qualified_values(shapes: Path) -> frozenset[str]:
    """IRIs the shapes ask for with ``sh:hasValue`` (a relation a qualified count needs, such as
    ``chkg:embedsValue``): an entity keeps one claim of each such relation at each end."""
    if not shapes.is_file():
        return frozenset()
    return frozenset(q.object.value for q in ox.parse(path=str(shapes), format=ox.RdfFormat.TURTLE)
                     if q.predicate.value == SH_HAS_VALUE and isinstance(q.object, ox.NamedNode))


def _anchor(keys: list[tuple[str, int]], still: set[tuple[str, int]],
            fixed: set[tuple[str, int]] | frozenset[tuple[str, int]] = frozenset()) -> tuple[str, int]:
    """The claim that keeps an entity's end in its own copy: one that is never moved anyway if any,
    else one whose other end is ``fixed`` already if any."""
    return min(keys, key=lambda k: (k not in still, k not in fixed, k))


if __name__ == "__main__":
    main()
