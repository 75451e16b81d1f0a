"""``explorer.html``: one self-contained page to explore the network, offline from disk.

Cytoscape.js with the dagre layered layout (vendored from npm, see ``vendor/README.md``) draws
the whole network; the analyst picks a policy and an outcome and sees the chains between them
exactly as ``chkg paths --format json`` prints them (the same documents, embedded), filters by
certainty, outcome kind, relation and source, knocks nodes out, and clicks a step to read its
quote highlighted in its source paragraph.

Text from the data is shown marked, never raw: every string of the embedded data goes through
:func:`chkg.untrusted.marked_strings` (controls as ``\\x1b``, bidi overrides and zero-width
characters as ``<U+202E>``), so what the page's script puts on screen, in the lists, the quote
panel and the network's labels, is the text the printable report shows; the quote offsets are
counted on the marked paragraph. Apart from that marking, the pair documents are those of
``chkg paths --format json``.

Everything is inline: the data as a ``<script type="application/json">`` block escaped with
:func:`json_for_script`, the libraries and the page's script allowed by their SHA-256 hashes in a
strict Content-Security-Policy (no ``'unsafe-inline'``, nothing remote: ``default-src 'none'``).

Examples
--------
>>> json_for_script({"a": "</script><b>&"})
'{"a": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
>>> csp_hash("alert(1)")
"'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
"""

from __future__ import annotations

import base64
import hashlib
import json
from importlib import resources
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from chkg.analysis import AnalysisGraph
from chkg.analysis.kinds import OUTCOME_KINDS
from chkg.report import adapter
from chkg.report.model import CERTAINTY_LEVELS, Report
from chkg.report.sources import anchor
from chkg.report.text import relation_words
from chkg.untrusted import marked_strings, terminal_safe

__all__ = ["explorer_html", "explorer_data", "json_for_script", "csp_hash", "CYTOSCAPE_CSS"]

#: The stylesheet Cytoscape.js would inject itself (blocked by the CSP); shipped inline instead.
CYTOSCAPE_CSS = ".__________cytoscape_container { position: relative; }"
# the outcome kinds of the kinds table (chkg.vocab.kinds), then entities of no outcome kind
_OUTCOME_KINDS = (*OUTCOME_KINDS, "other")


def json_for_script(data: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>``, ``&``, U+2028/9."""
    text = json.dumps(data, ensure_ascii=False, separators=(", ", ": "))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def csp_hash(text: str) -> str:
    """The CSP source expression allowing an inline script or style with exactly this text."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def explorer_data(G: AnalysisGraph, report: Report, families: dict[str, str]) -> dict[str, Any]:
    """What the explorer embeds: nodes, claims, chains per pair, and where each quote stands.

    Every string is marked (:func:`chkg.untrusted.marked_strings`), ready to be shown as it is.
    """
    nodes = [
        {"id": iri, "label": e.label, "kind": e.kind,
         "outcome_kind": (e.outcome_kind or "other") if e.kind == "outcome" else None,
         "direction": e.direction, "family": families.get(iri, "")}
        for iri, e in sorted(G.entities.items(), key=lambda ie: (ie[1].label.casefold(), ie[0]))
    ]
    edges = [
        {"id": iri, "source": c.subject, "target": c.object,
         "relation": relation_words(c.relation, c.relation_label), "sign": c.sign,
         "certainty": c.certainty.label, "claim_type": relation_words(c.claim_type) if c.claim_type else "",
         "statement": c.statement_label or c.statement or "", "quote": c.quote,
         "source_title": c.source_title, "passage": c.passage_label}
        for iri, c in sorted(G.claims.items())
    ]
    # the quote's offsets in the marked paragraph (each character is marked on its own), counted
    # as the page's String.slice counts: in UTF-16 code units, so an emoji before the quote is two
    claims = {
        claim: {"source": loc.source_slug, "paragraph": terminal_safe(loc.paragraph),
                "qs": _utf16_length(terminal_safe(loc.paragraph[:loc.quote_start])),
                "qe": _utf16_length(terminal_safe(loc.paragraph[:loc.quote_end])),
                "page": f"sources/{loc.source_slug}.html#{anchor(claim)}"}
        for claim, loc in report.locations.items()
    }
    policies = [p.policy.iri for p in report.policies
                if any(k.startswith(p.policy.iri + "\t") for k in report.pair_documents)]
    # pairs in the report's order: policies most supported first, each policy's outcomes best first
    pairs = {key: doc for p in report.policies for key, doc in report.pair_documents.items()
             if key.startswith(p.policy.iri + "\t")}
    data: dict[str, Any] = marked_strings({
        "title": report.title, "max_hops": report.max_hops, "top": adapter.TOP, "nodes": nodes,
        "edges": edges, "pairs": pairs, "policies": policies, "claims": claims})
    return data


def explorer_html(env: Environment, G: AnalysisGraph, report: Report, families: dict[str, str]) -> str:
    """Render ``explorer.html`` with its data, libraries and the CSP hashes of every inline block."""
    data = explorer_data(G, report, families)
    scripts = {
        "cytoscape_js": _read("vendor", "cytoscape.min.js"),
        "dagre_js": _read("vendor", "cytoscape-dagre.min.js"),
        "app_js": _read("templates", "explorer.js"),
    }
    css = _read("templates", "explorer.css")
    csp = "; ".join([
        "default-src 'none'",
        "script-src " + " ".join(csp_hash(s) for s in scripts.values()),
        f"style-src {csp_hash(CYTOSCAPE_CSS)} {csp_hash(css)}",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    relations = sorted({e["relation"] for e in data["edges"]}, key=str.casefold)
    sources = sorted({e["source_title"] for e in data["edges"] if e["source_title"]}, key=str.casefold)
    kinds = [k for k in _OUTCOME_KINDS if any(n["outcome_kind"] == k for n in data["nodes"])]
    return env.get_template("explorer.html.j2").render(
        title=report.title, csp=csp, css=Markup(css), cytoscape_css=Markup(CYTOSCAPE_CSS),
        data=Markup(json_for_script(data)), levels=CERTAINTY_LEVELS, outcome_kinds=kinds,
        relations=relations, source_titles=sources, sources=report.sources,
        counts=f"{report.counts.entities} entities, {report.counts.claims} claims",
        **{name: Markup(text) for name, text in scripts.items()},
    )


def _utf16_length(text: str) -> int:
    """The length of ``text`` in UTF-16 code units, as JavaScript counts it.

    >>> len("🎨 a"), _utf16_length("🎨 a")
    (3, 4)
    """
    return len(text.encode("utf-16-le")) // 2


def _read(folder: str, name: str) -> str:
    return resources.files("chkg.report").joinpath(folder, name).read_text(encoding="utf-8")
