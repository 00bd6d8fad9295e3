"""Server warm-up: import what the first page needs and load the KB while the browser loads.

After ``streamlit run app.py`` reports healthy, the browser spends ~0.6 s (2-vCPU VM) fetching
and starting Streamlit's frontend before it opens the session whose script run imports the
knowledge base, the recommender (numpy, pydantic models) and the pages' modules and loads the KB
(~0.5 CPU-s together). ``app.py`` starts :func:`start` from the ASGI lifespan at server start, so
that work runs while the server would otherwise wait for the browser. The work is the server's
own (modules, the validated KB, the presets file); no page output is computed in advance.

A session's script waits (:func:`wait`) for a warm-up in progress before importing anything
itself, so the two threads never import the same modules at once.
"""

from __future__ import annotations

import logging
import threading
import time

log = logging.getLogger("framework_advisor.app")

_done = threading.Event()
_done.set()  # no warm-up running (AppTest, plain imports): nothing to wait for
_lock = threading.Lock()
_started = False
WAIT_S = 30.0  # a warm-up stuck longer than this is not waited for


def warm_up() -> None:
    """Import the first page's modules, load the KB and the presets, run one recommendation."""
    import streamlit.emojis  # noqa: F401  # Streamlit compiles it for the first non-ASCII label

    from app_pages.common import (  # noqa: F401
        frame,
        inert,
        probe_state,
        services,
        state,
        target_choice,
        views,
    )
    from kb.presets import load_presets
    from recommender import recommend
    from recommender.models import Profile

    kb = services.load_kb()
    load_presets(kb)
    recommend(kb, Profile())  # first-call paths (lazy numpy modules, validators); not cached


def _run() -> None:
    started = time.perf_counter()
    try:
        warm_up()
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
