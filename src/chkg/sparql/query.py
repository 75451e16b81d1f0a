"""Running a query: bind its parameters, check it, and send it to the embedded store or an endpoint.

The same bound query runs on the embedded store and on every endpoint, so both
see one query. This module sits above the catalogue, parameters, checks, store
and endpoint modules and imports them; none of them imports it.

Examples
--------
>>> from rdflib import Graph
>>> from chkg.sparql.catalogue import read_query_text
>>> g = Graph().parse(data='''
...     @prefix chkg: <https://w3id.org/creative-health-kg/> .
...     @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
...     chkg:burnout rdfs:label "burnout"@en .''', format="turtle")
>>> q = read_query_text('''PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
... SELECT ?x WHERE { ?x rdfs:label ?l FILTER(STR(?l) = ?_label) }''')
>>> store = EmbeddedStore.from_graph(g)
>>> [str(row[0]) for row in run_query(q, {"label": "burnout"}, store=store).rows]
['https://w3id.org/creative-health-kg/burnout']
>>> run_query(q, {"label": 'x" } ; DROP ALL ; #'}, store=store).rows
[]
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from functools import partial

from chkg.errors import QueryLimitError
from chkg.sparql.bounds import QueryBounds, call_within
from chkg.sparql.catalogue import CatalogueQuery
from chkg.sparql.checks import check_refused, check_syntax
from chkg.sparql.endpoint import construct, select
from chkg.sparql.lexer import check_depth, query_form
from chkg.sparql.parameters import bind_parameters, resolve_parameters
from chkg.sparql.results import QueryResult
from chkg.sparql.store import EmbeddedStore

__all__ = ["run_query"]


def run_query(
    query: CatalogueQuery,
    params: Mapping[str, str] | Iterable[tuple[str, str]] = (),
    *,
    endpoint: str | None = None,
    graph: str | None = None,
    store: EmbeddedStore | None = None,
    allow_remote: bool = False,
    timeout: float = 30.0,
    bounds: QueryBounds | None = None,
) -> QueryResult:
    """Bind ``params`` and run ``query`` on the embedded store or on ``endpoint``.

    Parameters
    ----------
    query
        A catalogue query or one read from a file (see :func:`chkg.sparql.catalogue.find_query`).
    params
        ``name -> value`` pairs as given to ``--param``; defaults fill the rest.
    endpoint
        A SPARQL endpoint URL; the embedded store of the bundled graph if None.
    graph
        On an endpoint, the named graph to query as the default graph.
    store
        The embedded store to use (built from the bundled graph if None).
    allow_remote
        Let SERVICE and updates through on the embedded store.
    timeout
        Seconds the endpoint request may take in total, checking the query's syntax included.
    bounds
        Rows, seconds and nesting depth on the embedded store (the depth bound
        is checked before an endpoint query is sent too).

    Returns
    -------
    QueryResult
    """
    bounds = bounds or QueryBounds()
    bindings = resolve_parameters(query, params)
    label = str(query.path) if query.path else query.name
    # the lexer's checks, linear in the text, before any parser sees it
    check_depth(query.text, max_depth=bounds.max_depth, name=label)
    if endpoint is None:
        check_refused(query.text, allow_remote=allow_remote)
    text = bind_parameters(query.text, bindings)
    if endpoint is None:
        store = store if store is not None else EmbeddedStore.bundled()
        # parsed in the store's time-bounded child; a syntax error is placed in the text as written
        return store.run(text, allow_remote=allow_remote, name=label, bounds=bounds, written=query.text)
    # checked here before it is sent, within the request's total deadline
    started = time.monotonic()
    stopped = f"{label}: not checked within {timeout:g} s, before it was sent; raise the limit with --timeout"
    call_within(timeout, partial(check_syntax, query.text, name=label, max_depth=bounds.max_depth),
                name=label, stopped=stopped)
    if time.monotonic() >= started + timeout:
        raise QueryLimitError(stopped)
    if query_form(text) in ("CONSTRUCT", "DESCRIBE"):
        built = construct(endpoint, text, timeout=timeout, graph=graph, started=started)
        return QueryResult(("subject", "predicate", "object"), [], graph=built)
    return select(endpoint, text, timeout=timeout, graph=graph, started=started)
