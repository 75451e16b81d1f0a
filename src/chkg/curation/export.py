"""``chkg export``: one merged, versioned release of the graph, described with VoID and DCAT.

The release holds the ontology, the curated data and the materialised influence
triples (:func:`chkg.graph.loader.load`), plus a description of the release itself::

    <https://w3id.org/creative-health-kg/dataset/0.1.0>
        a void:Dataset , dcat:Dataset ;
        dcterms:title, dcterms:description ;
        owl:versionInfo / dcat:version  the ontology's owl:versionInfo ;
        dcterms:isVersionOf <https://w3id.org/creative-health-kg/dataset> ;
        dcterms:issued  the build date (UTC), SOURCE_DATE_EPOCH when set ;
        dcterms:license  the ontology's licence ;
        dcterms:conformsTo  the ontology's version IRI ;
        dcterms:source  each chkg:Source ;
        void:triples  triples of the release, not counting this description ;
        void:entities  curated entities (typed IRIs that are not ontology terms) ;
        void:classPartition [ void:class C ; void:entities n ] per class used .

Class partitions are named (``<dataset>/class/Policy``), not blank nodes, and
every serialisation is written from the canonical graph
(:func:`rdflib.compare.to_canonical_graph`), so that with ``SOURCE_DATE_EPOCH``
set the same data gives the same bytes.

JSON-LD uses :func:`jsonld_context`, a local context (also written to
``docs/context.jsonld`` by ``chkg docs``) inline in the document: no remote
context is ever fetched, and web developers read ``id``, ``type``, ``label``,
``relation`` as plain JSON keys.

Examples
--------
>>> release = build_release(issued=datetime.date(2026, 1, 2))
>>> str(release.value(dataset_iri(release), DCTERMS.issued))
'2026-01-02'
"""

from __future__ import annotations

import datetime
import json
import os
from enum import Enum
from typing import Any

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, SKOS, VOID

from chkg.curation.fmt import read_turtle
from chkg.errors import UsageError
from chkg.graph.loader import load
from chkg.project import ProjectPaths, bundled_project
from chkg.rdf.turtle import rdflib_term
from chkg.sparql.results import to_oxigraph
from chkg.vocab.curies import Converter, local_name
from chkg.vocab.namespace import CHKG, CHKG_NS, ONTOLOGY_IRI, PREFIXES

__all__ = [
    "ExportFormat",
    "DATASET_IRI",
    "build_release",
    "dataset_iri",
    "build_date",
    "jsonld_context",
    "serialize_release",
    "export",
]

#: The release series; each release is ``<DATASET_IRI>/<version>``.
DATASET_IRI = URIRef(f"{CHKG_NS}dataset")

_VANN = Namespace("http://purl.org/vocab/vann/")
_DCAT_VERSION = URIRef(f"{DCAT}version")  # DCAT 3; rdflib's DCAT namespace is DCAT 2
#: Prefixes of a release: the project's, plus VoID and DCAT for its description.
_RELEASE_PREFIXES: dict[str, str] = {**PREFIXES, "dcat": str(DCAT), "void": str(VOID)}
_RELEASE_NAMES = Converter(_RELEASE_PREFIXES)
#: Properties whose values are English text: in JSON-LD they read as plain strings.
_ENGLISH_TEXT = frozenset({"altLabel", "definition", "description", "label", "mechanism", "scopeNote", "title"})


class ExportFormat(str, Enum):
    """The serialisations ``chkg export`` writes."""

    TTL = "ttl"
    NT = "nt"
    JSONLD = "jsonld"
    TRIG = "trig"


def build_date(now: datetime.date | None = None) -> datetime.date:
    """The build date: ``SOURCE_DATE_EPOCH`` (UTC) when set, else today (UTC).

    Raises
    ------
    chkg.errors.UsageError
        ``SOURCE_DATE_EPOCH`` is not a whole number of seconds.

    Examples
    --------
    >>> os.environ["SOURCE_DATE_EPOCH"] = "86400"
    >>> build_date()
    datetime.date(1970, 1, 2)
    >>> del os.environ["SOURCE_DATE_EPOCH"]
    """
    if now is not None:
        return now
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC).date()
        except (ValueError, OverflowError, OSError) as exc:
            raise UsageError(f"SOURCE_DATE_EPOCH must be seconds since 1970: {epoch!r}") from exc
    return datetime.datetime.now(tz=datetime.UTC).date()


def dataset_iri(release: Graph) -> URIRef:
    """The IRI of the release described in ``release`` (the one ``void:Dataset``).

    Raises
    ------
    chkg.errors.UsageError
        The graph describes no release, or several.
    """
    found = sorted(s for s in release.subjects(RDF.type, VOID.Dataset) if isinstance(s, URIRef))
    if len(found) != 1:
        raise UsageError(f"expected one void:Dataset, found {len(found)}")
    return found[0]


