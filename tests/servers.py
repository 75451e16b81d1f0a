"""Real SPARQL servers for the integration tests: a writable Oxigraph and Debian's Virtuoso.

Each runs on 127.0.0.1 on free ports, keeps its files in a temporary folder,
and leaves nothing behind when stopped (process gone, folder removed).
Virtuoso's ``dba`` account gets a fresh random password before the server
first listens (``+pwdold dba +pwddba ...`` on a startup that only changes the
password and exits), so the default password is never live on a port.
"""

from __future__ import annotations

import contextlib
import secrets
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from chkg.sparql.serve import free_port, oxigraph_binary, stop_process, wait_for_port

__all__ = ["TEST_GRAPH", "HostileEndpoint", "OxigraphWritable", "Virtuoso", "virtuoso_available", "oxigraph_available"]


def oxigraph_available() -> bool:
    """Whether the ``oxigraph`` server command is installed."""
    try:
        oxigraph_binary()
    except Exception:
        return False
    return True


def virtuoso_available() -> bool:
    """Whether Debian's ``virtuoso-t`` and ``isql-vt`` are installed."""
    return shutil.which("virtuoso-t") is not None and shutil.which("isql-vt") is not None


def _stop(process: subprocess.Popen[bytes] | None, *, grace: float = 15.0) -> None:
    if process is not None:
        stop_process(process, grace=grace)


