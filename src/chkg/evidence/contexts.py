"""Context compatibility: may a chain join a claim in one population or setting to a claim in
another? (EVIDENCE-MODEL §3)

Contexts (``chkg:Context``) form a hierarchy through ``skos:broader``. At a join between claim
A (into the node) and claim B (out of it), the contexts are *compatible* when either claim has
no context, or some context of A equals, is broader than, or is narrower than some context of
B. Two siblings (link workers and, say, a hypothetical other staff group) or two unrelated tops
(NHS staff and creative health providers) are incompatible.

Examples
--------
>>> broader = {"nhs": {"system"}, "link-workers": {"nhs"}, "leaders": {"system"}}
>>> compatible(["link-workers"], ["system"], broader)
True
>>> compatible(["link-workers"], ["leaders"], broader)
False
>>> compatible([], ["providers"], broader)
True
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SKOS

from chkg.vocab.namespace import CHKG

__all__ = ["Hierarchy", "ancestors", "related", "compatible", "context_hierarchy"]

#: Context → the contexts it is directly narrower than (``skos:broader``).
Hierarchy = Mapping[str, Collection[str]]


def ancestors(context: str, broader: Hierarchy) -> frozenset[str]:
    """Every context ``context`` is narrower than (``skos:broader+``), cycles tolerated.

    Examples
    --------
    >>> sorted(ancestors("link-workers", {"link-workers": ["nhs"], "nhs": ["system"]}))
    ['nhs', 'system']
    """
    seen: set[str] = set()
    stack = list(broader.get(context, ()))
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(broader.get(node, ()))
    return frozenset(seen)


def related(a: str, b: str, broader: Hierarchy) -> bool:
    """True when ``a`` equals ``b`` or one is broader than the other.

    Examples
    --------
    >>> related("nhs", "system", {"nhs": ["system"]}), related("nhs", "patients", {"nhs": ["system"]})
    (True, False)
    """
    return a == b or b in ancestors(a, broader) or a in ancestors(b, broader)


def compatible(left: Iterable[str], right: Iterable[str], broader: Hierarchy) -> bool:
    """Whether a join between a claim in contexts ``left`` and one in ``right`` is compatible.

    Parameters
    ----------
    left, right
        The ``chkg:inContext`` values (IRIs) of the claim into the join node and of the claim
        out of it.
    broader
        Context → its direct broader contexts.

    Returns
    -------
    bool
        True when either side has no context or some pair is related (:func:`related`).
    """
    a, b = list(left), list(right)
    if not a or not b:
        return True
    return any(related(x, y, broader) for x in a for y in b)


def context_hierarchy(graph: Graph) -> dict[str, frozenset[str]]:
    """The ``skos:broader`` links between the ``chkg:Context`` individuals of ``graph``.

    Examples
    --------
    >>> from chkg.vocab.namespace import CHKG_NS
    >>> g = Graph()
    >>> for c in ("a", "b"):
    ...     _ = g.add((CHKG_NS[c], RDF.type, CHKG.Context))
    >>> _ = g.add((CHKG_NS["b"], SKOS.broader, CHKG_NS["a"]))
    >>> context_hierarchy(g)[str(CHKG_NS["b"])] == {str(CHKG_NS["a"])}
    True
    """
    contexts = {c for c in graph.subjects(RDF.type, CHKG.Context) if isinstance(c, URIRef)}
    return {
        str(c): frozenset(str(b) for b in graph.objects(c, SKOS.broader) if isinstance(b, URIRef))
        for c in contexts
    }
