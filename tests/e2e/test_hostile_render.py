"""A probe report whose strings are Markdown links and images to an outside host, in Chromium.

Every page that shows the uploaded machine, and the exported HTML opened in the same browser,
must render those strings as text: no <a>/<img> pointing at the host, and not one request that
leaves 127.0.0.1 (a ``page.on("request")`` listener records every request the page makes).
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Request, expect

from tests.e2e.helpers import go, open_app, upload, wait_idle

pytestmark = pytest.mark.e2e

PROBE = Path(__file__).resolve().parents[1] / "fixtures/probes/reports/cpu_2vcpu_both_quick.json"
HOST = "evil.example"
EVIL = f"[click](https://{HOST}/x) ![pixel](https://{HOST}/p.png) <img src=https://{HOST}/i.png>"
LOCAL = {"127.0.0.1", "localhost"}


def _evil_report() -> bytes:
    raw = json.loads(PROBE.read_bytes())
    raw["frameworks"]["pytorch"]["mismatch"] = "mismatch " + EVIL
    raw["frameworks"]["tensorflow"]["status"] = "crashed"
    raw["frameworks"]["tensorflow"]["reason"] = "reason " + EVIL
    raw["host"]["os_name"] = "Linux " + EVIL
    raw["cpu"]["model"] = "cpu " + EVIL
    raw["rerun_advice"] = "advice " + EVIL
    raw["warnings"] = ["warning " + EVIL]
    for item in raw["comparisons"] + raw["benchmarks"]:
        item["workload"] += " " + EVIL
    raw["accelerators"] = [{"vendor": "nvidia", "name": "gpu " + EVIL, "source": "nvml"}]
    return json.dumps(raw).encode()


def _outside(requests: list[str]) -> list[str]:
    return [
        u for u in requests if urlsplit(u).scheme in ("http", "https", "ws", "wss")
        and urlsplit(u).hostname not in LOCAL
    ]  # fmt: skip


def _assert_inert(page: Page) -> None:
    assert page.locator(f"a[href*='{HOST}']").count() == 0
    assert page.locator(f"img[src*='{HOST}']").count() == 0


def test_hostile_probe_strings_stay_text_and_fetch_nothing(tab: Page, app_url: str) -> None:
    requests: list[str] = []

    def record(request: Request) -> None:
        requests.append(request.url)

    tab.context.on("request", record)  # every page of the context, downloads included
    open_app(tab, app_url)
    go(tab, "Target machine")
    upload(tab, "w_probe_upload", "evil.json", _evil_report())
    expect(tab.get_by_text(f"https://{HOST}/x").first).to_be_visible()  # shown, as text
    wait_idle(tab)
    _assert_inert(tab)
    for title in ("Recommendation", "Describe your project", "Export"):
        go(tab, title)
        _assert_inert(tab)
    with tab.expect_download() as info:
        tab.get_by_role("button", name="Download HTML").click()
    html = Path(info.value.path()).read_text("utf-8")
    report = tab.context.new_page()
    report.set_content(html, wait_until="load")
    _assert_inert(report)
    assert HOST in report.inner_text("body")  # the text is in the report, inert
    report.close()
    tab.wait_for_timeout(500)  # let any late image or prefetch request arrive
    assert _outside(requests) == []
    assert any(urlsplit(u).hostname in LOCAL for u in requests)  # the listener did listen
