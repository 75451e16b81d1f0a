"""The version of chkg, in the bottom layer so that any module may name it without importing the API.

Examples
--------
>>> __version__.count(".")
2
"""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
