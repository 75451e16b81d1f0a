"""Per-record invariants of the evidence model (docs/EVIDENCE-MODEL.md) on the curated data.

Statements anchor claims in the raw source text; claims carry a claim type, hedging,
indirectness and contexts; bridges join claims the source itself links; outcomes and
values are SKOS concepts with families and (outcomes) a desirable direction. Each test
loops over the records of one kind and lists every failing record with what to fix.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV
from rdflib.term import Node

from chkg.evidence.selectors import check_selectors
from chkg.graph.loader import load
from chkg.graph.quotes import fold
from chkg.vocab.namespace import CHKG, CHKG_NS

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
SOURCE = CHKG_NS["culture-and-values"]
SOURCE_TEXT = DATA / "sources" / "culture-and-values.md"
OA = Namespace("http://www.w3.org/ns/oa#")

EFFECT_TYPES = {CHKG.observedEffect, CHKG.assertedEffect}
CLAIM_TYPES = EFFECT_TYPES | {CHKG.potentialEffect, CHKG.intendedPurpose, CHKG.alignment, CHKG.definitional}

#: Words the statement must hold for a claim to be typed or flagged so (lower case, folded text).
HEDGE_WORDS = ("can ", "may ", "often", "help")
TYPE_WORDS = {
    CHKG.potentialEffect: ("can ", "may ", "help"),
    CHKG.alignment: ("align", "natural home"),
    CHKG.intendedPurpose: (" to ",),
    CHKG.observedEffect: ("led to the creation", "creating", "feedback", "comment", "enjoyed", "felt", "means they"),
}
#: Wording that marks a statement as alignment: no effect claim of it may have a policy as its subject.
ALIGNMENT_WORDS = ("natural home", "to align")

#: Outcomes that belong to one population: every claim on them names that context.
POPULATION_OUTCOMES = {
    "link-worker-retention": "context-social-prescribing-link-workers",
    "stress-of-creative-health-providers": "context-creative-health-providers",
    "sustainable-work-practices-of-creative-health-providers": "context-creative-health-providers",
}
POLICY_CLASSES = {CHKG.Policy, CHKG.Review, CHKG.Strategy, CHKG.RegionalCreativeHealthStrategy,
                  CHKG.StatutoryGuidance, CHKG.WorkforcePlan, CHKG.Framework, CHKG.Report, CHKG.PolicyProgramme}
OUTCOME_CLASSES = {CHKG.WorkforceOutcome, CHKG.PatientOutcome, CHKG.SystemOutcome, CHKG.CultureOutcome}


@pytest.fixture(scope="module")
def graph() -> Graph:
    return load([DATA])


@pytest.fixture(scope="module")
def text() -> str:
    return SOURCE_TEXT.read_text(encoding="utf-8")


def _local(node: Node) -> str:
    return str(node).removeprefix(str(CHKG_NS))


def _of(graph: Graph, cls: URIRef) -> list[URIRef]:
    return sorted(s for s in set(graph.subjects(RDF.type, cls)) if isinstance(s, URIRef))


def _one(graph: Graph, subject: Node, predicate: URIRef) -> Node | None:
    values = list(graph.objects(subject, predicate))
    return values[0] if len(values) == 1 else None


def _exact(graph: Graph, statement: Node) -> str:
    for selector in graph.objects(statement, OA.hasSelector):
        if (selector, RDF.type, OA.TextQuoteSelector) in graph:
            return str(graph.value(selector, OA.exact))
    return ""


def _report(failures: list[str]) -> None:
    if failures:
        pytest.fail(f"{len(failures)} record(s) fail:\n" + "\n".join(failures), pytrace=False)


# ----------------------------------------------------------------------------- statements


def test_statement_selectors_match_the_text(graph: Graph, text: str) -> None:
    failures = []
    for statement in _of(graph, CHKG.Statement):
        name = _local(statement)
        if set(graph.objects(statement, OA.hasSource)) != {SOURCE}:
            failures.append(f"{name}: oa:hasSource must be chkg:culture-and-values")
        selectors = list(graph.objects(statement, OA.hasSelector))
        quotes = [s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in graph]
        positions = [s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in graph]
        if len(quotes) != 1 or len(positions) != 1 or len(selectors) != 2:
            failures.append(f"{name}: needs one oa:TextQuoteSelector and one oa:TextPositionSelector")
            continue
        q, p = quotes[0], positions[0]
        start, end = graph.value(p, OA.start), graph.value(p, OA.end)
        problems = check_selectors(
            text, str(graph.value(q, OA.exact) or ""),
            prefix=None if graph.value(q, OA.prefix) is None else str(graph.value(q, OA.prefix)),
            suffix=None if graph.value(q, OA.suffix) is None else str(graph.value(q, OA.suffix)),
            start=start.toPython() if isinstance(start, Literal) else None,
            end=end.toPython() if isinstance(end, Literal) else None)
        failures += [f"{name}: {problem} (fix with `chkg fmt --fill-selectors`, or fix oa:exact)" for problem in problems]
    _report(failures)


def test_statements_follow_the_naming_rule_in_text_order(graph: Graph) -> None:
    """``statement-<passage without the source prefix>-<n>``, n = 1, 2, … in text order, not overlapping."""
    by_passage: dict[Node, list[tuple[int, int, URIRef]]] = defaultdict(list)
    failures = []
    for statement in _of(graph, CHKG.Statement):
        passage = _one(graph, statement, DCTERMS.isPartOf)
        if passage is None or (passage, RDF.type, CHKG.Passage) not in graph:
            failures.append(f"{_local(statement)}: dcterms:isPartOf must be its one chkg:Passage")
            continue
        position = next((s for s in graph.objects(statement, OA.hasSelector)
                         if (s, RDF.type, OA.TextPositionSelector) in graph), None)
        start = graph.value(position, OA.start) if position is not None else None
        end = graph.value(position, OA.end) if position is not None else None
        if isinstance(start, Literal) and isinstance(end, Literal):
            by_passage[passage].append((int(start), int(end), statement))
    for passage, spans in by_passage.items():
        key = _local(passage).removeprefix("culture-and-values-")
        spans.sort()
        for n, (start, _end, statement) in enumerate(spans, 1):
            if _local(statement) != f"statement-{key}-{n}":
                failures.append(f"{_local(statement)}: statement {n} of {_local(passage)} in text order; "
                                f"name it statement-{key}-{n}")
            if n > 1 and start < spans[n - 2][1]:
                failures.append(f"{_local(statement)}: overlaps the statement before it")
    _report(failures)


# ----------------------------------------------------------------------------- claims


def test_every_claim_has_one_statement_and_one_claim_type(graph: Graph) -> None:
    failures = []
    for claim in _of(graph, CHKG.Influence):
        name = _local(claim)
        statements = list(graph.objects(claim, CHKG.statedIn))
        types = list(graph.objects(claim, CHKG.claimType))
        if len(statements) != 1 or (statements[0], RDF.type, CHKG.Statement) not in graph:
            failures.append(f"{name}: needs exactly one chkg:statedIn pointing at a chkg:Statement, has {statements}")
        if len(types) != 1 or types[0] not in CLAIM_TYPES:
            failures.append(f"{name}: needs exactly one chkg:claimType of the six, has {[_local(t) for t in types]}")
        for flag in (CHKG.hedged, CHKG.indirect):
            if any(value != Literal(True) for value in graph.objects(claim, flag)):
                failures.append(f"{name}: write {graph.qname(flag)} only as true, or leave it out")
    _report(failures)


def test_every_quote_lies_inside_its_statement(graph: Graph) -> None:
    failures = []
    for claim in _of(graph, CHKG.Influence) + _of(graph, CHKG.Bridge):
        statement, quote = _one(graph, claim, CHKG.statedIn), _one(graph, claim, CHKG.quote)
        if statement is None or quote is None:
            failures.append(f"{_local(claim)}: needs one chkg:statedIn and one chkg:quote")
        elif fold(str(quote)) not in fold(_exact(graph, statement)):
            failures.append(f"{_local(claim)}: quote {str(quote)!r} is not inside {_local(statement)}")
    _report(failures)


def test_statement_passage_agrees_with_cited_passage(graph: Graph) -> None:
    failures = []
    for claim in _of(graph, CHKG.Influence):
        statement, passage = _one(graph, claim, CHKG.statedIn), _one(graph, claim, CHKG.citesPassage)
        if statement is not None and set(graph.objects(statement, DCTERMS.isPartOf)) != {passage}:
            failures.append(f"{_local(claim)}: cites {_local(passage or '')} but its statement "
                            f"{_local(statement)} is part of {[_local(p) for p in graph.objects(statement, DCTERMS.isPartOf)]}")
    _report(failures)


def test_claim_type_and_hedging_are_earned_by_the_wording(graph: Graph) -> None:
    """A hedged claim's statement hedges; potential, purpose, alignment and observed claims use such words."""
    failures = []
    for claim in _of(graph, CHKG.Influence):
        statement, claim_type = _one(graph, claim, CHKG.statedIn), _one(graph, claim, CHKG.claimType)
        words = fold(_exact(graph, statement)).lower() if statement is not None else ""
        if (claim, CHKG.hedged, Literal(True)) in graph and not any(w in words for w in HEDGE_WORDS):
            failures.append(f"{_local(claim)}: hedged, but its statement says none of {HEDGE_WORDS}")
        expected = TYPE_WORDS.get(claim_type) if isinstance(claim_type, URIRef) else None
        if expected and not any(w in words for w in expected):
            failures.append(f"{_local(claim)}: typed {_local(claim_type or '')}, but its statement says none of {expected}")
    _report(failures)


