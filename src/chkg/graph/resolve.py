"""Resolve what a user typed (an IRI, a CURIE or a label) to one entity.

The order is fixed and documented, so that the same text always names the same entity:

1. an IRI (``https://...`` or ``<https://...>``) or a CURIE (``chkg:burnout``, any prefix of
   :data:`chkg.vocab.namespace.PREFIXES`) names the entity with that IRI, if it is known;
2. a case-insensitive exact match on a name (``rdfs:label``, ``dcterms:title``,
   ``skos:prefLabel`` or ``skos:altLabel``; whitespace folded);
3. a unique case-insensitive partial match (the text is a substring of a name).

Two or more entities at step 2 or 3 raise :class:`~chkg.errors.AmbiguousEntityError` listing
the candidates; nothing at all raises :class:`~chkg.errors.UnknownEntityError` with the closest
labels (:func:`difflib.get_close_matches`).

Examples
--------
>>> import networkx as nx
>>> G = nx.DiGraph()
>>> G.add_node("https://w3id.org/creative-health-kg/burnout", label="burnout")
>>> G.add_node("https://w3id.org/creative-health-kg/staff-retention", label="staff retention",
...            alt_labels=("retention",))
>>> resolve_entity(G, "Retention")
rdflib.term.URIRef('https://w3id.org/creative-health-kg/staff-retention')
>>> resolve_entity(G, "chkg:burnout")
rdflib.term.URIRef('https://w3id.org/creative-health-kg/burnout')
>>> resolve_entity(G, "burnot")
Traceback (most recent call last):
...
chkg.errors.UnknownEntityError: no entity matches 'burnot'; closest labels: 'burnout'
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeAlias

import networkx as nx
import rdflib
from rdflib import URIRef
from rdflib.namespace import DCTERMS, OWL, RDFS, SKOS

from chkg.errors import AmbiguousEntityError, UnknownEntityError
from chkg.graph.quotes import fold
from chkg.vocab.curies import expand
from chkg.vocab.namespace import ONTOLOGY_IRI

__all__ = ["EntityIndex", "resolve_entity", "fold_name"]

#: Properties whose values name an entity: the preferred label first.
LABEL_PROPERTIES: tuple[URIRef, ...] = (RDFS.label, SKOS.prefLabel, DCTERMS.title)
#: Properties whose values are other names of an entity.
ALT_LABEL_PROPERTIES: tuple[URIRef, ...] = (SKOS.altLabel,)



def fold_name(text: str) -> str:
    """Fold a name for comparison: :func:`chkg.graph.quotes.fold` (whitespace, typographic quotes), case-folded.

    Examples
    --------
    >>> fold_name("  Staff\\n  \u2018RETENTION\u2019 ")
    "staff 'retention'"
    """
    return fold(text).casefold()


@dataclass(frozen=True)
class EntityIndex:
    """The names of a set of entities, to resolve text against.

    Attributes
    ----------
    labels : dict
        IRI (``str``) → preferred label (the IRI itself when the entity has none).
    names : dict
        IRI (``str``) → every name of the entity (labels and alternative labels).
    """

    labels: dict[str, str] = field(default_factory=dict)
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_graph(cls, graph: rdflib.Graph, *, include_terms: bool = False) -> EntityIndex:
        """Index the named subjects of an rdflib graph.

        Ontology terms (anything ``rdfs:isDefinedBy`` the chkg ontology, and OWL classes and
        properties) are left out unless ``include_terms`` is true, so that a label like
        ``"report"`` names the curated entity and not the class.
        """
        terms: set[str] = set()
        if not include_terms:
            terms = {str(s) for s in graph.subjects(RDFS.isDefinedBy, ONTOLOGY_IRI)}
            for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.Ontology):
                terms.update(str(s) for s in graph.subjects(rdflib.RDF.type, kind))
        labels: dict[str, str] = {}
        names: dict[str, list[str]] = {}
        for prop in LABEL_PROPERTIES + ALT_LABEL_PROPERTIES:
            for subject, value in graph.subject_objects(prop):
                if not isinstance(subject, URIRef) or str(subject) in terms:
                    continue
                key = str(subject)
                if prop in LABEL_PROPERTIES:
                    labels.setdefault(key, str(value))
                names.setdefault(key, []).append(str(value))
        return cls(
            labels={k: labels.get(k, k) for k in names},
            names={k: tuple(dict.fromkeys(v)) for k, v in names.items()},
        )

    @classmethod
    def from_nx(cls, graph: nx.Graph) -> EntityIndex:
        """Index the nodes of a NetworkX graph by their ``label`` and ``alt_labels`` attributes."""
        labels: dict[str, str] = {}
        names: dict[str, tuple[str, ...]] = {}
        for node, data in graph.nodes(data=True):
            key = str(node)
            label = str(data.get("label") or key)
            labels[key] = label
            alts = tuple(str(a) for a in data.get("alt_labels", ()) or ())
            names[key] = tuple(dict.fromkeys((label, *alts)))
        return cls(labels=labels, names=names)

    @classmethod
    def from_mapping(cls, names: Mapping[str, Iterable[str]]) -> EntityIndex:
        """Index IRI → names (the first name is the preferred label)."""
        clean = {str(k): tuple(dict.fromkeys(str(n) for n in v)) for k, v in names.items()}
        return cls(labels={k: (v[0] if v else k) for k, v in clean.items()}, names=clean)


GraphOrIndex: TypeAlias = rdflib.Graph | nx.Graph | EntityIndex | Mapping[str, Iterable[str]]


def resolve_entity(graph_or_index: GraphOrIndex, text: str, *, limit: int = 5) -> URIRef:
    """Resolve an IRI, CURIE or label to the IRI of exactly one entity.

    Parameters
    ----------
    graph_or_index : rdflib.Graph, networkx.Graph, EntityIndex or mapping
        Where to look: an rdflib graph (its labelled subjects), a NetworkX graph (its nodes, by
        their ``label`` and ``alt_labels`` attributes), a prepared :class:`EntityIndex`, or a
        mapping IRI → names.
    text : str
        What the user typed.
    limit : int, optional
        How many closest labels an :class:`~chkg.errors.UnknownEntityError` lists (default 5).

    Returns
    -------
    rdflib.URIRef
        The entity's IRI.

    Raises
    ------
    chkg.errors.AmbiguousEntityError
        Two or more entities match at the first step that matches anything; the message lists
        them as ``label <iri>``.
    chkg.errors.UnknownEntityError
        Nothing matches; the message lists the closest labels, if any.

    Examples
    --------
    >>> index = EntityIndex.from_mapping({
    ...     "https://w3id.org/creative-health-kg/staff-wellbeing": ["staff wellbeing"],
    ...     "https://w3id.org/creative-health-kg/patient-wellbeing": ["patient wellbeing"],
    ... })
    >>> resolve_entity(index, "STAFF wellbeing")
    rdflib.term.URIRef('https://w3id.org/creative-health-kg/staff-wellbeing')
    >>> resolve_entity(index, "wellbeing")
    Traceback (most recent call last):
    ...
    chkg.errors.AmbiguousEntityError: 'wellbeing' matches 2 entities: patient wellbeing <https://w3id.org/creative-health-kg/patient-wellbeing>; staff wellbeing <https://w3id.org/creative-health-kg/staff-wellbeing>
    """
    index = _as_index(graph_or_index)
    raw = text.strip()
    if not raw:
        raise UnknownEntityError("no entity matches an empty name")

    iri = _as_iri(raw)
    if iri is not None and iri in index.names:
        return URIRef(iri)
    if iri is not None and _looks_like_iri(raw):
        raise UnknownEntityError(f"no entity has the IRI <{iri}>")

    wanted = fold_name(raw)
    exact = sorted(k for k, names in index.names.items() if any(fold_name(n) == wanted for n in names))
    if len(exact) == 1:
        return URIRef(exact[0])
    if exact:
        raise AmbiguousEntityError(_ambiguous(raw, exact, index))

    partial = sorted(k for k, names in index.names.items() if any(wanted in fold_name(n) for n in names))
    if len(partial) == 1:
        return URIRef(partial[0])
    if partial:
        raise AmbiguousEntityError(_ambiguous(raw, partial, index))

    all_names = sorted({n for names in index.names.values() for n in names})
    by_fold = {fold_name(n): n for n in all_names}
    close = difflib.get_close_matches(wanted, list(by_fold), n=limit, cutoff=0.5)
    message = f"no entity matches {raw!r}"
    if close:
        message += "; closest labels: " + ", ".join(repr(by_fold[c]) for c in close)
    raise UnknownEntityError(message)


# -- helpers ------------------------------------------------------------------


def _as_index(graph_or_index: GraphOrIndex) -> EntityIndex:
    if isinstance(graph_or_index, EntityIndex):
        return graph_or_index
    if isinstance(graph_or_index, rdflib.Graph):
        return EntityIndex.from_graph(graph_or_index)
    if isinstance(graph_or_index, nx.Graph):
        return EntityIndex.from_nx(graph_or_index)
    if isinstance(graph_or_index, Mapping):
        return EntityIndex.from_mapping(graph_or_index)
    raise TypeError(f"cannot resolve entities in a {type(graph_or_index).__name__}")


def _looks_like_iri(text: str) -> bool:
    return text.startswith("<") or "://" in text or text.startswith("urn:")


def _as_iri(text: str) -> str | None:
    """The IRI that ``text`` spells as an IRI or known CURIE, else ``None``."""
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1].strip()
    if _looks_like_iri(text):
        return text
    expanded = expand(text) if " " not in text else None
    return str(expanded) if expanded is not None else None


def _ambiguous(text: str, keys: list[str], index: EntityIndex, shown: int = 10) -> str:
    items = sorted((index.labels.get(k, k), k) for k in keys)
    listed = "; ".join(f"{label} <{k}>" for label, k in items[:shown])
    more = f"; and {len(items) - shown} more" if len(items) > shown else ""
    return f"{text!r} matches {len(items)} entities: {listed}{more}"
