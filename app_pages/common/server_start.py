"""What the server skips at start because the app does not use it: the custom-component scan.

At every start, Streamlit 1.67's runtime looks for custom components (v2) in *every* installed
distribution (``streamlit/components/v2/manifest_scanner.py``, ``scan_component_manifests``):
it parses the metadata of each one, 153 in this project's environment, which took 0.2-0.6 s of
the 0.6 s from process start to ``/_stcore/health`` on the 2-vCPU VM
(docs/app-performance.md). The app has no custom component (it draws Streamlit's own elements
only), so ``app.py`` replaces that scan, in the server process only, by "no component packages".
``tests/app/test_server_start.py`` checks that the real scan finds none in this environment, so
nothing is lost; a component package installed later would make that test fail.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

log = logging.getLogger("framework_advisor.app")


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
