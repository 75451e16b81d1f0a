"""Tests of chkg.analysis.paths on small hand-built graphs whose answers were worked out by hand.

Hop quality is 0.8 * rank / 4 (rank 4 → 0.8, 3 → 0.6, 2 → 0.4, 1 → 0.2); each join between
passages multiplies by 0.85. The figures in comments are the hand computations.
"""

from __future__ import annotations

import itertools
import json
import math
import random
from pathlib import Path

import networkx as nx
import pytest

from chkg.cli import main
from chkg.errors import UnknownEntityError, UsageError
from chkg.analysis.paths import (
    ANALYSIS_CONSTRUCT,
    analysis_graph,
    find_paths,
    gap_map,
    knock_out,
    leverage,
    min_cut,
    outcomes_of_kind,
    paths_document,
    reach,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "paths"
ROOT = Path(__file__).resolve().parents[2]
NS = "https://w3id.org/creative-health-kg/"


def build(nodes: dict[str, str], claims: list[tuple[str, str, str, int, int, str]]) -> nx.MultiDiGraph:
    """An analysis graph: ``nodes`` name → kind (``outcome:workforce`` for an outcome's kind);
    ``claims`` (key, u, v, sign, rank, passage)."""
    G = nx.MultiDiGraph()
    for name, kind in nodes.items():
        kind, _, outcome_kind = kind.partition(":")
        G.add_node(name, iri=name, label=name, alt_labels=(), kind=kind,
                   outcome_kind=outcome_kind or None, type_label=kind, definition="")
    for key, u, v, sign, rank, passage in claims:
        G.add_edge(u, v, key=key, claim=key, relation="chkg:influences", relation_label="influences",
                   sign=sign, mechanism="", quote=f"q{key}", passage=passage,
                   passage_label=passage, section="S", source="Src", strength=str(rank), rank=rank)
    return G


@pytest.fixture
def diamond() -> nx.MultiDiGraph:
    """P reaches O three ways, P2 only through A.

    P -A- O:      0.8 * 0.8 = 0.64, same passage p1, sign + * - = -
    P -B- C - O:  0.8^3 * 0.85 (join p2→p3) = 0.4352, sign - * - * + = +
    P - O:        0.2 (external), sign +
    P2 - A - O:   0.4 * 0.8 * 0.85 = 0.272
    """
    return build(
        {"P": "policy", "P2": "policy", "A": "approach", "B": "practice", "C": "value",
         "O": "outcome:workforce"},
        [
            ("pa", "P", "A", 1, 4, "p1"),
            ("ao", "A", "O", -1, 4, "p1"),
            ("pb", "P", "B", -1, 4, "p2"),
            ("bc", "B", "C", -1, 4, "p3"),
            ("co", "C", "O", 1, 4, "p3"),
            ("po", "P", "O", 1, 1, "p9"),
            ("p2a", "P2", "A", 1, 2, "p5"),
        ],
    )


# -- find_paths ---------------------------------------------------------------


def test_paths_ranked_by_score(diamond: nx.MultiDiGraph) -> None:
    paths = find_paths(diamond, "P", "O")
    assert [p.nodes for p in paths] == [("P", "A", "O"), ("P", "B", "C", "O"), ("P", "O")]
    assert [round(p.score, 4) for p in paths] == [0.64, 0.4352, 0.2]


def test_net_sign_is_product_of_hop_signs(diamond: nx.MultiDiGraph) -> None:
    paths = {p.nodes: p for p in find_paths(diamond, "P", "O")}
    assert paths[("P", "A", "O")].sign == -1
    assert paths[("P", "B", "C", "O")].sign == 1  # negative on B, B negative on C: nets positive
    assert [h.sign for h in paths[("P", "B", "C", "O")].hops] == [-1, -1, 1]


def test_joins_flagged_between_passages(diamond: nx.MultiDiGraph) -> None:
    paths = {p.nodes: p for p in find_paths(diamond, "P", "O")}
    assert paths[("P", "A", "O")].joins == ()
    assert paths[("P", "B", "C", "O")].joins == (0,)  # pb cites p2, bc cites p3


def test_max_hops_and_top(diamond: nx.MultiDiGraph) -> None:
    assert [p.nodes for p in find_paths(diamond, "P", "O", max_hops=2)] == [("P", "A", "O"), ("P", "O")]
    assert [p.nodes for p in find_paths(diamond, "P", "O", top=1)] == [("P", "A", "O")]
    assert [p.nodes for p in find_paths(diamond, "P", "O", max_hops=1)] == [("P", "O")]


def test_no_path_is_empty(diamond: nx.MultiDiGraph) -> None:
    assert find_paths(diamond, "O", "P") == []
    assert find_paths(diamond, "P", []) == []
    assert find_paths(diamond, "P", "P") == []


def test_bad_input_raises(diamond: nx.MultiDiGraph) -> None:
    with pytest.raises(UnknownEntityError):
        find_paths(diamond, "P", "nowhere")
    with pytest.raises(UsageError):
        find_paths(diamond, "P", "O", max_hops=0)
    with pytest.raises(UsageError):
        find_paths(diamond, "P", "O", top=0)


def test_continuity_chooses_claim_from_same_passage() -> None:
    # P→M has two rank-3 claims (p1, p2); M→O cites p2: choosing "b" avoids a join.
    G = build({"P": "policy", "M": "mechanism", "O": "outcome:workforce"},
              [("a", "P", "M", 1, 3, "p1"), ("b", "P", "M", 1, 3, "p2"), ("c", "M", "O", 1, 3, "p2")])
    (path,) = find_paths(G, "P", "O")
    assert [h.claim for h in path.hops] == ["b", "c"]
    assert path.joins == ()
    assert path.hops[0].alternatives == 1
    assert path.score == pytest.approx(0.6 * 0.6)


def test_stronger_claim_wins_despite_join() -> None:
    # strong: 0.8 * 0.8 * 0.85 = 0.544 beats weak but continuous: 0.6 * 0.8 = 0.48
    G = build({"P": "policy", "M": "mechanism", "O": "outcome:workforce"},
              [("strong", "P", "M", 1, 4, "p1"), ("weak", "P", "M", 1, 3, "p2"),
               ("c", "M", "O", 1, 4, "p2")])
    (path,) = find_paths(G, "P", "O")
    assert [h.claim for h in path.hops] == ["strong", "c"]
    assert path.joins == (0,)
    assert path.score == pytest.approx(0.544)


def test_several_targets_and_kinds(diamond: nx.MultiDiGraph) -> None:
    diamond.add_node("Q", iri="Q", label="Q", kind="outcome", outcome_kind="patient")
    diamond.add_edge("C", "Q", key="cq", claim="cq", sign=-1, rank=4, passage="p3")
    assert outcomes_of_kind(diamond, "patient") == ["Q"]
    assert outcomes_of_kind(diamond, "any") == ["O", "Q"]
    paths = find_paths(diamond, "P", outcomes_of_kind(diamond, "any"), top=10)
    assert {p.nodes[-1] for p in paths} == {"O", "Q"}
    scores = [p.score for p in paths]
    assert scores == sorted(scores, reverse=True)
    with pytest.raises(UsageError):
        outcomes_of_kind(diamond, "nonsense")  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", range(25))
def test_bounded_search_matches_brute_force(seed: int) -> None:
    """The pruned, bounded search returns the same top scores as scoring every simple path."""
    rng = random.Random(seed)
    names = [f"n{i}" for i in range(12)]
    nodes = {n: "mechanism" for n in names}
    nodes["n0"], nodes["n11"] = "policy", "outcome:workforce"
    claims = []
    for i, (u, v) in enumerate(itertools.permutations(names, 2)):
        if rng.random() < 0.22:
            for j in range(rng.choice([1, 1, 2])):
                claims.append((f"c{i}-{j}", u, v, rng.choice([1, -1]), rng.randint(1, 4),
                               f"p{rng.randint(0, 3)}"))
    G = build(nodes, claims)
    max_hops, top = 4, 6
    found = find_paths(G, "n0", "n11", max_hops=max_hops, top=top)
    brute = sorted((_brute_score(G, p) for p in nx.all_simple_paths(nx.DiGraph(G), "n0", "n11", cutoff=max_hops)),
                   reverse=True)[:top]
    assert [round(p.score, 9) for p in found] == [round(s, 9) for s in brute]


def _brute_score(G: nx.MultiDiGraph, nodes: list[str]) -> float:
    """Try every combination of claims along the path."""
    options = [list(G[u][v].values()) for u, v in itertools.pairwise(nodes)]
    best = 0.0
    for combo in itertools.product(*options):
        score = math.prod(0.8 * d["rank"] / 4 for d in combo)
        score *= 0.85 ** sum(1 for a, b in itertools.pairwise(combo) if a["passage"] != b["passage"])
        best = max(best, score)
    return best


# -- analyses -----------------------------------------------------------------


def test_reach(diamond: nx.MultiDiGraph) -> None:
    by_policy = {r.policy: r for r in reach(diamond)}
    (o,) = by_policy["P"].outcomes
    assert (o.outcome, o.path_count, round(o.best.score, 4)) == ("O", 3, 0.64)
    (o2,) = by_policy["P2"].of_kind("workforce")
    assert (o2.path_count, round(o2.best.score, 4)) == (1, 0.272)
    assert [o.path_count for o in reach(diamond, ["P"], max_hops=2)[0].outcomes] == [2]


def test_leverage(diamond: nx.MultiDiGraph) -> None:
    # paths: P-A-O, P-B-C-O, P-O, P2-A-O. A lies on 2, B and C on 1.
    # shortest P→O is direct; P2→O only via A: betweenness A 1, B 0, C 0.
    rows = leverage(diamond)
    assert [(r.node, r.paths_through, r.betweenness, r.policies) for r in rows] == [
        ("A", 2, 1.0, 2), ("B", 1, 0.0, 1), ("C", 1, 0.0, 1)]
    assert [r.node for r in leverage(diamond, kinds=("value",))] == ["C"]


def test_knock_out(diamond: nx.MultiDiGraph) -> None:
    ko = knock_out(diamond, ["A"])
    assert [(c.policy, c.outcome) for c in ko.lost] == [("P2", "O")]
    (weak,) = ko.weakened
    assert (weak.policy, weak.paths_before, weak.paths_after) == ("P", 3, 2)
    assert (round(weak.best_before, 4), round(weak.best_after, 4)) == (0.64, 0.4352)
    ko2 = knock_out(diamond, ["A", "B"])
    assert [(c.policy, c.paths_after, round(c.best_after, 4)) for c in ko2.weakened] == [("P", 1, 0.2)]
    assert knock_out(diamond, ["C"]).lost == ()
    with pytest.raises(UnknownEntityError):
        knock_out(diamond, ["nowhere"])


def test_min_cut(diamond: nx.MultiDiGraph) -> None:
    cut = min_cut(diamond, "P2", "O")
    assert (cut.nodes, cut.direct, cut.connected) == (("A",), False, True)
    direct = min_cut(diamond, "P", "O")  # a direct claim: no node cut; indirect routes need 2
    assert direct.direct and direct.connected
    assert len(direct.nodes) == 2 and "A" in direct.nodes
    H = nx.DiGraph(diamond)
    H.remove_edge("P", "O")
    H.remove_nodes_from(direct.nodes)
    assert not nx.has_path(H, "P", "O")
    apart = min_cut(diamond, "O", "P")
    assert (apart.nodes, apart.connected) == ((), False)


def test_min_cut_only_direct() -> None:
    G = build({"P": "policy", "O": "outcome:patient"}, [("po", "P", "O", 1, 2, "p")])
    cut = min_cut(G, "P", "O")
    assert (cut.nodes, cut.direct, cut.connected) == ((), True, True)


def test_gap_map(diamond: nx.MultiDiGraph) -> None:
    diamond.add_node("Q", iri="Q", label="Q", kind="outcome", outcome_kind="patient")
    diamond.add_edge("C", "Q", key="cq", claim="cq", sign=1, rank=2, passage="p3")
    diamond.add_edge("A", "O", key="ao2", claim="ao2", sign=-1, rank=2, passage="p7")
    gm = gap_map(diamond)
    assert gm.rows == ("P", "P2", "A") and gm.columns == ("O", "Q")
    # P→O: pa, ao, ao2, pb, bc, co, po = 7 claims; passages p1 p7 p2 p3 p9 = 5; 3 paths
    p_o = gm.cell("P", "O")
    assert (p_o.claims, p_o.passages, p_o.paths, p_o.direct) == (7, 5, 3, True)
    p2_o = gm.cell("P2", "O")  # p2a, ao, ao2; p5, p1, p7
    assert (p2_o.claims, p2_o.passages, p2_o.direct) == (3, 3, False)
    p_q = gm.cell("P", "Q")  # pb, bc, cq; p2, p3
    assert (p_q.claims, p_q.passages) == (3, 2)
    assert gm.cell("P2", "Q").gap and gm.cell("A", "Q").gap
    assert gm.gaps == 2


# -- the analysis graph from RDF ------------------------------------------------


@pytest.fixture(scope="module")
def mini_rdf():  # type: ignore[no-untyped-def]
    from chkg.graph.loader import load

    return load([FIXTURES])


def test_analysis_graph_from_rdf(mini_rdf) -> None:  # type: ignore[no-untyped-def]
    G = analysis_graph(mini_rdf)
    plan = G.nodes[NS + "mini-plan"]
    assert (plan["kind"], plan["label"], plan["type_label"]) == ("policy", "Mini Workforce Plan", "workforce plan")
    assert G.nodes[NS + "mini-care"]["outcome_kind"] == "patient"
    assert G.nodes[NS + "mini-retention"]["alt_labels"] == ("retention",)
    assert G.nodes[NS + "mini-guidance"]["kind"] == "policy"  # a policy without claims is a node
    edge = G[NS + "mini-investment"][NS + "mini-burnout"][NS + "claim-mini-2"]
    assert edge["relation"] == "chkg:contributesTo" and edge["sign"] == -1
    assert (edge["rank"], edge["strength"]) == (4, "evidenced")
    assert (edge["passage_label"], edge["section"], edge["source"]) == ("Part 1, paragraph 1", "Part 1", "Mini source")


def test_construct_query_gives_the_same_graph(mini_rdf) -> None:  # type: ignore[no-untyped-def]
    full = analysis_graph(mini_rdf)
    constructed = analysis_graph(mini_rdf.query(ANALYSIS_CONSTRUCT).graph)
    assert dict(full.nodes(data=True)) == dict(constructed.nodes(data=True))
    assert sorted(full.edges(keys=True, data=True)) == sorted(constructed.edges(keys=True, data=True))


def test_mini_paths(mini_rdf) -> None:  # type: ignore[no-untyped-def]
    G = analysis_graph(mini_rdf)
    paths = find_paths(G, NS + "mini-plan", NS + "mini-retention")
    # plan→investment→burnout→retention, all rank 4 in p1: 0.8^3 = 0.512, sign + - - = +
    # plan→staff wellbeing (2, p2)→retention (3, p2): 0.4 * 0.6 = 0.24
    assert [round(p.score, 4) for p in paths] == [0.512, 0.24]
    assert [p.sign for p in paths] == [1, 1]
    (care,) = find_paths(G, NS + "mini-plan", NS + "mini-care")
    assert round(care.score, 4) == 0.1632 and care.joins == (1,)  # 0.8*0.4*0.6*0.85


# -- the command line -----------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_paths_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "paths", "--from", "mini workforce plan", "--to", "retention",
                       "--format", "json", str(FIXTURES))
    assert code == 0
    doc = json.loads(out)  # exactly one JSON object
    assert set(doc) == {"from", "to", "paths"}
    assert doc["from"] == {"iri": NS + "mini-plan", "label": "Mini Workforce Plan"}
    assert doc["to"] == {"iri": NS + "mini-retention", "label": "staff retention"}
    assert len(doc["paths"]) == 2
    for path in doc["paths"]:
        assert {"score", "sign", "hops", "nodes"} <= set(path)
        assert isinstance(path["score"], float) and path["sign"] in (1, -1)
        for node in path["nodes"]:
            assert {"iri", "label", "kind"} <= set(node)
        for hop in path["hops"]:
            assert {"from", "to", "relation", "sign", "quote", "section", "source"} <= set(hop)
            assert set(hop["from"]) == {"iri", "label"} and set(hop["to"]) == {"iri", "label"}
    assert doc["paths"][0]["hops"][0]["relation"] == "chkg:legitimises"
    assert doc["paths"][0]["hops"][0]["quote"] == "legitimised investment in wellbeing"


