"""SPARQL for chkg: the query catalogue, bound parameters, the embedded store, endpoints, serving.

Modules, each one job (none imports :mod:`chkg.sparql.query`, which runs queries over them):

- :mod:`~chkg.sparql.lexer`: the query lexer (form, ORDER BY, SERVICE, nesting depth)
- :mod:`~chkg.sparql.catalogue`: ``queries/*.rq`` files and their grlc headers
- :mod:`~chkg.sparql.parameters`: ``--param`` values as RDF terms, bound in a VALUES block
- :mod:`~chkg.sparql.checks`: syntax and refusals (SERVICE, updates) before a query runs
- :mod:`~chkg.sparql.bounds`: rows, seconds and depth limits
- :mod:`~chkg.sparql.results`: the result type and pyoxigraph's result formats
- :mod:`~chkg.sparql.store`: the embedded Oxigraph store, queried within bounds
- :mod:`~chkg.sparql.http`: the one bounded HTTP reader, URL redaction
- :mod:`~chkg.sparql.answers`: which endpoint answers are read, and reading them safely
- :mod:`~chkg.sparql.auth`, :mod:`~chkg.sparql.endpoint`, :mod:`~chkg.sparql.publish`: endpoints
- :mod:`~chkg.sparql.serve`, :mod:`~chkg.sparql.gateway`: ``chkg serve``

Import from the module of the job (``from chkg.sparql.store import EmbeddedStore``);
this package imports nothing, so ``chkg --help`` and light modules stay fast.
"""
