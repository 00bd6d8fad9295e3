"""Server warm-up (app_pages/common/warm_up.py) and the st.App entry in app.py."""

from __future__ import annotations

import importlib.util
import json
import logging
import subprocess
import sys
import threading
import time
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


def test_the_middleware_counts_http_requests_in_flight_and_not_websockets() -> None:
    from tests.app.conftest import run_async

    seen: list[int] = []

    async def inner(scope: dict[str, object], receive: object, send: object) -> None:
        seen.append(warm_up.traffic.in_flight)

    middleware = warm_up.YieldToHttp(inner)  # type: ignore[arg-type]
    before = warm_up.traffic.last_end
    run_async(middleware({"type": "http"}, None, None))  # type: ignore[arg-type]
    run_async(middleware({"type": "websocket"}, None, None))  # type: ignore[arg-type]
    assert seen == [1, 0]
    assert warm_up.traffic.in_flight == 0 and warm_up.traffic.last_end > before


def test_a_step_waits_while_a_request_is_in_flight_and_never_for_ever(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(warm_up.traffic, "in_flight", 0)
    monkeypatch.setattr(warm_up.traffic, "last_end", 0.0)
    assert warm_up.yield_to_http(limit=1.0) < 0.05  # quiet: no wait
    monkeypatch.setattr(warm_up.traffic, "in_flight", 1)
    assert 0.2 <= warm_up.yield_to_http(limit=0.2) < 1.0  # busy: waits, up to the limit

    ended: list[float] = []

    def end_request() -> None:  # what the middleware does when a response is sent
        warm_up.traffic.in_flight = 0
        warm_up.traffic.last_end = time.monotonic()
        ended.append(warm_up.traffic.last_end)

    release = threading.Timer(0.1, end_request)
    release.start()
    waited = warm_up.yield_to_http(limit=5.0)  # the request ends: the step goes on
    returned = time.monotonic()
    release.join()
    # it went on only after the request ended and the line stayed quiet for QUIET_S; times are
    # taken from the request's own end, not from the timer's start (a loaded machine starts the
    # call later than the timer, which made a fixed 0.1 + QUIET_S bound fail under load)
    assert ended and returned - ended[0] >= warm_up.QUIET_S
    assert waited < 2.0


def test_steady_traffic_delays_the_whole_warm_up_by_the_budget_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A request always in flight: every step still runs, after one shared budget of pauses
    (not one per step: 15 steps would wait 15 budgets)."""
    import kb.presets
    from app_pages.common import services

    steps: list[str] = []
    monkeypatch.setattr(warm_up.traffic, "in_flight", 1)
    monkeypatch.setattr(warm_up, "YIELD_MAX_S", 0.3)
    monkeypatch.setattr(importlib, "import_module", steps.append)
    monkeypatch.setattr(services, "load_kb", lambda: steps.append("kb"))
    monkeypatch.setattr(kb.presets, "load_presets", lambda _kb: steps.append("presets"))
    monkeypatch.setattr(services, "recommend", lambda *_a: steps.append("recommend"))
    started = time.monotonic()
    warm_up.warm_up()
    assert 0.3 <= time.monotonic() - started < 1.0
    assert steps == [*warm_up.MODULES, "kb", "presets", "recommend"]
