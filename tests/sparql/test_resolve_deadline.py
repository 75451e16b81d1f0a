"""Issue 12: name resolution counts against the total deadline of the bounded HTTP reader.

A resolver that does not answer cannot be produced for real in a test, so
``socket.getaddrinfo`` is replaced by one that blocks for a given host name. Before
the fix the request waited for the resolver (here, until the test released it) however
short ``--timeout`` was; now it ends at the deadline with one line. A second test checks that
connecting to the resolved address still sends the host name in the Host header.
"""

from __future__ import annotations

import http.server
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from chkg.cli import main
from chkg.errors import EndpointTimeoutError
from chkg.sparql.http import request

SLOW = "slow-resolver.example"
NAMED = "named-endpoint.example"


@pytest.fixture
def resolver(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, int]]:
    """``getaddrinfo`` that blocks on :data:`SLOW` (until the test ends) and maps :data:`NAMED`
    to 127.0.0.1; ``calls`` counts the lookups of each."""
    real = socket.getaddrinfo
    release = threading.Event()
    calls: dict[str, int] = {}

    def fake(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        calls[str(host)] = calls.get(str(host), 0) + 1
        if host == SLOW:
            release.wait(60)
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
        if host == NAMED:
            return real("127.0.0.1", port, *args, **kwargs)
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    yield calls
    release.set()


def test_slow_resolver_ends_at_the_deadline(resolver: dict[str, int]) -> None:
    started = time.monotonic()
    with pytest.raises(EndpointTimeoutError) as caught:
        request("GET", f"http://user:secret@{SLOW}:8890/sparql?query=ASK", timeout=1)
    took = time.monotonic() - started
    assert resolver[SLOW] == 1
    assert took < 2.5, f"the 1 s deadline took {took:.1f} s"
    message = str(caught.value)
    assert "\n" not in message and "secret" not in message
    assert message == (f"http://user:***@{SLOW}:8890/sparql did not answer within the deadline: "
                       f"resolving the name '{SLOW}' had not finished")


def test_slow_resolver_is_one_line_from_the_cli(resolver: dict[str, int],
                                                capsys: pytest.CaptureFixture[str]) -> None:
    started = time.monotonic()
    code = main(["query", "counts-by-class", "--endpoint", f"http://{SLOW}/sparql", "--timeout", "1"])
    took = time.monotonic() - started
    assert code == 6
    assert took < 4, f"the 1 s deadline took {took:.1f} s"
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("chkg: error: ") and "Traceback" not in err, err
    assert f"resolving the name '{SLOW}' had not finished" in err


class _EchoHost(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = (self.headers.get("Host") or "").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_resolved_address_keeps_the_host_header(resolver: dict[str, int]) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _EchoHost)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        answer = request("GET", f"http://{NAMED}:{port}/x", timeout=5)
    finally:
        server.shutdown()
        server.server_close()
    assert resolver[NAMED] == 1
    assert (answer.status, answer.body) == (200, f"{NAMED}:{port}".encode())


def test_unknown_name_is_still_unreachable(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(*args: Any, **kwargs: Any) -> Any:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", missing)
    with pytest.raises(Exception) as caught:
        request("GET", "http://no-such-host.example/sparql", timeout=2)
    assert type(caught.value).__name__ == "EndpointUnreachableError"
    assert str(caught.value) == "cannot reach http://no-such-host.example/sparql: Name or service not known"
