"""Both sides of a paired comparison run on the same CPUs.

Blocks alternate, so only one side runs at a time; but the scheduler keeps each process on the
core it last used, so on a machine with one busy neighbour one worker can sit on the shared core
and the other on the free one for a whole group: a systematic difference the pairing cannot
cancel (an A/A test of two identical workers called one "faster" in 1 of 20 runs beside a
half-busy and a busy core, tests/probes/test_probe_interleave.py). Pinning every worker of a run
to the same ``threads`` CPUs makes them share whatever load there is (docs/benchmarks.md §1).
Linux only (``os.sched_setaffinity``); elsewhere nothing changes.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable


def shared_cpus(threads: int) -> list[int] | None:
    """The first ``threads`` CPUs this process may use, or None when pinning is not available
    or would change nothing (``threads`` covers every allowed CPU)."""
    getter = getattr(os, "sched_getaffinity", None)
    if getter is None or threads < 1:
        return None
    allowed = sorted(getter(0))
    if threads >= len(allowed):
        return None
    return allowed[:threads]


def pin_together(pids: Iterable[int | None], threads: int) -> list[int] | None:
    """Pin every live worker in ``pids`` to the same ``threads`` CPUs; the CPUs used, or None."""
    cpus = shared_cpus(threads)
    setter = getattr(os, "sched_setaffinity", None)
    if cpus is None or setter is None:
        return None
    for pid in pids:
        if pid is not None:
            with contextlib.suppress(OSError):  # a worker that has just exited
                setter(pid, cpus)
    return cpus