def test_alignment_is_never_read_as_influence(graph: Graph) -> None:
    """X aligns with P ('natural home', 'pillars to align … against') gives P no effect on X (issue 10).

    Where evidence is aligned *against* a policy, what follows in the passage ("This has allowed …")
    is the aligned evidence's doing, so the policy is the subject of no effect claim there either.
    """
    failures = []
    for claim in _of(graph, CHKG.Influence):
        if _one(graph, claim, CHKG.claimType) != CHKG.alignment:
            continue
        x, p = graph.value(claim, PROV.influencer), graph.value(claim, CHKG.influencee)
        for other in set(graph.subjects(PROV.influencer, p)) & set(graph.subjects(CHKG.influencee, x)):
            failures.append(f"{_local(other)}: reads '{_local(x)} aligns with {_local(p)}' as an influence of "
                            f"{_local(p)} on {_local(x)}")
        statement = _one(graph, claim, CHKG.statedIn)
        words = fold(_exact(graph, statement)) if statement is not None else ""
        if re.search(r"\balign\b.*\bagainst\b", words):
            passage = graph.value(claim, CHKG.citesPassage)
            for other in sorted(set(graph.subjects(PROV.influencer, p)) & set(graph.subjects(CHKG.citesPassage, passage))):
                if _one(graph, other, CHKG.claimType) in EFFECT_TYPES:
                    failures.append(f"{_local(other)}: evidence is aligned against {_local(p)}; the effects the "
                                    "passage names are the evidence's, not the policy's")
    _report(failures)


