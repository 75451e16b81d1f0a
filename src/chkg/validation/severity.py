"""How much a validation result matters: violation, warning, info (SHACL's three severities).

Examples
--------
>>> sorted(Severity, key=lambda s: -s.rank)[0]
<Severity.VIOLATION: 'violation'>
"""

from __future__ import annotations

from enum import Enum

from rdflib import URIRef
from rdflib.term import Node

__all__ = ["SH", "Severity"]

#: The SHACL namespace, as a string.
SH = "http://www.w3.org/ns/shacl#"


class Severity(Enum):
    """How much a result matters; ordered VIOLATION > WARNING > INFO.

    Examples
    --------
    >>> Severity.from_shacl(URIRef("http://www.w3.org/ns/shacl#Warning"))
    <Severity.WARNING: 'warning'>
    >>> Severity.VIOLATION.rank > Severity.WARNING.rank
    True
    """

    VIOLATION = "violation"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """3 for violations, 2 for warnings, 1 for infos."""
        return {"violation": 3, "warning": 2, "info": 1}[self.value]

    @classmethod
    def from_shacl(cls, iri: Node | None) -> Severity:
        """The severity of ``sh:Violation``, ``sh:Warning`` or ``sh:Info`` (anything else: violation)."""
        if not isinstance(iri, URIRef):
            return cls.VIOLATION
        return {URIRef(SH + "Warning"): cls.WARNING, URIRef(SH + "Info"): cls.INFO}.get(iri, cls.VIOLATION)
