"""What the ontology tests share: the reused vocabularies, the project graph, HermiT and the OWL API.

- :func:`vocabularies` merges the reused vocabularies committed under
  ``tests/ontology/vocabularies/`` (PROV-O, SKOS, DCTERMS, Web Annotation, ORG, VANN,
  from the npm packages ``@vocabulary/*``; see the README there), without their
  ``owl:imports`` so that no tool tries the network.
- :func:`project` is the graph chkg builds (``chkg.graph.loader.load``): ontology and data,
  influence triples and certainty materialised.
- :func:`owl_check` runs ``OwlCheck.java`` (the OWL API's OWL 2 DL profile checker and the
  HermiT reasoner, both in the ``HermiT.jar`` that owlready2 bundles) on a graph.
- :func:`rl_closure` is the OWL 2 RL closure of a graph by the ``reasonable`` reasoner.
"""

from __future__ import annotations

import atexit
import functools
import importlib.util
import shutil
import subprocess
import tempfile
from pathlib import Path

import reasonable
from rdflib import OWL, Dataset, Graph

from chkg.graph.loader import load

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
VOCABULARIES = HERE / "vocabularies"
ONTOLOGY = ROOT / "ontology" / "chkg.ttl"

#: Seconds a Java run may take (HermiT's consistency check of everything takes about 10 s here).
JAVA_TIMEOUT = 300


@functools.cache
def vocabularies() -> Graph:
    """Every reused vocabulary, merged, without ``owl:imports``."""
    graph = Graph()
    for path in sorted(VOCABULARIES.glob("*.nq")):
        dataset = Dataset()
        dataset.parse(path, format="nquads")
        for s, p, o, _ in dataset.quads():
            graph.add((s, p, o))
    graph.remove((None, OWL.imports, None))
    return graph


@functools.cache
def project() -> Graph:
    """The ontology and the bundled data as chkg loads them (materialised)."""
    return load()


@functools.cache
def ontology() -> Graph:
    """``ontology/chkg.ttl`` alone."""
    return Graph().parse(ONTOLOGY, format="turtle")


def merged(*graphs: Graph) -> Graph:
    """A new graph holding every triple of ``graphs``."""
    out = Graph()
    for graph in graphs:
        out += graph
    return out


def hermit_jar() -> Path | None:
    """The ``HermiT.jar`` bundled with owlready2 (HermiT with the OWL API), or None."""
    spec = importlib.util.find_spec("owlready2")
    if spec is None or spec.origin is None:
        return None
    jar = Path(spec.origin).parent / "hermit" / "HermiT.jar"
    return jar if jar.is_file() else None


@functools.cache
def _compiled() -> tuple[Path, Path]:
    """Compile ``OwlCheck.java`` once per session; (jar, class folder)."""
    jar = hermit_jar()
    if jar is None or shutil.which("javac") is None or shutil.which("java") is None:
        raise LookupError("needs owlready2 (HermiT.jar) and a Java development kit (javac)")
    classes = Path(tempfile.mkdtemp(prefix="owlcheck-"))
    atexit.register(shutil.rmtree, classes, ignore_errors=True)
    subprocess.run(["javac", "-d", str(classes), "-cp", str(jar), str(HERE / "OwlCheck.java")],
                   check=True, capture_output=True, timeout=JAVA_TIMEOUT)
    return jar, classes


def owl_check(mode: str, graph: Graph) -> list[tuple[str, str]]:
    """Run ``OwlCheck`` in ``mode`` (``profile``, ``consistency``, ``classes``) on ``graph``; its lines as (kind, text).

    The graph is written as N-Triples without ``owl:imports`` (the OWL API would fetch them).
    Raises if the run does not end with ``DONE``.
    """
    jar, classes = _compiled()
    clean = merged(graph)
    clean.remove((None, OWL.imports, None))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "graph.nt"
        clean.serialize(path, format="nt", encoding="utf-8")
        done = subprocess.run(
            ["java", "-Xmx4g", "-cp", f"{jar}:{classes}", "OwlCheck", mode, str(path)],
            capture_output=True, text=True, timeout=JAVA_TIMEOUT,
        )
    lines = [line.split("\t", 1) for line in done.stdout.splitlines() if line]
    if done.returncode != 0 or not lines or lines[-1] != ["DONE"]:
        raise RuntimeError(f"OwlCheck {mode} failed ({done.returncode}): {done.stderr[-2000:]}")
    return [(kind, text) for kind, text in lines[:-1]]


def rl_closure(graph: Graph) -> Graph:
    """The OWL 2 RL closure of ``graph`` computed by ``reasonable`` (the input triples included)."""
    reasoner = reasonable.PyReasoner()
    reasoner.from_graph(graph)
    closure = Graph()
    for triple in reasoner.reason():
        closure.add(triple)
    return closure
