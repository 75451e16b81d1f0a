"""``chkg serve``: the graph behind a read-only Oxigraph SPARQL server on 127.0.0.1.

The graph is written as N-Triples into a temporary folder, loaded with
``oxigraph load`` into a store there, and served with ``oxigraph
serve-read-only`` on a private port, behind the gateway
(:mod:`chkg.sparql.gateway`) that users reach: a query page at ``/`` and the
query endpoint at ``/query``, with no SERVICE (unless ``--allow-federation``),
no updates and a query time limit.

Nothing outlives ``chkg serve``, however it ends: stopping (Ctrl-C, SIGTERM,
leaving the ``with`` block) stops the server and removes the folder; if chkg
is killed outright (SIGKILL), the kernel sends Oxigraph SIGKILL
(``prctl(PR_SET_PDEATHSIG)``, set in the child before it runs Oxigraph), and a
small sentinel process, told the same way, removes the folder. A folder left by
any other accident (a power cut) names its owner's process id and is removed
by the next ``chkg serve`` once that process is gone.

Examples
--------
>>> from rdflib import Graph
>>> g = Graph().parse(data="<urn:a> <urn:p> 'x' .", format="turtle")
>>> with OxigraphServer(g) as server:   # doctest: +SKIP
...     print(server.query_url)
http://127.0.0.1:7878/query
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType, TracebackType

from rdflib import Graph

from chkg.errors import ChkgError, UsageError
from chkg.sparql.catalogue import CatalogueQuery
from chkg.sparql.gateway import Gateway

__all__ = ["OxigraphServer", "oxigraph_binary", "free_port", "wait_for_port", "stop_process",
           "serve_forever", "remove_stale_folders", "FOLDER_PREFIX"]

#: The prefix of chkg serve's temporary folders (each holds an ``owner.pid`` file).
FOLDER_PREFIX = "chkg-serve-"
_PR_SET_PDEATHSIG = 1

# The sentinel: waits until its parent (chkg) dies, then removes the serving folder.
_SENTINEL = """
import shutil, signal, sys, time
def bye(*_):
    time.sleep(0.5)
    shutil.rmtree(sys.argv[1], ignore_errors=True)
    sys.exit(0)
signal.signal(signal.SIGTERM, bye)
signal.signal(signal.SIGINT, signal.SIG_IGN)
sys.stdout.write("ready\\n"); sys.stdout.flush()
while True:
    signal.pause()
"""


def _die_with_parent(sig: int) -> None:
    """In a child before exec: ask the kernel to send ``sig`` when the parent dies (Linux)."""
    parent = os.getppid()
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:  # pragma: no cover - not Linux
        return
    libc = ctypes.CDLL(libc_name, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, sig, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before prctl: act as the kernel would have
        os.kill(os.getpid(), sig)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_folders(root: Path | None = None) -> list[Path]:
    """Remove serving folders whose owner process is gone; return the ones removed.

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> stale = root / (FOLDER_PREFIX + "x"); stale.mkdir()
    >>> _ = (stale / "owner.pid").write_text("999999999")
    >>> [p.name for p in remove_stale_folders(root)]
    ['chkg-serve-x']
    """
    root = Path(root or tempfile.gettempdir())
    removed = []
    for folder in root.glob(FOLDER_PREFIX + "*"):
        try:
            owner = int((folder / "owner.pid").read_text().strip())
        except (OSError, ValueError):
            continue  # not ours, or still being created
        if not _pid_alive(owner):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def oxigraph_binary() -> str:
    """The ``oxigraph`` command of the PyPI package ``oxigraph``, next to this Python first.

    Raises
    ------
    UsageError
        The package is not installed (``pip install 'creative-health-kg[server]'``).
    """
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise UsageError(
        "the oxigraph server is not installed: pip install 'creative-health-kg[server]'"
    )


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now.

    Examples
    --------
    >>> 1024 <= free_port() <= 65535
    True
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, *, timeout: float = 30.0, url: str | None = None) -> bool:
    """Wait until something answers on 127.0.0.1:``port`` (and ``url``, if given, answers HTTP)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                pass
            if url is None:
                return True
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status < 500:
                    return True
        except urllib.error.HTTPError as exc:
            if exc.code < 500:
                return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


def stop_process(process: subprocess.Popen[bytes], *, grace: float = 10.0) -> None:
    """Stop ``process`` if it still runs: SIGTERM, then SIGKILL after ``grace`` seconds.

    Examples
    --------
    >>> process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    >>> stop_process(process)
    >>> process.returncode is not None
    True
    """
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # as the servers bind: connections of a stopped server waiting out TIME_WAIT do not count
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


