"""App benchmarks: first render, server memory after a full journey, what-if re-render time.

Targets (issue 7): first render <= 4 s after the server starts; server RSS <= 300 MB after a full
journey with torch and TensorFlow never loaded in the server process; a what-if slider change
re-renders in <= 300 ms server-side. Numbers are printed with the machine; the only failing check
is the framework isolation (a correctness property, not a timing).

Run: ``.venv/bin/python benchmarks/app_bench.py`` (needs Debian chromium; ~40 s with the probe).
"""

from __future__ import annotations

import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CHROMIUM = "/usr/bin/chromium"
FRAMEWORK_LIBS = ("libtorch", "_pywrap_tensorflow", "libtensorflow")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _framework_mappings(pid: int) -> list[str]:
    """Shared objects of torch / TensorFlow mapped into the process (must be none)."""
    maps = Path(f"/proc/{pid}/maps").read_text()
    return sorted(
        {ln.split()[-1] for ln in maps.splitlines() if any(k in ln for k in FRAMEWORK_LIBS)}
    )


def _wait_idle(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_selector("[data-test-script-state='notRunning']", state="attached")


def browser_journey() -> dict[str, float | list[str]]:
    from playwright.sync_api import expect, sync_playwright

    results: dict[str, float | list[str]] = {}
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        page.set_default_timeout(120_000)
        started = time.monotonic()
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address=127.0.0.1",
             f"--server.port={port}", "--server.headless=true", "--server.fileWatcherType=none",
             "--browser.gatherUsageStats=false"],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        try:
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
                        if r.read() == b"ok":
                            break
                except OSError:
                    time.sleep(0.05)
            healthy = time.monotonic()
            page.goto(url)
            expect(page.get_by_text("What stage is the project in?")).to_be_visible()
            _wait_idle(page)
            rendered = time.monotonic()
            results["server start -> healthy (s)"] = healthy - started
            results["healthy -> first render (s)"] = rendered - healthy
            results["server start -> first render (s)"] = rendered - started
            results["server RSS after first render (MB)"] = _rss_mb(server.pid)

            # full journey: answer, real quick probe, recommendation + what-if, exports
            page.locator(".st-key-q_stage button").filter(has_text="Production").click()
            _wait_idle(page)
            page.get_by_test_id("stSidebarNav").get_by_role("link", name="This machine").click()
            page.get_by_role("button", name="Probe this machine").click()
            t0 = time.monotonic()
            expect(page.get_by_text("Probe finished")).to_be_visible(timeout=180_000)
            results["quick probe, click -> finished (s)"] = time.monotonic() - t0
            page.get_by_test_id("stSidebarNav").get_by_role("link", name="Recommendation").click()
            expect(page.get_by_text("What would change the answer")).to_be_visible()
            _wait_idle(page)
            thumb = page.get_by_role("slider").first
            rounds = []
            for _ in range(5):
                thumb.focus()
                t0 = time.monotonic()
                thumb.press("ArrowRight")
                expect(page.get_by_text("With your weights")).to_be_visible()
                _wait_idle(page)
                rounds.append(time.monotonic() - t0)
            results["what-if slider, key press -> idle in browser (ms, median of 5)"] = (
                statistics.median(rounds) * 1000
            )
            page.get_by_test_id("stSidebarNav").get_by_role("link", name="Export").click()
            for label in ("Download Markdown", "Download PDF", "Download HTML", "Download JSON"):
                button = page.get_by_role("button", name=label)
                if button.count():
                    with page.expect_download():
                        button.first.click()
            time.sleep(1.0)
            results["server RSS after full journey (MB)"] = _rss_mb(server.pid)
            results["torch/TF libraries mapped in server"] = _framework_mappings(server.pid)
        finally:
            browser.close()
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)
    return results


def whatif_server_side() -> dict[str, float]:
    """Time a slider change in-process with AppTest (a full script rerun: an upper bound for the
    fragment-only rerun the browser triggers)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update({"a_stage": "production", "a_deploy_targets": "mobile"})
    at.run()
    at.switch_page("app_pages/recommendation.py").run()
    sliders = [s for s in at.slider if s.key.startswith("wi_")]
    times = []
    for i in range(10):
        slider = sliders[i % len(sliders)]
        value = slider.value + (0.5 if i % 2 == 0 else -0.5)
        t0 = time.perf_counter()
        slider.set_value(max(0.0, value)).run()
        times.append(time.perf_counter() - t0)
        assert not at.exception
    return {
        "what-if slider, server-side rerun (ms, median of 10)": statistics.median(times) * 1000,
        "what-if slider, server-side rerun (ms, max of 10)": max(times) * 1000,
    }


def main() -> int:
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    results: dict[str, float | list[str]] = {}
    results.update(whatif_server_side())
    if Path(CHROMIUM).exists():
        results.update(browser_journey())
    else:
        print("chromium not found: browser measurements skipped")
    for key, value in results.items():
        shown = f"{value:.2f}" if isinstance(value, float) else str(value)
        print(f"{key:64s} {shown}")
    targets = [
        ("server start -> first render (s)", 4.0),
        ("server RSS after full journey (MB)", 300.0),
        ("what-if slider, server-side rerun (ms, median of 10)", 300.0),
    ]
    for key, limit in targets:
        value = results.get(key)
        if isinstance(value, float):
            print(f"target {key}: {'met' if value <= limit else 'MISSED'} ({value:.2f} <= {limit})")
    mapped = results.get("torch/TF libraries mapped in server")
    if mapped:
        print(f"FAIL: ML framework libraries loaded in the app server: {mapped}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
