"""How busy the machine was while we measured: other processes' CPU share and steal time.

Timing noise on shared machines is real and large (docs/benchmarks.md §1); we cannot prevent it,
but we can measure it and flag results taken while neighbours were busy.
"""

from __future__ import annotations

try:  # POSIX only; on Windows memory and load figures stay unknown
    import resource
except ImportError:  # pragma: no cover
    resource = None  # type: ignore[assignment]

import os
import time
from dataclasses import dataclass

from probes.host import read_text


@dataclass(frozen=True)
class CpuSample:
    busy_s: float  # all processes' CPU seconds (user+nice+system+irq+softirq)
    steal_s: float
    ours_s: float  # this process and its reaped children
    wall: float


def parse_proc_stat(text: str) -> tuple[float, float] | None:
    """(busy, steal) in clock ticks from the aggregate ``cpu`` line of /proc/stat."""
    for line in text.splitlines():
        if line.startswith("cpu "):
            f = [float(x) for x in line.split()[1:]]
            f += [0.0] * (8 - len(f))
            user, nice, system, _idle, _iowait, irq, softirq, steal = f[:8]
            return user + nice + system + irq + softirq, steal
    return None


def tick_s() -> float:
    """Length of one /proc/stat clock tick (USER_HZ, 100 on Linux)."""
    try:
        return 1.0 / float(os.sysconf("SC_CLK_TCK"))
    except (AttributeError, ValueError, OSError):
        return 0.01


def sample() -> CpuSample | None:
    if resource is None:  # pragma: no cover - Windows
        return None
    text = read_text("/proc/stat")
    parsed = parse_proc_stat(text) if text else None
    if parsed is None:
        return None
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    ours = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
    return CpuSample(parsed[0] / tick, parsed[1] / tick, ours, time.monotonic())


def foreign_share(
    before: CpuSample | None, after: CpuSample | None, cpus: int
) -> tuple[float, float] | None:
    """(other processes' share of all CPUs, steal share) between two samples."""
    if before is None or after is None or cpus <= 0:
        return None
    wall = after.wall - before.wall
    if wall <= 0.05:
        return None
    capacity = wall * cpus
    foreign = (after.busy_s - before.busy_s) - (after.ours_s - before.ours_s)
    steal = after.steal_s - before.steal_s
    return max(0.0, foreign / capacity), max(0.0, steal / capacity)


def choose_threads(usable: int | None, cpus: int, foreign: float, steal: float) -> int | None:
    """Threads for the benchmarks: all usable cores on a calm host; on a busy one, only the
    cores that are actually free (at least 1). One-thread results stay clean where
    multi-thread BLAS collapses next to a busy neighbour (docs/benchmarks.md §1)."""
    if not usable:
        return usable
    free = int(cpus * (1.0 - foreign - steal) + 0.1)
    return max(1, min(usable, free))
