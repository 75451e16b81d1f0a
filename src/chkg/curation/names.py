"""Local names of curated entities: minted from labels, readable, stable.

An entity's local name is :func:`slugify` of its label (``"NHS Long Term Workforce
Plan"`` → ``chkg:nhs-long-term-workforce-plan``), after its kind's prefix if it has one
(``context-``, :attr:`chkg.vocab.kinds.EntityKind.local_prefix`); a claim's is
``claim-<subject>-<relation>-<object>``; a statement's
``statement-<passage without its source's name>-<n>`` (docs/EVIDENCE-MODEL.md §1).

Examples
--------
>>> from chkg.vocab.namespace import CHKG
>>> slugify("Co-design / Co-production")
'co-design-co-production'
>>> relation_slug(CHKG.contributesTo)
'contributes-to'
"""

from __future__ import annotations

import re
import unicodedata

from rdflib import URIRef
from rdflib.term import Node

from chkg.errors import UsageError
from chkg.vocab.curies import last_segment, local_name
from chkg.vocab.namespace import CHKG_NS

__all__ = ["slugify", "relation_slug", "entity_slug", "claim_name"]

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def slugify(text: str) -> str:
    """A readable local name: lowercase ASCII, every other run of characters one hyphen.

    Raises
    ------
    chkg.errors.UsageError
        When nothing is left (a label of punctuation only).

    Examples
    --------
    >>> slugify("Arts Council England’s Creative Health & Wellbeing Strategy")
    'arts-council-england-s-creative-health-wellbeing-strategy'
    >>> slugify("Café Scientifique")
    'cafe-scientifique'
    >>> slugify("––")
    Traceback (most recent call last):
    ...
    chkg.errors.UsageError: cannot make a local name from '––': give one with --name
    """
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    slug = _NON_ALNUM.sub("-", folded.lower()).strip("-")
    if not slug:
        raise UsageError(f"cannot make a local name from {text!r}: give one with --name")
    return slug


def relation_slug(relation: URIRef) -> str:
    """The kebab-case form of an influence property's local name, for claim names.

    Examples
    --------
    >>> from chkg.vocab.namespace import CHKG
    >>> relation_slug(CHKG.embedsValue), relation_slug(CHKG.legitimises)
    ('embeds-value', 'legitimises')
    """
    return _CAMEL.sub("-", last_segment(relation)).lower()


def entity_slug(iri: Node) -> str:
    """The part of a claim's name that stands for an entity: its local name, or a slug of a foreign IRI.

    Examples
    --------
    >>> entity_slug(CHKG_NS["burnout"]), entity_slug(URIRef("https://example.org/Some_Thing"))
    ('burnout', 'some-thing')
    """
    text = str(iri)
    return local_name(text) if text.startswith(str(CHKG_NS)) else slugify(last_segment(text))


def claim_name(subject: Node, relation: URIRef, obj: Node) -> str:
    """``claim-<subject>-<relation>-<object>``.

    Examples
    --------
    >>> from chkg.vocab.namespace import CHKG
    >>> claim_name(CHKG_NS["a"], CHKG.ledTo, CHKG_NS["b"])
    'claim-a-led-to-b'
    """
    return f"claim-{entity_slug(subject)}-{relation_slug(relation)}-{entity_slug(obj)}"
