"""creative-health-kg: a knowledge graph of creative health and the NHS workforce.

The Python API a notebook uses; the ``chkg`` command is a thin layer over it.

- :func:`chkg.load` returns the merged graph (ontology + data, influence triples materialised);
- :func:`chkg.validate` returns a :class:`chkg.validation.validator.ValidationReport` with typed results.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["load", "validate", "__version__"]

from chkg.version import __version__

if TYPE_CHECKING:  # pragma: no cover
    from chkg.graph.loader import load
    from chkg.validation.validator import validate


def __getattr__(name: str) -> Any:
    """Import the API lazily so that ``import chkg`` and ``chkg --help`` stay fast."""
    if name == "load":
        from chkg.graph.loader import load

        return load
    if name == "validate":
        from chkg.validation.validator import validate

        return validate
    raise AttributeError(f"module 'chkg' has no attribute {name!r}")
