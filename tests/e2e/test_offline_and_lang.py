"""Issue 13 (part B) in Chromium: nothing leaves 127.0.0.1, and the page language follows the UI."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, Request, expect

from tests.e2e.helpers import go, pill, upload, wait_idle

pytestmark = pytest.mark.e2e


def open_app(page: Page, url: str) -> None:
    """Open the app and wait for its first page (a cold server on a busy box takes a while)."""
    page.goto(url)
    expect(page.locator("h1").first).to_be_visible(timeout=30_000)
    wait_idle(page)


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

# Every visible text node against its effective background (WCAG 2.x relative luminance).
# A slider's value label sits above the thumb, on the page, though the thumb is its parent.
CONTRAST_JS = r"""
() => {
  const rgb = (s) => { const m = s.match(/rgba?\(([^)]+)\)/); if (!m) return null;
    const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const over = (c, b) => ({r: c.r * c.a + b.r * (1 - c.a), g: c.g * c.a + b.g * (1 - c.a),
                           b: c.b * c.a + b.b * (1 - c.a)});
  const background = (el) => {
    const layers = [];
    if (el.closest('[data-testid=stSliderThumbValue]')) el = el.closest('[data-testid=stSlider]');
    for (; el; el = el.parentElement) { const c = rgb(getComputedStyle(el).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; } }
    return layers.reverse().reduce((b, c) => over(c, b), {r: 255, g: 255, b: 255});
  };
  const lum = (c) => { const f = (v) => { v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const ratio = (a, b) => { const x = lum(a), y = lum(b);
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const bad = []; const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!node.textContent.trim() || !el || seen.has(el)) continue;
    seen.add(el);
    const st = getComputedStyle(el), box = el.getBoundingClientRect();
    if (st.visibility === 'hidden' || box.width === 0 || box.height === 0) continue;
    if (el.closest('[aria-disabled=true], :disabled')) continue;  // WCAG exempts inactive controls
    let fg = rgb(st.color); if (!fg) continue;
    const bg = background(el); if (fg.a < 1) fg = over(fg, bg);
    const size = parseFloat(st.fontSize), bold = parseInt(st.fontWeight) >= 700;
    const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    const r = ratio(fg, bg);
    if (r < need) bad.push(`${node.textContent.trim().slice(0, 30)} ${r.toFixed(2)} ${st.color}`);
  }
  return bad;
}
"""


def _outside(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme in LOCAL_SCHEMES:
        return False
    return parsed.hostname not in ("127.0.0.1",)


def test_a_full_journey_makes_no_request_outside_localhost(tab: Page, app_url: str) -> None:
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


def test_the_page_language_follows_the_ui(tab: Page, app_url: str) -> None:
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


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_text_meets_wcag_aa_contrast_in_the_theme(tab: Page, app_url: str, lang: str) -> None:
    query = f"?a_stage=production&a_deploy_targets=mobile&lang={lang}"
    for path in ("", "recommendation", "knowledge_base", "target_machine", "export"):
        open_app(tab, f"{app_url}/{path}{query}")
        tab.wait_for_timeout(800)  # charts and data grids paint after the run
        assert tab.evaluate(CONTRAST_JS) == [], path