def test_cli_paths_to_kind_and_no_path(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "paths", "--from", "chkg:mini-plan", "--to-kind", "patient",
                       "--format", "json", str(FIXTURES))
    doc = json.loads(out)
    assert code == 0 and doc["to"] is None
    assert [p["nodes"][-1]["label"] for p in doc["paths"]] == ["quality of care"]
    assert doc["paths"][0]["joins"][0]["after_hop"] == 2
    code, out, _ = run(capsys, "paths", "--from", "Mini Guidance", "--to", "burnout",
                       "--format", "json", str(FIXTURES))
    assert code == 0 and json.loads(out)["paths"] == []


def test_cli_paths_text_and_md(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "paths", "--from", "mini workforce plan", "--to-kind", "patient", str(FIXTURES))
    assert code == 0 and "join" in out and '"co-production improved care"' in out
    code, out, _ = run(capsys, "paths", "--from", "mini workforce plan", "--to", "retention",
                       "--format", "md", str(FIXTURES))
    assert code == 0 and out.startswith("## From Mini Workforce Plan to staff retention")


def test_cli_paths_ambiguous_and_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "paths", "--from", "mini", "--to", "retention", str(FIXTURES))
    assert code == 2 and "matches" in err and "Mini Guidance" in err and "Mini Workforce Plan" in err
    code, _, err = run(capsys, "paths", "--from", "burnot", "--to", "retention", str(FIXTURES))
    assert code == 2 and "'burnout'" in err
    code, _, err = run(capsys, "paths", "--from", "burnout", str(FIXTURES))
    assert code == 2 and "--to" in err


