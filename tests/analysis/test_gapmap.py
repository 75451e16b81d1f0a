"""The evidence gap map on the hand-built fixture."""

from __future__ import annotations

from handbuilt import fixture_graph, t

from chkg.analysis.chains import ChainOptions
from chkg.analysis.gapmap import gap_map
from chkg.evidence.certainty import Certainty


def test_gap_map() -> None:
    G = fixture_graph()
    gm = gap_map(G)
    assert gm.rows == (t("p"), t("q"), t("n"))  # policies, then approaches
    assert gm.columns == (t("b"), t("o"), t("k"))  # workforce first, then patient
    p_o = gm.cell(t("p"), t("o"))
    assert (p_o.statements, p_o.sources, p_o.claims, p_o.routes, p_o.stated, p_o.direct) == (4, 2, 4, 2, True, False)
    assert p_o.passages == 0  # the fixture's statements name no passage
    assert p_o.certainty is Certainty.VERY_LOW  # the best chain is the stated one
    n_o = gm.cell(t("n"), t("o"))
    assert (n_o.statements, n_o.direct, n_o.stated, n_o.certainty) == (1, True, True, Certainty.MODERATE)
    assert gm.cell(t("p"), t("b")).gap and gm.cell(t("p"), t("k")).gap
    assert gm.gaps == 9 - 4  # P-O, Q-O, N-O, N-B filled
    assert not gap_map(G, options=ChainOptions(allow_incompatible=True)).cell(t("p"), t("b")).gap
