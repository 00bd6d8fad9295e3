"""How busy the machine was while we measured: other processes' CPU share and steal time.

Timing noise on shared machines is real and large (docs/benchmarks.md §1); we cannot prevent it,
but we can measure it and flag results taken while neighbours were busy.
"""

from __future__ import annotations

try:  # POSIX only; on Windows memory and load figures stay unknown
    import resource
except ImportError:  # pragma: no cover
    resource = None  # type: ignore[assignment]

import glob
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass

from probes.host import read_text


@dataclass(frozen=True)
class CpuSample:
    busy_s: float  # all processes' CPU seconds (user+nice+system+irq+softirq)
    steal_s: float
    ours_s: float  # this process and its reaped children
    wall: float
    family_s: float = 0.0  # the live worker processes named to sample() (every thread)


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


def parse_pid_stat(text: str) -> float | None:
    """utime + stime (clock ticks) from /proc/<pid>/stat; the command name may hold spaces."""
    end = text.rfind(")")
    fields = text[end + 2 :].split() if end >= 0 else []
    if len(fields) < 13:
        return None
    try:
        return float(fields[11]) + float(fields[12])  # fields 14 and 15 of proc(5)
    except ValueError:
        return None


def process_cpu_s(pids: Sequence[int]) -> float:
    """CPU seconds the given live processes have used, all their threads included (Linux).

    A worker's threads keep running after its block: BLAS and OpenMP pools spin-wait before
    they sleep. That CPU is ours, not a neighbour's; only /proc/<pid>/stat sees all of it."""
    total = 0.0
    for pid in pids:
        text = read_text(f"/proc/{pid}/stat")
        ticks = parse_pid_stat(text) if text else None
        total += ticks or 0.0
    return total * tick_s()


def family(pids: Sequence[int]) -> list[int]:
    """The processes and all their live descendants (a compile pool a worker started)."""
    seen: list[int] = []
    todo = list(pids)
    while todo and len(seen) < 512:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.append(pid)
        for task in glob.glob(f"/proc/{pid}/task/*/children"):
            text = read_text(task) or ""
            todo += [int(c) for c in text.split() if c.isdigit()]
    return seen


def sample(pids: Sequence[int] = ()) -> CpuSample | None:
    """/proc/stat's busy and steal time, our own CPU, and that of ``pids`` (see CpuSample)."""
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
    workers = process_cpu_s(pids) if pids else 0.0
    return CpuSample(parsed[0] / tick, parsed[1] / tick, ours, time.monotonic(), workers)


def round_share(
    before: CpuSample | None,
    after: CpuSample | None,
    cpus: int,
    worker_cpu: float = 0.0,
    *,
    min_wall_s: float = 0.02,
) -> tuple[float, float, float] | None:
    """(other processes' share of all CPUs, steal share, reading uncertainty) between two
    samples: all busy time minus ours (the coordinator, and the workers: their processes' whole
    CPU where /proc shows it, at least ``worker_cpu``, what they reported for their blocks).
    The uncertainty is two clock ticks per CPU over the capacity; None below ``min_wall_s``."""
    if before is None or after is None or cpus <= 0:
        return None
    wall = after.wall - before.wall
    if wall <= min_wall_s:
        return None
    capacity = wall * cpus
    # the workers' whole CPU (threads spinning after a block included) when it could be read,
    # never less than what their blocks reported
    mine = max(worker_cpu, after.family_s - before.family_s)
    others = (after.busy_s - before.busy_s) - (after.ours_s - before.ours_s) - mine
    steal = after.steal_s - before.steal_s
    uncertainty = 2.0 * cpus * tick_s() / capacity
    return max(0.0, others / capacity), max(0.0, steal / capacity), uncertainty


def foreign_share(
    before: CpuSample | None, after: CpuSample | None, cpus: int
) -> tuple[float, float] | None:
    """(other processes' share of all CPUs, steal share) between two samples at least 0.05 s
    apart (the reading before the benchmarks; a round's is :func:`round_share`)."""
    share = round_share(before, after, cpus, min_wall_s=0.05)
    return None if share is None else (share[0], share[1])


def choose_threads(usable: int | None, cpus: int, foreign: float, steal: float) -> int | None:
    """Threads for the benchmarks: all usable cores on a calm host; on a busy one, only the
    cores that are actually free (at least 1). One-thread results stay clean where
    multi-thread BLAS collapses next to a busy neighbour (docs/benchmarks.md §1)."""
    if not usable:
        return usable
    free = int(cpus * (1.0 - foreign - steal) + 0.1)
    return max(1, min(usable, free))
