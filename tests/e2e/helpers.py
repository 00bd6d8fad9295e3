"""Small waits that follow Streamlit's own e2e helpers: wait for the script to be idle."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import FilePayload, Locator, Page, expect

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def wait_idle(page: Page, timeout: float = 30_000) -> None:
    """The app finished its current run (no 'Running…' state)."""
    page.wait_for_selector(
        "[data-test-script-state='notRunning']", state="attached", timeout=timeout
    )


def open_app(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator("h1").first).to_be_visible()
    wait_idle(page)


def nav_link(page: Page, title: str) -> Locator:
    """The sidebar link to a page (``st.page_link``s that carry the session id, see app.py)."""
    return page.locator(".st-key-nav_links").get_by_role("link", name=title, exact=True)


def go(page: Page, title: str) -> None:
    """Follow a sidebar link and wait for the new page's title."""
    nav_link(page, title).click()
    expect(page.locator("h1").first).to_have_text(title)
    wait_idle(page)


def open_group_of(page: Page, question_id: str) -> None:
    """Click the Describe page's tab that holds ``question_id`` unless it is open (only the open
    tab's questions are drawn), in the page's language (its ``<html lang>``)."""
    wait_idle(page)
    if page.locator(f".st-key-q_{question_id}").count():
        return
    from app_pages.common.question_groups import group_title
    from tests.lookup import group_of

    lang = "zh" if page.evaluate("document.documentElement.lang").startswith("zh") else "en"
    page.get_by_role("tab", name=group_title(group_of(question_id), lang), exact=True).click()
    expect(page.locator(f".st-key-q_{question_id}")).to_be_visible()
    wait_idle(page)


def pill(page: Page, question_id: str, option: str) -> Locator:
    """The pill of ``option`` (its visible label) in the question widget keyed ``q_<id>``, its
    group's tab opened first."""
    open_group_of(page, question_id)
    return page.locator(f".st-key-q_{question_id} button").filter(
        has=page.get_by_text(option, exact=True)
    )


def is_selected(locator: Locator) -> None:
    """Single-choice pills are radios (aria-checked), multi-choice are toggles (aria-pressed)."""
    chosen = locator.page.locator("[aria-checked='true'], [aria-pressed='true']")
    expect(locator.and_(chosen)).to_have_count(1)


def shot(page: Page, name: str, height: int = 1800) -> Path:
    """Screenshot with a tall viewport (Streamlit scrolls inside its own container)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size or {"width": 1280, "height": 900}
    page.set_viewport_size({"width": size["width"], "height": height})
    wait_idle(page)
    page.wait_for_timeout(400)  # data grids repaint their canvas after a resize
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    page.set_viewport_size(size)
    return path


def upload(page: Page, widget_key: str, name: str, data: bytes) -> None:
    payload: FilePayload = {"name": name, "mimeType": "application/json", "buffer": data}
    page.locator(f".st-key-{widget_key} input[type=file]").set_input_files(files=[payload])
