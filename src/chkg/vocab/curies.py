"""One CURIE converter: IRI ⇄ ``prefix:local`` under the project's prefixes.

Every place that shows an IRI to a person (messages, tables, pages, diffs) or writes
one compactly (the JSON-LD context) goes through a :class:`Converter`: the default
one, :data:`CONVERTER`, knows :data:`chkg.vocab.namespace.PREFIXES`; a caller that
needs more prefixes (the shapes' ``chsh:``) or fewer (messages that name only
``chkg:`` IRIs) makes its own with :meth:`Converter.with_prefixes` or
:class:`Converter`. The longest matching namespace wins, as in the ``curies``
library, whose ``compress``/``expand`` with ``strict`` overloads this follows;
it is not used itself because it brings pydantic for what is forty lines here,
and chkg also needs the SPARQL-safe ``plain`` check and the ``<iri>`` display.

Examples
--------
>>> from chkg.vocab.namespace import CHKG
>>> compact(CHKG.Policy)
'chkg:Policy'
>>> compact("https://example.org/x") is None
True
>>> expand("chkg:burnout")
rdflib.term.URIRef('https://w3id.org/creative-health-kg/burnout')
>>> show("https://example.org/x")
'<https://example.org/x>'
>>> expand("nope:x", strict=True)
Traceback (most recent call last):
...
chkg.errors.CurieError: unknown prefix 'nope' in 'nope:x': known prefixes are chkg, cito, dcterms, oa, org, owl, prov, rdf, rdfs, skos, vann, xsd
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal, overload

from rdflib import BNode, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.term import Node

from chkg.errors import CurieError
from chkg.vocab.namespace import CHKG_NS, PREFIXES

__all__ = ["Converter", "CONVERTER", "CHKG_ONLY", "compact", "expand", "show", "local_name", "last_segment"]

# A local name that reads as a SPARQL / Turtle prefixed name without escapes.
_PLAIN_LOCAL = re.compile(r"[A-Za-z0-9_\-]+")
_CURIE = re.compile(r"([A-Za-z][A-Za-z0-9_.-]*):(.*)", re.S)


class Converter:
    """Compacts IRIs to CURIEs and expands CURIEs to IRIs under one prefix map.

    Parameters
    ----------
    prefixes
        Prefix → namespace IRI.

    Examples
    --------
    >>> shapes = CONVERTER.with_prefixes({"chsh": "https://w3id.org/creative-health-kg/shapes/"})
    >>> shapes.compact("https://w3id.org/creative-health-kg/shapes/Policy_label")
    'chsh:Policy_label'
    """

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self.prefixes: dict[str, str] = dict(prefixes)
        # longest namespace first, so that chsh: wins over chkg: for a shape
        self._by_length = sorted(((ns, p) for p, ns in self.prefixes.items()), key=lambda item: (-len(item[0]), item[1]))

    def with_prefixes(self, extra: Mapping[str, str]) -> Converter:
        """A converter with this one's prefixes and ``extra`` (which win on a clash)."""
        return Converter({**self.prefixes, **extra})

    @overload
    def compact(self, iri: Node | str, *, strict: Literal[True], plain: bool = ...) -> str: ...

    @overload
    def compact(self, iri: Node | str, *, strict: Literal[False] = ..., plain: bool = ...) -> str | None: ...

    def compact(self, iri: Node | str, *, strict: bool = False, plain: bool = False) -> str | None:
        """``prefix:local`` under the longest namespace ``iri`` starts with.

        Parameters
        ----------
        iri
            An IRI (an rdflib term or its string).
        strict
            Raise :class:`~chkg.errors.CurieError` instead of returning ``None`` when no
            prefix fits.
        plain
            Accept only a plain local name (letters, digits, ``_``, ``-``; at least one), so
            that the CURIE is a valid prefixed name in SPARQL and Turtle.

        Examples
        --------
        >>> CONVERTER.compact(CHKG_NS["ontology/1.0.0"]), CONVERTER.compact(CHKG_NS["ontology/1.0.0"], plain=True)
        ('chkg:ontology/1.0.0', None)
        """
        text = str(iri)
        for namespace, prefix in self._by_length:
            if text.startswith(namespace):
                local = text[len(namespace) :]
                if not plain or _PLAIN_LOCAL.fullmatch(local):
                    return f"{prefix}:{local}"
        if strict:
            raise CurieError(f"no prefix for {text!r}")
        return None

    @overload
    def expand(self, curie: str, *, strict: Literal[True]) -> URIRef: ...

    @overload
    def expand(self, curie: str, *, strict: Literal[False] = ...) -> URIRef | None: ...

    def expand(self, curie: str, *, strict: bool = False) -> URIRef | None:
        """The IRI a ``prefix:local`` CURIE stands for (``None``, or an error when ``strict``).

        Examples
        --------
        >>> CONVERTER.expand("skos:Concept")
        rdflib.term.URIRef('http://www.w3.org/2004/02/skos/core#Concept')
        >>> CONVERTER.expand("https://example.org/x") is None
        True
        """
        match = _CURIE.fullmatch(curie.strip())
        namespace = self.prefixes.get(match.group(1)) if match else None
        if match is not None and namespace is not None and not match.group(2).startswith("//"):
            return URIRef(namespace + match.group(2))
        if strict:
            if match is None:
                raise CurieError(f"not a CURIE: {curie!r}")
            raise CurieError(
                f"unknown prefix {match.group(1)!r} in {curie!r}: known prefixes are {', '.join(sorted(self.prefixes))}"
            )
        return None

    def show(self, term: Node | str | None, *, plain: bool = False, brackets: bool = True) -> str:
        """A term as a person reads it: a CURIE, else ``<iri>`` (or the bare IRI), ``_:id``, ``""``.

        A literal (or any other term) is shown by its string.

        Examples
        --------
        >>> CONVERTER.show(CHKG_NS.Policy), CONVERTER.show(BNode("b0")), CONVERTER.show(None)
        ('chkg:Policy', '_:b0', '')
        >>> CONVERTER.show(RdfLiteral("3", datatype=CHKG_NS.x))
        '3'
        >>> CONVERTER.show("https://example.org/x", brackets=False)
        'https://example.org/x'
        """
        if term is None:
            return ""
        if isinstance(term, BNode):
            return f"_:{term}"
        text = str(term)
        if text.startswith("_:"):
            return text
        if isinstance(term, RdfLiteral):
            return text
        found = self.compact(text, plain=plain)
        if found is not None:
            return found
        return f"<{text}>" if brackets else text


