"""`chkg export`: the release round-trips in every format and describes itself with VoID/DCAT."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from rdflib import RDF, BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, VOID, XSD

from chkg.curation.export import ExportFormat, build_release, dataset_iri, export, jsonld_context, serialize_release
from chkg.vocab.namespace import CHKG, CHKG_NS
from fixtures.curate.support import copy_project, run_cli


@pytest.fixture(scope="module")
def release() -> Graph:
    return build_release(issued=datetime.date(2026, 11, 27))


@pytest.fixture(scope="module")
def turtle(release: Graph) -> Graph:
    return Graph().parse(data=serialize_release(release, ExportFormat.TTL), format="turtle")


def test_description(release: Graph) -> None:
    from rdflib.namespace import OWL

    from chkg.graph.loader import load
    from chkg.project import bundled_project

    # the release takes the ontology's version, whatever it is at the time
    version = str(Graph().parse(bundled_project().ontology).value(URIRef(f"{CHKG_NS}ontology"), OWL.versionInfo))
    dataset = dataset_iri(release)
    assert dataset == URIRef(f"{CHKG_NS}dataset/{version}")
    assert (dataset, RDF.type, DCAT.Dataset) in release
    assert release.value(dataset, DCTERMS.issued) == Literal("2026-11-27", datatype=XSD.date)
    assert str(release.value(dataset, URIRef(f"{DCAT}version"))) == version
    assert release.value(dataset, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert int(release.value(dataset, VOID.triples)) == len(load())
    sources = set(release.objects(dataset, DCTERMS.source))
    assert CHKG_NS["culture-and-values"] in sources
    partitions = {release.value(p, VOID["class"]): int(release.value(p, VOID.entities))
                  for p in release.objects(dataset, VOID.classPartition)}
    assert partitions[CHKG.Influence] == len(set(release.subjects(RDF.type, CHKG.Influence)))
    assert int(release.value(dataset, VOID.entities)) >= partitions[CHKG.Influence]


def test_release_holds_materialised_influences(release: Graph) -> None:
    claim = next(iter(release.subjects(RDF.type, CHKG.Influence)))
    subject = release.value(claim, URIRef("http://www.w3.org/ns/prov#influencer"))
    triple = (subject, release.value(claim, CHKG.relation), release.value(claim, CHKG.influencee))
    assert triple in release


@pytest.mark.parametrize("fmt", [ExportFormat.NT, ExportFormat.JSONLD])
def test_round_trip(release: Graph, turtle: Graph, fmt: ExportFormat) -> None:
    text = serialize_release(release, fmt)
    back = Graph().parse(data=text, format="nt" if fmt is ExportFormat.NT else "json-ld")
    assert len(back) == len(turtle) == len(release)
    assert isomorphic(back, turtle)


def test_trig_round_trip(release: Graph, turtle: Graph) -> None:
    dataset = Dataset()
    dataset.parse(data=serialize_release(release, ExportFormat.TRIG), format="trig")
    named = dataset.graph(dataset_iri(release))
    assert isomorphic(Graph() + named, turtle)


def test_jsonld_reads_as_plain_json_with_a_local_context(release: Graph) -> None:
    document = json.loads(serialize_release(release, ExportFormat.JSONLD))
    assert isinstance(document["@context"], dict)  # inline, never a remote URL
    assert document["@context"] == jsonld_context()
    claims = [node for node in document["@graph"] if node.get("type") == "Influence"]
    assert claims and all(isinstance(c["quote"], str) and c["relation"].startswith("chkg:") for c in claims)
    assert isinstance(claims[0]["influencer"], str)


def test_context_file_is_the_export_context() -> None:
    from chkg.project import bundled_project

    checked_in = json.loads((bundled_project().root / "docs" / "context.jsonld").read_text())
    assert checked_in == {"@context": jsonld_context()}


def test_reproducible_with_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    first, second = export(ExportFormat.NT), export(ExportFormat.NT)
    assert first == second
    assert '"2026-09-21"^^<http://www.w3.org/2001/XMLSchema#date>' in first


def test_cli_writes_atomically_or_to_stdout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    copy_project(tmp_path / "project", monkeypatch)
    out = tmp_path / "release.jsonld"
    code, _, _ = run_cli(capsys, "export", "--format", "jsonld", "--out", str(out))
    assert code == 0 and json.loads(out.read_text())["@graph"]
    assert not list(tmp_path.glob(".release.jsonld.*"))
    code, stdout, _ = run_cli(capsys, "export", "--format", "ttl")
    assert code == 0 and stdout.startswith("PREFIX chkg:")


def test_jsonld_is_byte_identical_whatever_the_hash_seed(tmp_path: Path) -> None:
    """Issue 12: rdflib's value order follows PYTHONHASHSEED; the release must not."""
    import os
    import subprocess
    import sys

    outputs = []
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": "1764547200"}
        run = subprocess.run([sys.executable, "-m", "chkg", "export", "--format", "jsonld"], env=env,
                             capture_output=True, check=False, cwd=tmp_path)
        assert run.returncode == 0, run.stderr.decode()
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1] == outputs[2]
    assert len(outputs[0]) > 1000


def test_blank_nodes_are_named_canonically_whatever_their_labels_in_the_files() -> None:
    """RDFC-1.0 names blank nodes from the graph's shape: the same graph read with other blank
    node labels (another parse, another curator's file) exports byte for byte the same."""
    def release_with(labels: str) -> Graph:
        g = Graph()
        for i in range(300):  # statements with selectors, as the data has
            st, sel = URIRef(f"https://w3id.org/creative-health-kg/st{i}"), BNode(f"{labels}{i}")
            g.add((st, URIRef("http://www.w3.org/ns/oa#hasSelector"), sel))
            g.add((sel, URIRef("http://www.w3.org/ns/oa#start"), Literal(i)))
        return g

    first, second = (serialize_release(release_with(p), ExportFormat.NT) for p in ("a", "zz"))
    assert first == second
    assert "_:a1 " not in first and "_:zz1 " not in first and first.count("_:") == 600
    assert isomorphic(Graph().parse(data=first, format="nt"), release_with("q"))