class OxigraphServer:
    """A read-only Oxigraph server holding a graph, on 127.0.0.1.

    Parameters
    ----------
    graph
        The graph to serve, in the default graph of the store.
    port
        The port; a free one if None.
    timeout
        Seconds to wait for the server to come up.
    """

    def __init__(
        self, graph: Graph, *, port: int | None = None, timeout: float = 60.0, query_timeout: float | None = None
    ) -> None:
        self.graph = graph
        self.port = port or free_port()
        self.timeout = timeout
        self.query_timeout = query_timeout
        self.folder: Path | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self.sentinel: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        """The server's root URL, where Oxigraph serves its query page (YASGUI)."""
        return f"http://127.0.0.1:{self.port}/"

    @property
    def query_url(self) -> str:
        """The SPARQL query endpoint."""
        return f"http://127.0.0.1:{self.port}/query"

    def start(self) -> OxigraphServer:
        """Load the graph into a temporary store and start serving it."""
        binary = oxigraph_binary()
        if not _port_is_free(self.port):
            raise UsageError(f"port {self.port} on 127.0.0.1 is already in use; choose another with --port")
        remove_stale_folders()
        self.folder = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX))
        (self.folder / "owner.pid").write_text(str(os.getpid()))
        try:
            self.sentinel = subprocess.Popen(
                [sys.executable, "-c", _SENTINEL, str(self.folder)],
                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                start_new_session=True, preexec_fn=lambda: _die_with_parent(signal.SIGTERM),
            )
            if self.sentinel.stdout is not None:
                self.sentinel.stdout.readline()  # its SIGTERM handler is in place
                self.sentinel.stdout.close()
            dump = self.folder / "graph.nt"
            dump.write_bytes(self.graph.serialize(format="nt", encoding="utf-8"))
            location = self.folder / "store"
            loaded = subprocess.run(
                [binary, "load", "--location", str(location), "--file", str(dump)],
                capture_output=True,
                text=True,
                check=False,
            )
            if loaded.returncode != 0:
                raise ChkgError(f"oxigraph load failed: {loaded.stderr.strip()[:300]}")
            dump.unlink()
            self.process = subprocess.Popen(
                [
                    binary,
                    "serve-read-only",
                    "--location",
                    str(location),
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    *(["--timeout-s", str(max(1, round(self.query_timeout)))] if self.query_timeout else []),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                # its own process group (a Ctrl-C meant for chkg does not reach it first), and
                # killed by the kernel if chkg dies without stopping it
                start_new_session=True,
                preexec_fn=lambda: _die_with_parent(signal.SIGKILL),
            )
            if not wait_for_port(self.port, timeout=self.timeout, url=self.query_url + "?query=ASK%7B%7D"):
                err = b""
                if self.process.poll() is not None and self.process.stderr is not None:
                    err = self.process.stderr.read()
                raise ChkgError(
                    f"oxigraph did not start on 127.0.0.1:{self.port}: "
                    f"{err.decode('utf-8', 'replace').strip()[:300] or 'timed out'}"
                )
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL after 10 s) and remove its folder."""
        process, self.process = self.process, None
        if process is not None:
            stop_process(process)
            if process.stderr is not None:
                process.stderr.close()
        folder, self.folder = self.folder, None
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        sentinel, self.sentinel = self.sentinel, None
        if sentinel is not None:
            stop_process(sentinel, grace=5.0)

    def __enter__(self) -> OxigraphServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


class _Stop(Exception):
    """Raised from a signal handler to leave the serving loop."""


def serve_forever(
    graph: Graph,
    *,
    port: int | None = None,
    echo: Callable[[str], object] = print,
    queries: Sequence[CatalogueQuery] = (),
    timeout: float = 30.0,
    allow_federation: bool = False,
) -> None:
    """Serve ``graph`` until SIGINT or SIGTERM, printing the query page and endpoint URLs.

    Used by ``chkg serve``; returns once the server has stopped and its folder is gone.
    Oxigraph runs on a private port; the gateway on ``port`` is what users reach.
    """

    def stop(signum: int, frame: FrameType | None) -> None:
        raise _Stop

    port = port or 7878
    if not _port_is_free(port):
        raise UsageError(f"port {port} on 127.0.0.1 is already in use; choose another with --port")
    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    server = OxigraphServer(graph, query_timeout=timeout)
    gateway: Gateway | None = None
    try:
        server.start()
        gateway = Gateway(server.query_url, port, queries=queries, timeout=timeout + 5,
                          allow_federation=allow_federation).start()
        echo(f"SPARQL endpoint: http://127.0.0.1:{port}/query")
        echo(f"Query page:      http://127.0.0.1:{port}/")
        echo("Read-only" + (", SERVICE allowed" if allow_federation else ", no SERVICE")
             + f", {timeout:g} s per query. Press Ctrl-C to stop.")
        sys.stdout.flush()
        process = server.process
        while process is not None and process.poll() is None:
            time.sleep(0.2)
        code = process.returncode if process is not None else "?"
        raise ChkgError(f"the oxigraph server stopped unexpectedly (exit {code})")
    except _Stop:
        pass
    finally:
        # ignore further signals while cleaning up, so the folder is always removed
        for sig in previous:
            signal.signal(sig, signal.SIG_IGN)
        if gateway is not None:
            gateway.stop()
        server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
