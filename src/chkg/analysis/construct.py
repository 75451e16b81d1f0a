"""The SPARQL CONSTRUCT that reads the analysis graph from an endpoint.

:func:`chkg.analysis.network.analysis_graph` builds the same :class:`AnalysisGraph` from the
result of :data:`ANALYSIS_CONSTRUCT` run on any store holding the ontology and the data as from
the whole merged graph of :func:`chkg.load`: the query selects exactly the triples the analysis
reads (claims with their statement, claim type, contexts, appraisal dimensions and certainty;
statements, passages, sections and sources with their type; bridges; contexts and their
hierarchy; typed, labelled entities with their desirable direction and family).

When the store holds raw data without the materialised ``chkg:certainty``, the analysis graph
appraises each claim from the dimensions the query also carries (source type, claim type,
hedged, indirect, override), so the answer is the same.
"""

from __future__ import annotations

__all__ = ["ANALYSIS_CONSTRUCT"]

ANALYSIS_CONSTRUCT = """\
# The triples the influence analysis needs, and nothing else.
# Run it on any store holding the ontology and the data; chkg.analysis.network.analysis_graph()
# builds the same analysis graph from its result as from the whole graph.
PREFIX chkg: <https://w3id.org/creative-health-kg/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

CONSTRUCT {
  ?claim a chkg:Influence ;
      prov:influencer ?subject ;
      chkg:influencee ?object ;
      chkg:relation ?relation ;
      chkg:sign ?sign ;
      chkg:claimType ?claimType ;
      chkg:inContext ?context ;
      chkg:hedged ?hedged ;
      chkg:indirect ?indirect ;
      chkg:certainty ?certainty ;
      chkg:certaintyReason ?reason ;
      chkg:certaintyOverride ?override ;
      chkg:certaintyJustification ?justification ;
      chkg:mechanism ?mechanism ;
      chkg:quote ?quote ;
      chkg:statedIn ?statement ;
      chkg:citesPassage ?passage .
  ?relation rdfs:label ?relationLabel .
  ?claimType rdfs:label ?claimTypeLabel .
  ?statement a chkg:Statement ;
      rdfs:label ?statementLabel ;
      dcterms:isPartOf ?statementPassage ;
      oa:hasSource ?statementSource .
  ?passage rdfs:label ?passageLabel ;
      dcterms:isPartOf ?section .
  ?section rdfs:label ?sectionLabel ;
      dcterms:isPartOf ?source .
  ?anySource a chkg:Source ;
      dcterms:title ?sourceTitle ;
      rdfs:label ?sourceLabel ;
      chkg:sourceType ?sourceType .
  ?context a chkg:Context ;
      rdfs:label ?contextLabel ;
      skos:broader ?broaderContext .
  ?bridge a chkg:Bridge ;
      rdfs:label ?bridgeLabel ;
      chkg:fromClaim ?fromClaim ;
      chkg:toClaim ?toClaim ;
      chkg:quote ?bridgeQuote ;
      chkg:statedIn ?bridgeStatement .
  ?entity a ?type , ?kindClass ;
      chkg:exampleOf ?general ;
      chkg:desirableDirection ?direction ;
      skos:broader ?family ;
      rdfs:label ?label ;
      skos:altLabel ?altLabel ;
      skos:definition ?definition .
  ?family rdfs:label ?familyLabel .
  ?type rdfs:label ?typeLabel .
}
WHERE {
  {
    # 1. each claim and its own properties
    ?claim a chkg:Influence ;
        prov:influencer ?subject ;
        chkg:influencee ?object .
    OPTIONAL { ?claim chkg:relation ?relation }
    OPTIONAL { ?claim chkg:sign ?sign }
    OPTIONAL { ?claim chkg:quote ?quote }
    OPTIONAL { ?claim chkg:citesPassage ?passage }
    OPTIONAL { ?claim chkg:statedIn ?statement }
    OPTIONAL { ?claim chkg:claimType ?claimType }
    OPTIONAL { ?claim chkg:hedged ?hedged }
    OPTIONAL { ?claim chkg:indirect ?indirect }
    OPTIONAL { ?claim chkg:certainty ?certainty }
    OPTIONAL { ?claim chkg:certaintyOverride ?override }
    OPTIONAL { ?claim chkg:certaintyJustification ?justification }
  }
  UNION
  {
    # 2. properties a claim may have several of: mechanisms, contexts, certainty reasons
    ?claim a chkg:Influence .
    { ?claim chkg:mechanism ?mechanism }
    UNION { ?claim chkg:inContext ?context }
    UNION { ?claim chkg:certaintyReason ?reason }
  }
  UNION
  {
    # 3. labels of relations and claim types
    ?claim a chkg:Influence .
    { ?claim chkg:relation ?relation . ?relation rdfs:label ?relationLabel }
    UNION { ?claim chkg:claimType ?claimType . ?claimType rdfs:label ?claimTypeLabel }
  }
  UNION
  {
    # 4. the statement a claim or bridge stands in: its label, passage and source
    { ?claim a chkg:Influence ; chkg:statedIn ?statement }
    UNION { ?bridge0 a chkg:Bridge ; chkg:statedIn ?statement }
    ?statement a chkg:Statement .
    OPTIONAL { ?statement rdfs:label ?statementLabel }
    OPTIONAL { ?statement dcterms:isPartOf ?statementPassage }
    OPTIONAL { ?statement oa:hasSource ?statementSource }
  }
  UNION
  {
    # 5. where the evidence stands: passage, section, source
    ?claim a chkg:Influence ; chkg:citesPassage ?passage .
    OPTIONAL { ?passage rdfs:label ?passageLabel }
    OPTIONAL {
      ?passage dcterms:isPartOf ?section .
      OPTIONAL { ?section rdfs:label ?sectionLabel }
      OPTIONAL { ?section dcterms:isPartOf ?source }
    }
  }
  UNION
  {
    # 6. every source: its title and type (the certainty starts from the type)
    ?anySource a chkg:Source .
    OPTIONAL { ?anySource dcterms:title ?sourceTitle }
    OPTIONAL { ?anySource rdfs:label ?sourceLabel }
    OPTIONAL { ?anySource chkg:sourceType ?sourceType }
  }
  UNION
  {
    # 7. contexts and their hierarchy
    ?context a chkg:Context .
    OPTIONAL { ?context rdfs:label ?contextLabel }
    OPTIONAL { ?context skos:broader ?broaderContext }
  }
  UNION
  {
    # 8. bridges: two claims the source makes as one argument
    ?bridge a chkg:Bridge ;
        chkg:fromClaim ?fromClaim ;
        chkg:toClaim ?toClaim .
    OPTIONAL { ?bridge rdfs:label ?bridgeLabel }
    OPTIONAL { ?bridge chkg:quote ?bridgeQuote }
    OPTIONAL { ?bridge chkg:statedIn ?bridgeStatement }
  }
  UNION
  {
    # 9. entities of the analysed kinds, with the kind class made explicit
    VALUES ?kindClass {
      chkg:Policy chkg:Approach chkg:Value chkg:Practice chkg:Mechanism chkg:Outcome
      chkg:WorkforceOutcome chkg:PatientOutcome chkg:SystemOutcome chkg:CultureOutcome
      chkg:Organisation chkg:Place chkg:Programme chkg:Resource chkg:StaffGroup
    }
    ?entity a ?type .
    ?type rdfs:subClassOf* ?kindClass .
    OPTIONAL { ?type rdfs:label ?typeLabel }
  }
  UNION
  {
    # 10. names, definitions, directions and families of everything a claim links
    { ?claim prov:influencer ?entity } UNION { ?claim chkg:influencee ?entity }
    ?claim a chkg:Influence .
    { ?entity rdfs:label ?label }
    UNION { ?entity skos:altLabel ?altLabel }
    UNION { ?entity skos:definition ?definition }
    UNION { ?entity a ?type }
    UNION { ?entity chkg:desirableDirection ?direction }
    UNION { ?entity skos:broader ?family . OPTIONAL { ?family rdfs:label ?familyLabel } }
  }
  UNION
  {
    # 11. names, definitions, directions and families of every typed entity (policies and outcomes without claims included)
    ?entity a/rdfs:subClassOf* chkg:Factor .
    { ?entity rdfs:label ?label }
    UNION { ?entity skos:altLabel ?altLabel }
    UNION { ?entity skos:definition ?definition }
    UNION { ?entity chkg:exampleOf ?general }
    UNION { ?entity chkg:desirableDirection ?direction }
    UNION { ?entity skos:broader ?family . OPTIONAL { ?family rdfs:label ?familyLabel } }
  }
}
"""
