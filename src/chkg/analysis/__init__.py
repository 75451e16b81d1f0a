"""Influence analysis: stated and stitched chains, their certainty, and what they add up to.

The public API (stable names; the report and ``chkg diff`` build on them). The rules are those
of ``docs/EVIDENCE-MODEL.md`` §8.

``chkg.analysis.network`` — the typed analysis graph built from RDF
    ``AnalysisGraph`` (``.entities``, ``.claims``, ``.bridges``, ``.graph`` the
    :class:`networkx.MultiDiGraph` whose edges are keyed by claim IRI, ``.label(node)``,
    ``.index()`` for :func:`chkg.graph.resolve.resolve_entity`), ``Entity``, ``Claim``,
    ``Kind``, ``OutcomeKind``, ``ToKind``, ``Direction``, ``analysis_graph(rdf)``,
    ``outcomes_of_kind(G, kind)``, ``nodes_of_kind(G, *kinds)``.
``chkg.analysis.construct`` — ``ANALYSIS_CONSTRUCT``, the SPARQL CONSTRUCT that reads the
    analysis graph from an endpoint.
``chkg.analysis.chains`` — ``Hop``, ``Join``, ``Chain``, ``ChainOptions`` (``stated_only``,
    ``min_certainty``, ``include_context_claims``, ``allow_incompatible``), ``Effect``.
``chkg.analysis.ranking`` — ``rank_key(chain)``, ``sort_chains(chains)``.
``chkg.analysis.search`` — ``ChainSearch`` (``chains``, ``complete``, ``message``),
    ``find_chains(G, source, targets, *, options, max_hops, top, max_states, max_seconds)``.
``chkg.analysis.routes`` — ``Route``, ``routes(...)``: every route (node sequence) with the
    claims that lie on some admissible chain; the counting behind reach, what-if and gap map.
``chkg.analysis.reach`` — ``EvidenceCount``, ``OutcomeReach``, ``PolicyReach``,
    ``LeverageRow``, ``reach(G, ...)``, ``leverage(G, ...)``.
``chkg.analysis.whatif`` — ``PairChange``, ``KnockOut``, ``MinCut``, ``knock_out``, ``min_cut``.
``chkg.analysis.gapmap`` — ``GapCell``, ``GapMap``, ``gap_map``.
``chkg.analysis.documents`` — the JSON of the contract: ``node_ref``, ``chain_to_dict``,
    ``paths_document``, ``whatif_document``.
``chkg.analysis.text`` — ``format_paths``, ``format_whatif`` for ``chkg paths`` / ``whatif``.
``chkg.analysis.summary`` — the executive summary as data: ``Finding``, ``Hypothesis``,
    ``SourceNote``, ``ExecutiveSummary``, ``executive_summary(G, ...)``, ``summary_to_dict``.

Every name above is also importable from ``chkg.analysis`` itself.
"""