def test_cli_whatif(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "whatif", "--remove", "wellbeing investment", "--policy", "mini workforce plan",
                       "--outcome", "retention", "--format", "json", str(FIXTURES))
    assert code == 0
    doc = json.loads(out)
    assert [c["outcome"]["label"] for c in doc["lost"]] == ["burnout", "quality of care"]
    assert [(c["outcome"]["label"], c["paths_before"], c["paths_after"]) for c in doc["weakened"]] == [
        ("staff retention", 2, 1)]
    assert sorted(n["label"] for n in doc["min_cut"]["nodes"]) in (
        ["staff wellbeing", "wellbeing investment"], ["burnout", "staff wellbeing"])
    code, out, _ = run(capsys, "whatif", "--remove", "burnout", str(FIXTURES))
    assert code == 0 and "Removing burnout" in out
    code, _, err = run(capsys, "whatif", str(FIXTURES))
    assert code == 2


def test_paths_document_to_null(diamond: nx.MultiDiGraph) -> None:
    doc = paths_document(diamond, "P", None, [])
    assert doc == {"from": {"iri": "P", "label": "P"}, "to": None, "paths": []}


# -- the bundled data -----------------------------------------------------------

needs_data = pytest.mark.skipif(not (ROOT / "data" / "influences.ttl").exists(),
                                reason="the curated data (data/influences.ttl) has not landed yet")


