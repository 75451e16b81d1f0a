"""Tests of chkg.evidence.contexts on a hand-made hierarchy (EVIDENCE-MODEL §3).

    system                providers      patients
    ├── nhs
    │   └── link-workers
    └── leaders
"""

from __future__ import annotations

import pytest
from rdflib import Graph

from chkg.evidence.contexts import ancestors, compatible, context_hierarchy

BROADER = {"nhs": {"system"}, "link-workers": {"nhs"}, "leaders": {"system"}}


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ([], [], True),
        ([], ["patients"], True),  # either side without context: compatible
        (["nhs"], [], True),
        (["nhs"], ["nhs"], True),  # equal
        (["link-workers"], ["system"], True),  # narrower than (two levels)
        (["system"], ["link-workers"], True),  # broader than
        (["link-workers"], ["leaders"], False),  # cousins under system
        (["nhs"], ["providers"], False),  # unrelated tops
        (["patients", "nhs"], ["providers", "link-workers"], True),  # some pair related
        (["patients"], ["providers", "leaders"], False),
    ],
)
def test_compatible(left: list[str], right: list[str], expected: bool) -> None:
    assert compatible(left, right, BROADER) is expected
    assert compatible(right, left, BROADER) is expected  # symmetric


def test_ancestors_tolerates_cycles() -> None:
    assert ancestors("a", {"a": ["b"], "b": ["a"]}) == {"a", "b"}


def test_context_hierarchy_reads_the_bundled_shape() -> None:
    g = Graph().parse(format="turtle", data="""
        PREFIX chkg: <https://w3id.org/creative-health-kg/>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        chkg:context-nhs-workforce a chkg:Context ; skos:broader chkg:context-health-and-care-system .
        chkg:context-health-and-care-system a chkg:Context .
        chkg:context-patients a chkg:Context .
    """)
    h = context_hierarchy(g)
    ns = "https://w3id.org/creative-health-kg/"
    assert h[ns + "context-nhs-workforce"] == {ns + "context-health-and-care-system"}
    assert h[ns + "context-patients"] == frozenset()
    assert not compatible([ns + "context-nhs-workforce"], [ns + "context-patients"], h)