def build_release(graph: Graph | None = None, *, issued: datetime.date | None = None) -> Graph:
    """The merged graph plus its VoID/DCAT description.

    Parameters
    ----------
    graph
        Ontology + data, influences materialised; default :func:`chkg.graph.loader.load` (not changed).
    issued
        The build date; default :func:`build_date`.

    Returns
    -------
    rdflib.Graph
        A new graph, with the project's prefixes and ``void``/``dcat`` bound.
    """
    if graph is None:
        graph = load()
    release = Graph(bind_namespaces="none")
    for prefix, namespace in _RELEASE_PREFIXES.items():
        release.bind(prefix, namespace)
    for triple in graph:
        release.add(triple)

    version = str(graph.value(ONTOLOGY_IRI, OWL.versionInfo) or "0.0.0")
    dataset = URIRef(f"{DATASET_IRI}/{version}")
    terms = set(graph.subjects(RDFS.isDefinedBy, ONTOLOGY_IRI)) | {ONTOLOGY_IRI}
    entities = {
        s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef) and s not in terms
    }
    per_class: dict[URIRef, int] = {}
    for entity in entities:
        for cls in graph.objects(entity, RDF.type):
            if isinstance(cls, URIRef):
                per_class[cls] = per_class.get(cls, 0) + 1

    title = graph.value(ONTOLOGY_IRI, DCTERMS.title)
    description: list[tuple[Any, Any, Any]] = [
        (dataset, RDF.type, VOID.Dataset),
        (dataset, RDF.type, DCAT.Dataset),
        (dataset, DCTERMS.title, Literal(f"Creative Health Knowledge Graph {version}", lang="en")),
        (
            dataset,
            DCTERMS.description,
            Literal(
                "One release of the Creative Health Knowledge Graph: the ontology "
                f"({title or 'chkg'}), the curated data with every claim's verbatim quote, and the "
                "influence triples materialised from the claims.",
                lang="en",
            ),
        ),
        (dataset, OWL.versionInfo, Literal(version)),
        (dataset, _DCAT_VERSION, Literal(version)),
        (dataset, DCTERMS.isVersionOf, DATASET_IRI),
        (dataset, DCTERMS.issued, Literal(build_date(issued).isoformat(), datatype=XSD.date)),
        (dataset, VOID.triples, Literal(len(graph))),
        (dataset, VOID.entities, Literal(len(entities))),
        (dataset, VOID.uriSpace, Literal(str(CHKG_NS))),
        (dataset, VOID.vocabulary, URIRef(str(CHKG_NS))),
        (dataset, _VANN.preferredNamespacePrefix, Literal("chkg")),
    ]
    for prop in (DCTERMS.license,):
        description += [(dataset, prop, value) for value in graph.objects(ONTOLOGY_IRI, prop)]
    description += [(dataset, DCTERMS.conformsTo, v) for v in graph.objects(ONTOLOGY_IRI, OWL.versionIRI)]
    # only IRIs are sources; rdflib orders two URIRefs by their text, as key=str does
    description += [
        (dataset, DCTERMS.source, source)
        for source in sorted(
            (s for s in graph.subjects(RDF.type, CHKG.Source) if isinstance(s, URIRef)), key=str
        )
    ]
    for cls, count in sorted(per_class.items()):
        partition = URIRef(f"{dataset}/class/{local_name(cls)}")
        description += [
            (dataset, VOID.classPartition, partition),
            (partition, VOID["class"], cls),
            (partition, VOID.entities, Literal(count)),
        ]
    for triple in description:
        release.add(triple)
    return release


def jsonld_context(ontology: Graph | None = None) -> dict[str, Any]:
    """A local JSON-LD context: the prefixes, ``id``/``type``, and one plain key per term.

    Every chkg class and property is a key named by its local name
    (``Policy``, ``relation``, ``quote``); object properties are typed ``@id``
    so their values read as plain identifiers. Common terms of other
    vocabularies get short keys too (``label``, ``definition``, ``influencer``,
    ``isPartOf``, ``title``). Keys and values are sorted.

    Parameters
    ----------
    ontology
        The ontology graph; default: ``ontology/chkg.ttl`` of the project.

    Examples
    --------
    >>> context = jsonld_context()
    >>> context["relation"], context["label"]
    ({'@id': 'chkg:relation', '@type': '@id'}, {'@id': 'rdfs:label', '@language': 'en'})
    """
    if ontology is None:
        ontology = read_turtle(bundled_project().ontology)
    terms: dict[str, Any] = {**_RELEASE_PREFIXES, "id": "@id", "type": "@type"}
    external_ids = {
        "influencer": PROV.influencer,
        "isPartOf": DCTERMS.isPartOf,
        "publisher": DCTERMS.publisher,
        "spatial": DCTERMS.spatial,
        "source": DCTERMS.source,
        "license": DCTERMS.license,
        "inScheme": SKOS.inScheme,
        "isDefinedBy": RDFS.isDefinedBy,
        "subClassOf": RDFS.subClassOf,
        "subPropertyOf": RDFS.subPropertyOf,
        "domain": RDFS.domain,
        "range": RDFS.range,
        "classPartition": VOID.classPartition,
    }
    external_values = {
        "label": RDFS.label,
        "altLabel": SKOS.altLabel,
        "definition": SKOS.definition,
        "scopeNote": SKOS.scopeNote,
        "title": DCTERMS.title,
        "description": DCTERMS.description,
        "issued": DCTERMS.issued,
        "versionInfo": OWL.versionInfo,
        "triples": VOID.triples,
        "entities": VOID.entities,
    }
    for key, iri in external_ids.items():
        terms[key] = {"@id": _compact(iri), "@type": "@id"}
    for key, iri in external_values.items():
        terms[key] = {"@id": _compact(iri)}
    for cls in ontology.subjects(RDF.type, OWL.Class):
        if isinstance(cls, URIRef) and cls in CHKG_NS:
            terms[local_name(cls)] = _compact(cls)
    for kind, typed in ((OWL.ObjectProperty, True), (OWL.DatatypeProperty, False)):
        for prop in ontology.subjects(RDF.type, kind):
            if isinstance(prop, URIRef) and prop in CHKG_NS:
                terms[local_name(prop)] = {"@id": _compact(prop), **({"@type": "@id"} if typed else {})}
    for key in _ENGLISH_TEXT:
        terms[key]["@language"] = "en"
    return dict(sorted(terms.items()))


