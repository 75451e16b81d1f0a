"""The front of ``chkg serve``: a query page and a read-only, non-federating SPARQL endpoint.

Oxigraph listens on a private port; users talk to this gateway, which serves

- ``/``: a YASGUI query page (vendored, see ``vendor/README.md``) with the chkg
  prefixes and every catalogue query preloaded as a tab, querying ``/query``;
- ``/query``: the SPARQL 1.1 query protocol (GET or POST). Each query is checked
  with the lexer first: nested too deep, an update, or ``SERVICE`` (which would
  make the server fetch any URL a query names) is refused with HTTP 403 and one
  line, unless ``allow_federation`` lets SERVICE through; the rest goes to
  Oxigraph through the bounded reader and its answer back unchanged;
- nothing else: no ``/update``, no ``/store``.

The page keeps a strict Content-Security-Policy: it loads and fetches only from
this server.

Examples
--------
>>> refusal("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", allow_federation=False)
'SERVICE is refused: this server does not fetch other endpoints (chkg serve --allow-federation allows it)'
>>> refusal("SELECT * { ?s ?p ?o }", allow_federation=False) is None
True
"""

from __future__ import annotations

import http.server
import json
import threading
import urllib.parse
from collections.abc import Sequence
from importlib import resources

from chkg.errors import ChkgError
from chkg.sparql.catalogue import CatalogueQuery
from chkg.sparql.http import request
from chkg.sparql.lexer import DEFAULT_MAX_DEPTH, names_service, nesting_depth, query_form
from chkg.vocab.namespace import PREFIXES

__all__ = ["Gateway", "refusal", "page_config"]

