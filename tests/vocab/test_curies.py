"""The one CURIE converter (chkg.vocab.curies), on hand-picked IRIs."""

from __future__ import annotations

import pytest
from rdflib import BNode, Literal, URIRef

from chkg.errors import CurieError
from chkg.vocab.curies import CHKG_ONLY, CONVERTER, Converter, compact, expand, last_segment, local_name, show

CHKG = "https://w3id.org/creative-health-kg/"


def test_longest_namespace_wins() -> None:
    converter = Converter({"a": "http://e/", "ab": "http://e/b/"})
    assert converter.compact("http://e/b/x") == "ab:x"
    assert converter.compact("http://e/bx") == "a:bx"


def test_plain_refuses_what_sparql_cannot_read_and_falls_back_to_a_shorter_namespace() -> None:
    converter = Converter({"a": "http://e/", "ab": "http://e/b/"})
    assert converter.compact("http://e/b/x.y", plain=True) is None
    assert converter.compact("http://e/b/x/y") == "ab:x/y"
    assert converter.compact("http://e/b/", plain=True) is None  # "a:b/" is no plain name either


def test_strict_raises_instead_of_none() -> None:
    with pytest.raises(CurieError, match="no prefix for 'http://nowhere/x'"):
        compact("http://nowhere/x", strict=True)
    with pytest.raises(CurieError, match="not a CURIE"):
        expand("no colon", strict=True)
    assert expand("unknown:x") is None


def test_round_trip_over_every_prefix() -> None:
    for prefix, namespace in CONVERTER.prefixes.items():
        iri = URIRef(namespace + "Thing_1")
        assert compact(iri) == f"{prefix}:Thing_1"
        assert expand(f"{prefix}:Thing_1") == iri


def test_an_iri_is_not_read_as_a_curie() -> None:
    assert expand("http://example.org/x") is None
    assert expand("chkg://x") is None


def test_show() -> None:
    assert show(URIRef(CHKG + "burnout")) == "chkg:burnout"
    assert show(URIRef("http://www.w3.org/ns/prov#influencer")) == "prov:influencer"
    assert CHKG_ONLY.show(URIRef("http://www.w3.org/ns/prov#influencer")) == "<http://www.w3.org/ns/prov#influencer>"
    assert show(BNode("x")) == "_:x" and show("_:y") == "_:y" and show(None) == ""
    assert show(Literal("http://www.w3.org/ns/prov#x")) == "http://www.w3.org/ns/prov#x"
    assert show(URIRef(CHKG + "a.b"), plain=True) == f"<{CHKG}a.b>"


def test_local_names() -> None:
    assert local_name(URIRef(CHKG + "claim-a-enables-b")) == "claim-a-enables-b"
    assert last_segment("http://www.w3.org/2000/01/rdf-schema#label") == "label"
    assert last_segment("https://example.org/a/b/") == "b"