def serialize_release(release: Graph, fmt: ExportFormat, *, context: dict[str, Any] | None = None) -> str:
    """Serialise a release; blank nodes are canonicalised so that the output is reproducible.

    Parameters
    ----------
    release
        See :func:`build_release`.
    fmt
        See :class:`ExportFormat`.
    context
        The JSON-LD context (default :func:`jsonld_context`); only for ``jsonld``.
    """
    quads = _canonical_dataset(release)
    if fmt is ExportFormat.NT:  # straight from Oxigraph: no second rdflib graph of the whole release
        text = ox.serialize((q.triple for q in quads), format=ox.RdfFormat.N_TRIPLES)
        lines = sorted(line for line in (text or b"").decode("utf-8").splitlines() if line.strip())
        return "\n".join(lines) + "\n"
    canonical = Graph(bind_namespaces="none")
    canonical.addN((rdflib_term(q.subject), rdflib_term(q.predicate), rdflib_term(q.object), canonical)
                   for q in quads)
    for prefix, namespace in _RELEASE_PREFIXES.items():
        canonical.bind(prefix, namespace)
    if fmt is ExportFormat.TTL:
        return canonical.serialize(format="longturtle")
    if fmt is ExportFormat.TRIG:
        dataset = Dataset(default_union=True)
        for prefix, namespace in canonical.namespaces():
            dataset.bind(prefix, namespace)
        named = dataset.graph(dataset_iri(release))
        for triple in canonical:
            named.add(triple)
        return dataset.serialize(format="trig")
    document = canonical.serialize(format="json-ld", context=context or jsonld_context(), auto_compact=True)
    return json.dumps(_sorted_sets(json.loads(document)), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def export(
    fmt: ExportFormat = ExportFormat.TTL,
    *,
    issued: datetime.date | None = None,
    project: ProjectPaths | None = None,
) -> str:
    """Build and serialise ``project``'s release (:func:`build_release`, :func:`serialize_release`)."""
    return serialize_release(build_release(load(project=project), issued=issued), fmt)


# -- Private helpers -----------------------------------------------------------


def _canonical_dataset(release: Graph) -> ox.Dataset:
    """``release`` as an Oxigraph dataset, its blank nodes named by W3C RDF Dataset Canonicalization (RDFC-1.0).

    Oxigraph's implementation (a standard, so the names do not depend on the library's version)
    in place of rdflib's ``to_canonical_graph``, whose colour refinement is quadratic in the
    blank nodes: the statements' selectors made a 100k-triple export take 400 s.
    """
    dataset = ox.Dataset(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))  # type: ignore[arg-type]
                         for s, p, o in release)  # subjects and predicates of a Graph are never literals
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return dataset



def _compact(iri: URIRef) -> str:
    """The IRI as a JSON-LD compact IRI under the release's prefixes, the full IRI otherwise."""
    return _RELEASE_NAMES.show(iri, brackets=False)


def _sorted_sets(node: Any, *, ordered: bool = False) -> Any:
    """``node`` with every JSON-LD array that is a set sorted (an ``@list`` keeps its order).

    rdflib writes the values of a property in the order its store yields them, which
    depends on ``PYTHONHASHSEED``; sorting makes the release byte-identical on every run.

    Examples
    --------
    >>> _sorted_sets({"b": [{"@id": "y"}, {"@id": "x"}], "l": {"@list": ["b", "a"]}})
    {'b': [{'@id': 'x'}, {'@id': 'y'}], 'l': {'@list': ['b', 'a']}}
    """
    if isinstance(node, dict):
        return {key: _sorted_sets(value, ordered=key == "@list") for key, value in node.items()}
    if isinstance(node, list):
        items = [_sorted_sets(item) for item in node]
        return items if ordered else sorted(items, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
    return node
