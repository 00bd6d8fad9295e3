"""Fixtures shared across test folders.

One Playwright instance per session: the sync API refuses to start while another sync instance
is running in the same process, so every browser test (e2e and exported-HTML checks) shares it.
Debian's Chromium is used as installed (no browser download is possible or wanted).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """A headless Debian Chromium driven by Playwright, for the whole session."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is missing: apt-get install chromium (see README)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        yield browser
        browser.close()