def test_population_outcomes_carry_their_context(graph: Graph) -> None:
    failures = []
    for outcome, context in POPULATION_OUTCOMES.items():
        claims = set(graph.subjects(CHKG.influencee, CHKG_NS[outcome]))
        if not claims:
            failures.append(f"{outcome}: no claim reaches it")
        for claim in sorted(claims):
            if (claim, CHKG.inContext, CHKG_NS[context]) not in graph:
                failures.append(f"{_local(claim)}: an outcome of one population needs chkg:inContext chkg:{context}")
    for claim in sorted(set(graph.subjects(CHKG.influencee, CHKG_NS["retention"]))):
        if (claim, CHKG.inContext, CHKG_NS["context-social-prescribing-link-workers"]) in graph:
            failures.append(f"{_local(claim)}: link-worker retention is chkg:link-worker-retention, not chkg:retention")
    _report(failures)


# ----------------------------------------------------------------------------- bridges and chains


def test_bridges_join_two_claims_at_one_node(graph: Graph) -> None:
    failures = []
    for bridge in _of(graph, CHKG.Bridge):
        name = _local(bridge)
        first, second = _one(graph, bridge, CHKG.fromClaim), _one(graph, bridge, CHKG.toClaim)
        statement = _one(graph, bridge, CHKG.statedIn)
        if first is None or second is None or statement is None:
            failures.append(f"{name}: needs one chkg:fromClaim, chkg:toClaim and chkg:statedIn")
            continue
        if graph.value(first, CHKG.influencee) != graph.value(second, PROV.influencer):
            failures.append(f"{name}: the object of {_local(first)} is not the subject of {_local(second)}")
        if graph.value(first, CHKG.statedIn) == graph.value(second, CHKG.statedIn):
            failures.append(f"{name}: both claims stand in one statement, which already states the chain")
        if statement not in (graph.value(first, CHKG.statedIn), graph.value(second, CHKG.statedIn)):
            failures.append(f"{name}: the linking words must stand in the statement of one of the two claims")
    _report(failures)


