"""AppTest helpers: run the real app script in-process (no server, no browser)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
DATA = Path(__file__).resolve().parent / "data"


def new_app(query: dict[str, str] | None = None) -> AppTest:
    """A fresh session of the app; ``query`` plays the role of the URL after a reload."""
    at = AppTest.from_file(APP, default_timeout=60)
    if query:
        at.query_params.update(query)
    return at


@pytest.fixture
def app() -> AppTest:
    return new_app().run()


@pytest.fixture(scope="session")
def kb():
    import kb as kb_pkg

    return kb_pkg.load()
