"""Small waits that follow Streamlit's own e2e helpers: wait for the script to be idle."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def wait_idle(page: Page, timeout: float = 30_000) -> None:
    """The app finished its current run (no 'Running…' state)."""
    page.wait_for_selector(
        "[data-test-script-state='notRunning']", state="attached", timeout=timeout
    )


def open_app(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.get_by_test_id("stApp")).to_be_visible()
    wait_idle(page)


def pill(page: Page, question_id: str, option: str):
    """The pill of ``option`` (its visible label) in the question widget keyed ``q_<id>``."""
    return page.locator(f".st-key-q_{question_id} button").filter(
        has=page.get_by_text(option, exact=True)
    )


def is_selected(locator) -> None:
    """Single-choice pills are radios (aria-checked), multi-choice are checkboxes."""
    expect(locator).to_have_attribute("aria-checked", "true")
