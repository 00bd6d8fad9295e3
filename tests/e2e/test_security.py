"""The server as `make run` starts it: bound to 127.0.0.1, websocket refused for foreign hosts."""

from __future__ import annotations

import base64
import os
import socket
import subprocess
import sys
import time

import psutil
import pytest

from tests.e2e.conftest import ROOT, _free_port, stop_server, wait_healthy

pytestmark = pytest.mark.e2e


def _handshake(port: int, host: str) -> str:
    key = base64.b64encode(os.urandom(16)).decode()
    request = (
        f"GET /_stcore/stream HTTP/1.1\r\nHost: {host}:{port}\r\nOrigin: http://{host}:{port}\r\n"
        f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
        "Sec-WebSocket-Version: 13\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(request.encode())
        return s.recv(200).decode("latin-1").split("\r\n")[0]


def test_config_binds_localhost_and_rejects_foreign_hosts() -> None:
    port = _free_port()
    # Only the port is given: address and allowedHosts come from .streamlit/config.toml.
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", f"--server.port={port}"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_healthy(f"http://127.0.0.1:{port}", proc)
        deadline = time.monotonic() + 5
        listening: set[str] = set()
        while not listening and time.monotonic() < deadline:
            listening = {
                c.laddr.ip
                for p in [psutil.Process(proc.pid), *psutil.Process(proc.pid).children(True)]
                for c in p.net_connections(kind="inet")
                if c.status == psutil.CONN_LISTEN and c.laddr.port == port
            }
        assert listening == {"127.0.0.1"}
        assert " 101 " in _handshake(port, "127.0.0.1")
        assert " 403 " in _handshake(port, "evil.example")
    finally:
        stop_server(proc)