@needs_data
def test_bundled_plan_reaches_retention_with_quotes_in_source() -> None:
    from chkg.graph.loader import load
    from chkg.graph.quotes import quote_in_source
    from chkg.graph.resolve import resolve_entity

    G = analysis_graph(load())
    plan = str(resolve_entity(G, "NHS Long Term Workforce Plan"))
    retention = [o for o in outcomes_of_kind(G, "workforce") if "retention" in G.nodes[o]["label"].casefold()]
    assert retention, "no workforce outcome about retention in the data"
    paths = find_paths(G, plan, retention)
    assert paths, "no path from the NHS Long Term Workforce Plan to a retention outcome"
    text = (ROOT / "data" / "sources" / "culture-and-values.md").read_text(encoding="utf-8")
    for path in paths:
        for hop in path.hops:
            assert hop.quote, f"hop {hop.start} -> {hop.end} ({hop.claim}) has no quote"
            assert quote_in_source(hop.quote, text), f"{hop.claim}: quote not in the source: {hop.quote!r}"


def test_cli_paths_from_an_endpoint(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """With --endpoint, the graph comes from one CONSTRUCT query (answered here by a local store)."""
    import chkg.sparql.endpoint
    from chkg.graph.loader import load

    asked: list[tuple[str, str]] = []

    def construct(url: str, query: str, **kwargs: object):  # type: ignore[no-untyped-def]
        asked.append((url, query))
        return load([FIXTURES]).query(query).graph

    monkeypatch.setattr(chkg.sparql.endpoint, "construct", construct)
    code, out, _ = run(capsys, "paths", "--from", "mini workforce plan", "--to", "retention",
                       "--format", "json", "--endpoint", "http://127.0.0.1:1/sparql")
    assert code == 0 and asked == [("http://127.0.0.1:1/sparql", ANALYSIS_CONSTRUCT)]
    assert [round(p["score"], 4) for p in json.loads(out)["paths"]] == [0.512, 0.24]