def _stated_reach(graph: Graph, start: URIRef) -> set[Node]:
    """Nodes reached from ``start`` over stated chains of effect claims (same statement, or a bridge)."""
    effect = [c for c in _of(graph, CHKG.Influence) if _one(graph, c, CHKG.claimType) in EFFECT_TYPES]
    out: dict[Node, list[URIRef]] = defaultdict(list)
    for claim in effect:
        out[graph.value(claim, PROV.influencer)].append(claim)
    bridged = {(graph.value(b, CHKG.fromClaim), graph.value(b, CHKG.toClaim)) for b in _of(graph, CHKG.Bridge)}
    frontier, seen = list(out[start]), set(out[start])
    while frontier:
        claim = frontier.pop()
        for nxt in out[graph.value(claim, CHKG.influencee)]:
            stated = graph.value(claim, CHKG.statedIn) == graph.value(nxt, CHKG.statedIn) or (claim, nxt) in bridged
            if stated and nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    return {graph.value(c, CHKG.influencee) for c in seen}


@pytest.mark.parametrize("policy", ["personalised-care", "population-health-management"])
def test_no_stated_chain_from_natural_homes_to_retention_or_burnout(graph: Graph, policy: str) -> None:
    reached = _stated_reach(graph, CHKG_NS[policy])
    assert not reached & {CHKG_NS["retention"], CHKG_NS["burnout"]}, (
        f"{policy} has a stated chain to retention or burnout; the source states none")


def test_stated_reach_follows_bridges() -> None:
    """The helper above, on a hand-made graph: a → b → c stated by a bridge, c → d stitched."""
    g = Graph()
    ex = CHKG_NS
    for name, s, o, statement in (("c1", "a", "b", "s1"), ("c2", "b", "c", "s2"), ("c3", "c", "d", "s3")):
        g.add((ex[name], RDF.type, CHKG.Influence))
        g.add((ex[name], PROV.influencer, ex[s]))
        g.add((ex[name], CHKG.influencee, ex[o]))
        g.add((ex[name], CHKG.statedIn, ex[statement]))
        g.add((ex[name], CHKG.claimType, CHKG.assertedEffect))
    g.add((ex.b1, RDF.type, CHKG.Bridge))
    g.add((ex.b1, CHKG.fromClaim, ex.c1))
    g.add((ex.b1, CHKG.toClaim, ex.c2))
    assert _stated_reach(g, ex.a) == {ex.b, ex.c}


# ----------------------------------------------------------------------------- concepts


def test_concepts_have_one_pref_label_equal_to_their_label(graph: Graph) -> None:
    classes = OUTCOME_CLASSES | {CHKG.Value, CHKG.StaffGroup, CHKG.Context, CHKG.OutcomeFamily, CHKG.ValueFamily}
    failures = []
    for concept in sorted({c for cls in classes for c in _of(graph, cls)}):
        labels, pref = list(graph.objects(concept, RDFS.label)), list(graph.objects(concept, SKOS.prefLabel))
        if len(pref) != 1 or pref != labels:
            failures.append(f"{_local(concept)}: needs one skos:prefLabel equal to its rdfs:label {labels}, has {pref}")
        if not set(graph.objects(concept, SKOS.inScheme)):
            failures.append(f"{_local(concept)}: needs skos:inScheme")
    _report(failures)


