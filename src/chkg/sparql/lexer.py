"""A small SPARQL lexer: the one reader of query text below the real parser.

It finds what chkg needs to know about a query without parsing it: its form
(``SELECT``... or an update), whether it orders its rows, where its ``WHERE``
group opens (to bind parameters there), whether it names ``SERVICE``, and how
deeply its brackets nest. The nesting depth is checked *before* a query reaches
a parser: a few thousand nested ``{ }`` or ``( )`` (``FILTER EXISTS`` about 900)
overflow the stack of Oxigraph's recursive-descent parser (a segfault, not an
exception), so :func:`check_depth` refuses them first. The depth does not bound
the time Oxigraph takes to prepare a query (that grows with its triple patterns
too): chkg parses queries under a deadline (:func:`chkg.sparql.bounds.call_within`).

Comments, strings and IRIs are skipped as wholes, so a ``{`` or ``SERVICE``
inside a string or a comment counts for nothing.

Examples
--------
>>> [t.text for t in tokens('SELECT ?s { ?s <urn:p> "a { b" } # }')]
['SELECT', '?s', '{', '?s', '<urn:p>', '"a { b"', '}']
>>> nesting_depth("SELECT * { { ?s ?p (1) } }")
3
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from chkg.errors import QueryLimitError, UsageError

__all__ = [
    "DEFAULT_MAX_DEPTH",
    "MAX_DEPTH",
    "QueryForm",
    "Token",
    "tokens",
    "query_form",
    "has_order_by",
    "names_service",
    "nesting_depth",
    "check_depth",
    "pattern_start",
]

#: How deeply brackets may nest in a query before it is refused unparsed. Oxigraph's parser
#: overflows its stack deeper down (see :data:`MAX_DEPTH`), and prepares nested collections
#: ``( ( ( ... ) ) )`` and blank nodes ``[ ?p [ ?p ... ] ]`` in about cubic time (measured, 2 cores:
#: 64 deep 0.2-0.3 s, 100 deep 1.5-2.6 s, 200 deep 9-31 s); real queries stay under 20.
DEFAULT_MAX_DEPTH = 64
#: The most a nesting limit may be raised to: ``FILTER EXISTS { ... }`` nested about 900 deep
#: overflows the 8 MB stack of Oxigraph's recursive-descent parser (a segfault, measured).
MAX_DEPTH = 500

#: What a query text is: one of the four query forms, an update, or neither.
QueryForm = Literal["SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "UPDATE", "UNKNOWN"]

#: The kinds of token the lexer tells apart.
TokenKind = Literal["word", "var", "iri", "string", "punct"]


@dataclass(frozen=True)
class Token:
    """One token: its kind, its text and its offset in the query."""

    kind: TokenKind
    text: str
    start: int


_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_\-.]*(:[^\s{}()<>\"',;]*)?|:[^\s{}()<>\"',;]*")
_VAR = re.compile(r"[?$][A-Za-z0-9_\u00b7\u00c0-\uffff]+")
_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_OPEN, _CLOSE = "{([", "})]"
_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
_FORMS: dict[str, QueryForm] = {
    "SELECT": "SELECT", "ASK": "ASK", "CONSTRUCT": "CONSTRUCT", "DESCRIBE": "DESCRIBE",
}


def tokens(text: str) -> Iterator[Token]:
    """Yield the tokens of ``text``, skipping white space and comments.

    Examples
    --------
    >>> [(t.kind, t.text) for t in tokens("ASK { ?_x 'it''s' }")][:3]
    [('word', 'ASK'), ('punct', '{'), ('var', '?_x')]
    """
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
        elif c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            yield Token("string", text[i : j + len(quote)], i)
            i = j + len(quote)
        elif c == "<" and (m := _IRI.match(text, i)):
            yield Token("iri", m.group(), i)
            i = m.end()
        elif c in "?$" and (m := _VAR.match(text, i)):
            yield Token("var", m.group(), i)
            i = m.end()
        elif m := _WORD.match(text, i):
            yield Token("word", m.group(), i)
            i = m.end()
        else:
            yield Token("punct", c, i)
            i += 1


def query_form(text: str) -> QueryForm:
    """Return the query form (``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``) or ``UPDATE``.

    Examples
    --------
    >>> query_form("PREFIX x: <urn:x:> # a comment\\nconstruct { ?s ?p ?o } WHERE { ?s ?p ?o }")
    'CONSTRUCT'
    >>> query_form("LOAD <http://example.org/data.ttl>")
    'UPDATE'
    """
    for token in tokens(text):
        if token.kind != "word":
            continue
        word = token.text.upper()
        if word in _FORMS:
            return _FORMS[word]
        if word in _UPDATE_WORDS:
            return "UPDATE"
    return "UNKNOWN"


def has_order_by(text: str) -> bool:
    """Whether the outermost query has ``ORDER BY`` (after its WHERE group closes).

    Examples
    --------
    >>> has_order_by("SELECT * { { SELECT ?s { ?s ?p ?o } ORDER BY ?s LIMIT 1 } }")
    False
    >>> has_order_by("SELECT * { ?s ?p ?o } ORDER BY ?s")
    True
    """
    depth = 0
    previous = ""
    for token in tokens(text):
        if token.kind == "punct" and token.text == "{":
            depth += 1
        elif token.kind == "punct" and token.text == "}":
            depth -= 1
        elif token.kind == "word" and depth == 0:
            if token.text.upper() == "BY" and previous == "ORDER":
                return True
            previous = token.text.upper()
    return False


def names_service(text: str) -> bool:
    """Whether the query has the keyword ``SERVICE`` (outside strings, IRIs and comments).

    Examples
    --------
    >>> names_service("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    True
    >>> names_service("SELECT * { ?s <http://example.org/SERVICE> 'SERVICE' } # SERVICE")
    False
    """
    return any(t.kind == "word" and t.text.upper() == "SERVICE" for t in tokens(text))


def nesting_depth(text: str) -> int:
    """The deepest nesting of ``{ }``, ``( )`` and ``[ ]`` in the query, counted together.

    Examples
    --------
    >>> nesting_depth("SELECT * WHERE { ?s ?p ?o }")
    1
    >>> nesting_depth("ASK { FILTER((((1)))) }")
    5
    """
    depth = deepest = 0
    for token in tokens(text):
        if token.kind != "punct":
            continue
        if token.text in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif token.text in _CLOSE:
            depth = max(depth - 1, 0)
    return deepest


def check_depth(text: str, *, max_depth: int = DEFAULT_MAX_DEPTH, name: str = "query",
                option: str | None = "--max-depth") -> None:
    """Refuse a query nested deeper than ``max_depth`` before any parser sees it.

    ``option`` is the option that raises the limit, named in the error (None where there is none).

    Raises
    ------
    QueryLimitError
        The query nests deeper than ``max_depth`` brackets.

    Examples
    --------
    >>> check_depth("ASK {" + "{" * 300 + "}" * 301, name="deep.rq")
    Traceback (most recent call last):
    ...
    chkg.errors.QueryLimitError: deep.rq: brackets nest 301 deep, more than the limit of 64; raise it with --max-depth
    """
    depth = nesting_depth(text)
    if depth > max_depth:
        if option and max_depth < MAX_DEPTH:
            hint = f"; raise it with {option}"
        elif option:
            hint = "; the parser cannot take more"
        else:
            hint = ""
        raise QueryLimitError(f"{name}: brackets nest {depth} deep, more than the limit of {max_depth}{hint}")


def pattern_start(text: str) -> int:
    """Offset just after the ``{`` opening the query pattern (the WHERE group).

    Examples
    --------
    >>> q = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    >>> q[pattern_start(q):]
    ' ?s ?p ?o }'
    """
    found = list(tokens(text))
    form: str | None = None
    i = 0
    while i < len(found):
        tok = found[i]
        if form is None and tok.kind == "word" and tok.text.upper() in _FORMS:
            form = tok.text.upper()
        elif form == "CONSTRUCT" and tok.kind == "punct" and tok.text == "{":
            # skip the template, then look for WHERE's group
            depth = 0
            while i < len(found):
                if found[i].kind == "punct" and found[i].text == "{":
                    depth += 1
                elif found[i].kind == "punct" and found[i].text == "}":
                    depth -= 1
                    if depth == 0:
                        break
                i += 1
            form = "CONSTRUCT-TEMPLATE-DONE"
        elif form is not None and tok.kind == "punct" and tok.text == "{":
            return tok.start + 1
        i += 1
    raise UsageError("cannot bind parameters: the query has no WHERE group")
