"""The project's vocabulary as an rdflib namespace that fails on unknown terms.

Terms and curated entities share the namespace ``https://w3id.org/creative-health-kg/``:
ontology terms are CamelCase classes or lowerCamelCase properties and
individuals, curated entities are kebab-case slugs (``CHKG_NS["nhs-long-term-workforce-plan"]``).
Using :class:`CHKG` for a term makes a misspelling fail at import time, not
silently at query time.

Examples
--------
>>> CHKG.Policy
rdflib.term.URIRef('https://w3id.org/creative-health-kg/Policy')
>>> CHKG.Polcy
Traceback (most recent call last):
...
AttributeError: term 'Polcy' not in namespace 'https://w3id.org/creative-health-kg/'
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = ["CHKG", "CHKG_NS", "CITO", "OA", "ONTOLOGY_IRI", "PREFIXES"]

#: The plain namespace, for minting entity IRIs from slugs.
CHKG_NS = Namespace("https://w3id.org/creative-health-kg/")

#: The IRI of the ontology itself.
ONTOLOGY_IRI = URIRef("https://w3id.org/creative-health-kg/ontology")


class CHKG(DefinedNamespace):
    """Creative Health Knowledge Graph ontology terms (``ontology/chkg.ttl``)."""

    _fail = True
    _NS = Namespace("https://w3id.org/creative-health-kg/")

    # -- Classes --
    Factor: URIRef  # factor (abstract superclass of influencing entities)
    Policy: URIRef  # policy intervention
    Review: URIRef  # review
    Strategy: URIRef  # strategy
    RegionalCreativeHealthStrategy: URIRef  # regional creative health strategy
    StatutoryGuidance: URIRef  # statutory guidance
    WorkforcePlan: URIRef  # workforce plan
    Framework: URIRef  # framework
    Report: URIRef  # report
    PolicyProgramme: URIRef  # policy programme
    Organisation: URIRef  # organisation
    Place: URIRef  # place
    Programme: URIRef  # programme
    Resource: URIRef  # resource
    StaffGroup: URIRef  # staff group
    Approach: URIRef  # creative health approach
    Value: URIRef  # value
    Practice: URIRef  # practice
    Mechanism: URIRef  # mechanism
    Outcome: URIRef  # outcome
    WorkforceOutcome: URIRef  # workforce outcome
    PatientOutcome: URIRef  # patient outcome
    SystemOutcome: URIRef  # system outcome
    CultureOutcome: URIRef  # culture outcome
    OutcomeFamily: URIRef  # outcome family (top concept of chkg:outcomeScheme)
    ValueFamily: URIRef  # value family (top concept of chkg:valueScheme)
    Context: URIRef  # context (population or setting of a claim)
    Source: URIRef  # source
    Section: URIRef  # source section
    Passage: URIRef  # passage
    Statement: URIRef  # statement (an oa:SpecificResource: one span of a source's text)
    Influence: URIRef  # influence claim
    Bridge: URIRef  # bridge (two claims the source makes as one argument)
    Sign: URIRef  # sign
    ClaimType: URIRef  # claim type
    CertaintyLevel: URIRef  # certainty level
    SourceType: URIRef  # source type
    OutcomeDirection: URIRef  # outcome direction

    # -- Individuals: signs, claim types, certainty levels, source types, directions --
    positive: URIRef
    negative: URIRef
    observedEffect: URIRef
    assertedEffect: URIRef
    potentialEffect: URIRef
    intendedPurpose: URIRef
    alignment: URIRef
    definitional: URIRef
    highCertainty: URIRef
    moderateCertainty: URIRef
    lowCertainty: URIRef
    veryLowCertainty: URIRef
    peerReviewedStudy: URIRef
    officialStatistics: URIRef
    evaluationReport: URIRef
    greyLiterature: URIRef
    advocacyOrConsultation: URIRef
    higherIsBetter: URIRef
    lowerIsBetter: URIRef

    # -- Concept schemes --
    valueScheme: URIRef
    outcomeScheme: URIRef
    staffGroupScheme: URIRef
    contextScheme: URIRef
    signScheme: URIRef
    claimTypeScheme: URIRef
    certaintyScheme: URIRef
    sourceTypeScheme: URIRef
    outcomeDirectionScheme: URIRef

    # -- Influence properties --
    influences: URIRef
    ledTo: URIRef
    enables: URIRef
    strengthens: URIRef
    legitimises: URIRef
    embedsValue: URIRef
    contributesTo: URIRef
    alignsWith: URIRef

    # -- Qualified influence properties --
    influencee: URIRef
    relation: URIRef
    sign: URIRef
    claimType: URIRef
    inContext: URIRef
    hedged: URIRef
    indirect: URIRef
    mechanism: URIRef
    quote: URIRef
    statedIn: URIRef
    citesPassage: URIRef
    fromClaim: URIRef
    toClaim: URIRef

    # -- Certainty --
    sourceType: URIRef
    certainty: URIRef
    certaintyReason: URIRef
    certaintyOverride: URIRef
    certaintyJustification: URIRef
    certaintyRank: URIRef

    # -- Descriptive properties --
    desirableDirection: URIRef
    ledBy: URIRef
    exampleOf: URIRef
    reachesStaffGroup: URIRef
    heading: URIRef
    textFile: URIRef


class OA(DefinedNamespace):
    """The W3C Web Annotation terms chkg reuses for statements (declared in ``ontology/chkg.ttl``).

    Examples
    --------
    >>> OA.TextQuoteSelector
    rdflib.term.URIRef('http://www.w3.org/ns/oa#TextQuoteSelector')
    """

    _fail = True
    _NS = Namespace("http://www.w3.org/ns/oa#")

    SpecificResource: URIRef
    TextQuoteSelector: URIRef
    TextPositionSelector: URIRef
    hasSource: URIRef
    hasSelector: URIRef
    exact: URIRef
    prefix: URIRef
    suffix: URIRef
    start: URIRef
    end: URIRef


class CITO(DefinedNamespace):
    """The CiTO term chkg reuses: claims cite their statement and passage as evidence.

    Examples
    --------
    >>> CITO.citesAsEvidence
    rdflib.term.URIRef('http://purl.org/spar/cito/citesAsEvidence')
    """

    _fail = True
    _NS = Namespace("http://purl.org/spar/cito/")

    citesAsEvidence: URIRef


#: Prefixes bound in every graph the project writes or queries.
PREFIXES: dict[str, str] = {
    "chkg": str(CHKG_NS),
    "cito": str(CITO._NS),
    "dcterms": "http://purl.org/dc/terms/",
    "oa": str(OA._NS),
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "vann": "http://purl.org/vocab/vann/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
