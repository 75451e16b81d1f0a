"""Per-record invariants of the curated data (``data/``), in the style of a curated registry.

Each test loops over the records of one kind and collects one message per
failing record, so a single run lists everything a curator has to fix. The data
is loaded with :func:`chkg.graph.loader.load` from this checkout's ``data/`` folder; the
quotes are checked against the copy of the source kept in ``data/sources/``.
"""

from __future__ import annotations

import re
from collections import defaultdict, deque
from collections.abc import Iterable
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from chkg.graph.loader import load
from chkg.graph.quotes import fold
from chkg.rdf.canonical import canonical_turtle
from chkg.vocab.namespace import CHKG, CHKG_NS

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
SOURCE_TEXT = DATA / "sources" / "culture-and-values.md"
DATA_FILES = sorted(DATA.rglob("*.ttl"))
SOURCE = CHKG_NS["culture-and-values"]

#: Subclasses of chkg:Factor that curated entities are typed with.
FACTOR_CLASSES = {
    CHKG.Policy, CHKG.Review, CHKG.Strategy, CHKG.RegionalCreativeHealthStrategy, CHKG.StatutoryGuidance,
    CHKG.WorkforcePlan, CHKG.Framework, CHKG.Report, CHKG.PolicyProgramme, CHKG.Organisation, CHKG.Place,
    CHKG.Programme, CHKG.Resource, CHKG.StaffGroup, CHKG.Approach, CHKG.Value, CHKG.Practice, CHKG.Mechanism,
    CHKG.WorkforceOutcome, CHKG.PatientOutcome, CHKG.SystemOutcome, CHKG.CultureOutcome,
}
POLICY_CLASSES = {
    CHKG.Policy, CHKG.Review, CHKG.Strategy, CHKG.RegionalCreativeHealthStrategy, CHKG.StatutoryGuidance,
    CHKG.WorkforcePlan, CHKG.Framework, CHKG.Report, CHKG.PolicyProgramme,
}
OUTCOME_CLASSES = {CHKG.WorkforceOutcome, CHKG.PatientOutcome, CHKG.SystemOutcome, CHKG.CultureOutcome}
SCHEME_OF = {CHKG.Value: CHKG.valueScheme, CHKG.StaffGroup: CHKG.staffGroupScheme,
             **{cls: CHKG.outcomeScheme for cls in OUTCOME_CLASSES}}
RELATIONS = {CHKG.influences, CHKG.ledTo, CHKG.enables, CHKG.strengthens, CHKG.legitimises,
             CHKG.embedsValue, CHKG.contributesTo, CHKG.alignsWith}

#: Links that tie an entity into the graph without an influence claim.
DESCRIPTIVE = [CHKG.ledBy, DCTERMS.publisher, CHKG.exampleOf, DCTERMS.spatial, DCTERMS.isVersionOf,
               DCTERMS.hasVersion, CHKG.reachesStaffGroup]

#: Claim types that carry influence on a path by default (docs/EVIDENCE-MODEL.md §2, §8).
EFFECT_TYPES = {CHKG.observedEffect, CHKG.assertedEffect}
CLAIM_TYPES = EFFECT_TYPES | {CHKG.potentialEffect, CHKG.intendedPurpose, CHKG.alignment, CHKG.definitional}

#: Policies that reach no outcome through effect claims, with the reason (see data/README.md).
REACH_EXEMPT = {
    "health-in-all-policies-in-mayoral-and-combined-authorities":
        "the source says only that it created culture and health workstreams, and says what they value; it names "
        "no outcome of them",
    "nhs-long-term-workforce-plan":
        "the plan helped to legitimise investment in staff wellbeing; the burnout and retention of that sentence are "
        "what creative health does, not what the investment does (re-curation, agent substitution)",
    "core20plus5": "a pillar to align creative health evidence against: the effects that follow are the aligned "
                   "evidence's, not the policy's (re-curation, direction reversed)",
    "major-conditions-strategy": "a pillar to align creative health evidence against, as Core20PLUS5",
    "ncch-and-appg-creative-health-resources-and-briefings":
        "commissioners use the policy-ready examples to improve patient outcomes: a purpose, not a reported effect",
}

