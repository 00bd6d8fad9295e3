"""Both sides of a paired comparison run on the same CPUs.

Blocks alternate, so only one side runs at a time; but the scheduler keeps each process on the
core it last used, so on a machine with one busy neighbour one worker can sit on the shared core
and the other on the free one for a whole group: a systematic difference the pairing cannot
cancel (an A/A test of two identical workers called one "faster" in 1 of 20 runs beside a
half-busy and a busy core, tests/probes/test_probe_interleave.py). Pinning every worker of a run
to the same ``threads`` CPUs makes them share whatever load there is (docs/benchmarks.md §1).
Linux only (``os.sched_setaffinity``); elsewhere nothing changes.

The other placement here, ``give_own_cpu``, is for ``--no-bench``: its info workers only import
their framework, and the slowest import (TensorFlow's, about 3 s of one core) is the whole run.
When the coordinator and its workers outnumber the CPUs, that worker gets a CPU of its own and
the coordinator keeps off it until the workers are adopted (docs/benchmarks.md §5.11).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Sequence
from pathlib import Path


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


def own_cpu_split(allowed: Iterable[int], processes: int) -> tuple[list[int], list[int]] | None:
    """(the critical process's CPU, the CPUs of everyone else) when ``processes`` runnable
    processes would otherwise share ``allowed`` CPUs; None when each can have one anyway or
    there is only one CPU."""
    cpus = sorted(allowed)
    if len(cpus) < 2 or len(cpus) >= processes:
        return None
    return cpus[-1:], cpus[:-1]


def give_own_cpu(critical_pid: int, processes: int) -> list[int] | None:
    """Pin ``critical_pid`` to a CPU of its own and every thread of this process off it; this
    process's CPUs before (for ``restore``), or None when nothing was changed. Only this process
    is kept off: the other workers keep every CPU, so what they report about their defaults
    (torch's thread count follows the CPUs it may use) stays the machine's."""
    getter = getattr(os, "sched_getaffinity", None)
    if getter is None:
        return None
    before = sorted(getter(0))
    split = own_cpu_split(before, processes)
    if split is None:
        return None
    own, others = split
    try:
        os.sched_setaffinity(critical_pid, own)  # type: ignore[attr-defined,unused-ignore]
    except OSError:  # it has already exited, or the CPU is not ours to give
        return None
    _set_every_thread(others)
    return before


def restore(cpus: Sequence[int] | None) -> None:
    """Give every thread of this process the CPUs ``give_own_cpu`` found (None: no-op)."""
    if cpus:
        _set_every_thread(cpus)


def _set_every_thread(cpus: Sequence[int]) -> None:
    """Linux applies an affinity to one thread, and a thread started meanwhile inherits its
    creator's, so every thread of this process (``/proc/self/task``) is set."""
    try:
        tasks = [int(task.name) for task in Path("/proc/self/task").iterdir()]
    except (OSError, ValueError):
        tasks = [0]  # no /proc: the calling thread at least
    for tid in tasks:
        with contextlib.suppress(OSError):  # a thread that has just ended
            os.sched_setaffinity(tid, cpus)  # type: ignore[attr-defined,unused-ignore]
