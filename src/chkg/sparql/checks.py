"""Checks a query passes before it runs: nesting depth, syntax, and what it may reach.

:func:`check_syntax` first checks the nesting depth with the lexer (a deeply
nested query would overflow the parsers' stacks), then parses with Oxigraph,
reporting the line and column of rdflib's parser when both agree the query is
malformed; Oxigraph's preparing is not bounded in time here, so callers run it
under :func:`chkg.sparql.bounds.call_within`. :func:`check_refused` refuses
``SERVICE`` and updates unless asked (:func:`reaches_outside` decides).

Examples
--------
>>> check_syntax("SELECT * WHERE { ?s ?p ?o }")
>>> check_refused("LOAD <http://example.org/x.ttl>")
Traceback (most recent call last):
...
chkg.errors.RefusedOperationError: updates (LOAD, INSERT, DROP ...) are refused on the embedded store; pass --allow-remote to allow them
"""

from __future__ import annotations

import re
from typing import Literal

import pyoxigraph as ox
from pyparsing import ParseBaseException
from rdflib.plugins.sparql.parser import parseQuery

from chkg.errors import QueryLimitError, QuerySyntaxError, RefusedOperationError
from chkg.sparql.lexer import DEFAULT_MAX_DEPTH, check_depth, names_service, query_form
from chkg.untrusted import NEUTRAL_BASE_IRI

__all__ = ["Reach", "check_syntax", "check_refused", "reaches_outside", "syntax_error"]

#: What reaches outside the graph: a SERVICE call, or an update (LOAD reads any URL or file).
Reach = Literal["SERVICE", "UPDATE"]

_POSITION = re.compile(r"error at (\d+):(\d+)")


def check_syntax(text: str, *, name: str = "query", max_depth: int = DEFAULT_MAX_DEPTH) -> None:
    """Parse ``text`` as a SPARQL 1.1 query; raise QuerySyntaxError with its line and column.

    Examples
    --------
    >>> check_syntax("SELECT * WHERE {\\n  ?s ?p }", name="bad.rq")
    Traceback (most recent call last):
    ...
    chkg.errors.QuerySyntaxError: bad.rq:2:3: malformed SPARQL: Expected SelectQuery, found '?'
    """
    check_depth(text, max_depth=max_depth, name=name)
    if query_form(text) == "UPDATE":
        # never executed here: the store that runs the update reports its syntax errors
        return
    if names_service(text):
        # Oxigraph parses by preparing the query, and an ASK would run its SERVICE
        # call right away: check such a query with rdflib's parser, which only parses
        try:
            parseQuery(text)
        except ParseBaseException as exc:
            raise syntax_error(SyntaxError(str(exc)), name, text) from None
        except RecursionError:
            # rdflib's parser recurses per bracket, more shallowly than Oxigraph's
            raise QueryLimitError(
                f"{name}: nests too deeply for the parser that checks SERVICE queries; "
                "nest less or lower --max-depth"
            ) from None
        return
    try:
        # an empty store: SELECT and CONSTRUCT answers are lazy, nothing is evaluated
        _PARSER_STORE.query(text, base_iri=NEUTRAL_BASE_IRI)
    except SyntaxError as exc:
        raise syntax_error(exc, name, text) from None
    except (OSError, RuntimeError):
        # parsing succeeded; evaluation on the empty store failed (e.g. SERVICE)
        return


def syntax_error(exc: SyntaxError, name: str, text: str | None = None) -> QuerySyntaxError:
    """One line naming where the query breaks.

    Oxigraph's parser decides whether a query is valid; its error position is where
    its look-ahead gave up, often the end of the text, so the position reported is
    the one of rdflib's parser (the start of the clause that fails) when it agrees
    that the query is malformed.
    """
    if text is not None:
        try:
            parseQuery(text)
        except ParseBaseException as pexc:
            found = re.sub(r"\s*\(at char \d+\).*$", "", str(pexc)).strip()
            return QuerySyntaxError(
                f"{name}:{pexc.lineno}:{pexc.col}: malformed SPARQL: {found}"
            )
        except Exception:  # rdflib raises assorted errors on odd input; fall back below
            pass
    message = str(exc)
    m = _POSITION.search(message)
    if m:
        detail = message[m.end() :].lstrip(": ").strip()
        return QuerySyntaxError(f"{name}:{m[1]}:{m[2]}: malformed SPARQL: {detail}")
    return QuerySyntaxError(f"{name}: malformed SPARQL: {message}")


_PARSER_STORE = ox.Store()


def check_refused(text: str, *, allow_remote: bool = False) -> None:
    """Refuse what reaches outside the graph or changes it, unless ``allow_remote``.

    Raises
    ------
    RefusedOperationError
        The query has ``SERVICE``, or is an update (``LOAD``, ``INSERT``, ``DROP``...).

    Examples
    --------
    >>> check_refused("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    chkg.errors.RefusedOperationError: SERVICE reaches outside the graph and is refused; pass --allow-remote to allow it
    >>> check_refused("SELECT * { ?s <http://example.org/SERVICE> 'SERVICE' }")
    """
    if allow_remote:
        return
    reach = reaches_outside(text)
    if reach == "UPDATE":
        raise RefusedOperationError(
            "updates (LOAD, INSERT, DROP ...) are refused on the embedded store; "
            "pass --allow-remote to allow them"
        )
    if reach == "SERVICE":
        raise RefusedOperationError(
            "SERVICE reaches outside the graph and is refused; pass --allow-remote to allow it"
        )


def reaches_outside(text: str) -> Reach | None:
    """What of ``text`` reaches outside the graph or changes it: the one policy, refused unless asked.

    The embedded store (:func:`check_refused`, unless ``--allow-remote``) and a shapes file's
    SPARQL (always, :func:`chkg.validation.shapes.check_shapes`) refuse the same queries.

    Examples
    --------
    >>> reaches_outside("ASK { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    'SERVICE'
    >>> reaches_outside("DROP ALL"), reaches_outside("ASK { ?s ?p 'SERVICE' }")
    ('UPDATE', None)
    """
    if query_form(text) == "UPDATE":
        return "UPDATE"
    if names_service(text):
        return "SERVICE"
    return None
