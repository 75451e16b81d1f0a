"""Read a checkout's curated data into a template the generator copies.

The template is derived from the files, not from a fixed data model: every ``*.ttl`` under
``data/`` becomes a list of subject blocks (in document order, blank nodes used once inlined),
the IRIs to rename per copy are the project's IRIs the data describes (not the ontology's terms),
and the properties a shape requires come from ``ontology/shapes.ttl``. Only the claim pattern
(``chkg:Influence`` with ``prov:influencer`` and ``chkg:influencee``) and the policy and
outcome classes are named here, as ``docs/EVIDENCE-MODEL.md`` keeps them.

Examples
--------
>>> from pathlib import Path
>>> template = read_template(Path(__file__).resolve().parents[1])
>>> template.data_triples > 1000 and template.ontology_triples > 100
True
>>> any(block.subject.value.endswith("/burnout") for f in template.files for block in f.blocks)
True
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

__all__ = [
    "CHKG",
    "INFLUENCE",
    "INFLUENCER",
    "INFLUENCEE",
    "LABEL_PREDICATES",
    "RELATION",
    "Block",
    "DataFile",
    "Object",
    "RequiredProperty",
    "Template",
    "read_template",
    "parse_prefixes",
]

CHKG = "https://w3id.org/creative-health-kg/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SH = "http://www.w3.org/ns/shacl#"
INFLUENCE = CHKG + "Influence"
INFLUENCER = "http://www.w3.org/ns/prov#influencer"
INFLUENCEE = CHKG + "influencee"
RELATION = CHKG + "relation"
POLICY = CHKG + "Policy"
OUTCOME = CHKG + "Outcome"
QUOTE = CHKG + "quote"
TEXT_FILE = CHKG + "textFile"
#: Literals that name an entity: a copy gets its own, so labels stay unique per class.
LABEL_PREDICATES = frozenset({RDFS + "label", SKOS + "prefLabel", SKOS + "altLabel",
                              "http://purl.org/dc/terms/title"})

#: Any term a parsed triple holds.
_Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
_PREFIX_LINE = re.compile(r"^\s*(?:PREFIX|@prefix)\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE)


@dataclass(frozen=True)
class Block:
    """One subject and its (predicate, object) pairs in document order; objects may be inline blocks."""

    subject: ox.NamedNode | ox.BlankNode
    pairs: tuple[tuple[ox.NamedNode, Object], ...]

    @property
    def triples(self) -> int:
        """How many triples the block states, inline blocks included."""
        return sum(1 + (o.triples if isinstance(o, Block) else 0) for _, o in self.pairs)

    def values(self, predicate: str) -> list[Object]:
        """The objects of ``predicate`` in this block."""
        return [o for p, o in self.pairs if p.value == predicate]


#: An object in a block: a term, or a blank node written inline as ``[ ... ]``.
Object = ox.NamedNode | ox.BlankNode | ox.Literal | Block


@dataclass(frozen=True)
class DataFile:
    """One curated Turtle file: its path under ``data/``, its prefixes, its blocks."""

    path: str
    prefixes: tuple[tuple[str, str], ...]
    blocks: tuple[Block, ...]

    @property
    def triples(self) -> int:
        """How many triples the file states."""
        return sum(b.triples for b in self.blocks)


@dataclass(frozen=True)
class RequiredProperty:
    """A violation-severity shape with ``sh:minCount`` >= 1 of ``path`` on ``target`` instances."""

    shape: str
    target: str
    path: str


@dataclass(frozen=True)
class Template:
    """What the generator copies: the curated files and what it must know about them.

    Attributes
    ----------
    root
        The checkout read.
    files
        Every ``*.ttl`` under ``data/``, sorted by path.
    ontology_triples
        Triples of ``ontology/chkg.ttl`` (chkg loads it with the data; the shapes it does not).
    renamed
        The project IRIs a copy renames: all but the ontology's terms and what only the ontology or shapes name.
    types
        Asserted ``rdf:type`` of each subject IRI.
    superclasses
        Each class with itself and its ``rdfs:subClassOf`` ancestors (from the ontology).
    required
        The properties violation shapes require.
    text_files
        The ``chkg:textFile`` names (files under ``data/sources/``).
    """

    root: Path
    files: tuple[DataFile, ...]
    ontology_triples: int
    renamed: frozenset[str]
    types: dict[str, tuple[str, ...]]
    superclasses: dict[str, frozenset[str]]
    required: tuple[RequiredProperty, ...]
    text_files: tuple[str, ...]
    blocks_per_subject: dict[str, int] = field(default_factory=dict)

    @property
    def data_triples(self) -> int:
        """Triples of one full copy of the data."""
        return sum(f.triples for f in self.files)

    def is_a(self, iri: str, cls: str) -> bool:
        """Whether ``iri`` has an asserted type that is ``cls`` or a subclass of it."""
        return any(cls in self.superclasses.get(t, frozenset({t})) for t in self.types.get(iri, ()))


def parse_prefixes(text: str) -> tuple[tuple[str, str], ...]:
    """The ``PREFIX`` / ``@prefix`` declarations of a Turtle text, in order.

    >>> parse_prefixes('PREFIX chkg: <https://w3id.org/creative-health-kg/>\\n@prefix : <http://e/> .')
    (('chkg', 'https://w3id.org/creative-health-kg/'), ('', 'http://e/'))
    """
    found = []
    for line in text.splitlines():
        match = _PREFIX_LINE.match(line)
        if match:
            found.append((match.group(1) or "", match.group(2)))
    return tuple(found)


def read_template(root: Path) -> Template:
    """Read the checkout at ``root`` (``ontology/`` and ``data/``) into a :class:`Template`."""
    ontology = list(_parse(root / "ontology" / "chkg.ttl"))
    shapes_path = root / "ontology" / "shapes.ttl"
    shapes = list(_parse(shapes_path)) if shapes_path.is_file() else []
    files = tuple(_read_file(root / "data", path) for path in sorted((root / "data").rglob("*.ttl")))
    types: dict[str, list[str]] = defaultdict(list)
    counts: dict[str, int] = defaultdict(int)
    mentioned: set[str] = set()
    text_files: list[str] = []
    for data_file in files:
        for block in data_file.blocks:
            if isinstance(block.subject, ox.NamedNode):
                counts[block.subject.value] += 1
                mentioned.add(block.subject.value)
                types[block.subject.value].extend(
                    o.value for o in block.values(RDF_TYPE) if isinstance(o, ox.NamedNode))
            for term in _terms(block):
                if isinstance(term, ox.NamedNode):
                    mentioned.add(term.value)
                elif isinstance(term, ox.Literal) and term in block.values(TEXT_FILE):
                    text_files.append(term.value)
    # Kept: the ontology's terms, and what the ontology or shapes name that the data does not
    # describe. An entity the data describes is renamed even when a shape's message cites it.
    terms = {q.subject.value for q in ontology if isinstance(q.subject, ox.NamedNode)}
    named = {t.value for q in ontology + shapes for t in (q.subject, q.predicate, q.object)
             if isinstance(t, ox.NamedNode)}
    kept = terms | (named - set(counts))
    renamed = frozenset(iri for iri in mentioned if iri.startswith(CHKG) and iri not in kept
                        and not iri.startswith((CHKG + "ontology", CHKG + "shapes")))
    return Template(root, files, len(ontology), renamed, {k: tuple(v) for k, v in types.items()},
                    _superclasses(ontology), _required(shapes), tuple(sorted(set(text_files))), dict(counts))


# -- Private helpers -----------------------------------------------------------


def _parse(path: Path) -> list[ox.Triple]:
    return [ox.Triple(q.subject, q.predicate, q.object)
            for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]


def _read_file(data_dir: Path, path: Path) -> DataFile:
    """Group a file's triples by subject; inline each blank node that is the object of one triple."""
    triples = _parse(path)
    order: list[ox.NamedNode | ox.BlankNode] = []
    pairs: dict[ox.NamedNode | ox.BlankNode, list[tuple[ox.NamedNode, _Term]]] = defaultdict(list)
    uses: dict[ox.BlankNode, int] = defaultdict(int)
    for t in triples:
        subject = t.subject
        if not isinstance(subject, (ox.NamedNode, ox.BlankNode)):
            continue  # RDF-star subjects do not occur in curated Turtle
        if subject not in pairs:
            order.append(subject)
        pairs[subject].append((t.predicate, t.object))
        if isinstance(t.object, ox.BlankNode):
            uses[t.object] += 1
    inline = {b for b, n in uses.items() if n == 1 and b in pairs}

    def build(subject: ox.NamedNode | ox.BlankNode, seen: frozenset[ox.BlankNode]) -> Block:
        built: list[tuple[ox.NamedNode, Object]] = []
        for predicate, obj in pairs[subject]:
            if isinstance(obj, ox.BlankNode) and obj in inline and obj not in seen:
                built.append((predicate, build(obj, seen | {obj})))
            elif isinstance(obj, (ox.NamedNode, ox.BlankNode, ox.Literal)):
                built.append((predicate, obj))
        return Block(subject, tuple(built))

    blocks = tuple(build(s, frozenset({s}) if isinstance(s, ox.BlankNode) else frozenset())
                   for s in order if s not in inline)
    text = path.read_text(encoding="utf-8")
    return DataFile(path.relative_to(data_dir).as_posix(), parse_prefixes(text), blocks)