@pytest.mark.parametrize(("classes", "family", "scheme"), [
    (OUTCOME_CLASSES, CHKG.OutcomeFamily, CHKG.outcomeScheme),
    ({CHKG.Value}, CHKG.ValueFamily, CHKG.valueScheme),
], ids=["outcomes", "values"])
def test_every_concept_has_one_family(graph: Graph, classes: set[URIRef], family: URIRef, scheme: URIRef) -> None:
    failures = []
    for f in _of(graph, family):
        if (f, SKOS.topConceptOf, scheme) not in graph or (f, SKOS.inScheme, scheme) not in graph:
            failures.append(f"{_local(f)}: a family is skos:topConceptOf and skos:inScheme {_local(scheme)}")
        if set(graph.subjects(PROV.influencer, f)) | set(graph.subjects(CHKG.influencee, f)):
            failures.append(f"{_local(f)}: nothing is claimed about a family")
        if not set(graph.subjects(SKOS.broader, f)):
            failures.append(f"{_local(f)}: an empty family")
    for concept in sorted({c for cls in classes for c in _of(graph, cls)}):
        parents = list(graph.objects(concept, SKOS.broader))
        if len(parents) != 1 or (parents[0], RDF.type, family) not in graph:
            failures.append(f"{_local(concept)}: needs exactly one skos:broader to a {_local(family)}, has {parents}")
    _report(failures)


def test_every_outcome_has_a_desirable_direction(graph: Graph) -> None:
    failures = []
    for outcome in sorted({c for cls in OUTCOME_CLASSES for c in _of(graph, cls)}):
        directions = list(graph.objects(outcome, CHKG.desirableDirection))
        if len(directions) != 1 or directions[0] not in (CHKG.higherIsBetter, CHKG.lowerIsBetter):
            failures.append(f"{_local(outcome)}: needs one chkg:desirableDirection, higherIsBetter or lowerIsBetter")
    # the variables named for what the source says is reduced are lower-is-better
    for name in ("burnout", "sickness-absence", "stress-of-creative-health-providers", "stigma", "hierarchical-culture",
                 "siloed-working", "fragmentation", "pressure-on-services"):
        if (CHKG_NS[name], CHKG.desirableDirection, CHKG.lowerIsBetter) not in graph:
            failures.append(f"{name}: lower is better")
    _report(failures)


def test_contexts_form_the_contract_tree(graph: Graph) -> None:
    expected = {"health-and-care-system": None, "nhs-workforce": "health-and-care-system",
                "social-prescribing-link-workers": "nhs-workforce", "creative-health-providers": None,
                "patients": None, "communities": None, "leadership": "health-and-care-system",
                "regional-government": None}
    found = {_local(c).removeprefix("context-"): c for c in _of(graph, CHKG.Context)}
    failures = [f"context-{k}: missing" for k in expected if k not in found]
    for key, context in found.items():
        broader = [_local(b).removeprefix("context-") for b in graph.objects(context, SKOS.broader)]
        want = expected.get(key)
        if broader != ([want] if want else []):
            failures.append(f"context-{key}: skos:broader should be {want}, is {broader}")
        if (context, SKOS.inScheme, CHKG.contextScheme) not in graph:
            failures.append(f"context-{key}: needs skos:inScheme chkg:contextScheme")
        if not want and (context, SKOS.topConceptOf, CHKG.contextScheme) not in graph:
            failures.append(f"context-{key}: a top context is skos:topConceptOf chkg:contextScheme")
    used = set(graph.objects(None, CHKG.inContext))
    failures += [f"{_local(c)}: used by chkg:inContext but not a chkg:Context" for c in sorted(used - set(found.values()))]
    _report(failures)


def test_the_source_is_typed_as_advocacy(graph: Graph) -> None:
    assert set(graph.objects(SOURCE, CHKG.sourceType)) == {CHKG.advocacyOrConsultation}, (
        "culture-and-values is a consultation response by an interested party: chkg:advocacyOrConsultation")


def test_definitions_add_no_acronym_expansions() -> None:
    """Expansions the source never gives are outside facts (issue 10): definitions keep the source's acronyms."""
    data = Graph()
    for file in sorted(DATA.rglob("*.ttl")):
        data.parse(file, format="turtle")
    outside = re.compile(r"Integrated Care System|National Health Service|All-Party Parliamentary|"
                         r"voluntary, community|children and young people|Lesbian, gay|national arts funding body|"
                         r"virtual and augmented")
    failures = [f"{_local(s)}: definition adds an outside fact: {o}" for s, o in data.subject_objects(SKOS.definition)
                if outside.search(str(o))]
    _report(failures)