_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'"
)
_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>chkg query page</title>
<link rel="stylesheet" href="/vendor/yasgui.min.css">
</head><body>
<div id="yasgui"></div>
<script src="/vendor/yasgui.min.js"></script>
<script src="/config.js"></script>
</body></html>
"""
_SCRIPT = """"use strict";
(function () {
  var config = %s;
  // completion from the editor's own text only: the prefix and property completers fetch
  // prefix.cc and LOV (the page's Content-Security-Policy would block them anyway)
  Yasgui.Yasqe.defaults.autocompleters = ["variables"];
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: config.endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    populateFromUrl: false,
    autoAddOnInit: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: config.endpoint }]; }, keys: [] }
  });
  config.tabs.forEach(function (tab, i) {
    yasgui.addTab(i === 0, { name: tab.name, yasqe: { value: tab.query },
                             requestConfig: { endpoint: config.endpoint } });
  });
})();
"""
_VENDOR = {
    "/vendor/yasgui.min.js": "application/javascript",
    "/vendor/yasgui.min.css": "text/css",
}


def refusal(query: str, *, allow_federation: bool, max_depth: int = DEFAULT_MAX_DEPTH) -> str | None:
    """Why the gateway refuses ``query``, or None to pass it on.

    Examples
    --------
    >>> refusal("INSERT DATA { <urn:a> <urn:b> <urn:c> }", allow_federation=True)
    'updates are refused: this server is read-only'
    """
    if nesting_depth(query) > max_depth:
        return f"the query nests deeper than {max_depth} brackets"
    if query_form(query) == "UPDATE":
        return "updates are refused: this server is read-only"
    if not allow_federation and names_service(query):
        return (
            "SERVICE is refused: this server does not fetch other endpoints "
            "(chkg serve --allow-federation allows it)"
        )
    return None


def page_config(queries: Sequence[CatalogueQuery], endpoint: str) -> dict[str, object]:
    """The query page's tabs: the chkg prefixes first, then each catalogue query.

    Examples
    --------
    >>> config = page_config([], "/query")
    >>> config["tabs"][0]["name"], "PREFIX chkg:" in config["tabs"][0]["query"]
    ('chkg', True)
    """
    prefixes = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in sorted(PREFIXES.items()))
    first = prefixes + "\nSELECT ?s ?p ?o WHERE {\n  ?s ?p ?o\n}\nLIMIT 20\n"
    tabs = [{"name": "chkg", "query": first}]
    tabs += [{"name": f"{q.number or ''} {q.summary or q.name}".strip(), "query": q.text} for q in queries]
    return {"endpoint": endpoint, "tabs": tabs}


class Gateway:
    """The gateway HTTP server on 127.0.0.1, in a thread, in front of an Oxigraph endpoint.

    Parameters
    ----------
    backend
        Oxigraph's query URL (``http://127.0.0.1:PRIVATE/query``).
    port
        The port users connect to.
    queries
        The catalogue, preloaded as tabs of the page.
    timeout
        Seconds a query may take on the backend.
    allow_federation
        Let SERVICE through.
    """

    def __init__(
        self,
        backend: str,
        port: int,
        *,
        queries: Sequence[CatalogueQuery] = (),
        timeout: float = 30.0,
        allow_federation: bool = False,
    ) -> None:
        self.backend = backend
        self.timeout = timeout
        self.allow_federation = allow_federation
        self.config = page_config(queries, f"http://127.0.0.1:{port}/query")
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), _handler(self))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> Gateway:
        """Serve in a background thread."""
        self.thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self.server.shutdown()
        self.server.server_close()


def _handler(gateway: Gateway) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        server_version = "chkg-serve"

        def log_message(self, format: str, *args: object) -> None:
            return

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Content-Security-Policy", _CSP)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            parts = urllib.parse.urlsplit(self.path)
            if parts.path == "/":
                self._send(200, _PAGE.encode(), "text/html; charset=utf-8")
            elif parts.path == "/config.js":
                # json.dumps keeps the queries in strings; "</" cannot close a script in a .js file,
                # and the file is served as JavaScript, never inline
                script = _SCRIPT % json.dumps(gateway.config, ensure_ascii=True)
                self._send(200, script.encode(), "application/javascript; charset=utf-8")
            elif parts.path in _VENDOR:
                name = parts.path.rsplit("/", 1)[1]
                data = resources.files("chkg.sparql").joinpath("vendor", name).read_bytes()
                self._send(200, data, _VENDOR[parts.path])
            elif parts.path == "/favicon.ico":
                self._send(204, b"", "image/x-icon")  # no icon, and no error in the browser's console
            elif parts.path == "/query":
                fields = urllib.parse.parse_qs(parts.query)
                self._query(fields.get("query", [""])[0], parts.query.encode(), None)
            else:
                self._send(404, b"not found: this server serves / and /query\n", "text/plain")

        def do_POST(self) -> None:
            parts = urllib.parse.urlsplit(self.path)
            if parts.path != "/query":
                self._send(404, b"not found: this server serves / and /query (read-only)\n", "text/plain")
                return
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(min(length, 16 * 1024 * 1024))
            kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if kind == "application/sparql-query":
                query = body.decode("utf-8", "replace")
            else:
                query = urllib.parse.parse_qs(body.decode("utf-8", "replace")).get("query", [""])[0]
            self._query(query, body, kind or "application/x-www-form-urlencoded")

        def _query(self, query: str, payload: bytes, content_type: str | None) -> None:
            why = refusal(query, allow_federation=gateway.allow_federation)
            if why is not None:
                self._send(403, (why + "\n").encode(), "text/plain; charset=utf-8")
                return
            headers = {"Accept": self.headers.get("Accept") or "application/sparql-results+json"}
            try:
                if content_type is None:
                    url = gateway.backend + ("?" + payload.decode() if payload else "")
                    answer = request("GET", url, headers=headers, timeout=gateway.timeout,
                                     ok_statuses=tuple(range(400, 600)))
                else:
                    headers["Content-Type"] = content_type
                    answer = request("POST", gateway.backend, body=payload, headers=headers,
                                     timeout=gateway.timeout, ok_statuses=tuple(range(400, 600)))
            except ChkgError as exc:
                self._send(502, (str(exc) + "\n").encode(), "text/plain; charset=utf-8")
                return
            self._send(answer.status, answer.body, answer.headers.get("content-type", "text/plain"))

    return Handler
