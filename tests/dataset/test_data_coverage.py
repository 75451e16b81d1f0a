"""Coverage of the source: every name it gives and every key claim it makes must be in the graph.

The lists below were written from a reading of ``data/sources/culture-and-values.md``, not from
the Turtle: they say what a reader of the source expects to find. Names match an ``rdfs:label``
or a ``skos:altLabel`` (case-folded) of an entity of the given kind; claims match a
``chkg:Influence`` node by subject, relation, object and sign.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, SKOS, Graph, URIRef
from rdflib.namespace import PROV

from chkg.graph.loader import load
from chkg.vocab.namespace import CHKG

DATA = Path(__file__).resolve().parents[2] / "data"

POLICIES = [
    "Creative Health Review", "Creative Health Review (2017 edition)", "Creative Health Review (2023 edition)",
    "Health in All Policies", "ICS Statutory Guidance", "Working in partnership with people and communities",
    "Culture and Heritage Capital", "Creative Health & Wellbeing Strategy", "NHS Long Term Workforce Plan",
    "NCCH / APPG Creative Health resources & briefings",
    "Workforce development framework: social prescribing link workers",
    "Fuller Stocktake", "Next Steps for Integrating Primary Care", "Personalised Care", "Population Health Management",
    "Core20PLUS5", "Major Conditions Strategy", "Creative Health Strategies at a systems level",
    "London creative health strategy", "Birmingham creative health strategy",
    "Greater Manchester creative health strategy", "West Yorkshire creative health strategy",
]
APPROACHES = [
    "Co-design / Co-production", "Co-creation", "Participatory arts", "Asset-based approaches",
    "Lived experience leadership", "Moving beyond the medical model", "Holistic / whole-person care",
    "Not pathologising", "Celebrating polymaths / multiple ways of knowing", "Trauma-informed practice",
    "Cultural humility and equity", "Healthcare innovation", "Service redesign / pathway innovation",
    "Social prescribing integration", "Community chest commissioning", "Prevention and early intervention",
    "Digital innovation", "Sustainable cultural investment", "Community-led practice", "Therapeutic arts practice",
    "Place-based approaches", "Interdisciplinary practice", "Arts-based evaluation and research", "Data innovation",
    "Practice-based research", "Knowledge exchange", "Different epistemologies", "Ecological and systems approaches",
    "Care ethics approaches",
]
PRACTICES = [
    "creatively facilitated spaces", "lived-experience leadership panels embedded in governance",
    "whole-system creative learning sets", "staff-led exhibitions or showcases",
]
ORGANISATIONS = [
    "National Centre for Creative Health", "NCCH", "APPG Creative Health", "Arts Council England",
    "Mayoral and Combined Authorities", "West Midlands Combined Authority",
    "Mayoral/Combined Authorities Network for Creative Health", "National Arts in Hospitals Network",
    "VCSE sector", "creative/arts organisations", "NHS",
]
PROGRAMMES = ["culture and health workstreams", "NCCH co-production Huddles", "Huddles", "Our National Health Stories"]
PLACES = ["London", "Birmingham", "Greater Manchester", "West Yorkshire"]
RESOURCES = ["Creative Health at a Glance", "CYP mental health and the 10 Year Plan"]
STAFF_GROUPS = [
    "racialised staff", "disabled staff", "LGBTQ+ staff", "neurodivergent staff", "working-class staff",
    "NHS staff", "staff at all levels", "underrepresented groups",
]
MECHANISMS = [
    "investment in staff wellbeing", "economic case for arts participation",
    "confidence of systems leaders to commission", "targeted investment and infrastructure development",
    "policy-ready examples", "professionalised connector workforce", "expectation to co-produce with the VCSE sector",
    "integrated neighbourhood teams", "proactive community support",
    "multi-disciplinary teams working with VCSE/creative partners", "test-and-learn opportunities",
    "network mapping and convening", "development of theories of change", "creative health evidence",
    "leadership within health systems", "cross-sectoral workforce development and delivery opportunities",
    "permission giving", "gentler exploration of difficult topics", "published action logs",
    "low-risk engagement and expression",
]
VALUES = [
    # part 2 introduction
    "collaboration", "dignity", "inclusion", "creativity", "prevention",
    # part 2 bullets and part 3
    "partnership", "transparency", "accountability", "shared decision-making", "decentralised power",
    "distributed leadership", "relational creativity", "collaborative problem-solving",
    "deeper connection with communities", "engagement", "agency", "personal expression", "confidence",
    "human connection", "authenticity", "moral authority", "experiential knowledge", "empathetic leadership",
    "respect for personhood", "diverse knowledge systems", "curiosity", "openness to learning", "emotional safety",
    "sensitivity to past trauma", "trust", "increasing trust", "empowerment", "continuous self-reflection",
    "reflective learning", "fairness", "cultural responsiveness", "experimentation", "improvement", "flexibility",
    "systems thinking", "personalisation", "localism", "contextualised care", "continuity", "strategic foresight",
    "local knowledge", "emotional processing", "embodiment", "relational healing", "qualitative depth",
    "inclusive participation", "creative data communication", "frontline insight", "mutual learning", "complexity",
    "subjectivity", "sustainability", "commitment to long-term outcomes", "hybrid care", "data-driven improvement",
    "new modes of engagement", "reciprocity", "relational responsibility", "mutual respect", "compassion",
    "attentiveness", "stewardship", "diversity of thought",
]
# re-curation: the source's "retention" of link workers is its own outcome; "more sustainable work practices with
# lower stress for creative health providers" is about providers, not NHS staff (see SYSTEM_OUTCOMES)
WORKFORCE_OUTCOMES = [
    "retention", "retention of social prescribing link workers", "staff wellbeing", "wellbeing", "sickness absence",
    "burnout", "job satisfaction", "role clarity", "supervision", "workload spread", "staff morale",
    "workforce collaboration", "ongoing professional development", "positive associations with the workplace",
    "hopefulness", "acceptance when progress cannot be made", "modern, sustainable health and care workforce",
]
PATIENT_OUTCOMES = [
    "better quality care", "quality of care", "patient experience", "patient outcomes", "strong patient outcomes",
    "stigma", "equitable access to care", "fairer, more compassionate services", "community capacity",
    "services that address root causes", "re-traumatisation", "deterioration", "participant fatigue",
    "relevance of services", "uptake of services", "reach of support",
    "impact on priority health conditions and audiences",
]
SYSTEM_OUTCOMES = [
    "commissioning pathways", "creative health infrastructure", "core infrastructure", "long-term funding mechanisms",
    "integration into systems", "joined-up care pathways", "integrated care", "fragmentation",
    "pressure on services", "measurable impacts against clinical agendas",
    "developments in the field of creative health", "structural inequities", "short-termism",
    "dependency on overstretched formal services", "agile funding ecosystems", "flow", "continuity of care",
    "person-centred, equitable and preventative care", "joined-up decision-making across sectors",
    "stress of creative health providers", "lower stress for creative health providers", "sustainable work practices",
    "identification of long-term funding mechanisms", "long-term funding", "research insights",
]
CULTURE_OUTCOMES = [
    "leadership culture", "cultures across the system", "positive workplace cultures", "hierarchical cultures",
    "rigid professional hierarchies", "psychologically safe services", "systems leadership", "siloed thinking",
    "professional silos", "innovation", "grassroots innovation", "deeper insights", "deeper insights from staff",
    "deeper insight into complex problems", "compassionate environments",
    "decisions aligned with lived priorities", "cultures of learning", "divergent voices",
    "collective and creative voice", "cultural changes in the workplace", "institutional change", "relationships",
    "leaders acting on staff feedback", "shared understanding of feedback",
    "co-developed solutions to staff feedback",
]

POLICY_CLASSES = [CHKG.Policy, CHKG.Review, CHKG.Strategy, CHKG.RegionalCreativeHealthStrategy,
                  CHKG.StatutoryGuidance, CHKG.WorkforcePlan, CHKG.Framework, CHKG.Report, CHKG.PolicyProgramme]
KINDS: list[tuple[str, list[URIRef], list[str]]] = [
    ("policy", POLICY_CLASSES, POLICIES),
    ("approach", [CHKG.Approach], APPROACHES),
    ("practice", [CHKG.Practice], PRACTICES),
    ("organisation", [CHKG.Organisation], ORGANISATIONS),
    ("programme", [CHKG.Programme], PROGRAMMES),
    ("place", [CHKG.Place], PLACES),
    ("resource", [CHKG.Resource], RESOURCES),
    ("staff group", [CHKG.StaffGroup], STAFF_GROUPS),
    ("mechanism", [CHKG.Mechanism], MECHANISMS),
    ("value", [CHKG.Value], VALUES),
    ("workforce outcome", [CHKG.WorkforceOutcome], WORKFORCE_OUTCOMES),
    ("patient outcome", [CHKG.PatientOutcome], PATIENT_OUTCOMES),
    ("system outcome", [CHKG.SystemOutcome], SYSTEM_OUTCOMES),
    ("culture outcome", [CHKG.CultureOutcome], CULTURE_OUTCOMES),
]

#: Key claims of the source: (subject name, relation, object name, sign).
CLAIMS = [
    # part 1: the Creative Health Review
    ("Creative Health Review (2017 edition)", "ledTo", "developments in the field of creative health", "+"),
    ("Creative Health Review (2023 edition)", "ledTo", "developments in the field of creative health", "+"),
    ("Creative Health Review", "ledTo", "NCCH", "+"),
    ("Creative Health Review", "ledTo", "Mayoral/Combined Authorities Network for Creative Health", "+"),
    ("NCCH", "contributesTo", "creative health infrastructure", "+"),
    ("Health in All Policies", "ledTo", "culture and health workstreams", "+"),
    ("culture and health workstreams", "enables", "test-and-learn opportunities", "+"),
    ("ICS Statutory Guidance", "ledTo", "expectation to co-produce with the VCSE sector", "+"),
    ("expectation to co-produce with the VCSE sector", "strengthens", "commissioning pathways", "+"),
    ("Culture and Heritage Capital", "strengthens", "economic case for arts participation", "+"),
    ("Culture and Heritage Capital", "strengthens", "confidence of systems leaders to commission", "+"),
    ("confidence of systems leaders to commission", "ledTo", "patient experience", "+"),
    ("confidence of systems leaders to commission", "ledTo", "patient outcomes", "+"),
    ("confidence of systems leaders to commission", "ledTo", "sustainable work practices", "+"),
    ("confidence of systems leaders to commission", "ledTo", "stress of creative health providers", "-"),
    ("Creative Health & Wellbeing Strategy", "ledTo", "targeted investment and infrastructure development", "+"),
    ("targeted investment and infrastructure development", "contributesTo", "integration into systems", "+"),
    ("targeted investment and infrastructure development", "contributesTo",
     "identification of long-term funding mechanisms", "+"),
    ("NHS Long Term Workforce Plan", "legitimises", "investment in staff wellbeing", "+"),
    # the source gives these effects to creative health itself, not to the investment (re-curation)
    ("creative health approaches", "contributesTo", "burnout", "-"),
    ("creative health approaches", "contributesTo", "retention", "+"),
    ("NCCH / APPG Creative Health resources & briefings", "ledTo", "policy-ready examples", "+"),
    ("policy-ready examples", "contributesTo", "patient outcomes", "+"),
    ("Workforce development framework", "ledTo", "professionalised connector workforce", "+"),
    ("professionalised connector workforce", "contributesTo", "role clarity", "+"),
    ("professionalised connector workforce", "contributesTo", "supervision", "+"),
    ("professionalised connector workforce", "contributesTo", "retention of social prescribing link workers", "+"),
    ("Fuller Stocktake", "ledTo", "integrated neighbourhood teams", "+"),
    ("Fuller Stocktake", "ledTo", "proactive community support", "+"),
    ("integrated neighbourhood teams", "legitimises", "multi-disciplinary teams", "+"),
    ("multi-disciplinary teams", "contributesTo", "workload spread", "+"),
    ("multi-disciplinary teams", "contributesTo", "job satisfaction", "+"),
    ("creative health approaches", "alignsWith", "Personalised Care", "+"),
    ("creative health approaches", "alignsWith", "Population Health Management", "+"),
    ("Personalised Care", "enables", "integration into systems", "+"),
    ("Population Health Management", "enables", "measurable impacts against clinical agendas", "+"),
    ("creative health evidence", "alignsWith", "Core20PLUS5", "+"),
    ("creative health evidence", "alignsWith", "Major Conditions Strategy", "+"),
    # "This has allowed ..." follows from aligning the evidence, not from the policies (re-curation)
    ("creative health evidence", "contributesTo", "patient outcomes", "+"),
    ("creative health evidence", "enables", "integration into systems", "+"),
    ("Creative Health Strategies", "ledTo", "leadership within health systems", "+"),
    ("leadership within health systems", "enables",
     "cross-sectoral workforce development and delivery opportunities", "+"),
    ("cross-sectoral workforce development and delivery opportunities", "contributesTo", "patient outcomes", "+"),
    ("Creative Health Strategies", "ledTo", "permission giving", "+"),
    # part 2
    ("creative health approaches", "embedsValue", "dignity", "+"),
    ("Co-design / Co-production", "embedsValue", "transparency", "+"),
    ("Co-design / Co-production", "strengthens", "leadership culture", "+"),
    ("Asset-based approaches", "contributesTo", "staff morale", "+"),
    ("Asset-based approaches", "contributesTo", "positive workplace cultures", "+"),
    ("Lived experience leadership", "contributesTo", "hierarchical culture", "-"),
    ("Lived experience leadership", "contributesTo", "fairer, more compassionate services", "+"),
    ("Holistic / whole-person care", "contributesTo", "joined-up care pathways", "+"),
    ("Holistic / whole-person care", "contributesTo", "fragmentation", "-"),
    ("Not pathologising", "contributesTo", "stigma", "-"),
    ("Not pathologising", "contributesTo", "psychological safety", "+"),
    ("Not pathologising", "contributesTo", "equitable access to care", "+"),
    ("Trauma-informed practice", "contributesTo", "burnout", "-"),
    ("Trauma-informed practice", "embedsValue", "trust", "+"),
    ("Healthcare innovation", "contributesTo", "siloed thinking", "-"),
    ("Prevention and early intervention", "contributesTo", "pressure on services", "-"),
    ("Sustainable cultural investment", "contributesTo", "creative health infrastructure", "+"),
    ("Community-led practice", "contributesTo", "dependency on overstretched formal services", "-"),
    ("Community-led practice", "embedsValue", "increasing trust", "+"),
    ("Service redesign / pathway innovation", "contributesTo", "workforce collaboration", "+"),
    ("Care ethics approaches", "embedsValue", "compassion", "+"),
    # part 3
    # the paragraph speaks of creatively facilitated spaces, with the Huddles as an example (re-curation)
    ("creatively facilitated spaces", "contributesTo", "hierarchical culture", "-"),
    ("creatively facilitated spaces", "contributesTo", "staff voice", "+"),
    ("creatively facilitated spaces", "contributesTo", "staff wellbeing", "+"),
    ("creatively facilitated spaces", "strengthens", "trust", "+"),
    ("lived-experience leadership panels", "ledTo", "published action logs", "+"),
    ("published action logs", "contributesTo", "leaders acting on staff feedback", "+"),
    ("whole-system creative learning sets", "enables", "co-developed solutions to staff feedback", "+"),
    ("whole-system creative learning sets", "contributesTo", "acceptance when progress cannot be made", "+"),
    ("staff-led exhibitions or showcases", "contributesTo", "staff voice", "+"),
    ("staff-led exhibitions or showcases", "contributesTo", "institutional change", "+"),
    ("Our National Health Stories", "contributesTo", "staff wellbeing", "+"),
]


#: Readings the source does not support (issue 10): no claim of any type may join these.
NOT_CLAIMED = [
    ("creative health approaches", "investment in staff wellbeing",
     "'an area that creative health has meaningfully contributed to' is staff wellbeing, not the investment"),
    ("investment in staff wellbeing", "burnout", "the source gives the reduction of burnout to creative health"),
    ("investment in staff wellbeing", "retention", "the source gives the improvement of retention to creative health"),
    ("Personalised Care", "creative health approaches", "a natural home is alignment: approaches align with it"),
    ("Population Health Management", "creative health approaches", "a natural home is alignment"),
    ("Core20PLUS5", "patient outcomes", "evidence is aligned against it; the outcomes follow from the evidence"),
    ("Major Conditions Strategy", "integration into systems", "evidence is aligned against it"),
    ("hierarchical culture", "staff voice", "one observation about creatively facilitated spaces, not a rule"),
    ("transparency", "acceptance when progress cannot be made", "the transparency is that of the learning sets"),
    ("staff voice", "institutional change", "the voice is the one the exhibitions capture"),
    ("professionalised connector workforce", "retention", "link workers' retention is its own outcome"),
    ("confidence of systems leaders to commission", "burnout", "the lower stress is creative health providers'"),
]


@pytest.fixture(scope="module")
def graph() -> Graph:
    return load([DATA])


def _names(graph: Graph, classes: list[URIRef] | None = None) -> dict[str, set[URIRef]]:
    names: dict[str, set[URIRef]] = defaultdict(set)
    for predicate in (RDFS.label, SKOS.altLabel):
        for entity, name in graph.subject_objects(predicate):
            if classes is None or set(graph.objects(entity, RDF.type)) & set(classes):
                names[str(name).casefold()].add(entity)
    return names


@pytest.mark.parametrize(("kind", "classes", "expected"), KINDS, ids=[kind for kind, _, _ in KINDS])
def test_source_names_are_present(graph: Graph, kind: str, classes: list[URIRef], expected: list[str]) -> None:
    names = _names(graph, classes)
    missing = [name for name in expected if name.casefold() not in names]
    assert not missing, f"the source names these as a {kind}, but no {kind} has them as a label: {missing}"


def test_key_claims_are_present(graph: Graph) -> None:
    names = _names(graph)
    found = set()
    for claim in graph.subjects(RDF.type, CHKG.Influence):
        for s in graph.objects(claim, PROV.influencer):
            for o in graph.objects(claim, CHKG.influencee):
                for rel in graph.objects(claim, CHKG.relation):
                    for sign in graph.objects(claim, CHKG.sign):
                        found.add((s, rel, o, "+" if sign == CHKG.positive else "-"))
    failures = []
    for subject, relation, obj, sign in CLAIMS:
        subjects, objects = names.get(subject.casefold(), set()), names.get(obj.casefold(), set())
        if not subjects or not objects:
            failures.append(f"{subject!r} or {obj!r} is not a name in the graph")
        elif not any((s, CHKG[relation], o, sign) in found for s in subjects for o in objects):
            failures.append(f"missing claim: {subject} --{relation} ({sign})--> {obj}")
    assert not failures, f"{len(failures)} key claim(s) of the source missing:\n" + "\n".join(failures)


def test_counts_of_the_curated_graph(graph: Graph) -> None:
    """Guards against silent loss: the graph holds at least what was curated from this one source."""
    claims = set(graph.subjects(RDF.type, CHKG.Influence))
    assert len(claims) >= 230, f"expected at least 230 claims, found {len(claims)}"



def test_claims_the_source_does_not_make_are_absent(graph: Graph) -> None:
    names = _names(graph)
    joined = {(s, o) for claim in graph.subjects(RDF.type, CHKG.Influence)
              for s in graph.objects(claim, PROV.influencer) for o in graph.objects(claim, CHKG.influencee)}
    failures = []
    for subject, obj, why in NOT_CLAIMED:
        subjects, objects = names.get(subject.casefold(), set()), names.get(obj.casefold(), set())
        if not subjects or not objects:
            failures.append(f"{subject!r} or {obj!r} is not a name in the graph (update this list)")
        elif any((s, o) in joined for s in subjects for o in objects):
            failures.append(f"claim {subject} → {obj} is back: {why}")
    assert not failures, "\n".join(failures)