@dataclass
class OxigraphWritable:
    """``oxigraph serve`` (read-write) on a temporary store, with a query timeout."""

    timeout_s: int = 5
    port: int = field(default_factory=free_port)
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="chkg-oxi-")))
    process: subprocess.Popen[bytes] | None = None

    @property
    def query_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/query"

    @property
    def store_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/store"

    def start(self) -> OxigraphWritable:
        self.process = subprocess.Popen(
            [oxigraph_binary(), "serve", "--location", str(self.folder / "store"),
             "--bind", f"127.0.0.1:{self.port}", "--timeout-s", str(self.timeout_s)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        if not wait_for_port(self.port, timeout=30, url=self.query_url + "?query=ASK%7B%7D"):
            self.stop()
            raise RuntimeError("oxigraph serve did not start")
        return self

    def stop(self) -> None:
        _stop(self.process)
        shutil.rmtree(self.folder, ignore_errors=True)


#: The named graph the server tests publish to.
TEST_GRAPH = "https://w3id.org/creative-health-kg/graph"

_VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
DisableTcpSocket = 0
CheckpointInterval = 0
CaseMode = 2
DirsAllowed = {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
MaxClientConnections = 8

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 6
MaxClientConnections = 6
Charset = UTF-8
EnabledDavVSP = 0

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 8
"""


@dataclass
class Virtuoso:
    """Virtuoso Open Source on 127.0.0.1, a fresh database and a fresh ``dba`` password."""

    sql_port: int = field(default_factory=free_port)
    http_port: int = field(default_factory=free_port)
    # 20 characters: virtuoso-t's +pwddba silently sets a different password when given
    # a longer one (seen with 28 characters on 7.2.5), and the login then fails
    password: str = field(default_factory=lambda: "chkg" + secrets.token_hex(8))
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="chkg-virtuoso-")))
    process: subprocess.Popen[bytes] | None = None

    @property
    def query_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def store_url(self) -> str:
        """The Graph Store Protocol endpoint that authenticates (Digest)."""
        return f"http://127.0.0.1:{self.http_port}/sparql-graph-crud-auth"

    def start(self) -> Virtuoso:
        ini = self.folder / "virtuoso.ini"
        ini.write_text(_VIRTUOSO_INI.format(d=self.folder, sql=self.sql_port, http=self.http_port))
        # 1. create the database and change dba's (and dav's) password; this run exits
        #    without listening, so the default password is never reachable
        first = subprocess.run(
            ["virtuoso-t", "+configfile", str(ini), "+foreground",
             "+pwdold", "dba", "+pwddba", self.password, "+pwddav", self.password],
            cwd=self.folder, capture_output=True, text=True, timeout=120, check=False,
        )
        if "The DBA password is changed" not in first.stdout + first.stderr + self._log():
            shutil.rmtree(self.folder, ignore_errors=True)
            raise RuntimeError(f"virtuoso password change failed: {first.stdout[-500:]}{first.stderr[-500:]}")
        # 2. the server itself
        self.process = subprocess.Popen(
            ["virtuoso-t", "+configfile", str(ini), "+foreground"],
            cwd=self.folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        ask = self.query_url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
        if not wait_for_port(self.http_port, timeout=90, url=ask):
            log = self._log()
            self.stop()
            raise RuntimeError(f"virtuoso did not start: {log[-800:]}")
        return self

    def isql(self, statement: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
        """Run SQL through ``isql-vt`` as ``dba``."""
        return subprocess.run(
            ["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", password or self.password,
             f"exec={statement}"],
            capture_output=True, text=True, timeout=60, check=False,
        )

    def _log(self) -> str:
        try:
            return (self.folder / "virtuoso.log").read_text(errors="replace")
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.isql("shutdown;")
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=20)
        _stop(self.process, grace=10)
        self.process = None
        shutil.rmtree(self.folder, ignore_errors=True)


def wait_gone(port: int, timeout: float = 10.0) -> bool:
    """Wait until nothing listens on 127.0.0.1:``port``."""
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.3):
                pass
        except OSError:
            return True
        time.sleep(0.1)
    return False


# -- A hostile endpoint (issue 12) ---------------------------------------------------------------


def _bomb() -> bytes:
    """An RDF/XML 'billion laughs': nine levels of ten, 10^9 copies of 'lol' if expanded."""
    ents = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    return (
        f'<?xml version="1.0"?><!DOCTYPE rdf:RDF [{ents}]>'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">'
        '<rdf:Description rdf:about="http://example.org/a"><ex:p>&lol9;</ex:p></rdf:Description></rdf:RDF>'
    ).encode()


class HostileEndpoint:
    """A SPARQL "endpoint" on 127.0.0.1 that misbehaves as ``mode`` says, served from a thread.

    Modes: ``trickle`` (a valid answer, one byte every 0.2 s), ``huge`` (an endless body),
    ``empty`` (200 with no body), ``not-json`` (200 JSON-typed garbage), ``html`` (200 text/html),
    ``bomb`` (an RDF/XML entity bomb), ``jsonld-url`` / ``jsonld-file`` (JSON-LD whose @context is a
    URL on this very server, which counts fetches, or a local file), ``501`` (Not Implemented,
    closing without reading a request body), ``401-close`` (401, closing without reading the body),
    ``501-on-put`` / ``401-on-put`` (a GET passes; the upload is answered and closed unread, so the
    client's send breaks mid-body).
    ``hits`` counts requests, ``context_fetches`` requests for the context document.
    """

    def __init__(self, mode: str, *, delay: float = 0.2) -> None:
        self.mode = mode
        self.delay = delay
        self.hits = 0
        self.context_fetches = 0
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if mode.endswith("-on-put"):  # a small window: an upload of a few hundred KB cannot fit in the buffers
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = int(self.sock.getsockname()[1])
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"

    def stop(self) -> None:
        self.stopped.set()
        self.sock.close()

    def __enter__(self) -> HostileEndpoint:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _serve(self) -> None:
        while not self.stopped.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        conn.settimeout(30)
        try:
            head = b""
            while b"\r\n\r\n" not in head:
                piece = conn.recv(4096)
                if not piece:
                    return
                head += piece
            self.hits += 1
            first = head.split(b"\r\n", 1)[0]
            if b"/context" in first:
                self.context_fetches += 1
                conn.sendall(self._response("application/ld+json", b'{"@context": {"name": "http://schema.org/name"}}'))
                return
            mode = self.mode
            if mode == "trickle":
                body = b'{"head":{"vars":["n"]},"results":{"bindings":[]}}'
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                             + f"Content-Length: {len(body)}\r\n\r\n".encode())
                for byte in body:
                    if self.stopped.is_set():
                        return
                    conn.sendall(bytes([byte]))
                    time.sleep(self.delay)
            elif mode == "huge":
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n\r\n")
                chunk = b" " * 65536
                for _ in range(100_000):  # 6.5 GB at most; the client stops long before
                    if self.stopped.is_set():
                        return
                    conn.sendall(chunk)
            elif mode == "empty":
                conn.sendall(self._response("application/sparql-results+json", b""))
            elif mode == "not-json":
                conn.sendall(self._response("application/sparql-results+json", b"<<<this is not json>>>"))
            elif mode == "html":
                conn.sendall(self._response("text/html", b"<html><body>Service busy</body></html>"))
            elif mode == "bomb":
                conn.sendall(self._response("application/rdf+xml", _bomb()))
            elif mode == "jsonld-url":
                doc = f'{{"@context": "http://127.0.0.1:{self.port}/context", "@id": "http://example.org/a", "name": "A"}}'
                conn.sendall(self._response("application/ld+json", doc.encode()))
            elif mode == "jsonld-file":
                doc = '{"@context": "file:///etc/passwd", "@id": "http://example.org/a", "name": "A"}'
                conn.sendall(self._response("application/ld+json", doc.encode()))
            elif mode == "501":
                conn.sendall(self._response("text/plain", b"this store does not implement that", 501, "Not Implemented"))
            elif mode == "401-close":
                conn.sendall(self._response("text/plain", b"who are you?", 401, "Unauthorized"))
            elif mode in ("501-on-put", "401-on-put"):  # the probe passes; the upload is refused unread
                if first.startswith(b"GET"):
                    conn.sendall(self._response("text/plain", b""))
                elif mode == "501-on-put":
                    conn.sendall(self._response("text/plain", b"no graph store here", 501, "Not Implemented"))
                else:
                    conn.sendall(self._response("text/plain", b"who are you?", 401, "Unauthorized"))
        except OSError:
            pass
        finally:
            conn.close()

    @staticmethod
    def _response(content_type: str, body: bytes, status: int = 200, reason: str = "OK") -> bytes:
        return (f"HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body
