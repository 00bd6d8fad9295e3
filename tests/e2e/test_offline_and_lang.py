"""Issue 13 (part B) in Chromium: nothing leaves 127.0.0.1, and the page language follows the UI."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Request, expect

from tests.e2e.helpers import go, open_app, pill, upload, wait_idle

pytestmark = pytest.mark.e2e
GPU_BOX = (
    Path(__file__).resolve().parents[1] / "fixtures/personas/h100_box.probe.json"
).read_bytes()
PAGES_EN = [
    "This machine",
    "Target machine",
    "Recommendation",
    "Knowledge base",
    "Export",
    "Describe your project",
]
LOCAL_SCHEMES = {"data", "blob", "about"}


def _outside(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme in LOCAL_SCHEMES:
        return False
    return parsed.hostname not in ("127.0.0.1",)


def test_a_full_journey_makes_no_request_outside_localhost(tab, app_url) -> None:
    seen: list[str] = []
    tab.context.on("request", lambda request: seen.append(request.url))
    failed: list[str] = []

    def on_failed(request: Request) -> None:
        failed.append(f"{request.url} {request.failure}")

    tab.context.on("requestfailed", on_failed)
    open_app(tab, app_url)
    pill(tab, "stage", "Production").click()
    wait_idle(tab)
    pill(tab, "deploy_targets", "Cloud server").click()
    wait_idle(tab)
    go(tab, "Target machine")
    upload(tab, "w_probe_upload", "gpu-box.json", GPU_BOX)
    expect(tab.get_by_test_id("stAlertContentSuccess")).to_contain_text("gpu-box.json")
    for title in PAGES_EN:
        go(tab, title)
        expect(tab).to_have_title(f"{title} · Framework Advisor")
    tab.get_by_role("radio", name="中文").click()
    expect(tab.locator("h1").first).to_have_text("描述你的项目")
    go(tab, "推荐结果")
    go(tab, "知识库")
    tab.reload()
    wait_idle(tab)
    tab.wait_for_timeout(1000)  # late favicon or font loads
    assert seen, "the listener saw the app's own requests"
    outside = sorted({u for u in seen if _outside(u)})
    assert outside == [], outside
    assert not [f for f in failed if "fonts.g" in f], failed


def test_the_page_language_follows_the_ui(tab, app_url) -> None:
    open_app(tab, app_url)
    html = tab.locator("html")
    expect(html).to_have_attribute("lang", "en")
    tab.get_by_role("radio", name="中文").click()
    expect(tab.locator("h1").first).to_have_text("描述你的项目")
    expect(html).to_have_attribute("lang", "zh-Hans")
    expect(tab).to_have_title("描述你的项目 · Framework Advisor")
    go(tab, "目标机器")
    expect(html).to_have_attribute("lang", "zh-Hans")
    # a reload (the language is in the URL) keeps both
    tab.reload()
    wait_idle(tab)
    expect(tab.locator("h1").first).to_have_text("目标机器")
    expect(html).to_have_attribute("lang", "zh-Hans")
    tab.get_by_role("radio", name="English").click()
    expect(html).to_have_attribute("lang", re.compile("^en$"))
