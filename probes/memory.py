"""RAM, swap, free disk and /dev/shm (DataLoader workers and NCCL need a large shm)."""

from __future__ import annotations

import contextlib
import os
import shutil

try:  # optional: a bare GPU box (torch wheel + pydantic) has no psutil; /proc/meminfo suffices
    import psutil
except ImportError:  # pragma: no cover - exercised on such boxes
    psutil = None  # type: ignore[assignment]

from probes.report import MemoryInfo

GB = 1024**3


def _gb(value: float | int | None) -> float | None:
    return None if value is None else round(value / GB, 2)


def parse_meminfo(text: str) -> dict[str, int]:
    """Bytes per key of /proc/meminfo ("MemTotal:  16384 kB")."""
    out: dict[str, int] = {}
    for line in text.splitlines():
        key, _, rest = line.partition(":")
        parts = rest.split()
        if parts and parts[0].isdigit():
            out[key.strip()] = int(parts[0]) * (1024 if parts[1:2] == ["kB"] else 1)
    return out


def collect_memory(disk_path: str | None = None) -> MemoryInfo:
    total = available = swap = disk = shm = None
    if psutil is not None:
        try:
            vm = psutil.virtual_memory()
            total, available = vm.total, vm.available
        except (OSError, RuntimeError):
            pass
        with contextlib.suppress(OSError, RuntimeError):
            swap = psutil.swap_memory().total
    else:
        with contextlib.suppress(OSError):
            with open("/proc/meminfo", encoding="utf-8") as fh:
                info = parse_meminfo(fh.read())
            total, available = info.get("MemTotal"), info.get("MemAvailable")
            swap = info.get("SwapTotal")
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
