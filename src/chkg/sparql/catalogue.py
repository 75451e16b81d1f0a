"""The SPARQL query catalogue: ``queries/NNN_slug.rq`` files with grlc-style headers.

A catalogue query opens with a grlc header (``#+ summary:``, ``#+ description:``,
``#+ tags:``, ``#+ defaults:``). Its parameters are the variables named
``?_name`` (grlc's convention); a parameter whose name ends in ``_iri`` or whose
default is an IRI or CURIE takes an IRI, one ending in ``_integer`` an integer,
any other a plain string literal.

Examples
--------
>>> q = read_query_text("#+ summary: Labels\\nSELECT ?x WHERE { ?x ?p ?_label }", name="labels")
>>> q.summary, [p.key for p in q.parameters]
('Labels', ['label'])
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal as TypingLiteral

from chkg.errors import InputFileError, UnknownParameterError, UsageError
from chkg.project import bundled_project
from chkg.sparql.lexer import has_order_by, tokens
from chkg.vocab.namespace import PREFIXES

__all__ = [
    "ParameterKind",
    "QueryParameter",
    "CatalogueQuery",
    "catalogue",
    "find_query",
    "read_query",
    "read_query_text",
]

#: How a parameter's value is read: an IRI (``<...>``, ``chkg:curie``), a string or an integer.
ParameterKind = TypingLiteral["iri", "literal", "integer"]

_FILE_NAME = re.compile(r"^(?P<number>\d{3})_(?P<slug>[a-z0-9][a-z0-9_-]*)\.rq$")
_QUERY_SUFFIXES = (".rq", ".ru", ".sparql", ".sparql-query")
_HEADER_LINE = re.compile(r"^#\+\s?(?P<body>.*)$")


@dataclass(frozen=True)
class QueryParameter:
    """One ``?_name`` parameter of a query.

    ``name`` is the variable name without ``?`` (``_value_iri``); ``optional`` is
    true for grlc's ``?__name`` form, which may stay unbound.
    """

    name: str
    kind: ParameterKind
    default: str | None = None
    optional: bool = False

    @property
    def key(self) -> str:
        """The name a user passes to ``--param``: the variable without its underscores."""
        return self.name.lstrip("_")


@dataclass(frozen=True)
class CatalogueQuery:
    """A query file with its grlc header read.

    Examples
    --------
    >>> q = read_query_text("#+ summary: Count things\\n#+ tags:\\n#+   - counts\\n"
    ...                     "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", name="count")
    >>> q.summary, q.tags, q.ordered
    ('Count things', ('counts',), False)
    """

    name: str
    text: str
    path: Path | None = None
    number: str | None = None
    summary: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    defaults: Mapping[str, str] = field(default_factory=dict)
    parameters: tuple[QueryParameter, ...] = ()

    @property
    def ordered(self) -> bool:
        """Whether the query fixes its row order with ``ORDER BY``."""
        return has_order_by(self.text)

    def parameter(self, key: str) -> QueryParameter:
        """Return the parameter a user names ``key`` (with or without ``?_``)."""
        wanted = key.lstrip("?$").lstrip("_")
        for param in self.parameters:
            if param.key == wanted:
                return param
        known = ", ".join(p.key for p in self.parameters) or "none"
        raise UnknownParameterError(
            f"query {self.name!r} has no parameter {key!r} (its parameters: {known})"
        )


def catalogue(folder: Path | None = None) -> list[CatalogueQuery]:
    """Read every ``NNN_slug.rq`` file of the catalogue folder, in number order.

    Parameters
    ----------
    folder
        The folder to read; the project's ``queries/`` by default.

    Returns
    -------
    list of CatalogueQuery

    Examples
    --------
    >>> names = [q.name for q in catalogue()]
    >>> len(names) >= 15
    True
    """
    folder = folder or bundled_project().queries
    found = []
    for path in sorted(folder.glob("*.rq")):
        if _FILE_NAME.match(path.name):
            found.append(read_query(path))
    return found


def find_query(name: str, folder: Path | None = None) -> CatalogueQuery:
    """Find a query by file path, catalogue slug or number prefix.

    Parameters
    ----------
    name
        A path to an ``.rq`` file, a slug (``regional-strategies``), a file stem
        (``009_regional-strategies``) or a number (``9``, ``009``).
    folder
        The catalogue folder; the project's ``queries/`` by default.

    Raises
    ------
    UsageError
        No query, or more than one, matches ``name``.

    Examples
    --------
    >>> find_query("1").number
    '001'
    """
    path = Path(name)
    if path.is_file():
        # any existing file is a query file, whatever its suffix (.rq, .ru, .sparql)
        return read_query(path)
    if path.suffix.lower() in _QUERY_SUFFIXES or path.parent != Path(".") or path.exists():
        raise InputFileError(f"query file not found: {name}")
    queries = catalogue(folder)
    wanted = name.strip().lower().removesuffix(".rq")
    if wanted.isdigit():
        matches = [q for q in queries if q.number is not None and int(q.number) == int(wanted)]
    else:
        matches = [q for q in queries if wanted in (q.name, f"{q.number}_{q.name}")]
        if not matches:
            matches = [q for q in queries if q.name.startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise UsageError(f"no catalogue query named {name!r} (see `chkg query --list`)")
    names = ", ".join(f"{q.number}_{q.name}" for q in matches)
    raise UsageError(f"{name!r} matches several catalogue queries: {names}")


def read_query(path: Path) -> CatalogueQuery:
    """Read one query file and its grlc header."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFileError(f"cannot read query file {path}: {exc}") from exc
    match = _FILE_NAME.match(Path(path).name)
    name = match["slug"] if match else Path(path).stem
    number = match["number"] if match else None
    return read_query_text(text, name=name, path=Path(path), number=number)


