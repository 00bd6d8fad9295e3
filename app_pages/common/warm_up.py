"""Server warm-up: import what the first page needs and load the KB while the browser loads.

After ``streamlit run app.py`` reports healthy, the browser spends ~0.6 s (2-vCPU VM) fetching
and starting Streamlit's frontend before it opens the session whose script run imports the
knowledge base, the recommender (numpy, pydantic models) and the pages' modules and loads the KB
(~0.5 CPU-s together). ``app.py`` starts :func:`start` from the ASGI lifespan at server start, so
that work runs while the server would otherwise wait for the browser.

The warm-up yields to HTTP traffic (:class:`YieldToHttp`, a middleware in ``app.py``): importing
holds the GIL, and while it ran the ~60 script files of the frontend took 0.8 s to serve instead
of 0.1 s (a static file needs the event loop several times, and each time it waited for the
import thread's switch interval). So the work is cut into steps, and each step starts only when
no HTTP request is in flight and none has finished for ``QUIET_S`` (all pauses together at most
``YIELD_MAX_S``); the browser then compiles the scripts it fetched while the server imports.

The default answers' recommendation goes through the app's cached ``services.recommend``, so the
first session's own call of it, with the same inputs, is a cache hit (the cache is shared by all
sessions). At the end the garbage collector is run once and everything that lives on (modules,
the KB) is frozen (``gc.freeze``): Streamlit's full collection after every script run
(``runner.postScriptGC``) then skips those objects (docs/app-performance.md).

A session's script waits (:func:`wait`) for a warm-up in progress before importing anything
itself, so the two threads never import the same modules at once.
"""

from __future__ import annotations

import gc
import importlib
import logging
import threading
import time

from starlette.types import ASGIApp, Receive, Scope, Send

log = logging.getLogger("framework_advisor.app")

_done = threading.Event()
_done.set()  # no warm-up running (AppTest, plain imports): nothing to wait for
_lock = threading.Lock()
_started = False
WAIT_S = 30.0  # a warm-up stuck longer than this is not waited for
QUIET_S = 0.03  # the browser asks for the next files within a few ms of the previous ones
YIELD_MAX_S = 2.0  # all steps together never wait longer than this for traffic to pause

#: The first page's modules, imported one step each, roughly by cost (0.02-0.15 s each).
MODULES = (
    "streamlit.emojis",  # Streamlit compiles its emoji pattern for the first non-ASCII label
    "kb.schema",
    "kb",
    "numpy",
    "recommender.models",
    "recommender",
    "app_pages.common.state",
    "app_pages.common.services",
    "app_pages.common.views",
    "app_pages.common.target_choice",
    "app_pages.common.frame",
)


class _Traffic:
    """HTTP requests in flight and when the last one finished (monotonic seconds)."""

    def __init__(self) -> None:
        self.in_flight = 0
        self.last_end = 0.0

    def quiet(self, now: float) -> bool:
        return self.in_flight == 0 and now - self.last_end >= QUIET_S


traffic = _Traffic()


class YieldToHttp:
    """Pure ASGI middleware counting HTTP requests in flight (websockets are not counted: a
    session's connection lasts as long as its tab)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        traffic.in_flight += 1  # the event loop's thread only: no lock needed
        try:
            await self.app(scope, receive, send)
        finally:
            traffic.in_flight -= 1
            traffic.last_end = time.monotonic()


def yield_to_http(limit: float = YIELD_MAX_S) -> float:
    """Wait until the HTTP traffic pauses (at most ``limit`` seconds); returns the time waited."""
    started = time.monotonic()
    while not traffic.quiet(now := time.monotonic()) and now - started < limit:
        time.sleep(0.005)
    return time.monotonic() - started


def warm_up() -> None:
    """Import the first page's modules, load the KB and the presets, run one recommendation.

    Steady HTTP traffic (a monitor polling the health URL, say) delays the whole warm-up by at
    most ``YIELD_MAX_S``, never that much per step."""
    deadline = time.monotonic() + YIELD_MAX_S

    def pause() -> None:
        yield_to_http(max(0.0, deadline - time.monotonic()))

    for name in MODULES:
        pause()
        importlib.import_module(name)
    from app_pages.common import services
    from kb.presets import load_presets

    pause()
    kb = services.load_kb()
    pause()
    load_presets(kb)
    pause()
    # The default answers, as a new session's page asks for them (app_pages/describe.py).
    services.recommend(kb, services.make_profile("", {}), None)


def _run() -> None:
    started = time.perf_counter()
    try:
        warm_up()
        gc.collect()  # the warm-up's own garbage first: what is frozen is never collected
        gc.freeze()
    except Exception:  # never fatal: the first page then does the work and reports any error
        log.warning("warm-up failed; the first page loads without it", exc_info=True)
    finally:
        log.debug("warm-up took %.2f s", time.perf_counter() - started)
        _done.set()


def start() -> None:
    """Start the warm-up thread once per process."""
    global _started
    with _lock:
        if _started:
            return
        _started = True
        _done.clear()
    threading.Thread(target=_run, name="framework-advisor-warm-up", daemon=True).start()


def wait(timeout: float = WAIT_S) -> None:
    """Block until a warm-up in progress has finished (returns at once when none runs)."""
    _done.wait(timeout)
