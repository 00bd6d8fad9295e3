"""Server-process settings: the custom-component scan skipped, a shorter GIL switch interval.

At every start, Streamlit 1.67's runtime looks for custom components (v2) in *every* installed
distribution (``streamlit/components/v2/manifest_scanner.py``, ``scan_component_manifests``):
it parses the metadata of each one, 153 in this project's environment, which took 0.2-0.6 s of
the 0.6 s from process start to ``/_stcore/health`` on the 2-vCPU VM
(docs/app-performance.md). The app has no custom component (it draws Streamlit's own elements
only), so ``app.py`` replaces that scan, in the server process only, by "no component packages".
``tests/app/test_server_start.py`` checks that the real scan finds none in this environment, so
nothing is lost; a component package installed later would make that test fail.

The server answers HTTP and websocket traffic on its event-loop thread while a session's script
runs on another; each static file or message needs the GIL a few times, and with Python's default
switch interval (5 ms) every handover could wait that long behind the script thread. The frontend
loads each element's code when the script first draws one, so these waits sat on the first
render: the script files requested after the websocket opened took 93 ms each (median of 5
starts) with 5 ms and 67 ms with 1 ms (docs/app-performance.md). :func:`shorten_switch_interval`
sets 1 ms in the server process only.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

log = logging.getLogger("framework_advisor.app")

SWITCH_INTERVAL_S = 0.001  # Python's default is 0.005


def _no_component_packages(max_workers: int | None = None) -> list[tuple[Any, Path]]:
    """What ``scan_component_manifests`` returns for an environment without component packages."""
    del max_workers
    return []


def skip_component_scan() -> bool:
    """Replace Streamlit's scan of installed packages for components; False when this Streamlit
    has no such scan (nothing to skip)."""
    try:
        from streamlit.components.v2 import manifest_scanner
    except ImportError:
        return False
    if not hasattr(manifest_scanner, "scan_component_manifests"):
        return False
    manifest_scanner.scan_component_manifests = _no_component_packages
    log.debug("custom-component scan skipped: the app has none")
    return True


def shorten_switch_interval() -> None:
    """Let the event-loop thread take the GIL from a running script within 1 ms."""
    sys.setswitchinterval(SWITCH_INTERVAL_S)
