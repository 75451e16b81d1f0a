"""Text formatting for the report and for ``chkg paths`` / ``chkg whatif``: words, not codes.

One home for how the report words things: relations in words ("led to", not ``chkg:ledTo``), counts and lists in English, and Markdown escaping that
uses backslashes, never HTML entities (``report.md`` must read cleanly as plain text).

Examples
--------
>>> relation_words("chkg:ledTo")
'led to'
>>> md_escape("A & B <i> | c")
'A & B \\\\<i\\\\> \\\\| c'
>>> count(1, "path"), count(3, "path"), join(["a", "b", "c"])
('1 path', '3 paths', 'a, b and c')
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Sequence
from typing import Any

from chkg.vocab.curies import expand, last_segment

__all__ = [
    "clean",
    "md_escape",
    "relation_words",
    "count",
    "join",
    "wrap",
    "names",
]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
# CommonMark lets a backslash escape any ASCII punctuation; these are the ones that change
# what a line means in a table cell or paragraph (HTML tags, emphasis, links, pipes, headings)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#<>])")


def clean(text: Any) -> str:
    """Drop control characters (invalid in XML and GraphML).

    Examples
    --------
    >>> clean("a\\x00b")
    'ab'
    """
    return _CONTROL.sub("", str(text))


def md_escape(value: Any) -> str:
    """Escape text for a Markdown line or table cell with backslashes, never HTML entities.

    ``&`` stays ``&`` (an ampersand not followed by a name and ``;`` is literal in
    CommonMark); ``&name;`` gets a backslash so that it is not read as an entity.

    Examples
    --------
    >>> md_escape("health & care")
    'health & care'
    >>> md_escape("x &amp; y")
    'x \\\\&amp; y'
    >>> md_escape("*a*\\n b")
    '\\\\*a\\\\* b'
    """
    text = _MD_SPECIAL.sub(r"\\\1", clean(value))
    text = re.sub(r"&(?=#?\w+;)", r"\\&", text)
    return re.sub(r"\s*\n\s*", " ", text)


def relation_words(relation: str, label: str = "") -> str:
    """A relation in words: its label when it has one, else its local name split.

    ``relation`` is a CURIE (expanded by :mod:`chkg.vocab.curies`), an IRI, or a bare name;
    a CURIE of a prefix the project does not know keeps what follows its colon.

    Examples
    --------
    >>> relation_words("chkg:contributesTo")
    'contributes to'
    >>> relation_words("http://www.w3.org/ns/prov#wasInfluencedBy"), relation_words("assertedEffect")
    ('was influenced by', 'asserted effect')
    >>> relation_words("chkg:ledTo", "led to")
    'led to'
    """
    if label and ":" not in label:
        return label
    iri = expand(relation)
    local = last_segment(iri) if iri is not None else last_segment(relation).rsplit(":", 1)[-1]
    return _CAMEL.sub(" ", local).lower() or "influences"


def count(n: int, noun: str) -> str:
    """``n noun`` with a plural ``s`` unless ``n`` is 1.

    Examples
    --------
    >>> count(0, "gap")
    '0 gaps'
    """
    return f"{n} {noun}" + ("" if n == 1 else "s")


def join(items: Iterable[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``.

    Examples
    --------
    >>> join(["a", "b"])
    'a and b'
    """
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def names(labels: Sequence[str], shown: int = 4) -> str:
    """The first ``shown`` labels joined, and how many more.

    Examples
    --------
    >>> names(["a", "b", "c"], shown=2)
    'a, b and 1 more'
    """
    out = list(labels[:shown])
    if len(labels) > shown:
        out.append(f"{len(labels) - shown} more")
    return join(out)


def wrap(text: str, width: int = 24, lines: int = 3) -> tuple[str, ...]:
    """Wrap a box label to at most ``lines`` lines, with an ellipsis when cut.

    Examples
    --------
    >>> wrap("a very long label that goes on and on and on", width=10, lines=2)
    ('a very', 'long labe…')
    """
    wrapped = textwrap.wrap(text, width=width, break_long_words=True) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip() + "…"
    return tuple(wrapped)
