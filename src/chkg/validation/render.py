"""How results show nodes and files: CURIEs (with the shapes' ``chsh:`` and SHACL's ``sh:``) and paths.

The report renderers (text, JSON, SARIF) are in :mod:`chkg.validation.results`; the checks use
these helpers to word their messages.

Examples
--------
>>> curie_of("http://www.w3.org/ns/shacl#Violation")
'sh:Violation'
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from chkg.validation.severity import SH
from chkg.vocab.curies import Converter
from chkg.vocab.namespace import CHKG_NS, PREFIXES

if TYPE_CHECKING:  # pragma: no cover
    pass

__all__ = ["display_path", "curie_of", "IRI_SCHEMES"]

#: What a string that is an IRI starts with.
IRI_SCHEMES = ("http://", "https://", "urn:", "file:")
#: Prefixes for CURIEs in messages: the project's, plus its shapes' and SHACL's.
_CURIE_PREFIXES = {**PREFIXES, "chsh": str(CHKG_NS) + "shapes/", "sh": SH}
_CONVERTER = Converter(_CURIE_PREFIXES)


def curie_of(node: object) -> str:
    """``chkg:x`` (also ``chsh:``, ``sh:``) under a known prefix, ``<iri>`` otherwise, ``_:id`` for blank nodes.

    Examples
    --------
    >>> curie_of("https://w3id.org/creative-health-kg/shapes/Policy")
    'chsh:Policy'
    """
    return _CONVERTER.show(node)  # type: ignore[arg-type]


def display_path(file: str | None, cwd: Path | None) -> str | None:
    """``file`` relative to ``cwd`` (default: the current folder) when it is under it.

    Examples
    --------
    >>> display_path("/a/b/c.ttl", Path("/a")), display_path("/z/c.ttl", Path("/a"))
    ('b/c.ttl', '/z/c.ttl')
    """
    if file is None:
        return None
    base = (cwd or Path.cwd()).resolve()
    try:
        return Path(file).resolve().relative_to(base).as_posix()
    except ValueError:
        return file


# -- Private helpers -----------------------------------------------------------
