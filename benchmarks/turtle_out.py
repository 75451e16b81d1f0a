"""Write template blocks as Turtle, one copy at a time, knowing the line of every subject.

A copy renames the template's project IRIs (``chkg:burnout`` → ``chkg:burnout-c3``), the
literals that name things (``"burnout"@en`` → ``"burnout (copy 3)"@en``) and the source text
files (``culture-and-values.md`` → ``culture-and-values-c3.md``); copy 0 is the bundled data
unchanged. A :class:`Edit` adds, drops or replaces pairs of one block (how mistakes are planted
and claims rewired).

Examples
--------
>>> import pyoxigraph as ox
>>> from benchmarks.template import Block
>>> block = Block(ox.NamedNode("https://w3id.org/creative-health-kg/x"),
...               ((ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("x", language="en")),))
>>> copy = Copy(2, frozenset({"https://w3id.org/creative-health-kg/x"}))
>>> print("\\n".join(render(block, copy, {"chkg": "https://w3id.org/creative-health-kg/"})))
chkg:x-c2
    rdfs:label "x (copy 2)"@en ;
.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox

from benchmarks.template import LABEL_PREDICATES, TEXT_FILE, Block, Object
from chkg.vocab.curies import Converter

__all__ = ["Copy", "Edit", "render", "renamed_iri", "renamed_text_file"]

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_WELL_KNOWN = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
               "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}


@dataclass(frozen=True)
class Edit:
    """Changes to one block of one copy: pairs to drop, pairs to add, objects to point elsewhere.

    ``retarget`` maps a predicate IRI to the copy whose version of the object to use (a
    claim of copy 3 pointing at ``chkg:burnout-c7``); ``point`` maps it to another entity (as
    the template names it) and the copy whose version to use (``chkg:stress-c5`` instead).
    """

    drop: frozenset[str] = frozenset()
    add: tuple[tuple[ox.NamedNode, ox.NamedNode | ox.Literal], ...] = ()
    replace: Mapping[str, ox.Literal] = field(default_factory=dict)
    retarget: Mapping[str, int] = field(default_factory=dict)
    point: Mapping[str, tuple[str, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Copy:
    """How copy ``index`` renames the template (copy 0 renames nothing)."""

    index: int
    renamed: frozenset[str]

    def iri(self, node: ox.NamedNode, index: int | None = None) -> ox.NamedNode:
        """``node`` as this copy (or copy ``index``) names it."""
        return renamed_iri(node, self.index if index is None else index, self.renamed)

    def blank(self, node: ox.BlankNode) -> str:
        """A blank node label unique to this copy."""
        return f"_:c{self.index}x{node.value}"

    def literal(self, predicate: str, literal: ox.Literal) -> ox.Literal:
        """A naming literal with this copy's suffix; a text file name of this copy; else unchanged."""
        if self.index == 0:
            return literal
        if predicate in LABEL_PREDICATES:
            value = f"{literal.value} (copy {self.index})"
        elif predicate == TEXT_FILE:
            value = renamed_text_file(literal.value, self.index)
        else:
            return literal
        if literal.language:
            return ox.Literal(value, language=literal.language)
        return ox.Literal(value, datatype=literal.datatype)


def renamed_iri(node: ox.NamedNode, index: int, renamed: frozenset[str]) -> ox.NamedNode:
    """The name of ``node`` in copy ``index``: suffixed ``-c<index>`` when it is renamed.

    >>> renamed_iri(ox.NamedNode("http://e/a"), 3, frozenset({"http://e/a"})).value
    'http://e/a-c3'
    >>> renamed_iri(ox.NamedNode("http://e/a"), 0, frozenset({"http://e/a"})).value
    'http://e/a'
    """
    if index == 0 or node.value not in renamed:
        return node
    return ox.NamedNode(f"{node.value}-c{index}")


def renamed_text_file(name: str, index: int) -> str:
    """The source text file of copy ``index``.

    >>> renamed_text_file("culture-and-values.md", 4), renamed_text_file("a.md", 0)
    ('culture-and-values-c4.md', 'a.md')
    """
    if index == 0:
        return name
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}-c{index}.{suffix}" if dot else f"{name}-c{index}"


def render(block: Block, copy: Copy, prefixes: Mapping[str, str], edit: Edit | None = None) -> list[str]:
    """The lines of ``block`` as ``copy`` writes it, with ``edit`` applied; the subject on the first line."""
    names = Converter({**_WELL_KNOWN, **prefixes})
    subject = block.subject
    head = copy.blank(subject) if isinstance(subject, ox.BlankNode) else _iri(copy.iri(subject), names)
    return [head, *_pairs(block, copy, names, edit, "    "), "."]


def _pairs(block: Block, copy: Copy, names: Converter, edit: Edit | None, indent: str) -> list[str]:
    lines: list[str] = []
    pairs: list[tuple[ox.NamedNode, Object]] = list(block.pairs)
    if edit is not None:
        pairs = [(p, o) for p, o in pairs if p.value not in edit.drop]
        pairs.extend(edit.add)
    for predicate, obj in pairs:
        verb = "a" if predicate.value == _RDF_TYPE else _iri(predicate, names)
        if isinstance(obj, Block):
            lines.append(f"{indent}{verb} [")
            lines.extend(_pairs(obj, copy, names, None, indent + "    "))
            lines.append(f"{indent}] ;")
            continue
        lines.append(f"{indent}{verb} {_object(predicate, obj, copy, names, edit)} ;")
    return lines


def _object(predicate: ox.NamedNode, obj: ox.NamedNode | ox.BlankNode | ox.Literal, copy: Copy,
            names: Converter, edit: Edit | None) -> str:
    if isinstance(obj, ox.BlankNode):
        return copy.blank(obj)
    if isinstance(obj, ox.Literal):
        if edit is not None and predicate.value in edit.replace:
            return str(edit.replace[predicate.value])
        return str(copy.literal(predicate.value, obj))
    if edit is not None and predicate.value in edit.point:
        entity, index = edit.point[predicate.value]
        return _iri(copy.iri(ox.NamedNode(entity), index), names)
    target = edit.retarget.get(predicate.value) if edit is not None else None
    return _iri(copy.iri(obj, target), names)


def _iri(node: ox.NamedNode, names: Converter) -> str:
    return names.show(node.value, plain=True)
