"""``chkg serve``: the graph behind a read-only Oxigraph SPARQL server on 127.0.0.1.

The graph is written as N-Triples into a temporary folder, loaded with
``oxigraph load`` into a store there, and served with ``oxigraph
serve-read-only``. Stopping (Ctrl-C, SIGTERM or leaving the ``with`` block)
stops the server, waits for it, and removes the folder: nothing keeps running.

Examples
--------
>>> from rdflib import Graph
>>> g = Graph().parse(data="<urn:a> <urn:p> 'x' .", format="turtle")
>>> with OxigraphServer(g) as server:   # doctest: +SKIP
...     print(server.query_url)
http://127.0.0.1:7878/query
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import FrameType, TracebackType

from rdflib import Graph

from chkg.errors import ChkgError, UsageError

__all__ = ["OxigraphServer", "oxigraph_binary", "free_port", "wait_for_port", "stop_process",
           "serve_forever"]


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

    def __init__(self, graph: Graph, *, port: int | None = None, timeout: float = 60.0) -> None:
        self.graph = graph
        self.port = port or free_port()
        self.timeout = timeout
        self.folder: Path | None = None
        self.process: subprocess.Popen[bytes] | None = None

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
        self.folder = Path(tempfile.mkdtemp(prefix="chkg-serve-"))
        try:
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
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                start_new_session=True,
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


def serve_forever(graph: Graph, *, port: int | None = None, echo: object = print) -> None:
    """Serve ``graph`` until SIGINT or SIGTERM, printing the endpoint and query page URLs.

    Used by ``chkg serve``; returns once the server has stopped and its folder is gone.
    """

    def stop(signum: int, frame: FrameType | None) -> None:
        raise _Stop

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    server = OxigraphServer(graph, port=port)
    try:
        server.start()
        say = echo if callable(echo) else print
        say(f"SPARQL endpoint: {server.query_url}")
        say(f"Query page:      {server.base_url}")
        say("Read-only. Press Ctrl-C to stop.")
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
        server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
