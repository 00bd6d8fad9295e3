"""The decision card in a real Chromium: above the fold at 1366x900, readable chart at 400 px.

Also leaves screenshots of the card (en, zh; 1366 and 400 px wide) in test-artifacts/screenshots
for docs/screenshots/ (issue 13).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import numpy as np
import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.e2e.helpers import SHOTS, wait_idle
from tests.lookup import question

if TYPE_CHECKING:
    from recommender.export.card import DecisionCard

pytestmark = pytest.mark.e2e

ANSWERS = {
    "a_stage": "production",
    "a_team_experience": "tensorflow",
    "a_existing_code": "tensorflow",
    "a_hardware": "nvidia",
    "a_os": "linux",
    "a_deploy_targets": "mobile",
}
BAR_COLOURS = ((0xE6, 0x9F, 0x00), (0x00, 0x72, 0xB2))  # the charts' Okabe-Ito series colours


def _open(chromium: Browser, app_url: str, width: int, lang: str = "en", height: int = 900) -> Page:
    context = chromium.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(30_000)
    page = context.new_page()
    query = {**ANSWERS, **({"lang": lang} if lang != "en" else {})}
    page.goto(f"{app_url}/recommendation?{urlencode(query)}")
    card = page.locator(".st-key-decision_card")
    expect(card).to_be_visible(timeout=60_000)
    expect(card.locator("[data-testid='stCode']").first).to_be_visible(timeout=60_000)
    wait_idle(page)
    page.wait_for_timeout(300)  # let the select box and code block finish painting
    return page


def _in_view(page: Page, locator: Locator, height: int = 900) -> None:
    box = locator.bounding_box()
    assert box is not None, "rendered"
    assert box["y"] >= 0 and box["y"] + box["height"] <= height, box


def _expected() -> DecisionCard:
    import kb as kb_pkg
    from recommender import recommend
    from recommender.export.card import decision_card
    from recommender.models import Profile

    kb = kb_pkg.load()
    answers: dict[str, str | list[str]] = {}
    for key, value in ANSWERS.items():
        q = question(kb, key[2:])
        answers[key[2:]] = value.split(",") if q.kind == "multi" else value
    rec = recommend(kb, Profile(answers=answers))
    return decision_card(rec, kb, "en")


def test_card_is_above_the_fold_at_1366x900(chromium: Browser, app_url: str) -> None:
    card = _expected()
    page = _open(chromium, app_url, 1366)
    try:
        box = page.locator(".st-key-decision_card")
        verdict = box.get_by_text(card.verdict_label, exact=False).first
        expect(verdict).to_be_visible()
        _in_view(page, verdict)
        headline = box.get_by_text(card.headline, exact=True)
        _in_view(page, headline)
        for reason in card.reasons:
            line = box.get_by_text(reason.text[:40], exact=False).first
            expect(line).to_be_visible()
            _in_view(page, line)
        code = box.locator("[data-testid='stCode']").first
        expect(code).to_contain_text(card.install_command or "")
        _in_view(page, code)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "decision-card-en-1366.png"))
    finally:
        page.context.close()


def _coloured_pixels(png: bytes) -> int:
    from PIL import Image

    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int32).reshape(-1, 3)
    near = np.zeros(len(rgb), dtype=bool)
    for colour in BAR_COLOURS:
        near |= np.abs(rgb - np.array(colour)).sum(axis=1) < 40
    return int(near.sum())


def test_chart_draws_bars_at_400px(chromium: Browser, app_url: str) -> None:
    page = _open(chromium, app_url, 400)
    try:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "decision-card-en-400.png"))
        page.get_by_role("tab", name="Charts").click()
        chart = page.locator("[data-testid='stVegaLiteChart']:visible").first
        expect(chart).to_be_visible()
        chart.locator("canvas, svg").first.wait_for()
        page.wait_for_timeout(500)  # vega draws after layout
        chart.scroll_into_view_if_needed()
        box = chart.bounding_box()
        assert box is not None and box["width"] <= 400
        png = chart.screenshot(path=str(SHOTS / "impact-chart-400.png"))
        # each bar is at least a few pixels tall and tens wide: thousands of bar-coloured pixels
        assert _coloured_pixels(png) > 1500
    finally:
        page.context.close()


@pytest.mark.parametrize("width", [1366, 400])
def test_card_in_chinese(chromium: Browser, app_url: str, width: int) -> None:
    page = _open(chromium, app_url, width, "zh")
    try:
        box = page.locator(".st-key-decision_card")
        expect(box.get_by_text("理由", exact=True)).to_be_visible()
        expect(box.get_by_text("选用 ", exact=False).first).to_be_visible()
        page.screenshot(path=str(SHOTS / f"decision-card-zh-{width}.png"))
    finally:
        page.context.close()