#: Factors in no claim and no descriptive link, with the reason (see data/README.md).
UNLINKED_EXEMPT = {
    "sickness-absence": "named only in the examples under the part 1 heading; no subject is said to change it",
    "quality-of-care": "named only in the examples under the part 1 heading; no subject is said to change it",
    "vcse-sector": "named as the partner of co-production and of multi-disciplinary teams, never as influencer or "
                   "influencee; the ontology has no participant property",
    "creative-and-arts-organisations": "named as those commissioning pathways serve; the ontology has no "
                                       "beneficiary or participant property",
    "nhs": "described as a highly hierarchy-led organisation: a state, not an influence",
}

#: Passages no claim cites, with the reason.
UNCITED_PASSAGES = {
    "culture-and-values-p1-outcome-examples": "examples of outcomes framing the question; no subject",
    "culture-and-values-p3-underrepresented-groups": "framing note; modelled as the staff group panels reach",
}

#: Where each passage starts in the source text; it runs to the start of the next one.
PASSAGE_OPENINGS = {
    "p1-outcome-examples": "- for example, retention",
    "p1-creative-health-review": "The **Creative Health Review**",
    "p1-health-in-all-policies": "Health in All Policies approaches",
    "p1-ics-statutory-guidance": "The **ICS Statutory Guidance**",
    "p1-culture-and-heritage-capital": "Culture And Heritage Capital:",
    "p1-arts-council-england-strategy": "Arts Council England [",
    "p1-nhs-long-term-workforce-plan": "The **NHS Long Term Workforce Plan**",
    "p1-ncch-appg-resources-and-briefings": "NCCH / **APPG",
    "p1-workforce-development-framework": "The **Workforce development framework**",
    "p1-fuller-stocktake": "The **Fuller Stocktake**",
    "p1-personalised-care-and-population-health-management": "[Personalised Care](#)",
    "p1-core20plus5-and-major-conditions-strategy": "[Core20PLUS5](#)",
    "p1-creative-health-strategies": "Development of **Creative Health Strategies**",
    "heading-2": "Approaches that have successfully embedded",
    "p2-introduction": "Creative health offers a wide range",
    "p2-co-design-co-production": "- **Co-design / Co-production**",
    "p2-co-creation": "- **Co-creation**",
    "p2-participatory-arts": "- **Participatory arts**",
    "p2-asset-based-approaches": "- **Asset-based approaches**",
    "p2-lived-experience-leadership": "- **Lived experience leadership**",
    "p2-moving-beyond-the-medical-model": "- **Moving beyond the medical model**",
    "p2-holistic-whole-person-care": "- **Holistic / whole-person care**",
    "p2-not-pathologising": "- **Not pathologising**",
    "p2-celebrating-polymaths-multiple-ways-of-knowing": "- **Celebrating polymaths",
    "p2-trauma-informed-practice": "- **Trauma-informed practice**",
    "p2-cultural-humility-and-equity": "- **Cultural humility and equity**",
    "p2-healthcare-innovation": "- **Healthcare innovation**",
    "p2-service-redesign-pathway-innovation": "- **Service redesign / pathway innovation**",
    "p2-social-prescribing-integration": "- **Social prescribing integration**",
    "p2-community-chest-commissioning": "- **Community chest commissioning**",
    "p2-prevention-and-early-intervention": "- **Prevention and early intervention**",
    "p2-digital-innovation": "- **Digital innovation**",
    "p2-sustainable-cultural-investment": "- **Sustainable cultural investment**",
    "p2-community-led-practice": "- **Community-led practice**",
    "p2-therapeutic-arts-practice": "- **Therapeutic arts practice",
    "p2-place-based-approaches": "- **Place-based approaches**",
    "p2-interdisciplinary-practice": "- **Interdisciplinary practice**",
    "p2-arts-based-evaluation-and-research": "- **Arts-based evaluation and research**",
    "p2-data-innovation": "- **Data innovation**",
    "p2-practice-based-research": "- **Practice-based research**",
    "p2-knowledge-exchange": "- **Knowledge exchange**",
    "p2-different-epistemologies": "- **Different epistemologies**",
    "p2-ecological-and-systems-approaches": "- **Ecological and systems approaches**",
    "p2-care-ethics-approaches": "- **Care ethics approaches**",
    "heading-3": "Systems or practices that ensure",
    "p3-underrepresented-groups": "- particularly from underrepresented groups",
    "p3-creatively-facilitated-spaces": "Creatively facilitated spaces",
    "p3-lived-experience-leadership-panels": "Lived-experience leadership panels",
    "p3-whole-system-creative-learning-sets": "Whole-system creative learning sets",
    "p3-staff-led-exhibitions-or-showcases": "Staff-led exhibitions",
}


