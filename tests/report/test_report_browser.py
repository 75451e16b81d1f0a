"""The HTML report in a real browser: headless Chromium through the DevTools protocol.

The report for a small fixture graph (with a hostile ``<script>`` label) is opened in Debian's
Chromium; the test asserts that the SVG diagrams and tables render with a non-zero size, that no
console error or exception occurs, that nothing but the file itself is loaded, and that the page
prints to a non-empty PDF. A screenshot is saved next to the report (and copied to
``$CHKG_SCREENSHOT`` when set) for a person to look at.

The DevTools client is a minimal RFC 6455 websocket over the standard library, so the test needs
no package beyond the browser.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import struct
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from chkg.analysis.paths import toy_graph
from chkg.report.report import write_report
from chkg.sparql.serve import stop_process

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]


def fixture_graph() -> nx.MultiDiGraph:
    G = toy_graph()
    iri = "https://w3id.org/creative-health-kg/hostile"
    G.add_node(iri, iri=iri, label="Plan <script>window.pwned=1</script>", alt_labels=(), kind="policy",
               outcome_kind=None, type_label="policy", definition="")
    G.add_node("x:value", iri="x:value", label="dignity", alt_labels=(), kind="value",
               outcome_kind=None, type_label="value", definition="")
    for key, u, v, sign, rank, passage in [
        ("h1", iri, "x:value", 1, 3, "q1"),
        ("h2", "x:value", "x:burnout", -1, 2, "q1"),
        ("h3", "x:value", "x:care", 1, 4, "q2"),
    ]:
        G.add_edge(u, v, key=key, claim=key, relation="chkg:influences", relation_label="influences",
                   sign=sign, mechanism="", quote=f"quote {key} <img src=x onerror=alert(1)>",
                   passage=passage, passage_label=passage, section="s", source="src",
                   strength="reported", rank=rank)
    return G


class DevTools:
    """A tiny DevTools-protocol client over one websocket."""

    def __init__(self, url: str) -> None:
        rest = url.split("://", 1)[1]
        hostport, path = rest.split("/", 1)
        host, port = hostport.split(":")
        self.sock = socket.create_connection((host, int(port)), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            f"GET /{path} HTTP/1.1\r\nHost: {hostport}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode()
        )
        response = b""
        while b"\r\n\r\n" not in response:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("DevTools closed the connection during the handshake")
            response += chunk
        if b" 101 " not in response.split(b"\r\n", 1)[0]:
            raise ConnectionError(response.decode(errors="replace"))
        self.buffer = response.split(b"\r\n\r\n", 1)[1]
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def close(self) -> None:
        self.sock.close()

    def _send(self, text: str) -> None:
        data = text.encode()
        header = bytearray([0x81])
        if len(data) < 126:
            header.append(0x80 | len(data))
        elif len(data) < 1 << 16:
            header.append(0x80 | 126)
            header += struct.pack(">H", len(data))
        else:
            header.append(0x80 | 127)
            header += struct.pack(">Q", len(data))
        mask = os.urandom(4)
        header += mask
        self.sock.sendall(bytes(header) + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _read(self, n: int) -> bytes:
        while len(self.buffer) < n:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise ConnectionError("DevTools closed the connection")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def _receive(self) -> dict[str, Any]:
        message = b""
        while True:
            first, second = self._read(2)
            length = second & 0x7F
            if length == 126:
                length = struct.unpack(">H", self._read(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", self._read(8))[0]
            payload = self._read(length)
            opcode = first & 0x0F
            if opcode == 0x8:
                raise ConnectionError("DevTools closed the websocket")
            if opcode in (0x9, 0xA):  # ping / pong: not used by DevTools
                continue
            message += payload
            if first & 0x80:
                return json.loads(message)

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        ident = self.next_id
        self._send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = self._receive()
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def wait_for(self, method: str, timeout: float = 30.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        for event in self.events:
            if event.get("method") == method:
                return event
        while time.monotonic() < deadline:
            message = self._receive()
            self.events.append(message)
            if message.get("method") == method:
                return message
        raise TimeoutError(method)


@pytest.fixture
def browser(tmp_path: Path):  # type: ignore[no-untyped-def]
    profile = tmp_path / "profile"
    profile.mkdir()
    process = subprocess.Popen(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--remote-debugging-address=127.0.0.1",
         "--remote-debugging-port=0", "--window-size=1280,1600", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        active = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (active.exists() and len(active.read_text().splitlines()) >= 2):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("chromium did not start its DevTools endpoint")
            time.sleep(0.1)
        port = int(active.read_text().splitlines()[0])
        targets: list[dict[str, Any]] = []
        while not any(t.get("type") == "page" for t in targets):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as answer:
                targets = json.load(answer)
            if time.monotonic() > deadline:
                pytest.fail("chromium opened no page")
            time.sleep(0.1)
        page = next(t for t in targets if t.get("type") == "page")
        client = DevTools(page["webSocketDebuggerUrl"])
        yield client
        client.close()
    finally:
        stop_process(process)


def test_report_renders_in_chromium(tmp_path: Path, browser: DevTools) -> None:
    files = write_report(fixture_graph(), tmp_path / "report")
    url = files.index_html.as_uri()
    for domain in ("Page", "Runtime", "Log", "Network"):
        browser.call(f"{domain}.enable")
    browser.call("Page.navigate", url=url)
    browser.wait_for("Page.loadEventFired")

    facts = json.loads(browser.call("Runtime.evaluate", returnByValue=True, expression="""
        JSON.stringify({
          svgs: [...document.querySelectorAll('svg.diagram')].map(e => {
            const r = e.getBoundingClientRect(); return [r.width, r.height]; }),
          boxes: [...document.querySelectorAll('svg.diagram g.box rect')].map(e => {
            const r = e.getBoundingClientRect(); return [r.width, r.height]; }),
          badges: document.querySelectorAll('svg.diagram g.badge').length,
          tables: Object.fromEntries(['reach', 'evidence', 'leverage', 'heat'].map(c => {
            const t = document.querySelector('table.' + c);
            const r = t ? t.getBoundingClientRect() : {width: 0, height: 0};
            return [c, [r.width, r.height]]; })),
          gaps: document.querySelectorAll('table.heat td.gap').length,
          scripts: document.scripts.length,
          pwned: window.pwned === 1,
          text: document.body.innerText,
        })""")["result"]["value"])
    assert len(facts["svgs"]) == 2 and all(w > 100 and h > 50 for w, h in facts["svgs"])
    assert facts["boxes"] and all(w > 0 and h > 0 for w, h in facts["boxes"])
    assert facts["badges"] >= 5
    for name, (width, height) in facts["tables"].items():
        assert width > 0 and height > 0, f"table.{name} did not render"
    assert facts["gaps"] > 0
    assert facts["scripts"] == 0 and not facts["pwned"]
    assert "Plan <script>window.pwned=1</script>" in facts["text"]  # shown as text

    errors = [
        e for e in browser.events
        if e.get("method") == "Runtime.exceptionThrown"
        or (e.get("method") == "Runtime.consoleAPICalled" and e["params"].get("type") in ("error", "assert"))
        or (e.get("method") == "Log.entryAdded" and e["params"]["entry"].get("level") == "error")
    ]
    assert errors == []
    requested = [e["params"]["request"]["url"] for e in browser.events
                 if e.get("method") == "Network.requestWillBeSent"]
    assert requested and all(u == url for u in requested), requested

    shot = base64.b64decode(browser.call("Page.captureScreenshot", format="png",
                                         captureBeyondViewport=False)["data"])
    assert shot.startswith(b"\x89PNG")
    (tmp_path / "screenshot.png").write_bytes(shot)
    if os.environ.get("CHKG_SCREENSHOT"):
        shutil.copy(tmp_path / "screenshot.png", os.environ["CHKG_SCREENSHOT"])

    pdf = base64.b64decode(browser.call("Page.printToPDF", printBackground=True,
                                        preferCSSPageSize=True)["data"])
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    if os.environ.get("CHKG_PDF"):
        Path(os.environ["CHKG_PDF"]).write_bytes(pdf)


def test_print_to_pdf_from_the_command_line(tmp_path: Path) -> None:
    """The same page through chromium's own --print-to-pdf, as an analyst's script would."""
    files = write_report(toy_graph(), tmp_path / "report")
    pdf = tmp_path / "report.pdf"
    subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", files.index_html.as_uri()],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120, check=False,
    )
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5000
