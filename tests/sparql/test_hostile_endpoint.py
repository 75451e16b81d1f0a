"""Issue 12: a hostile endpoint on 127.0.0.1 gets one line and a bounded wait, never a hang or a fetch.

Each test serves one misbehaviour from :class:`servers.HostileEndpoint` and runs
the CLI in-process (``chkg.cli.main``), asserting the exit code, that standard
error is exactly one line naming what the server did, and the time taken.
Before issue 12 (SPARQLWrapper and urllib with a per-read timeout) the trickle
ran for the whole body (10 s here, a day for a bigger one), the huge answer was
read into memory, the empty and not-JSON answers printed tracebacks or three
lines, the entity bomb expanded to 10^9 copies, JSON-LD contexts were fetched,
and 501 / 401 on publish read "Broken pipe".
"""

from __future__ import annotations

import time

import pytest

from chkg.cli import main
from chkg.sparql.endpoint import construct, select
from chkg.sparql.http import redact_url, request
from servers import HostileEndpoint

ANALYSIS = ["paths", "--from", "chkg:trauma-informed-practice", "--to", "chkg:burnout"]


def _one_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("chkg: error: "), err
    assert "Traceback" not in err
    return err


def test_trickle_ends_at_the_total_deadline(capsys: pytest.CaptureFixture[str]) -> None:
    with HostileEndpoint("trickle") as server:
        started = time.monotonic()
        code = main(["query", "counts-by-class", "--endpoint", server.url, "--timeout", "1.5"])
        took = time.monotonic() - started
    assert code == 6
    assert took < 4, f"the 1.5 s deadline took {took:.1f} s"
    assert "did not answer within 1.5 s" in _one_line(capsys)


def test_huge_answer_is_refused_at_the_size_cap() -> None:
    with HostileEndpoint("huge") as server:
        started = time.monotonic()
        with pytest.raises(Exception) as caught:
            request("GET", server.url, timeout=20, max_bytes=1_000_000)
        took = time.monotonic() - started
    assert type(caught.value).__name__ == "EndpointAnswerError"
    assert "more than the limit of 1000000 bytes" in str(caught.value)
    assert took < 10


@pytest.mark.parametrize(
    ("mode", "said"),
    [
        ("empty", "answered HTTP 200 with an empty body, not SPARQL results"),
        ("not-json", "answered application/sparql-results+json that is not SPARQL results"),
        ("html", "answered text/html, not SPARQL results (it began: <html><body>Service busy"),
        ("501", "answered HTTP 501 Not Implemented: this store does not implement that"),
    ],
)
def test_bad_answers_are_one_line(mode: str, said: str, capsys: pytest.CaptureFixture[str]) -> None:
    with HostileEndpoint(mode) as server:
        code = main(["query", "counts-by-class", "--endpoint", server.url])
    assert code == 7
    assert said in _one_line(capsys)


def test_entity_bomb_is_refused_unexpanded(capsys: pytest.CaptureFixture[str]) -> None:
    with HostileEndpoint("bomb") as server:
        started = time.monotonic()
        code = main([*ANALYSIS, "--endpoint", server.url])
        took = time.monotonic() - started
    assert code == 7
    assert "answered XML that declares a DTD or entities; chkg does not expand them" in _one_line(capsys)
    assert took < 5


@pytest.mark.parametrize("mode", ["jsonld-url", "jsonld-file"])
def test_jsonld_contexts_are_never_resolved(mode: str) -> None:
    with HostileEndpoint(mode) as server:
        with pytest.raises(Exception) as caught:
            construct(server.url, "CONSTRUCT WHERE { ?s ?p ?o }", timeout=5)
        fetches = server.context_fetches
    assert fetches == 0, "chkg fetched the @context the answer named"
    assert "whose @context names a document to fetch or read; chkg does not resolve it" in str(caught.value)


def test_publish_to_a_store_that_closes_on_401_says_credentials(
    capsys: pytest.CaptureFixture[str], endpoint_credentials: object
) -> None:
    with HostileEndpoint("401-close") as server:
        code = main(["publish", "--endpoint", server.url.replace("/sparql", "/store"),
                     "--query-endpoint", server.url])
    err = _one_line(capsys)
    assert code == 7
    assert "answered HTTP 401 Unauthorized: it wants credentials; set CHKG_ENDPOINT_USER" in err
    assert "Broken pipe" not in err


def test_publish_to_a_store_answering_501_says_501(capsys: pytest.CaptureFixture[str]) -> None:
    with HostileEndpoint("501") as server:
        code = main(["publish", "--endpoint", server.url.replace("/sparql", "/store"),
                     "--query-endpoint", server.url])
    err = _one_line(capsys)
    assert code == 7
    assert "answered HTTP 501 Not Implemented" in err and "Broken pipe" not in err


@pytest.mark.parametrize(("mode", "said"), [("501-on-put", "answered HTTP 501 Not Implemented"),
                                            ("401-on-put", "answered HTTP 401 Unauthorized")])
def test_an_upload_refused_mid_body_says_the_status_not_broken_pipe(
        mode: str, said: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The probe passes, then the store answers the PUT without reading its body and closes: the
    send breaks mid-body (EPIPE), and chkg must still report the store's answer in one line."""
    with HostileEndpoint(mode) as server:
        code = main(["publish", "--endpoint", server.url.replace("/sparql", "/store"),
                     "--query-endpoint", server.url])
    err = _one_line(capsys)
    assert code == 7
    assert said in err and "Broken pipe" not in err and "reset" not in err.lower()


def test_password_in_an_endpoint_url_is_never_shown(capsys: pytest.CaptureFixture[str]) -> None:
    with HostileEndpoint("html") as server:
        url = server.url.replace("127.0.0.1", "dba:s3cret-pw@127.0.0.1")
        assert main(["query", "counts-by-class", "--endpoint", url]) == 7
        assert main([*ANALYSIS, "--endpoint", url]) == 7
    err = capsys.readouterr().err
    assert "s3cret-pw" not in err
    assert err.count("dba:***@127.0.0.1") == 2, err


def test_unreachable_with_a_password_is_redacted(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "counts-by-class", "--endpoint", "http://u:hunter2@127.0.0.1:9/sparql",
                 "--timeout", "2"]) == 5
    err = _one_line(capsys)
    assert "hunter2" not in err and "u:***@127.0.0.1:9" in err


def test_redact_url_keeps_everything_but_the_password() -> None:
    assert redact_url("http://user:secret@host/") == "http://user:***@host/"
    assert redact_url("http://user@host/") == "http://user@host/"
    assert redact_url("https://a:b@h:1/p?q=1#f") == "https://a:***@h:1/p?q=1#f"


@pytest.mark.parametrize("value", ["-1", "0", "nan", "inf", "1e300", "soon"])
@pytest.mark.parametrize("command", [["query", "counts-by-class", "--endpoint", "http://127.0.0.1:9/sparql"],
                                     ["paths", "--from", "chkg:burnout", "--to", "chkg:burnout"],
                                     ["publish", "--endpoint", "http://127.0.0.1:9/store"]])
def test_timeout_values_are_one_usage_line(value: str, command: list[str],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*command, "--timeout", value]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--timeout" in err and "Traceback" not in err, err


def test_select_reads_an_answer_from_the_wire() -> None:
    """The bounded reader still reads a good answer whole (a trickle that fits in the deadline)."""
    with HostileEndpoint("trickle", delay=0.005) as server:
        result = select(server.url, "SELECT ?n WHERE { ?s ?p ?n }", timeout=30)
    assert result.variables == ("n",) and result.rows == []
