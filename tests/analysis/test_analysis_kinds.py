"""The analysis graph's kinds follow the one kinds table (chkg.vocab.kinds)."""

from __future__ import annotations

from typing import get_args

from chkg.analysis.kinds import KIND_NAMES, OUTCOME_KINDS, Kind, OutcomeKind
from chkg.analysis.network import TO_KINDS, ToKind
from chkg.vocab.kinds import Role, kind_named, kinds_with_role


def test_kind_literal_is_the_tables_factor_kinds() -> None:
    # the analysis JSON spells kinds with "_" (staff_group), as it always has
    expected = [k.name.replace("-", "_") for k in kinds_with_role(Role.FACTOR)] + ["other"]
    assert list(KIND_NAMES) == expected
    assert set(get_args(Kind)) == set(expected)
    assert "staff_group" in KIND_NAMES


def test_outcome_kind_literals_are_the_outcome_variants() -> None:
    variants = [v.name for v in kind_named("outcome").variants]
    assert list(OUTCOME_KINDS) == variants
    assert list(get_args(OutcomeKind)) == variants
    assert list(get_args(ToKind)) == [*variants, "any"] == list(TO_KINDS)
