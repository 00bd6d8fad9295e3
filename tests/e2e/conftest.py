"""A real Streamlit server on a free 127.0.0.1 port and Debian's Chromium (no browser download)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session", autouse=True)
def _patient_expectations() -> None:
    """Assertions wait as long as actions do (20 s, ``tab`` below), not Playwright's 5 s: a
    rerun the click started may not have begun when ``wait_idle`` looks, and on a loaded 2-vCPU
    machine that rerun took over 5 s (a clean-clone ``.ci/run`` failed on "Clear all answers")."""
    from playwright.sync_api import expect

    expect.set_options(timeout=20_000)


@pytest.fixture(scope="session", autouse=True)
def _kb_snapshot_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """KB snapshots (kb/snapshot.py) go to a temporary folder, not the user's ~/.cache."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FRAMEWORK_ADVISOR_CACHE_DIR", str(tmp_path_factory.mktemp("kb-cache")))
        yield


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(port: int, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """``streamlit run app.py`` the way ``make run`` does, in its own process group."""
    log = open(ROOT / "test-artifacts" / f"server-{port}.log", "wb")  # noqa: SIM115
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.address=127.0.0.1",
            f"--server.port={port}",
            "--server.headless=true",
            "--browser.gatherUsageStats=false",
            "--server.fileWatcherType=none",
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env={**os.environ, **(env or {})},
    )


def wait_healthy(url: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as resp:
                if resp.read() == b"ok":
                    return time.monotonic() - started
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("streamlit did not become healthy")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def app_server() -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    SHOTS.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    proc = start_server(port)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
        yield url, proc
    finally:
        stop_server(proc)


@pytest.fixture(scope="session")
def app_url(app_server: tuple[str, subprocess.Popen[bytes]]) -> str:
    return app_server[0]


@pytest.fixture
def tab(chromium: Browser, app_url: str) -> Iterator[Page]:
    """A fresh browser context (= a new user), with downloads allowed."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(20_000)
    page = context.new_page()
    yield page
    context.close()
