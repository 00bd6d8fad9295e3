"""AppTest helpers: run the real app script in-process (no server, no browser)."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kb.schema import KnowledgeBase

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session", autouse=True)
def _kb_snapshot_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """KB snapshots (kb/snapshot.py) go to a temporary folder, not the user's ~/.cache."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FRAMEWORK_ADVISOR_CACHE_DIR", str(tmp_path_factory.mktemp("kb-cache")))
        yield


def new_app(query: dict[str, str] | None = None) -> AppTest:
    """A fresh session of the app; ``query`` plays the role of the URL after a reload."""
    at = AppTest.from_file(APP, default_timeout=60)
    if query:
        at.query_params.update(query)
    return at


def open_profile_box(at: AppTest) -> AppTest:
    """Open the Describe page's "Save or load your answers" box, drawn only while open."""
    at.session_state["w_profile_box"] = True
    return at.run()


def open_group_of(at: AppTest, question_id: str, lang: str = "en") -> AppTest:
    """Open the Describe page's tab holding ``question_id``: only the open tab's questions are
    drawn (lazy tabs, app_pages/describe.py)."""
    from app_pages.common.question_groups import group_tab_key, group_title
    from tests.lookup import group_of

    at.session_state[group_tab_key(lang)] = group_title(group_of(question_id), lang)
    return at.run()


@pytest.fixture
def app() -> AppTest:
    return new_app().run()


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    import kb as kb_pkg

    return kb_pkg.load()


def run_async(coro: Coroutine[object, object, object]) -> object:
    """Run a coroutine to its end in a thread of its own: a session-scoped Playwright browser
    (tests/export) keeps an event loop running in the main thread, where ``asyncio.run``
    refuses to start another."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()
