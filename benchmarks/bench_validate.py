"""Time the SHACL engines chkg can use, on one synthetic graph, in one run.

Builds a ~10k-triple graph shaped like the curated data (policies, outcomes,
influence claims with quotes; a few deliberate mistakes) and eight shapes, one
of them a SPARQL constraint, then validates it with pySHACL and with
pyshacl-turbo and prints the wall time of each, their ratio, and whether the two
engines report the same results.

Run: ``python benchmarks/bench_validate.py [--claims N] [--repeat R]``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from rdflib import Graph

__all__ = ["synthetic_data", "SHAPES", "main"]

SHAPES = """
PREFIX sh: <http://www.w3.org/ns/shacl#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX chkg: <https://w3id.org/creative-health-kg/>
PREFIX shape: <https://w3id.org/creative-health-kg/shapes/>

shape:Factor_label a sh:NodeShape ; sh:targetClass chkg:Factor ;
    sh:property [ sh:path rdfs:label ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype <http://www.w3.org/1999/02/22-rdf-syntax-ns#langString> ;
                  sh:message "every entity needs exactly one English label"@en ] .
shape:Factor_definition a sh:NodeShape ; sh:targetClass chkg:Factor ;
    sh:property [ sh:path <http://www.w3.org/2004/02/skos/core#definition> ; sh:minCount 1 ; sh:severity sh:Warning ;
                  sh:message "add a one-sentence definition"@en ] .
shape:Influence_influencer a sh:NodeShape ; sh:targetClass chkg:Influence ;
    sh:property [ sh:path prov:influencer ; sh:minCount 1 ; sh:maxCount 1 ; sh:class chkg:Factor ;
                  sh:message "a claim needs one subject that is a factor"@en ] .
shape:Influence_influencee a sh:NodeShape ; sh:targetClass chkg:Influence ;
    sh:property [ sh:path chkg:influencee ; sh:minCount 1 ; sh:maxCount 1 ; sh:class chkg:Factor ;
                  sh:message "a claim needs one object that is a factor"@en ] .
shape:Influence_quote a sh:NodeShape ; sh:targetClass chkg:Influence ;
    sh:property [ sh:path chkg:quote ; sh:minCount 1 ; sh:datatype xsd:string ; sh:minLength 1 ;
                  sh:message "a claim needs a non-empty verbatim quote"@en ] .
shape:Influence_sign a sh:NodeShape ; sh:targetClass chkg:Influence ;
    sh:property [ sh:path chkg:sign ; sh:maxCount 1 ; sh:in ( chkg:positive chkg:negative ) ;
                  sh:message "sign is chkg:positive or chkg:negative"@en ] .
shape:Influence_rank a sh:NodeShape ; sh:targetClass chkg:Influence ;
    sh:property [ sh:path chkg:rank ; sh:maxCount 1 ; sh:datatype xsd:integer ;
                  sh:message "rank is an integer"@en ] .
shape:Influence_notSelf a sh:NodeShape ; sh:targetClass chkg:Influence ;
    sh:message "a claim must not say a factor influences itself"@en ;
    sh:sparql [ a sh:SPARQLConstraint ;
        sh:select \"\"\"
            PREFIX prov: <http://www.w3.org/ns/prov#>
            PREFIX chkg: <https://w3id.org/creative-health-kg/>
            SELECT $this ?value WHERE { $this prov:influencer ?value ; chkg:influencee ?value . }
        \"\"\" ] .
"""


def synthetic_data(claims: int = 1000) -> Graph:
    """About ``10 * claims`` triples: factors, claims, a few mistakes of each kind."""
    lines = [
        "PREFIX chkg: <https://w3id.org/creative-health-kg/>",
        "PREFIX prov: <http://www.w3.org/ns/prov#>",
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>",
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>",
        "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>",
        "chkg:Policy rdfs:subClassOf chkg:Factor . chkg:Outcome rdfs:subClassOf chkg:Factor .",
    ]
    factors = max(claims // 4, 2)
    for i in range(factors):
        cls = "chkg:Policy" if i % 2 else "chkg:Outcome"
        definition = "" if i % 50 == 0 else f' ; skos:definition "definition {i}"@en'
        lines.append(f'chkg:f{i} a {cls} ; rdfs:label "factor {i}"@en{definition} .')
    for i in range(claims):
        subject, obj = i % factors, (i * 7 + 1) % factors
        if i % 97 == 0:
            obj = subject  # the SPARQL constraint fires
        quote = '""' if i % 89 == 0 else f'"quote {i}"'
        rank = '"007"^^xsd:integer' if i % 83 else '"high"'
        lines.append(
            f"chkg:c{i} a chkg:Influence ; prov:influencer chkg:f{subject} ; chkg:influencee chkg:f{obj} ;"
            f" chkg:relation chkg:ledTo ; chkg:sign chkg:positive ; chkg:quote {quote} ; chkg:rank {rank} ;"
            f" chkg:citesPassage chkg:p{i % 10} ."
        )
    from chkg.rdf.turtle import parse_turtle_text

    parsed = parse_turtle_text("\n".join(lines))
    if parsed.problem is not None:
        raise SystemExit(str(parsed.problem))
    graph = Graph()
    graph.addN((s, p, o, graph) for s, p, o in parsed.triples)
    return graph


def _results(report: Graph) -> set[tuple[str, str, str]]:
    sh = "http://www.w3.org/ns/shacl#"
    from rdflib import RDF, URIRef

    rows = set()
    for result in report.subjects(RDF.type, URIRef(sh + "ValidationResult")):
        focus = report.value(result, URIRef(sh + "focusNode"))
        path = report.value(result, URIRef(sh + "resultPath"))
        component = report.value(result, URIRef(sh + "sourceConstraintComponent"))
        rows.add((str(focus), str(path), str(component)))
    return rows


def _time(run: Callable[[], Graph], repeat: int) -> tuple[float, Graph]:
    times = []
    report = Graph()
    for _ in range(repeat):
        start = time.perf_counter()
        report = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), report


def main() -> None:
    """Build the graph, time both engines, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1150)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import pyshacl
    import pyshacl_turbo

    data = synthetic_data(args.claims)
    shapes = Graph().parse(data=SHAPES, format="turtle")
    print(f"data graph: {len(data)} triples; shapes graph: {len(shapes)} triples, 8 shapes (1 SPARQL)")

    def run_pyshacl() -> Graph:
        report: Graph = pyshacl.validate(data, shacl_graph=shapes, advanced=True, allow_warnings=True)[1]
        return report

    def run_turbo() -> Graph:
        report: Graph = pyshacl_turbo.validate(data, shacl_graph=shapes, advanced=True, allow_warnings=True)[1]
        return report

    slow, slow_report = _time(run_pyshacl, args.repeat)
    fast, fast_report = _time(run_turbo, args.repeat)
    a, b = _results(slow_report), _results(fast_report)
    print(f"pySHACL {pyshacl.__version__}:       {slow:8.3f} s  {len(a)} results (median of {args.repeat})")
    print(f"pyshacl-turbo {pyshacl_turbo.__version__}: {fast:8.3f} s  {len(b)} results (median of {args.repeat})")
    print(f"ratio pySHACL / pyshacl-turbo: {slow / fast:.1f}x")
    print("same results" if a == b else f"DIFFERENT results: only pySHACL {sorted(a - b)[:5]}, only turbo {sorted(b - a)[:5]}")


if __name__ == "__main__":
    main()
