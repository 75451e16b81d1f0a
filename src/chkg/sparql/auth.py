"""Endpoint credentials: read from the environment, sent as HTTP Basic or Digest.

Credentials never come from the command line: ``CHKG_ENDPOINT_USER`` and
``CHKG_ENDPOINT_PASSWORD`` hold them, ``CHKG_ENDPOINT_AUTH`` chooses HTTP
``basic`` (the default) or ``digest`` authentication (Virtuoso's
``/sparql-graph-crud-auth`` wants Digest).

Examples
--------
>>> credentials_from_env({"CHKG_ENDPOINT_USER": "dba", "CHKG_ENDPOINT_PASSWORD": "s"})
Credentials(user='dba', password='***', scheme='basic')
"""

from __future__ import annotations

import base64
import os
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal, cast

from chkg.errors import EndpointHTTPError, UsageError
from chkg.sparql.http import Answer, request, shown_url

__all__ = ["AuthScheme", "Credentials", "credentials_from_env", "authorizer", "digest_signer"]

#: HTTP authentication schemes chkg speaks.
AuthScheme = Literal["basic", "digest"]


@dataclass(frozen=True)
class Credentials:
    """A user name and password for an endpoint, and how to send them."""

    user: str
    password: str
    scheme: AuthScheme = "basic"

    def __repr__(self) -> str:  # never print the password
        return f"Credentials(user={self.user!r}, password='***', scheme={self.scheme!r})"


def credentials_from_env(environ: Mapping[str, str] | None = None) -> Credentials | None:
    """Read credentials from ``CHKG_ENDPOINT_USER`` / ``_PASSWORD`` / ``_AUTH``.

    Examples
    --------
    >>> credentials_from_env({"CHKG_ENDPOINT_USER": "dba", "CHKG_ENDPOINT_PASSWORD": "s",
    ...                       "CHKG_ENDPOINT_AUTH": "Digest"})
    Credentials(user='dba', password='***', scheme='digest')
    >>> credentials_from_env({}) is None
    True
    """
    env = os.environ if environ is None else environ
    user = env.get("CHKG_ENDPOINT_USER")
    if not user:
        return None
    scheme = env.get("CHKG_ENDPOINT_AUTH", "basic").strip().lower()
    if scheme not in ("basic", "digest"):
        raise UsageError(f"CHKG_ENDPOINT_AUTH must be basic or digest, not {scheme!r}")
    return Credentials(user, env.get("CHKG_ENDPOINT_PASSWORD", ""), cast(AuthScheme, scheme))


def authorizer(url: str, creds: Credentials, timeout: float) -> Callable[[str], str]:
    """A function giving the ``Authorization`` header of a request to ``url``, by method.

    Basic needs nothing from the server. For Digest the challenge is fetched with a
    bodiless GET, and each header answers it.

    Examples
    --------
    >>> authorizer("http://127.0.0.1:9/x", Credentials("u", "p"), 1)("GET")
    'Basic dTpw'
    """
    if creds.scheme == "basic":
        token = base64.b64encode(f"{creds.user}:{creds.password}".encode()).decode("ascii")
        return lambda method: f"Basic {token}"
    probe = request("GET", url, timeout=timeout, ok_statuses=(401, 404), max_bytes=1 << 20)
    return digest_signer(url, creds, probe)


def digest_signer(url: str, creds: Credentials, challenged: Answer) -> Callable[[str], str]:
    """Answer the Digest challenge of a 401 answer: a function giving the header by method."""
    challenge = challenged.headers.get("www-authenticate", "") if challenged.status == 401 else ""
    if not challenge.lower().startswith("digest "):
        raise EndpointHTTPError(
            f"{shown_url(url)} did not ask for Digest authentication; try CHKG_ENDPOINT_AUTH=basic"
        )
    fields = urllib.request.parse_keqv_list(
        [item for item in urllib.request.parse_http_list(challenge[7:]) if item]
    )
    manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    manager.add_password(None, url, creds.user, creds.password)
    handler = urllib.request.HTTPDigestAuthHandler(manager)

    def sign(method: str) -> str:
        answer = handler.get_authorization(urllib.request.Request(url, method=method), fields)
        if not answer:
            raise EndpointHTTPError(f"{shown_url(url)}: cannot answer its Digest challenge")
        return f"Digest {answer}"

    return sign
