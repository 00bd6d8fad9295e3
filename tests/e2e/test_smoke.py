"""The thin slice in a real browser: load, answer one question, see a recommendation."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import is_selected, open_app, pill, shot, wait_idle

pytestmark = pytest.mark.e2e


def test_answer_a_question_and_see_a_recommendation(tab: Page, app_url: str) -> None:
    open_app(tab, app_url)
    expect(tab.get_by_text("What stage is the project in?")).to_be_visible()
    pill(tab, "stage", "Production").click()
    wait_idle(tab)
    is_selected(pill(tab, "stage", "Production"))
    expect(
        tab.get_by_text("Recommended:").or_(tab.get_by_text("Too close to call")).first
    ).to_be_visible()
    expect(tab).to_have_url(re.compile(r"a_stage=production"))
    shot(tab, "describe", height=2600)
