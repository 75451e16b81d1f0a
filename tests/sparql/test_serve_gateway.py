"""Issue 12 and 13: ``chkg serve`` refuses SERVICE, serves a YASGUI page, and leaves nothing when killed.

A real ``chkg serve`` runs in a subprocess on a free port. Before issue 12 the
served endpoint ran SERVICE to any URL (here: a listener on 127.0.0.1 that
records whether it was called), SIGKILL left Oxigraph running on the port with
its temporary folder, and the root URL was Oxigraph's stock page.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from chkg.sparql.serve import FOLDER_PREFIX, free_port, remove_stale_folders, stop_process, wait_for_port
from servers import oxigraph_available

pytestmark = [pytest.mark.server, pytest.mark.xdist_group("chkg-serve")]


def _children(pid: int) -> list[int]:
    """Process ids whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], int]]:
    if not oxigraph_available():
        pytest.skip("the oxigraph server is not installed")
    port = free_port()
    env = dict(os.environ, TMPDIR=str(tmp_path))
    process = subprocess.Popen([sys.executable, "-m", "chkg", "serve", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert wait_for_port(port, timeout=90, url=f"http://127.0.0.1:{port}/query?query=ASK%7B%7D")
        yield process, port
    finally:
        stop_process(process)  # type: ignore[arg-type]


def _get(url: str, **headers: str) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


def test_service_to_any_url_is_refused(served: tuple[subprocess.Popen[str], int]) -> None:
    _, port = served
    called = threading.Event()
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(3)

    def accept() -> None:
        try:
            conn, _ = listener.accept()
            called.set()
            conn.close()
        except OSError:
            pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    target = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    query = f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"
    for url in (f"http://127.0.0.1:{port}/query?" + urllib.parse.urlencode({"query": query}),):
        status, _, body = _get(url)
        assert status == 403
        assert b"SERVICE is refused" in body
    data = urllib.parse.urlencode({"query": query}).encode()
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/query", data=data), timeout=30)
    assert caught.value.code == 403
    thread.join()
    listener.close()
    assert not called.is_set(), "the served endpoint called the SERVICE URL"


def test_deep_nesting_is_refused_before_oxigraph_parses_it(served: tuple[subprocess.Popen[str], int]) -> None:
    process, port = served
    query = "SELECT * WHERE " + "{" * 3000 + "}" * 3000  # crashes Oxigraph's parser
    status, _, body = _get(f"http://127.0.0.1:{port}/query?" + urllib.parse.urlencode({"query": query}))
    assert status == 403 and b"nests deeper than 64 brackets" in body
    status, _, _ = _get(f"http://127.0.0.1:{port}/query?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}))
    assert status == 200 and process.poll() is None  # still serving


def test_query_page_update_and_answers(served: tuple[subprocess.Popen[str], int]) -> None:
    process, port = served
    status, kind, page = _get(f"http://127.0.0.1:{port}/")
    assert status == 200 and kind.startswith("text/html")
    assert b'src="/vendor/yasgui.min.js"' in page and b'src="/config.js"' in page
    status, kind, script = _get(f"http://127.0.0.1:{port}/config.js")
    config = json.loads(script.decode().split("var config = ", 1)[1].split(";\n", 1)[0])
    assert config["endpoint"] == f"http://127.0.0.1:{port}/query"
    assert "PREFIX chkg: <https://w3id.org/creative-health-kg/>" in config["tabs"][0]["query"]
    assert len(config["tabs"]) == 1 + len(list(Path("queries").glob("[0-9][0-9][0-9]_*.rq")))
    status, kind, js = _get(f"http://127.0.0.1:{port}/vendor/yasgui.min.js")
    assert status == 200 and len(js) > 500_000
    assert _get(f"http://127.0.0.1:{port}/update")[0] == 404
    assert _get(f"http://127.0.0.1:{port}/store")[0] == 404
    status, kind, body = _get(f"http://127.0.0.1:{port}/query?query=" + urllib.parse.quote("ASK { ?s ?p ?o }"),
                              Accept="application/sparql-results+json")
    assert status == 200 and json.loads(body)["boolean"] is True
    # the URLs it prints are the ones that work, and the README names the same
    assert process.stdout is not None
    printed = [process.stdout.readline() for _ in range(2)]
    assert printed[0].split()[-1] == f"http://127.0.0.1:{port}/query"
    assert printed[1].split()[-1] == f"http://127.0.0.1:{port}/"
    readme = Path("README.md").read_text()
    assert "# SPARQL endpoint: http://127.0.0.1:7878/query" in readme
    assert "# Query page:      http://127.0.0.1:7878/\n" in readme


def test_sigkill_leaves_no_oxigraph_and_no_folder(served: tuple[subprocess.Popen[str], int],
                                                  tmp_path: Path) -> None:
    process, port = served
    children = _children(process.pid)
    assert children, "chkg serve runs Oxigraph and its sentinel as children"
    folders = list(tmp_path.glob(FOLDER_PREFIX + "*"))
    assert len(folders) == 1
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and (any(_alive(c) for c in children) or folders[0].exists()):
        time.sleep(0.2)
    assert not any(_alive(c) for c in children), "a child of chkg serve outlived it"
    assert not folders[0].exists(), "the serving folder outlived chkg serve"
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as every server binds
        sock.bind(("127.0.0.1", port))  # nothing listens on the port any more


def test_stale_folders_are_removed_and_live_ones_kept() -> None:
    root = Path(tempfile.mkdtemp())
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = root / f"{FOLDER_PREFIX}stale"
    stale.mkdir()
    (stale / "owner.pid").write_text(str(dead.pid))
    live = root / f"{FOLDER_PREFIX}live"
    live.mkdir()
    (live / "owner.pid").write_text(str(os.getpid()))
    assert remove_stale_folders(root) == [stale]
    assert live.exists() and not stale.exists()


@pytest.mark.browser
def test_query_page_runs_a_catalogue_query_in_a_browser(served: tuple[subprocess.Popen[str], int],
                                                        tmp_path: Path) -> None:
    """Headless Chromium opens the page, runs tab 011 (counts by class) and shows its rows.

    No console error, and no request leaves the server (the prefix and LOV completers are off).
    """
    devtools = pytest.importorskip("report.devtools")
    if not devtools.CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed")
    _, port = served
    base = f"http://127.0.0.1:{port}/"
    with devtools.chromium(tmp_path / "profile", 1400, 900) as page:
        page.open(base)
        names = page.wait_until("document.querySelectorAll('a[role=tab]').length > 5 && "
                                "Array.from(document.querySelectorAll('a[role=tab] span')).map(e => e.textContent)")
        assert names[0].startswith("chkg") and any(n.startswith("011") for n in names), names
        page.evaluate("Array.from(document.querySelectorAll('a[role=tab]'))"
                      ".find(e => e.textContent.trim().startsWith('011')).click()")
        page.wait_until("document.querySelector('.tabPanel.active .yasqe_queryButton') !== null")
        page.evaluate("document.querySelector('.tabPanel.active .yasqe_queryButton').click()")
        rows = page.wait_until("document.querySelectorAll('.tabPanel.active .yasr tbody tr').length", timeout=60)
        folder = os.environ.get("CHKG_SCREENSHOTS")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(Path(folder) / "query-page.png")
        errors = page.errors()
        requests = page.requests()
    assert rows > 3
    assert not errors, errors
    assert all(url.startswith(base) or url.startswith("data:") for url in requests), requests


def test_construct_catalogue_style_query_on_an_endpoint(served: tuple[subprocess.Popen[str], int], tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """A CONSTRUCT file runs on an endpoint as on the embedded store (it was a usage error naming select())."""
    from chkg.cli import main

    _, port = served
    query = tmp_path / "two.rq"
    query.write_text("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 2")
    assert main(["query", str(query), "--endpoint", f"http://127.0.0.1:{port}/query"]) == 0
    out = capsys.readouterr().out
    from rdflib import Graph

    assert len(Graph().parse(data=out, format="turtle")) == 2
