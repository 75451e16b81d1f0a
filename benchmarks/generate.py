"""Generate a checkout shaped like the bundled one at a target size, deterministic from a seed.

The checkout holds ``ontology/``, ``queries/``, ``data/sources/`` (the source texts, one copy
per generated source) and the curated data copied as many times as the size needs: copy 0
is the bundled data at its own paths, copy *i* lives in ``data/c<i>/`` with every project IRI
suffixed ``-c<i>``, every label suffixed `` (copy i)`` and its sources pointing at their own
copy of the source text, so quotes and selectors stay valid. The last copy may be partial: it
takes claims (and everything they refer to) until the size is reached.

Two shapes:

- ``copies``: the copies do not link to one another (path search stays within one copy);
- ``connected``: the same nodes and claims, but a share of the claims point at the entity of
  another copy (a ring of neighbouring copies plus random long links), so policies reach
  outcomes of many copies through many routes, a small world.

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
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pyoxigraph as ox

from benchmarks.pairs import Pair, busiest_intermediate, choose_pairs
from benchmarks.plant import Plant, plan_plants
from benchmarks.template import INFLUENCE, INFLUENCEE, Block, DataFile, Template, read_template
from benchmarks.turtle_out import Copy, Edit, renamed_text_file, render

__all__ = ["Shape", "Generated", "parse_size", "generate", "main"]

#: How copies relate: isolated copies, or claims joining them.
Shape = Literal["copies", "connected"]
#: Share of claims that point at another copy's entity in the connected shape.
CROSS_SHARE = 0.3
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
    for key, target_copy in retarget.items():
        edits.setdefault(key, Edit(retarget={INFLUENCEE: target_copy}))  # a planted block keeps its mistake
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
    return included


def _rewire(template: Template, copies: int, targets: int, rng: random.Random) -> dict[tuple[int, str, int], int]:
    """Claims that point at another copy's object: neighbours on a ring, some random long links.

    Only the first ``targets`` copies (the full ones) are pointed at, so no claim points at an
    entity a partial copy left out.
    """
    if targets < 2:
        return {}
    referred = {o for f in template.files for b in f.blocks for o in _objects(b)}
    claims = [(f.path, i) for f in template.files for i, b in enumerate(f.blocks)
              if isinstance(b.subject, ox.NamedNode) and template.is_a(b.subject.value, INFLUENCE)
              and b.subject.value not in referred
              and any(isinstance(o, ox.NamedNode) and o.value in template.renamed for o in b.values(INFLUENCEE))]
    retarget: dict[tuple[int, str, int], int] = {}
    for copy in range(copies):
        for path, index in claims:
            if rng.random() >= CROSS_SHARE:
                continue
            if rng.random() < 0.7:
                other = (copy + rng.choice((-2, -1, 1, 2))) % targets
            else:
                other = rng.randrange(targets)
            if other != copy:
                retarget[(copy, path, index)] = other
    return retarget


if __name__ == "__main__":
    main()
