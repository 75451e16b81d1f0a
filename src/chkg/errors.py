"""The exception family of chkg, and the exit code each maps to.

Every error a user can cause is a :class:`ChkgError`; the CLI turns it into one
line on standard error and exits with the class's ``exit_code`` (see
``chkg.cli.main``). Anything else escaping is a bug.

Exit codes
----------
0 success · 1 the data fails validation · 2 usage error (bad option, unknown or
ambiguous entity, unreadable input) · 3 malformed SPARQL · 4 unknown query
parameter · 5 endpoint unreachable · 6 endpoint timed out · 7 endpoint answered
an HTTP error · 8 operation refused by policy (SERVICE, LOAD, remote contexts) ·
9 output could not be written.

Examples
--------
>>> raise UnknownEntityError("no entity matches 'retention'")
Traceback (most recent call last):
...
chkg.errors.UnknownEntityError: no entity matches 'retention'
>>> UnknownEntityError.exit_code
2
"""

from __future__ import annotations

__all__ = [
    "ChkgError",
    "DataError",
    "UsageError",
    "InputFileError",
    "ShapesError",
    "UnknownEntityError",
    "CurieError",
    "AmbiguousEntityError",
    "QuerySyntaxError",
    "UnknownParameterError",
    "EndpointUnreachableError",
    "EndpointTimeoutError",
    "EndpointHTTPError",
    "RefusedOperationError",
    "QueryLimitError",
    "EndpointAnswerError",
    "OutputError",
    "SelectorError",
    "ExactNotFoundError",
    "AmbiguousExactError",
]


class ChkgError(Exception):
    """Base class of every error chkg reports to its user."""

    exit_code: int = 2


class DataError(ChkgError):
    """The graph fails validation, so the requested work cannot run on it."""

    exit_code = 1


class UsageError(ChkgError):
    """An option or argument is missing, malformed or contradictory."""

    exit_code = 2


class ShapesError(UsageError):
    """A SHACL shapes file that cannot be applied (invalid regex, cyclic list, bad parameter, engine stopped)."""


class InputFileError(UsageError):
    """An input file is missing, unreadable or not UTF-8."""


class UnknownEntityError(UsageError):
    """No entity matches an IRI, CURIE or label."""


class CurieError(UsageError):
    """A CURIE has an unknown prefix, or an IRI falls under no prefix where one is required."""


class AmbiguousEntityError(UsageError):
    """A label matches more than one entity."""


class QuerySyntaxError(ChkgError):
    """A SPARQL query does not parse."""

    exit_code = 3


class UnknownParameterError(ChkgError):
    """A ``--param`` names a parameter the query does not declare."""

    exit_code = 4


class EndpointUnreachableError(ChkgError):
    """The SPARQL endpoint cannot be connected to."""

    exit_code = 5


class EndpointTimeoutError(ChkgError):
    """The SPARQL endpoint did not answer within the timeout."""

    exit_code = 6


class EndpointHTTPError(ChkgError):
    """The SPARQL endpoint answered with an HTTP error status."""

    exit_code = 7


class RefusedOperationError(ChkgError):
    """The query asks for something not allowed (SERVICE, LOAD, remote contexts)."""

    exit_code = 8


class QueryLimitError(RefusedOperationError):
    """A query passes a bound chkg sets (nesting depth, rows, seconds); an option raises it."""


class EndpointAnswerError(EndpointHTTPError):
    """An endpoint answered, but not with something chkg reads (empty, too big, wrong format)."""


class OutputError(ChkgError):
    """An output file or folder cannot be written."""

    exit_code = 9


class SelectorError(DataError):
    """A text selector (``oa:exact`` and its anchors) does not fit its source text."""


class ExactNotFoundError(SelectorError):
    """The exact text of a selector occurs nowhere in its source text."""


class AmbiguousExactError(SelectorError):
    """The exact text of a selector occurs more than once, and no occurrence was chosen."""
