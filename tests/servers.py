"""Real SPARQL servers for the integration tests: a writable Oxigraph and Debian's Virtuoso.

Each runs on 127.0.0.1 on free ports, keeps its files in a temporary folder,
and leaves nothing behind when stopped (process gone, folder removed).
Virtuoso's ``dba`` account gets a fresh random password before the server
first listens (``+pwdold dba +pwddba ...`` on a startup that only changes the
password and exits), so the default password is never live on a port.
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from chkg.sparql.serve import free_port, oxigraph_binary, stop_process, wait_for_port

__all__ = ["OxigraphWritable", "Virtuoso", "virtuoso_available", "oxigraph_available"]


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
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                pass
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
