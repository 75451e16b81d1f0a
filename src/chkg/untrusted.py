"""The one rendering of untrusted text (labels, quotes, messages) for a terminal and for HTML.

Text that comes from data files, sources or an endpoint may carry characters
that act instead of showing: terminal control sequences (CSI ``ESC [ ... m``
recolours or moves the cursor, OSC ``ESC ] ... BEL`` sets the window title or
writes a hyperlink, C0 and C1 controls), bidirectional overrides and isolates
(which display text in another order than it is stored, the "Trojan Source"
trick) and zero-width characters (which make two different labels look equal).
Every printer of such text goes through :func:`terminal_safe` (command-line
output), :func:`html_safe` (reports) or :func:`marked_strings` (data a page's
script shows, such as the report's explorer), so none of them acts and all of
them can be seen:

- controls (C0 except tab and newline, DEL, C1, so ``ESC`` itself) become their
  visible escape ``\\x1b``: what followed them is then inert text;
- bidi controls and invisible characters become a visible mark ``<U+202E>``.

Examples
--------
>>> terminal_safe("burn\\x1b]0;pwned\\x07out")
'burn\\\\x1b]0;pwned\\\\x07out'
>>> terminal_safe("abc\\u202edef\\u200b")
'abc<U+202E>def<U+200B>'
>>> html_safe("<b>\\u2066x</b>")
'&lt;b&gt;&lt;U+2066&gt;x&lt;/b&gt;'
"""

from __future__ import annotations

import html
from typing import Any

__all__ = ["INVISIBLE", "NEUTRAL_BASE_IRI", "terminal_safe", "html_safe", "marked_strings"]

#: The base IRI given to text from outside (queries, endpoint answers) so that a relative
#: IRI resolves to a fixed, non-file IRI: never to ``file:///`` and the local folder it was
#: read in, which would leak an absolute local path into outputs.
NEUTRAL_BASE_IRI = "urn:chkg:relative/"

#: Characters shown as a visible mark: bidi embeddings, overrides, isolates and marks,
#: zero-width and other invisible format characters, and the Unicode line separators.
INVISIBLE = frozenset(
    "\u061c\u200e\u200f"  # Arabic letter mark, LRM, RLM
    "\u202a\u202b\u202c\u202d\u202e"  # LRE, RLE, PDF, LRO, RLO
    "\u2066\u2067\u2068\u2069"  # LRI, RLI, FSI, PDI
    "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u180e\u00ad\u034f"  # zero-width
    "\u2028\u2029"  # line and paragraph separators
)


def _is_control(ch: str, keep: str) -> bool:
    code = ord(ch)
    return ch not in keep and (code < 0x20 or code == 0x7F or 0x80 <= code <= 0x9F)


def terminal_safe(text: str, *, keep_newlines: bool = True) -> str:
    """Return ``text`` with every control escaped and every invisible character marked.

    Parameters
    ----------
    text
        Untrusted text: a label, a quote, a literal, a message built from them.
    keep_newlines
        Keep ``\\n`` (and tab) as they are; false for one-line cells, where a
        newline is shown as ``\\n``.

    Examples
    --------
    >>> terminal_safe("red\\x1b[31mtext\\x9b")
    'red\\\\x1b[31mtext\\\\x9b'
    >>> terminal_safe("two\\nlines", keep_newlines=False)
    'two\\\\nlines'
    >>> terminal_safe("plain, café, 東京")
    'plain, café, 東京'
    """
    keep = "\t\n" if keep_newlines else ""
    out: list[str] = []
    for ch in text:
        if _is_control(ch, keep):
            out.append("\\n" if ch == "\n" else "\\t" if ch == "\t" else f"\\x{ord(ch):02x}")
        elif ch in INVISIBLE:
            out.append(f"<U+{ord(ch):04X}>")
        else:
            out.append(ch)
    return "".join(out)


def html_safe(text: str) -> str:
    """Return ``text`` escaped for HTML, its controls and invisible characters shown.

    For templates that do not autoescape, or for text going into an attribute;
    autoescaping templates can apply :func:`terminal_safe` and escape as usual.

    Examples
    --------
    >>> html_safe('"quoted" & <tag> \\u202e')
    '&quot;quoted&quot; &amp; &lt;tag&gt; &lt;U+202E&gt;'
    """
    return html.escape(terminal_safe(text), quote=True)


def marked_strings(value: Any) -> Any:
    """Return a JSON-like ``value`` with every string in it, keys included, through :func:`terminal_safe`.

    For data a page's script puts on screen (``explorer.html``): the script then shows only
    marked text, with no second rendering in JavaScript. Keys are marked too, so that an
    identifier used both as a key and as a value stays the same in both places. Numbers,
    booleans and ``None`` pass unchanged; tuples become lists, as in JSON.

    Examples
    --------
    >>> marked_strings({"label": "a\\u202eb", "n": [1, "x\\x1b[2J"], "ok": None})
    {'label': 'a<U+202E>b', 'n': [1, 'x\\\\x1b[2J'], 'ok': None}
    """
    if isinstance(value, str):
        return terminal_safe(value)
    if isinstance(value, dict):
        return {marked_strings(k): marked_strings(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [marked_strings(v) for v in value]
    return value
