"""The bounds chkg puts on queries and requests, with defaults a user can raise.

Examples
--------
>>> QueryBounds().max_rows, QueryBounds().timeout, QueryBounds().max_depth
(100000, 30.0, 64)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from chkg.errors import UsageError
from chkg.sparql.lexer import DEFAULT_MAX_DEPTH

__all__ = [
    "DEFAULT_MAX_DEPTH",
    "DEFAULT_MAX_ROWS",
    "DEFAULT_QUERY_SECONDS",
    "MAX_SECONDS",
    "QueryBounds",
    "check_seconds",
]

#: Rows an embedded query may return before it is stopped (``--max-rows``).
DEFAULT_MAX_ROWS = 100_000
#: Seconds an embedded query may run before it is stopped (``--timeout``).
DEFAULT_QUERY_SECONDS = 30.0
#: The most seconds any chkg time limit takes (a day): past it a limit is a typo.
MAX_SECONDS = 86_400.0


def check_seconds(value: float, *, option: str = "--timeout") -> float:
    """Return ``value`` if it is a usable time limit (> 0, finite, at most a day).

    Examples
    --------
    >>> check_seconds(2.5)
    2.5
    >>> check_seconds(float("nan"))
    Traceback (most recent call last):
    ...
    chkg.errors.UsageError: --timeout must be a number of seconds above 0 and at most 86400, not nan
    """
    if not (isinstance(value, (int, float)) and math.isfinite(value) and 0 < value <= MAX_SECONDS):
        raise UsageError(
            f"{option} must be a number of seconds above 0 and at most {MAX_SECONDS:g}, not {value!r}"
        )
    return float(value)


@dataclass(frozen=True)
class QueryBounds:
    """The bounds of one embedded query: rows, seconds, nesting depth.

    Examples
    --------
    >>> QueryBounds(timeout=0)
    Traceback (most recent call last):
    ...
    chkg.errors.UsageError: --timeout must be a number of seconds above 0 and at most 86400, not 0
    """

    max_rows: int = DEFAULT_MAX_ROWS
    timeout: float = DEFAULT_QUERY_SECONDS
    max_depth: int = DEFAULT_MAX_DEPTH

    def __post_init__(self) -> None:
        check_seconds(self.timeout)
        if self.max_rows < 0:
            raise UsageError(f"--max-rows must be 0 or more, not {self.max_rows}")
        if self.max_depth < 1:
            raise UsageError(f"--max-depth must be 1 or more, not {self.max_depth}")
