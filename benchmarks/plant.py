"""Plant known mistakes in generated copies, one block each, and say where validate must find them.

Five kinds, each made so that it gives exactly one violation of its own check and nothing
else (:class:`MistakeKind`): a reference to a project IRI nothing defines (an extra
``rdfs:seeAlso``), a misspelt ``chkg:`` property (an extra triple), a label another entity of
the same class and copy already has, a quote with words the source does not hold, and a
required property removed (the first one a violation shape requires that a literal carries,
a quote before a label, so that no other check is touched).

Examples
--------
>>> MistakeKind.DANGLING.check
'check:dangling-reference'
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

import pyoxigraph as ox

from benchmarks.template import CHKG, INFLUENCE, LABEL_PREDICATES, QUOTE, RDF_TYPE, Block, Template
from benchmarks.turtle_out import Edit

__all__ = ["MistakeKind", "Plant", "plan_plants"]

_SEE_ALSO = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#seeAlso")
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


class MistakeKind(Enum):
    """The mistakes ``--plant`` makes; the value is the kind's name in the expected list."""

    DANGLING = "dangling-reference"
    UNDEFINED_TERM = "undefined-term"
    DUPLICATE_LABEL = "duplicate-label"
    QUOTE_NOT_IN_SOURCE = "quote-not-in-source"
    MISSING_PROPERTY = "missing-required-property"

    @property
    def check(self) -> str:
        """The ``source_shape`` of the result for the Python checks (a shape for a missing property)."""
        return f"check:{self.value}"


@dataclass(frozen=True)
class Plant:
    """One planted mistake: in which copy and block, the edit, and the check that must report it."""

    kind: MistakeKind
    copy: int
    file: str
    block: int
    edit: Edit
    check: str
    focus: str


def plan_plants(template: Template, copies: Sequence[int], per_kind: int, rng: random.Random) -> list[Plant]:
    """``per_kind`` mistakes of every kind, in distinct blocks spread over ``copies`` (full copies).

    Raises ``ValueError`` when the template has too few suitable blocks.
    """
    if per_kind <= 0:
        return []
    if not copies:
        raise ValueError("mistakes are planted in full copies: ask for a larger size")
    candidates = _candidates(template)
    used: set[tuple[int, str, int]] = set()
    plants: list[Plant] = []
    for kind in MistakeKind:
        pool = candidates[kind]
        slots = [(copy, item) for copy in copies for item in pool]
        rng.shuffle(slots)
        made = 0
        for copy, (file, index, partner, extra) in slots:
            keys = {(copy, file, index)} | ({(copy, file, partner)} if partner is not None else set())
            if made == per_kind:
                break
            if keys & used:
                continue
            used |= keys
            plants.append(_make(template, kind, copy, file, index, partner, extra))
            made += 1
        if made < per_kind:
            raise ValueError(f"only {made} places for {kind.value} mistakes: ask for fewer or a larger size")
    return plants


# -- Private helpers -----------------------------------------------------------

#: (file, block index, partner block index for duplicate labels, the required shape for missing properties)
_Candidate = tuple[str, int, int | None, str]


def _single(template: Template, block: Block) -> bool:
    """A renamed IRI subject described in one block only (so validate locates it there)."""
    return (isinstance(block.subject, ox.NamedNode) and block.subject.value in template.renamed
            and template.blocks_per_subject.get(block.subject.value) == 1)


