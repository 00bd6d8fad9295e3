"""Server warm-up: import what the first page needs and load the KB while the browser loads.

After ``streamlit run app.py`` reports healthy, the browser spends ~0.6 s (2-vCPU VM) fetching
and starting Streamlit's frontend before it opens the session whose script run imports the
knowledge base, the recommender (numpy, pydantic models) and the pages' modules and loads the KB
(~0.5 CPU-s together). ``app.py`` starts :func:`start` from the ASGI lifespan at server start, so
that work runs while the server would otherwise wait for the browser.

It runs straight through, beside the browser's download of the frontend. An earlier version
paused before each step while HTTP requests were in flight (importing holds the GIL, which slowed
the ~60 frontend files), but then the warm-up ended after the browser was ready and the first
script run waited for it: measured on the 2-vCPU VM with the browser opened right at healthy,
not pausing renders the first page 0.10-0.23 s sooner (four interleaved A/B series,
docs/app-performance.md "Straight through").

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

log = logging.getLogger("framework_advisor.app")

_done = threading.Event()
_done.set()  # no warm-up running (AppTest, plain imports): nothing to wait for
_lock = threading.Lock()
_started = False
WAIT_S = 30.0  # a warm-up stuck longer than this is not waited for

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


def warm_up() -> None:
    """Import the first page's modules, load the KB and the presets, run one recommendation."""
    for name in MODULES:
        importlib.import_module(name)
    from app_pages.common import services
    from kb.presets import load_presets

    kb = services.load_kb()
    load_presets(kb)
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