REL_KEBAB = {"ledTo": "led-to", "embedsValue": "embeds-value", "contributesTo": "contributes-to",
             "alignsWith": "aligns-with"}


# ----------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def graph() -> Graph:
    return load([DATA])


@pytest.fixture(scope="module")
def source_text() -> str:
    return SOURCE_TEXT.read_text(encoding="utf-8")


def _local(node: URIRef) -> str:
    return str(node).removeprefix(str(CHKG_NS))


def _entities(graph: Graph, classes: Iterable[URIRef]) -> list[URIRef]:
    found = {s for cls in classes for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef)}
    return sorted(found)


def _claims(graph: Graph) -> list[URIRef]:
    return _entities(graph, [CHKG.Influence])


def _one(graph: Graph, subject: URIRef, predicate: URIRef) -> object:
    values = list(graph.objects(subject, predicate))
    return values[0] if len(values) == 1 else None


def _report(failures: list[str]) -> None:
    if failures:
        pytest.fail(f"{len(failures)} record(s) fail:\n" + "\n".join(failures), pytrace=False)


# ----------------------------------------------------------------------------- files


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: str(p.relative_to(DATA)))
def test_file_is_canonical(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    parsed = Graph().parse(data=text, format="turtle")
    assert canonical_turtle(parsed) == text, (
        f"{path.relative_to(ROOT)} is not in canonical form: run `chkg fmt data/`"
    )


def test_source_copy_is_present() -> None:
    text = SOURCE_TEXT.read_text(encoding="utf-8")
    assert text.startswith("\n\nSection 4: culture and values\n"), "data/sources/culture-and-values.md changed"
    assert len(text.encode("utf-8")) == 16176, "data/sources/culture-and-values.md is not the byte-for-byte copy"


# ----------------------------------------------------------------------------- entities


def test_every_entity_has_one_label_and_one_definition(graph: Graph) -> None:
    failures = []
    for entity in _entities(graph, FACTOR_CLASSES):
        labels = list(graph.objects(entity, RDFS.label))
        definitions = list(graph.objects(entity, SKOS.definition))
        if len(labels) != 1 or not isinstance(labels[0], Literal) or labels[0].language != "en":
            failures.append(f"{_local(entity)}: needs exactly one rdfs:label with @en, has {labels}")
        if len(definitions) != 1 or not isinstance(definitions[0], Literal) or definitions[0].language != "en":
            failures.append(f"{_local(entity)}: needs exactly one skos:definition with @en, has {definitions}")
    _report(failures)


def test_entity_slugs_are_kebab_case(graph: Graph) -> None:
    failures = [
        f"{entity}: local name is not a kebab-case slug"
        for entity in _entities(graph, FACTOR_CLASSES | {CHKG.Influence, CHKG.Passage, CHKG.Section, CHKG.Source})
        if not str(entity).startswith(str(CHKG_NS)) or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", _local(entity))
    ]
    _report(failures)


def test_no_two_entities_share_a_name(graph: Graph) -> None:
    """Labels and altLabels, case-folded, name one entity only (one concept per meaning)."""
    owners: dict[str, set[URIRef]] = defaultdict(set)
    for entity in _entities(graph, FACTOR_CLASSES):
        for predicate in (RDFS.label, SKOS.altLabel):
            for name in graph.objects(entity, predicate):
                owners[str(name).casefold()].add(entity)
    failures = [f"{name!r} names {sorted(map(_local, who))}" for name, who in sorted(owners.items()) if len(who) > 1]
    _report(failures)


def test_concepts_are_in_their_scheme(graph: Graph) -> None:
    failures = []
    for cls, scheme in SCHEME_OF.items():
        for concept in _entities(graph, [cls]):
            if set(graph.objects(concept, SKOS.inScheme)) != {scheme}:
                failures.append(f"{_local(concept)}: a {_local(cls)} must be skos:inScheme {_local(scheme)} only")
    _report(failures)


def test_every_factor_takes_part(graph: Graph) -> None:
    """Every factor is in a claim or a descriptive link, or its exemption says why not."""
    linked = set(graph.objects(None, PROV.influencer)) | set(graph.objects(None, CHKG.influencee))
    for predicate in DESCRIPTIVE:
        for s, o in graph.subject_objects(predicate):
            linked |= {s, o}
    failures = []
    for entity in _entities(graph, FACTOR_CLASSES):
        name = _local(entity)
        if entity in linked and name in UNLINKED_EXEMPT:
            failures.append(f"{name}: is linked now; drop its exemption")
        elif entity not in linked and name not in UNLINKED_EXEMPT:
            failures.append(f"{name}: takes part in no claim and no descriptive link")
    _report(failures)


def test_descriptive_links_point_at_the_right_kind(graph: Graph) -> None:
    expected = {CHKG.ledBy: {CHKG.Organisation}, DCTERMS.publisher: {CHKG.Organisation},
                DCTERMS.spatial: {CHKG.Place}, CHKG.reachesStaffGroup: {CHKG.StaffGroup},
                DCTERMS.isVersionOf: POLICY_CLASSES, CHKG.exampleOf: FACTOR_CLASSES}
    failures = []
    for predicate, classes in expected.items():
        for s, o in graph.subject_objects(predicate):
            if not set(graph.objects(o, RDF.type)) & classes:
                failures.append(f"{_local(s)} {graph.qname(predicate)} {_local(o)}: object has the wrong type")
    _report(failures)


def test_no_urls_and_no_invented_dates(graph: Graph) -> None:
    """The source's links were stripped: no URL may appear; the only dates are the review editions'."""
    data = Graph()
    for file in DATA_FILES:
        data.parse(file, format="turtle")
    failures = [f"{_local(s)}: literal looks like a URL: {o}" for s, _, o in data
                if isinstance(o, Literal) and re.search(r"https?:|www\.", str(o))]
    dated = {_local(s): str(o) for s, o in data.subject_objects(DCTERMS.date)}
    if dated != {"creative-health-review-2017-edition": "2017", "creative-health-review-2023-edition": "2023"}:
        failures.append(f"only the review editions carry a dcterms:date, found {dated}")
    for file in DATA_FILES:
        if re.search(r"https?://(?!w3id\.org/creative-health-kg/|purl\.org/dc/|www\.w3\.org/)", file.read_text("utf-8")):
            failures.append(f"{file.relative_to(ROOT)}: holds a URL outside the vocabularies")
    _report(failures)


# ----------------------------------------------------------------------------- kinds


def test_counts(graph: Graph) -> None:
    approaches = set(graph.subjects(CHKG.exampleOf, CHKG_NS["creative-health-approaches"])) & set(
        graph.subjects(RDF.type, CHKG.Approach))
    assert len(approaches) == 29, f"part 2 gives 29 approaches, found {len(approaches)}"
    practices = _entities(graph, [CHKG.Practice])
    assert len(practices) == 4, f"part 3 gives 4 practices, found {len(practices)}"
    policies = _entities(graph, POLICY_CLASSES)
    assert len(policies) >= 15, f"part 1 gives at least 15 policy interventions, found {len(policies)}"


def test_every_approach_embeds_a_value(graph: Graph) -> None:
    failures = [f"{_local(a)}: embeds no value (add a chkg:embedsValue claim)"
                for a in _entities(graph, [CHKG.Approach]) if not set(graph.objects(a, CHKG.embedsValue))]
    _report(failures)


def test_every_practice_reaches_staff_and_leads_somewhere(graph: Graph) -> None:
    failures = []
    for practice in _entities(graph, [CHKG.Practice]):
        if not set(graph.objects(practice, CHKG.reachesStaffGroup)):
            failures.append(f"{_local(practice)}: reaches no staff group")
        if not _reached_outcomes(graph, practice):
            failures.append(f"{_local(practice)}: leads to no outcome")
    _report(failures)


def _reached_outcomes(graph: Graph, start: URIRef) -> set[URIRef]:
    """Outcomes reachable over effect claims from ``start`` or from what it is a version or an example of.

    Only observed and asserted effects count, as on a default path (docs/EVIDENCE-MODEL.md §8).
    """
    outgoing: dict[URIRef, set[URIRef]] = defaultdict(set)
    for claim in graph.subjects(RDF.type, CHKG.Influence):
        if _one(graph, claim, CHKG.claimType) not in EFFECT_TYPES:
            continue
        for s in graph.objects(claim, PROV.influencer):
            outgoing[s] |= set(graph.objects(claim, CHKG.influencee))
    seeds = {start} | set(graph.objects(start, DCTERMS.isVersionOf)) | set(graph.objects(start, CHKG.exampleOf))
    seen, queue = set(seeds), deque(seeds)
    while queue:
        for nxt in outgoing[queue.popleft()]:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return {n for n in seen - {start} if set(graph.objects(n, RDF.type)) & OUTCOME_CLASSES}


def test_every_policy_reaches_an_outcome(graph: Graph) -> None:
    failures = []
    for policy in _entities(graph, POLICY_CLASSES):
        name, reached = _local(policy), _reached_outcomes(graph, policy)
        if reached and name in REACH_EXEMPT:
            failures.append(f"{name}: reaches an outcome now; drop its exemption")
        elif not reached and name not in REACH_EXEMPT:
            failures.append(f"{name}: reaches no chkg:Outcome through effect claims")
    _report(failures)


# ----------------------------------------------------------------------------- claims


def test_every_claim_is_complete(graph: Graph) -> None:
    failures = []
    for claim in _claims(graph):
        name = _local(claim)
        subject, obj = _one(graph, claim, PROV.influencer), _one(graph, claim, CHKG.influencee)
        relation, sign = _one(graph, claim, CHKG.relation), _one(graph, claim, CHKG.sign)
        claim_type, mechanism = _one(graph, claim, CHKG.claimType), _one(graph, claim, CHKG.mechanism)
        if None in (subject, obj, relation, sign, claim_type, mechanism):
            failures.append(f"{name}: needs exactly one influencer, influencee, relation, sign, claim type "
                            "and mechanism")
            continue
        if claim_type not in CLAIM_TYPES:
            failures.append(f"{name}: chkg:claimType {claim_type} is not one of the six claim types")
        if (claim, CHKG_NS["evidenceStrength"], None) in graph:
            failures.append(f"{name}: chkg:evidenceStrength is removed from the model; the claim type replaces it")
        if relation not in RELATIONS:
            failures.append(f"{name}: relation {relation} is not an influence property")
        if sign not in (CHKG.positive, CHKG.negative):
            failures.append(f"{name}: sign {sign} is neither chkg:positive nor chkg:negative")
        if not (isinstance(mechanism, Literal) and mechanism.language == "en"):
            failures.append(f"{name}: chkg:mechanism must be an @en sentence")
        for end in (subject, obj):
            if not set(graph.objects(end, RDF.type)) & FACTOR_CLASSES:
                failures.append(f"{name}: {end} is not a curated factor")
        if relation == CHKG.contributesTo and not set(graph.objects(obj, RDF.type)) & OUTCOME_CLASSES:
            failures.append(f"{name}: chkg:contributesTo needs an outcome as object")
        if relation == CHKG.embedsValue and (obj, RDF.type, CHKG.Value) not in graph:
            failures.append(f"{name}: chkg:embedsValue needs a value as object")
        rel = _local(relation)
        expected = f"claim-{_local(subject)}-{REL_KEBAB.get(rel, rel)}-{_local(obj)}"
        if name != expected:
            failures.append(f"{name}: IRI should be {expected}")
        if (subject, relation, obj) not in graph:
            failures.append(f"{name}: flat triple was not materialised by chkg.load")
    _report(failures)


def _passage_texts(source_text: str) -> dict[str, str]:
    starts = sorted((source_text.index(opening), key) for key, opening in PASSAGE_OPENINGS.items())
    ends = [start for start, _ in starts[1:]] + [len(source_text)]
    return {f"culture-and-values-{key}": fold(source_text[start:end]) for (start, key), end in zip(starts, ends, strict=True)}


def test_passage_openings_are_unique(source_text: str) -> None:
    failures = [f"{key}: opening {opening!r} occurs {source_text.count(opening)} times"
                for key, opening in PASSAGE_OPENINGS.items() if source_text.count(opening) != 1]
    _report(failures)


def test_every_quote_is_verbatim_in_its_passage(graph: Graph, source_text: str) -> None:
    passages = _passage_texts(source_text)
    whole = fold(source_text)
    failures = []
    for claim in _claims(graph):
        name = _local(claim)
        quotes = list(graph.objects(claim, CHKG.quote))
        passage = _one(graph, claim, CHKG.citesPassage)
        if len(quotes) != 1 or not str(quotes[0]).strip():
            failures.append(f"{name}: needs exactly one non-empty chkg:quote, has {len(quotes)}")
            continue
        if passage is None:
            failures.append(f"{name}: needs exactly one chkg:citesPassage")
            continue
        quote = fold(str(quotes[0]))
        if quote not in whole:
            failures.append(f"{name}: quote is not verbatim in the source: {quotes[0]!r}")
        elif quote not in passages.get(_local(passage), ""):
            failures.append(f"{name}: quote stands in the source but not in {_local(passage)}: {quotes[0]!r}")
    _report(failures)


def test_every_claim_cites_a_passage_of_a_section_of_the_source(graph: Graph) -> None:
    sections = set(graph.subjects(DCTERMS.isPartOf, SOURCE)) & set(graph.subjects(RDF.type, CHKG.Section))
    failures = []
    for claim in _claims(graph):
        passage = _one(graph, claim, CHKG.citesPassage)
        if passage is None or (passage, RDF.type, CHKG.Passage) not in graph:
            failures.append(f"{_local(claim)}: cites no chkg:Passage")
        elif set(graph.objects(passage, DCTERMS.isPartOf)) & sections != set(graph.objects(passage, DCTERMS.isPartOf)) \
                or len(set(graph.objects(passage, DCTERMS.isPartOf))) != 1:
            failures.append(f"{_local(claim)}: {_local(passage)} is not part of exactly one section of the source")
    _report(failures)


def test_source_sections_and_passages(graph: Graph, source_text: str) -> None:
    failures = []
    sections = set(graph.subjects(DCTERMS.isPartOf, SOURCE))
    if len(sections) != 3:
        failures.append(f"the source has three parts, found {len(sections)} sections")
    for section in sections:
        heading = _one(graph, section, CHKG.heading)
        if heading is None or f"\n{heading}\n" not in source_text:
            failures.append(f"{_local(section)}: chkg:heading is not a verbatim line of the source")
    passages = set(graph.subjects(RDF.type, CHKG.Passage))
    known = {f"culture-and-values-{k}" for k in PASSAGE_OPENINGS if not k.startswith("heading-")}
    if {_local(p) for p in passages} != known:
        failures.append(f"passages differ from the openings listed here: "
                        f"{sorted({_local(p) for p in passages} ^ known)}")
    cited = set(graph.objects(None, CHKG.citesPassage))
    for passage in sorted(passages - cited):
        if _local(passage) not in UNCITED_PASSAGES:
            failures.append(f"{_local(passage)}: no claim cites it")
    _report(failures)