#: The converter for the project's prefixes (:data:`chkg.vocab.namespace.PREFIXES`).
CONVERTER = Converter(PREFIXES)
#: A converter that knows only ``chkg:``, for messages that name other IRIs in full.
CHKG_ONLY = Converter({"chkg": str(CHKG_NS)})


@overload
def compact(iri: Node | str, *, strict: Literal[True], plain: bool = ...) -> str: ...


@overload
def compact(iri: Node | str, *, strict: Literal[False] = ..., plain: bool = ...) -> str | None: ...


def compact(iri: Node | str, *, strict: bool = False, plain: bool = False) -> str | None:
    """:meth:`Converter.compact` with the project's prefixes."""
    return CONVERTER.compact(iri, strict=strict, plain=plain) if strict else CONVERTER.compact(iri, plain=plain)


@overload
def expand(curie: str, *, strict: Literal[True]) -> URIRef: ...


@overload
def expand(curie: str, *, strict: Literal[False] = ...) -> URIRef | None: ...


def expand(curie: str, *, strict: bool = False) -> URIRef | None:
    """:meth:`Converter.expand` with the project's prefixes."""
    return CONVERTER.expand(curie, strict=True) if strict else CONVERTER.expand(curie)


def show(term: Node | str | None, *, plain: bool = False, brackets: bool = True) -> str:
    """:meth:`Converter.show` with the project's prefixes."""
    return CONVERTER.show(term, plain=plain, brackets=brackets)


def local_name(iri: Node | str) -> str:
    """The local name of a ``chkg:`` IRI, or the last segment of any other.

    Examples
    --------
    >>> local_name(CHKG_NS["nhs-long-term-workforce-plan"]), local_name(CHKG_NS["ontology/1.0.0"])
    ('nhs-long-term-workforce-plan', 'ontology/1.0.0')
    >>> local_name("http://www.w3.org/ns/prov#influencer")
    'influencer'
    """
    text = str(iri)
    if text.startswith(str(CHKG_NS)):
        return text[len(str(CHKG_NS)) :]
    return last_segment(text)


def last_segment(iri: Node | str) -> str:
    """What follows the last ``/`` or ``#`` of an IRI (trailing ones ignored).

    Examples
    --------
    >>> last_segment("http://www.w3.org/ns/shacl#MinCountConstraintComponent"), last_segment("https://e.org/a/b/")
    ('MinCountConstraintComponent', 'b')
    """
    text = str(iri).rstrip("/#")
    return re.split(r"[/#]", text)[-1]

