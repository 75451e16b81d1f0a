"""Knock-out and minimum cut on the hand-built fixture."""

from __future__ import annotations

import pytest
from handbuilt import fixture_graph, t

from chkg.analysis.whatif import knock_out, min_cut
from chkg.errors import UnknownEntityError, UsageError
from chkg.evidence.certainty import Certainty


def test_knock_out_mechanism() -> None:
    G = fixture_graph()
    ko = knock_out(G, [t("m")])
    # Q reaches O only through M: lost; P keeps P-N-O but loses its stated chain and two statements
    assert [(c.policy, c.outcome, c.statements_before) for c in ko.lost] == [(t("q"), t("o"), 1)]
    [weak] = ko.weakened
    assert (weak.policy, weak.statements_before, weak.statements_after, weak.sources_before, weak.sources_after) == (
        t("p"), 4, 2, 2, 1)
    assert (weak.stated_before, weak.stated_after) == (True, False)
    assert (weak.certainty_before, weak.certainty_after) == (Certainty.VERY_LOW, Certainty.MODERATE)
    assert ko.unaffected == 0


def test_knock_out_unrelated_node() -> None:
    G = fixture_graph()
    ko = knock_out(G, [t("k")])
    assert ko.lost == () and ko.weakened == () and ko.unaffected == 2


def test_min_cut() -> None:
    G = fixture_graph()
    cut = min_cut(G, t("p"), t("o"))
    assert set(cut.nodes) == {t("m"), t("n")} and cut.connected and not cut.direct
    assert min_cut(G, t("q"), t("b")).connected is False
    with pytest.raises(UsageError):
        min_cut(G, t("p"), t("p"))
    with pytest.raises(UnknownEntityError):
        knock_out(G, [t("nowhere")])
