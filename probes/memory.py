"""RAM, swap, free disk and /dev/shm (DataLoader workers and NCCL need a large shm)."""

from __future__ import annotations

import contextlib
import os
import shutil

import psutil

from probes.report import MemoryInfo

GB = 1024**3


def _gb(value: float | int | None) -> float | None:
    return None if value is None else round(value / GB, 2)


def collect_memory(disk_path: str | None = None) -> MemoryInfo:
    total = available = swap = disk = shm = None
    try:
        vm = psutil.virtual_memory()
        total, available = vm.total, vm.available
    except (OSError, RuntimeError):
        pass
    with contextlib.suppress(OSError, RuntimeError):
        swap = psutil.swap_memory().total
    with contextlib.suppress(OSError):
        disk = shutil.disk_usage(disk_path or os.getcwd()).free
    if os.path.isdir("/dev/shm"):
        with contextlib.suppress(OSError):
            shm = shutil.disk_usage("/dev/shm").total
    return MemoryInfo(
        total_gb=_gb(total),
        available_gb=_gb(available),
        swap_gb=_gb(swap),
        disk_free_gb=_gb(disk),
        shm_gb=_gb(shm),
    )
