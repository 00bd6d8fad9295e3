"""Server warm-up (app_pages/common/warm_up.py) and the st.App entry in app.py."""

from __future__ import annotations

import importlib.util
import json
import logging
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from app_pages.common import warm_up

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """The module as a new server process sees it: no warm-up started yet."""
    done = threading.Event()
    done.set()
    monkeypatch.setattr(warm_up, "_done", done)
    monkeypatch.setattr(warm_up, "_started", False)


def test_warm_up_leaves_the_first_pages_work_done_in_a_fresh_process() -> None:
    """Modules, KB, presets and the default recommendation (cached: the recommender itself is
    replaced by one that fails before the page's call), then the survivors frozen."""
    code = (
        "import json, sys\n"
        "from app_pages.common import warm_up\n"
        "before = set(sys.modules)\n"
        "warm_up._run()\n"
        "import gc, recommender\n"
        "from kb import snapshot\n"
        "from kb.presets import _cache\n"
        "from app_pages.common import services\n"
        "def boom(*a, **k): raise AssertionError('not cached')\n"
        "recommender.recommend = boom\n"
        "rec = services.recommend(services.load_kb(), services.make_profile('', {}), None)\n"
        "print(json.dumps({'new': sorted(set(sys.modules) - before),"
        " 'kb': len(snapshot._memo), 'presets': len(_cache), 'frozen': gc.get_freeze_count(),"
        " 'winner': rec.winner is not None or rec.leader is not None}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    for module in ("streamlit.emojis", "numpy", "recommender.pipeline", "kb.schema",
                   "app_pages.common.frame", "app_pages.common.views"):  # fmt: skip
        assert module in seen["new"], module
    assert seen["kb"] == 1 and seen["presets"] == 1
    assert seen["winner"], "the default answers' recommendation is served from the app's cache"
    assert seen["frozen"] > 10_000, "what lives on is frozen out of the full collections"
    assert not [m for m in seen["new"] if m.split(".")[0] in {"torch", "tensorflow", "jax"}]


def test_start_runs_once_and_wait_returns_when_it_is_done(
    fresh: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    calls: list[str] = []

    def slow() -> None:
        calls.append(threading.current_thread().name)
        release.wait(10)

    monkeypatch.setattr(warm_up, "warm_up", slow)
    warm_up.start()
    warm_up.start()  # a second lifespan start in the same process does nothing
    waiter = threading.Thread(target=warm_up.wait)
    waiter.start()
    waiter.join(0.2)
    assert waiter.is_alive(), "wait() returned while the warm-up was still running"
    release.set()
    waiter.join(10)
    assert not waiter.is_alive()
    assert calls == ["framework-advisor-warm-up"]


def test_a_failing_warm_up_is_logged_and_never_blocks_the_page(
    fresh: None, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> None:
        raise RuntimeError("kb folder unreadable")

    monkeypatch.setattr(warm_up, "warm_up", broken)
    with caplog.at_level(logging.WARNING, logger="framework_advisor.app"):
        warm_up.start()
        warm_up.wait(10)
    assert warm_up._done.is_set()
    assert any("warm-up failed" in r.getMessage() for r in caplog.records)


def test_streamlit_run_serves_app_py_as_an_st_app_with_the_warm_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import streamlit as st
    from streamlit import config
    from streamlit.web.server.app_discovery import discover_asgi_app

    # st.App records the first script path process-wide; keep other tests' view unchanged
    monkeypatch.setattr(config, "_main_script_path", config._main_script_path)

    found = discover_asgi_app(ROOT / "app.py")
    assert found.is_asgi_app and found.app_name == "app"
    spec = importlib.util.spec_from_file_location("app_entry_under_test", ROOT / "app.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # imported, not run as __main__: no page is drawn
    assert isinstance(module.app, st.App)
    assert Path(module.app.script_path).resolve() == ROOT / "app.py"


def test_the_warm_up_runs_every_step_in_order_without_pausing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Straight through (no pause for HTTP traffic: docs/app-performance.md "Straight
    through"): the modules, then the KB, the presets and the default recommendation."""
    import kb.presets
    from app_pages.common import services

    steps: list[str] = []
    monkeypatch.setattr(importlib, "import_module", steps.append)
    monkeypatch.setattr(services, "load_kb", lambda: steps.append("kb"))
    monkeypatch.setattr(kb.presets, "load_presets", lambda _kb: steps.append("presets"))
    monkeypatch.setattr(services, "recommend", lambda *_a: steps.append("recommend"))
    warm_up.warm_up()
    assert steps == [*warm_up.MODULES, "kb", "presets", "recommend"]