def read_query_text(
    text: str, *, name: str = "query", path: Path | None = None, number: str | None = None
) -> CatalogueQuery:
    """Build a :class:`CatalogueQuery` from query text with an optional grlc header."""
    header = _read_header(text)
    defaults = _as_mapping(header.get("defaults"))
    tags = header.get("tags", [])
    params = tuple(_parameter(var, defaults) for var in _parameter_variables(text))
    return CatalogueQuery(
        name=name,
        text=text,
        path=path,
        number=number,
        summary=str(header.get("summary", "")),
        description=str(header.get("description", "")),
        tags=tuple(tags if isinstance(tags, list) else [t.strip() for t in str(tags).split(",")]),
        defaults=defaults,
        parameters=params,
    )


def _read_header(text: str) -> dict[str, object]:
    """Read the ``#+ key: value`` lines (a small YAML subset: scalars and ``- item`` lists)."""
    header: dict[str, object] = {}
    current: str | None = None
    for line in text.splitlines():
        m = _HEADER_LINE.match(line.strip())
        if not m:
            if line.strip() and not line.strip().startswith("#"):
                break
            continue
        body = m["body"].rstrip()
        item = re.match(r"^\s*-\s*(.*)$", body)
        if item and current is not None:
            value = header.setdefault(current, [])
            if isinstance(value, list):
                value.append(_unquote(item.group(1)))
            continue
        key, _, value_text = body.partition(":")
        current = key.strip()
        value_text = value_text.strip()
        header[current] = _unquote(value_text) if value_text else []
    return header


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


def _as_mapping(value: object) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in value if isinstance(value, list) else []:
        key, sep, val = str(item).partition(":")
        if sep:
            out[key.strip().lstrip("?").lstrip("_")] = _unquote(val)
    return out


def _parameter_variables(text: str) -> list[str]:
    seen: list[str] = []
    for token in tokens(text):
        if token.kind == "var" and token.text[1:].startswith("_") and token.text[1:] not in seen:
            seen.append(token.text[1:])
    return seen


def _parameter(var: str, defaults: Mapping[str, str]) -> QueryParameter:
    key = var.lstrip("_")
    default = defaults.get(key)
    kind: ParameterKind = "literal"
    if key.endswith("_iri") or (default is not None and _looks_like_iri(default)):
        kind = "iri"
    elif key.endswith("_integer"):
        kind = "integer"
    return QueryParameter(name=var, kind=kind, default=default, optional=var.startswith("__"))


def _looks_like_iri(value: str) -> bool:
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        return True
    prefix, sep, _ = value.partition(":")
    return bool(sep) and (prefix in PREFIXES or prefix in ("http", "https", "urn"))
