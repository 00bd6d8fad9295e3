"""Python API of the probe: ``run_probes`` is what the CLI and the app call.

The coordinator imports no ML framework; framework work happens in worker subprocesses that
``probes.frameworks`` starts, times out and kills as process groups.
"""

from __future__ import annotations

import resource
import sys
import threading
import time
from datetime import datetime, timezone
from typing import Literal

from probes.inventory import collect_inventory
from probes.progress import Progress, ProgressCallback, ProgressEvent
from probes.report import ProbeReport
from probes.runner import Runner, run_command

Tier = Literal["quick", "standard", "deep"]
TOOL_VERSION = "0.1.0"

__all__ = ["ProgressEvent", "Tier", "run_probes"]


def _peak_rss_mb() -> float | None:
    try:
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    except (AttributeError, OSError):  # pragma: no cover - Windows has no resource module
        return None
    return round(rss / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def run_probes(
    tier: Tier = "quick",
    no_bench: bool = False,
    on_progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    *,
    runner: Runner = run_command,
) -> ProbeReport:
    """Probe this machine; framework failures become statuses, never exceptions."""
    started = time.monotonic()
    collected_at = datetime.now(timezone.utc)
    progress = Progress(total=1, callback=on_progress)
    progress.emit("inventory / 硬件清单", None)
    inv = collect_inventory(runner)
    progress.done += 1
    progress.emit("inventory / 硬件清单", 0.0)
    return ProbeReport(
        tool_version=TOOL_VERSION,
        collected_at=collected_at,
        duration_s=round(time.monotonic() - started, 2),
        tier="none" if no_bench else tier,
        host=inv.host,
        python=inv.python,
        cpu=inv.cpu,
        memory=inv.memory,
        accelerators=inv.accelerators,
        packages=inv.packages,
        env=inv.env,
        warnings=inv.warnings,
    )