def _candidates(template: Template) -> dict[MistakeKind, list[_Candidate]]:
    found: dict[MistakeKind, list[_Candidate]] = {kind: [] for kind in MistakeKind}
    required = _chosen_required(template)
    for data_file in template.files:
        by_label: dict[tuple[str, str], int] = {}
        for index, block in enumerate(data_file.blocks):
            if not _single(template, block):
                continue
            subject = block.subject.value
            found[MistakeKind.DANGLING].append((data_file.path, index, None, ""))
            if any(p.value.startswith(CHKG) and p.value != RDF_TYPE for p, _ in block.pairs):
                found[MistakeKind.UNDEFINED_TERM].append((data_file.path, index, None, ""))
            quotes = [o for o in block.values(QUOTE) if isinstance(o, ox.Literal)]
            if template.is_a(subject, INFLUENCE) and len(quotes) == 1:
                found[MistakeKind.QUOTE_NOT_IN_SOURCE].append((data_file.path, index, None, ""))
            types = template.types.get(subject, ())
            labels = [o for o in block.values(_LABEL) if isinstance(o, ox.Literal)]
            if len(types) == 1 and len(labels) == 1:
                key = (types[0], data_file.path)
                if key in by_label:
                    found[MistakeKind.DUPLICATE_LABEL].append((data_file.path, index, by_label[key], ""))
                else:
                    by_label[key] = index
            if required is not None:
                shapes = [shape for shape, target in required[1] if template.is_a(subject, target)]
                if len(shapes) == 1 and any(isinstance(o, ox.Literal) for o in block.values(required[0])):
                    found[MistakeKind.MISSING_PROPERTY].append((data_file.path, index, None, shapes[0]))
    return found


def _chosen_required(template: Template) -> tuple[str, list[tuple[str, str]]] | None:
    """The required property to remove: literal-valued, not a naming one, on the most blocks."""
    counts: dict[str, int] = {}
    for data_file in template.files:
        for block in data_file.blocks:
            for predicate, obj in block.pairs:
                if isinstance(obj, ox.Literal):
                    counts[predicate.value] = counts.get(predicate.value, 0) + 1
    paths = {r.path for r in template.required if r.path in counts}
    if not paths:
        return None
    path = min(paths, key=lambda p: (p in LABEL_PREDICATES, -counts[p], p))
    return path, [(r.shape, r.target) for r in template.required if r.path == path]


def _make(template: Template, kind: MistakeKind, copy: int, file: str, index: int, partner: int | None,
          shape: str) -> Plant:
    data_file = next(f for f in template.files if f.path == file)
    block = data_file.blocks[index]
    subject = block.subject.value
    focus = f"{subject}-c{copy}" if copy else subject
    check = kind.check
    if kind is MistakeKind.DANGLING:
        edit = Edit(add=((_SEE_ALSO, ox.NamedNode(f"{focus}-missing")),))
    elif kind is MistakeKind.UNDEFINED_TERM:
        predicate, obj = next((p, o) for p, o in block.pairs if p.value.startswith(CHKG) and p.value != RDF_TYPE)
        local = predicate.value[len(CHKG):]
        typo = local.lower() if local.lower() != local else local + "s"
        added = obj if isinstance(obj, (ox.NamedNode, ox.Literal)) else ox.Literal("planted")
        if isinstance(added, ox.NamedNode) and added.value in template.renamed and copy:
            added = ox.NamedNode(f"{added.value}-c{copy}")
        edit = Edit(add=((ox.NamedNode(CHKG + typo), added),))
    elif kind is MistakeKind.DUPLICATE_LABEL:
        if partner is None:
            raise ValueError("a duplicate label needs the entity whose label it copies")
        other = data_file.blocks[partner]
        (first,) = [o for o in other.values(_LABEL) if isinstance(o, ox.Literal)]
        (own,) = [o for o in block.values(_LABEL) if isinstance(o, ox.Literal)]
        value = f"{first.value} (copy {copy})" if copy else first.value
        same = ox.Literal(value, language=first.language) if first.language else ox.Literal(value)
        edit = Edit(replace={p.value: same for p, o in block.pairs
                             if p.value in LABEL_PREDICATES and isinstance(o, ox.Literal) and o.value == own.value})
    elif kind is MistakeKind.QUOTE_NOT_IN_SOURCE:
        (quote,) = [o for o in block.values(QUOTE) if isinstance(o, ox.Literal)]
        edit = Edit(replace={QUOTE: ox.Literal(f"{quote.value} and planted words no source holds")})
    else:
        path = _chosen_required(template)
        if path is None:
            raise ValueError("no shape requires a property the data gives as a literal")
        edit = Edit(drop=frozenset({path[0]}))
        check = "chsh:" + shape.removeprefix(CHKG + "shapes/")
    return Plant(kind, copy, file, index, edit, check, focus)