def _terms(block: Block) -> list[_Term]:
    found: list[_Term] = [block.subject]
    for predicate, obj in block.pairs:
        found.append(predicate)
        found.extend(_terms(obj) if isinstance(obj, Block) else [obj])
    return found


def _superclasses(ontology: list[ox.Triple]) -> dict[str, frozenset[str]]:
    parents: dict[str, set[str]] = defaultdict(set)
    for t in ontology:
        if (t.predicate.value == RDFS + "subClassOf" and isinstance(t.subject, ox.NamedNode)
                and isinstance(t.object, ox.NamedNode)):
            parents[t.subject.value].add(t.object.value)
    closure: dict[str, frozenset[str]] = {}
    for cls in list(parents):
        seen, todo = {cls}, [cls]
        while todo:
            for parent in parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        closure[cls] = frozenset(seen)
    return closure


def _required(shapes: list[ox.Triple]) -> tuple[RequiredProperty, ...]:
    """Violation shapes with a simple ``sh:path`` and ``sh:minCount`` >= 1, and their target classes."""
    by_subject: dict[_Term, dict[str, list[_Term]]] = defaultdict(lambda: defaultdict(list))
    for t in shapes:
        by_subject[t.subject][t.predicate.value].append(t.object)
    parent_of = {o: s for s, props in by_subject.items() for o in props.get(SH + "property", [])}
    found = []
    for shape, props in by_subject.items():
        paths = [p for p in props.get(SH + "path", []) if isinstance(p, ox.NamedNode)]
        counts = [int(c.value) for c in props.get(SH + "minCount", []) if isinstance(c, ox.Literal)]
        if not paths or not counts or max(counts) < 1:
            continue
        owner = shape if props.get(SH + "targetClass") else parent_of.get(shape)
        if owner is None:
            continue
        severity = by_subject[owner].get(SH + "severity", []) + props.get(SH + "severity", [])
        if any(isinstance(s, ox.NamedNode) and s.value != SH + "Violation" for s in severity):
            continue
        named = shape if isinstance(shape, ox.NamedNode) else owner
        if not isinstance(named, ox.NamedNode):
            continue
        for target in by_subject[owner].get(SH + "targetClass", []):
            if isinstance(target, ox.NamedNode):
                found.append(RequiredProperty(named.value, target.value, paths[0].value))
    return tuple(sorted(found, key=lambda r: (r.shape, r.target)))
