"""Shared fixtures: real SPARQL servers started once per test session (``server`` marker).

The servers run on 127.0.0.1 on free ports; each is stopped and its folder
removed at the end of the session. A server test is skipped only when the
server's binary is not installed (``.ci/run`` installs both).
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from servers import TEST_GRAPH, OxigraphWritable, Virtuoso, oxigraph_available, virtuoso_available  # noqa: F401


@pytest.fixture(scope="session")
def oxigraph_server() -> Iterator[OxigraphWritable]:
    """A writable Oxigraph server (``oxigraph serve``) with a 5 s query timeout."""
    if not oxigraph_available():
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    server = OxigraphWritable().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def virtuoso_server() -> Iterator[Virtuoso]:
    """Virtuoso Open Source from Debian's package, fresh database, fresh dba password."""
    if not virtuoso_available():
        pytest.skip("virtuoso-opensource is not installed (apt-get install virtuoso-opensource)")
    server = Virtuoso().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture()
def endpoint_credentials(monkeypatch: pytest.MonkeyPatch) -> object:
    """Set CHKG_ENDPOINT_* for a test; returns a setter ``(user, password, scheme)``."""

    def set_credentials(user: str | None, password: str | None = None, scheme: str = "basic") -> None:
        for name in ("CHKG_ENDPOINT_USER", "CHKG_ENDPOINT_PASSWORD", "CHKG_ENDPOINT_AUTH"):
            monkeypatch.delenv(name, raising=False)
        if user is not None:
            monkeypatch.setenv("CHKG_ENDPOINT_USER", user)
            monkeypatch.setenv("CHKG_ENDPOINT_PASSWORD", password or "")
            monkeypatch.setenv("CHKG_ENDPOINT_AUTH", scheme)

    set_credentials(None)
    return set_credentials



# -- benchmarks (tests/benchmarks) ----------------------------------------------
# One conftest for the whole suite: a second conftest.py in a sub-folder would clash with this one
# under pytest's default import mode.
_REPO = Path(__file__).resolve().parents[1]
if str(_REPO) not in sys.path:
    sys.path.append(str(_REPO))  # the repository's ``benchmarks`` package


@pytest.fixture(scope="session")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bundled ``ontology/``, ``data/`` and ``queries/``, fixed for the session.

    It keeps the benchmark generator's input still while the tests run, even if the bundled
    files are being edited meanwhile.
    """
    folder = tmp_path_factory.mktemp("bundled")
    for name in ("ontology", "data", "queries"):
        shutil.copytree(_REPO / name, folder / name)
    return folder
