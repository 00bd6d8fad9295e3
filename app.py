"""Streamlit entry: ``streamlit run app.py`` (``make run``). No logic lives here.

Streamlit finds the ``st.App`` below and serves it; its lifespan starts the server warm-up
(app_pages/common/warm_up.py), which imports the first page's modules and loads the knowledge
base while the browser is still loading Streamlit's frontend. Every session then runs this same
file as its script (``__name__ == "__main__"``, also under AppTest), which draws the frame and
the current page (app_pages/common/frame.py). The app never imports an ML framework: probes run
in a subprocess.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import streamlit as st

from app_pages.common import warm_up

if __name__ == "__main__":  # a session's script run
    import streamlit.delta_generator

    # Before its first element, Streamlit checks once per process whether it runs in a Python
    # REPL (to print "use streamlit run") by walking inspect.stack(), which resolves the source
    # file of every loaded module: 0.05-0.1 s of the first page after each server start. This
    # script only runs under `streamlit run` or AppTest, so the check is skipped; a Streamlit
    # without this flag merely gains an unused attribute.
    streamlit.delta_generator._use_warning_has_been_displayed = True

    warm_up.wait()  # never import alongside the warm-up thread
    from app_pages.common import frame

    frame.render()
else:  # imported by the server (uvicorn) at start

    @asynccontextmanager
    async def _lifespan(_app: st.App) -> AsyncIterator[None]:
        warm_up.start()
        yield None

    from starlette.middleware import Middleware

    from app_pages.common import server_start
    from app_pages.common.http_guard import HttpGuard

    server_start.skip_component_scan()  # the app has no custom components (server_start.py)

    # Framing refused and same-origin websockets only (Streamlit has no setting for either).
    app = st.App(__file__, lifespan=_lifespan, middleware=[Middleware(HttpGuard)])
