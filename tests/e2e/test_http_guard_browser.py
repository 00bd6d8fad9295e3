"""The running server refuses framing and foreign websocket origins (app_pages/common/http_guard).

Raw HTTP/1.1 against ``streamlit run app.py`` shows the headers and 101 vs 403 for the upgrade;
a bare ``st.App`` on the same Streamlit shows that the middleware is what closes both gaps (when
that test fails, Streamlit has closed them itself: update docs/security.md); Chromium shows that
a page on another origin cannot frame the app.
"""

from __future__ import annotations

import base64
import os
import re
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage

from tests.e2e.conftest import _free_port, stop_server, wait_healthy

pytestmark = pytest.mark.e2e

FOREIGN = ["http://evil.example", "http://localhost:3000", "http://127.0.0.1:3000", "null"]


def _handshake(url: str, origin: str | None) -> int:
    """The HTTP status of a websocket upgrade to Streamlit's stream endpoint."""
    netloc = url.removeprefix("http://")
    host, port = netloc.rsplit(":", 1)
    key = base64.b64encode(os.urandom(16)).decode()
    request = (
        f"GET /_stcore/stream HTTP/1.1\r\nHost: {netloc}\r\n"
        + (f"Origin: {origin}\r\n" if origin is not None else "")
        + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
    )
    with socket.create_connection((host, int(port)), timeout=5) as s:
        s.sendall(request.encode())
        status_line = s.recv(200).decode("latin-1").split("\r\n")[0]
    match = re.fullmatch(r"HTTP/1\.1 (\d{3}) .*", status_line)
    assert match, status_line
    return int(match.group(1))


def _frame_headers(url: str) -> dict[str, str | None]:
    with urllib.request.urlopen(url, timeout=5) as resp:
        return {
            name: resp.headers.get(name) for name in ("X-Frame-Options", "Content-Security-Policy")
        }


@pytest.mark.parametrize("path", ["/", "/_stcore/health", "/Recommendation"])
def test_every_page_refuses_to_be_framed(app_url: str, path: str) -> None:
    assert _frame_headers(app_url + path) == {
        "X-Frame-Options": "DENY",
        "Content-Security-Policy": "frame-ancestors 'none'",
    }


def test_websocket_accepts_own_origin_and_programs(app_url: str) -> None:
    assert _handshake(app_url, app_url) == 101
    assert _handshake(app_url, None) == 101


@pytest.mark.parametrize("origin", FOREIGN)
def test_websocket_refuses_other_origins(app_url: str, origin: str) -> None:
    assert _handshake(app_url, origin) == 403


def test_a_page_elsewhere_cannot_frame_the_app(chromium: Browser, app_url: str) -> None:
    context = chromium.new_context()
    try:
        page = context.new_page()
        with page.expect_console_message(
            lambda m: "frame-ancestors" in m.text, timeout=20_000
        ) as refused:
            page.set_content(f'<iframe src="{app_url}/" width="800" height="600"></iframe>')
        message: ConsoleMessage = refused.value
        assert "'none'" in message.text
        framed = page.frames[1]
        assert framed.locator("[data-testid=stApp]").count() == 0
    finally:
        context.close()


BARE_APP = 'import streamlit as st\napp = st.App(__file__) if __name__ != "__main__" else None\n'


def test_bare_streamlit_leaves_both_gaps_open(chromium: Browser, tmp_path: Path) -> None:
    (tmp_path / "bare.py").write_text(BARE_APP)
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "bare.py",
            "--server.address=127.0.0.1",
            f"--server.port={port}",
            "--server.headless=true",
            "--browser.gatherUsageStats=false",
            "--server.fileWatcherType=none",
        ],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
        assert _frame_headers(url + "/") == {
            "X-Frame-Options": None,
            "Content-Security-Policy": None,
        }
        assert _handshake(url, "http://localhost:3000") == 101
        assert _handshake(url, "http://evil.example") == 403  # what Streamlit checks itself
        context = chromium.new_context()
        try:
            page = context.new_page()
            page.set_content(f'<iframe src="{url}/" width="800" height="600"></iframe>')
            page.frame_locator("iframe").locator("[data-testid=stApp]").wait_for(timeout=20_000)
        finally:
            context.close()
    finally:
        stop_server(proc)
