"""Issue 13 (part B) in Chromium: an explicit target, and nothing lost on reload or in a new tab."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.helpers import go, nav_link, shot, upload, wait_idle

pytestmark = pytest.mark.e2e


def open_app(page: Page, url: str) -> None:
    """Open the app and wait for its first page (a cold server on a busy box takes a while)."""
    page.goto(url)
    expect(page.locator("h1").first).to_be_visible(timeout=30_000)
    wait_idle(page)


FIXTURES = Path(__file__).resolve().parents[1]
GPU_BOX = (FIXTURES / "fixtures/personas/h100_box.probe.json").read_bytes()  # NVIDIA H100 server
CPU_BOX = (FIXTURES / "app/data/probe-this-machine.json").read_bytes()  # no accelerator
CHIP = "Your answers and the target machine disagree"
DESC_LABEL = "Project description (optional)"


def _target(page: Page, place: str) -> Locator:
    return page.locator(f".st-key-w_target_{place}")


def _checked(page: Page, place: str, label: str) -> None:
    radio = _target(page, place).get_by_role("radio", name=re.compile("^" + re.escape(label)))
    expect(radio).to_be_checked()


def _description(n: int) -> str:
    """A long, varied text (words and digits) of exactly ``n`` characters."""
    words = "cracks in bridge photos, 4 cameras per pier, 30 fps, tagged by inspectors; "
    text = "".join(f"{i:04d} {words}" for i in range(n // len(words) + 2))
    return text[:n]


def test_target_switch_and_the_mismatch_warning(tab: Page, app_url: str) -> None:
    # The answers say "CPU only"; the uploaded server has an NVIDIA H100.
    open_app(tab, app_url + "/?a_stage=production&a_hardware=cpu_only")
    go(tab, "Target machine")
    _checked(tab, "target_page", "Answers only (no machine)")
    upload(tab, "w_probe_upload", "gpu-box.json", GPU_BOX)
    expect(tab.get_by_test_id("stAlertContentSuccess")).to_contain_text(
        "As your first machine it is now the target"
    )
    _checked(tab, "target_page", "gpu-box.json")
    chip = tab.locator(".st-key-target_mismatch")
    expect(chip).to_contain_text(CHIP)
    expect(chip).to_contain_text("CPU only")  # the sentence from the install rule
    # A second upload adds a choice; it does not take over the target.
    upload(tab, "w_probe_upload", "cpu-box.json", CPU_BOX)
    expect(tab.get_by_test_id("stAlertContentSuccess")).to_contain_text(
        "the recommendation is still for: gpu-box.json"
    )
    _checked(tab, "target_page", "gpu-box.json")
    shot(tab, "target-mismatch", height=1100)
    # The same choice and chip on the recommendation page.
    go(tab, "Recommendation")
    _checked(tab, "recommendation", "gpu-box.json")
    expect(tab.locator(".st-key-target_mismatch")).to_contain_text(CHIP)
    # Switching the target to the CPU box (agrees with "CPU only") removes the warning.
    _target(tab, "recommendation").get_by_text(re.compile("^cpu-box.json")).click()
    wait_idle(tab)
    _checked(tab, "recommendation", "cpu-box.json")
    expect(tab.locator(".st-key-target_mismatch")).to_have_count(0)
    expect(tab.get_by_text(re.compile("^Recommendation for: cpu-box.json"))).to_be_visible()
    # "Answers only" is a choice too, and it sticks across pages.
    _target(tab, "recommendation").get_by_text("Answers only (no machine)").click()
    wait_idle(tab)
    go(tab, "Describe your project")
    _checked(tab, "describe", "Answers only (no machine)")


def test_reload_and_new_tab_keep_a_long_description_and_an_uploaded_machine(
    tab: Page, app_url: str
) -> None:
    text = _description(3900)
    open_app(tab, app_url)
    box = tab.get_by_role("textbox", name=DESC_LABEL)
    box.fill(text)
    box.press("Control+Enter")
    wait_idle(tab)
    go(tab, "Target machine")
    upload(tab, "w_probe_upload", "gpu-box.json", GPU_BOX)
    _checked(tab, "target_page", "gpu-box.json")
    query = parse_qs(urlparse(tab.url).query)
    assert re.fullmatch(r"[0-9a-f]{32}", query["sid"][0]), tab.url
    assert len(query["desc"][0]) <= 1000  # the URL carries the id, not the whole text

    tab.reload()
    wait_idle(tab)
    expect(tab.locator("h1").first).to_have_text("Target machine")
    _checked(tab, "target_page", "gpu-box.json")
    expect(tab.get_by_text("NVIDIA H100").first).to_be_visible()
    go(tab, "Describe your project")
    expect(tab.get_by_role("textbox", name=DESC_LABEL)).to_have_value(text)

    # A sidebar link opened in a new tab carries the id: same description, same machine.
    href = str(nav_link(tab, "Target machine").evaluate("a => a.href"))  # absolute
    assert "sid=" + query["sid"][0] in href, href
    other = tab.context.new_page()
    other.goto(href)
    wait_idle(other)
    expect(other.locator("h1").first).to_have_text("Target machine")
    _checked(other, "target_page", "gpu-box.json")
    go(other, "Describe your project")
    expect(other.get_by_role("textbox", name=DESC_LABEL)).to_have_value(text)
    other.close()


def test_a_long_paste_is_cut_with_a_notice_and_clear_can_be_undone(tab: Page, app_url: str) -> None:
    open_app(tab, app_url + "/?a_stage=research")
    box = tab.get_by_role("textbox", name=DESC_LABEL)
    box.fill(_description(4500))
    box.press("Control+Enter")
    wait_idle(tab)
    notice = tab.get_by_text("Your text had 4500 characters; the first 4000 were kept")
    expect(notice).to_be_visible()
    expect(box).to_have_value(_description(4000))
    # next to the text box, not at the top of the page
    box_at, notice_at = box.bounding_box(), notice.bounding_box()
    assert box_at and notice_at and 0 < notice_at["y"] - box_at["y"] < 250, (box_at, notice_at)
    tab.get_by_text("Save or load your answers").click()
    tab.get_by_role("button", name="Clear all answers").click()
    wait_idle(tab)
    shot(tab, "describe-cleared-undo", height=2400)
    expect(tab.get_by_role("textbox", name=DESC_LABEL)).to_have_value("")
    tab.get_by_role("button", name="Undo").click()
    wait_idle(tab)
    expect(tab.get_by_role("textbox", name=DESC_LABEL)).to_have_value(_description(4000))
    expect(tab.get_by_text("Your answers are back.")).to_be_visible()


def test_a_reason_opens_its_knowledge_base_card(tab: Page, app_url: str) -> None:
    open_app(tab, app_url + "/?a_stage=production&a_deploy_targets=mobile")
    go(tab, "Recommendation")
    link = tab.locator(".st-key-decision_card").get_by_role("link", name="KB card").first
    href = str(link.evaluate("a => a.href"))
    assert re.search(r"/knowledge_base\?kb=[a-z0-9_]+&sid=[0-9a-f]{32}$", href), href
    card = tab.context.new_page()  # Markdown links open a new tab; the id brings the session
    card.goto(href)
    expect(card.locator("h1").first).to_have_text("Knowledge base", timeout=30_000)
    wait_idle(card)
    expect(card.get_by_text(re.compile("^Showing the card for: "))).to_be_visible()
    expect(card.get_by_test_id("stExpander")).to_have_count(1)
    card.get_by_role("button", name="Show all cards").click()
    wait_idle(card)
    expect(card.get_by_test_id("stExpander")).not_to_have_count(1)
    card.close()
