"""The one HTTP reader of chkg: every endpoint request, with a total deadline and a size cap.

``--timeout`` is a *total* deadline for a request (name resolution, connect,
send, status line, headers and body together), not a per-read timeout: a server
that trickles its answer one byte a second ends at the deadline. The host name is
resolved in a daemon thread waited on for the time left (``getaddrinfo`` itself
has no timeout, and a slow resolver could otherwise hold the request for as long
as it likes), then the connection is made to the address found, the Host header
and the TLS server name still naming the host. A timer shuts the socket down
when the deadline passes, whatever the request is waiting on; the body is read
in pieces and refused past ``max_bytes``.

Every URL that reaches a message goes through :func:`redact_url`, so a password
in an endpoint URL (``http://user:secret@host/``) is never printed; credentials
written in the URL are sent as HTTP Basic authentication, not as part of the host.

Examples
--------
>>> redact_url("http://dba:s3cret@127.0.0.1:8890/sparql?query=ASK")
'http://dba:***@127.0.0.1:8890/sparql?query=ASK'
>>> request("GET", "http://127.0.0.1:9/sparql", timeout=2)
Traceback (most recent call last):
...
chkg.errors.EndpointUnreachableError: cannot reach http://127.0.0.1:9/sparql: Connection refused
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import ipaddress
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from chkg.errors import (
    EndpointAnswerError,
    EndpointHTTPError,
    EndpointTimeoutError,
    EndpointUnreachableError,
    UsageError,
)
from chkg.sparql.bounds import check_seconds

__all__ = [
    "USER_AGENT",
    "DEFAULT_MAX_BYTES",
    "Answer",
    "redact_url",
    "shown_url",
    "check_url",
    "request",
    "excerpt",
]

#: The User-Agent header of every request chkg sends.
USER_AGENT = "chkg/0.1 (creative-health-kg; +https://w3id.org/creative-health-kg/)"

#: The largest answer body read (bytes); a bigger one is refused.
DEFAULT_MAX_BYTES = 256 * 1024 * 1024

_PIECE = 1 << 16


@dataclass(frozen=True)
class Answer:
    """An HTTP answer read whole within the deadline: status, media type, headers, body."""

    url: str  # redacted, for messages
    status: int
    reason: str
    media_type: str  # lower case, without parameters; "" if the server sent none
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)  # names in lower case


def redact_url(url: str) -> str:
    """``url`` with the password of its user information replaced by ``***``.

    The one redaction of credentials for every message that shows a URL.

    Examples
    --------
    >>> redact_url("https://user:pa:ss@example.org/sparql")
    'https://user:***@example.org/sparql'
    >>> redact_url("http://127.0.0.1:7878/query")
    'http://127.0.0.1:7878/query'
    >>> redact_url("not a url")
    'not a url'
    """
    parts = urllib.parse.urlsplit(url)
    if "@" not in parts.netloc:
        return url
    userinfo, _, host = parts.netloc.rpartition("@")
    user, sep, _ = userinfo.partition(":")
    netloc = f"{user}:***@{host}" if sep else f"{user}@{host}"
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def shown_url(url: str) -> str:
    """How messages name an endpoint: redacted, without the query string (which holds the query).

    Examples
    --------
    >>> shown_url("http://u:p@127.0.0.1:8890/sparql?query=ASK%7B%7D")
    'http://u:***@127.0.0.1:8890/sparql'
    """
    parts = urllib.parse.urlsplit(url)
    return redact_url(urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")))


def check_url(url: str) -> None:
    """Refuse anything but an absolute http(s) URL before a request is made.

    Examples
    --------
    >>> check_url("http://127.0.0.1:7878/query")
    >>> check_url("127.0.0.1:7878/query")
    Traceback (most recent call last):
    ...
    chkg.errors.UsageError: not an http(s) endpoint URL: '127.0.0.1:7878/query' (for example http://127.0.0.1:7878/query)
    """
    parts = urllib.parse.urlsplit(url)
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        raise UsageError(f"not a valid endpoint URL: {redact_url(url)!r} (bad port)") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(
            f"not an http(s) endpoint URL: {redact_url(url)!r} (for example http://127.0.0.1:7878/query)"
        )


def excerpt(body: bytes | str, limit: int = 160) -> str:
    """The start of an answer body on one line, for a message.

    Examples
    --------
    >>> excerpt(b"line one\\n  line two")
    'line one line two'
    """
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    flat = " ".join(text[: limit * 4].split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def request(
    method: str,
    url: str,
    *,
    body: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float = 30.0,
    max_bytes: int = DEFAULT_MAX_BYTES,
    ok_statuses: tuple[int, ...] = (),
    started: float | None = None,
) -> Answer:
    """Send one request and read its whole answer within ``timeout`` seconds in total.

    Parameters
    ----------
    method, url, body, headers
        The request. Credentials in the URL become a Basic ``Authorization`` header.
    timeout
        The total deadline in seconds (> 0, finite, at most a day).
    max_bytes
        The largest body read; a larger one raises :class:`~chkg.errors.EndpointAnswerError`.
    ok_statuses
        Error statuses (>= 400) to return rather than raise (a probe's 401 or 404).
    started
        When the deadline's clock started (a :func:`time.monotonic` reading), if before this call:
        the request must end by ``started + timeout`` (``chkg query`` checks the query first,
        within the same ``--timeout``).

    Raises
    ------
    EndpointUnreachableError, EndpointTimeoutError, EndpointHTTPError, EndpointAnswerError
    """
    check_url(url)
    check_seconds(timeout)
    parts = urllib.parse.urlsplit(url)
    shown = shown_url(url)
    deadline = (time.monotonic() if started is None else started) + timeout
    if deadline <= time.monotonic():
        raise EndpointTimeoutError(f"{shown} did not answer within {timeout:g} s")
    all_headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity", **(headers or {})}
    if parts.username is not None and "Authorization" not in all_headers:
        pair = f"{urllib.parse.unquote(parts.username)}:{urllib.parse.unquote(parts.password or '')}"
        all_headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode("ascii")
    connection_class = _HTTPSConnection if parts.scheme == "https" else _HTTPConnection
    connection = connection_class(parts.hostname or "", parts.port, timeout=timeout)
    connection.deadline = deadline
    connection.shown = shown
    target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    expired = threading.Event()

    def cut() -> None:
        expired.set()
        sock = connection.sock
        if sock is not None:
            with contextlib.suppress(OSError):  # already closed: nothing left to cut
                sock.shutdown(socket.SHUT_RDWR)

    timer = threading.Timer(deadline - time.monotonic(), cut)
    timer.daemon = True
    timer.start()
    try:
        return _exchange(connection, method, target, body, all_headers, shown, deadline, max_bytes,
                         ok_statuses, expired)
    except TimeoutError:
        raise EndpointTimeoutError(f"{shown} did not answer within {timeout:g} s") from None
    except (http.client.HTTPException, OSError) as exc:
        if expired.is_set():
            raise EndpointTimeoutError(f"{shown} did not answer within {timeout:g} s") from None
        if isinstance(exc, http.client.RemoteDisconnected):
            raise EndpointAnswerError(f"{shown} closed the connection without answering") from None
        if isinstance(exc, http.client.HTTPException):
            raise EndpointAnswerError(f"{shown} did not answer HTTP: {type(exc).__name__}") from None
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        raise EndpointUnreachableError(f"cannot reach {shown}: {reason}") from None
    finally:
        timer.cancel()
        connection.close()


#: A result of :func:`socket.getaddrinfo`: family, type, protocol, canonical name, address.
_AddrInfo = tuple[socket.AddressFamily, socket.SocketKind, int, str, Any]


def _resolve(host: str, port: int, deadline: float, shown: str) -> Sequence[_AddrInfo]:
    """The addresses of ``host``, resolved within the time left before ``deadline``.

    ``getaddrinfo`` has no timeout of its own, so it runs in a daemon thread that is waited on
    for the time left; a resolver still busy then is left behind (it holds no socket) and the
    request ends with one line. An IP address is converted at once, without a thread.

    Raises
    ------
    EndpointTimeoutError
        The name was not resolved before the deadline.
    OSError
        The resolver's answer (:class:`socket.gaierror`: no such name).
    """
    with contextlib.suppress(ValueError):
        ipaddress.ip_address(host)
        return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)
    found: list[_AddrInfo] = []
    failed: list[OSError] = []

    def run() -> None:
        try:
            found.extend(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except OSError as exc:
            failed.append(exc)

    worker = threading.Thread(target=run, name="chkg-resolve", daemon=True)
    worker.start()
    worker.join(max(0.0, deadline - time.monotonic()))
    if worker.is_alive():
        raise EndpointTimeoutError(f"{shown} did not answer within the deadline: resolving the name "
                                   f"{host!r} had not finished")
    if failed:
        raise failed[0]
    return found


def _connect(host: str, port: int, deadline: float, shown: str) -> socket.socket:
    """A socket connected to ``host``: resolved, then each address tried, within ``deadline``."""
    last: OSError | None = None
    for family, kind, proto, _, address in _resolve(host, port, deadline, shown):
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        sock = socket.socket(family, kind, proto)
        try:
            sock.settimeout(left)
            sock.connect(address)
        except OSError as exc:
            sock.close()
            last = exc
            continue
        return sock
    raise last or OSError(f"no address found for {host}")


class _HTTPConnection(http.client.HTTPConnection):
    """An HTTP connection whose name resolution and connect count against ``deadline``."""

    deadline: float = 0.0
    shown: str = ""
    _create_connection: Callable[..., socket.socket]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # http.client connects through this instance attribute, with (self.host, self.port):
        # the host name stays the Host header's (and, for HTTPS, the TLS server name)
        self._create_connection = lambda address, *_: _connect(address[0], address[1], self.deadline, self.shown)


class _HTTPSConnection(http.client.HTTPSConnection):
    """An HTTPS connection whose name resolution and connect count against ``deadline``."""

    deadline: float = 0.0
    shown: str = ""
    _create_connection: Callable[..., socket.socket]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = lambda address, *_: _connect(address[0], address[1], self.deadline, self.shown)


def _exchange(
    connection: http.client.HTTPConnection,
    method: str,
    target: str,
    body: bytes | None,
    headers: dict[str, str],
    shown: str,
    deadline: float,
    max_bytes: int,
    ok_statuses: tuple[int, ...],
    expired: threading.Event,
) -> Answer:
    """Send the request and read the answer; the caller maps exceptions to one line."""
    connection.connect()
    # the server may answer (and close) before taking the whole body, as a store does on a
    # 401 or a 501: its answer says why, where there is one
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
        connection.request(method, target, body=body, headers=headers)
    response = connection.getresponse()
    length = response.getheader("Content-Length")
    if length and length.isdigit() and int(length) > max_bytes:
        raise EndpointAnswerError(
            f"{shown} answered {int(length)} bytes, more than the limit of {max_bytes}"
        )
    chunks: list[bytes] = []
    size = 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or expired.is_set():
            raise TimeoutError
        if connection.sock is not None:
            connection.sock.settimeout(left)
        piece = response.read1(_PIECE)
        if not piece:
            if expired.is_set():
                raise TimeoutError
            break
        size += len(piece)
        if size > max_bytes:
            raise EndpointAnswerError(f"{shown} answered more than the limit of {max_bytes} bytes")
        chunks.append(piece)
    data = b"".join(chunks)
    content_type = response.getheader("Content-Type") or ""
    answer = Answer(
        url=shown,
        status=response.status,
        reason=response.reason,
        media_type=content_type.split(";", 1)[0].strip().lower(),
        body=data,
        headers={k.lower(): v for k, v in response.getheaders()},
    )
    if response.status >= 400 and response.status not in ok_statuses:
        detail = excerpt(data)
        raise EndpointHTTPError(
            f"{shown} answered HTTP {response.status} {response.reason}" + (f": {detail}" if detail else "")
        )
    if 300 <= response.status < 400:
        where = response.getheader("Location") or "elsewhere"
        raise EndpointHTTPError(
            f"{shown} answered HTTP {response.status} {response.reason} (a redirect to "
            f"{redact_url(where)}); give that URL instead"
        )
    return answer
