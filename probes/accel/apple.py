"""Apple silicon GPUs from sysctl (memory is unified, shared with the CPU)."""

from __future__ import annotations

from collections.abc import Mapping

from probes.cpu import parse_sysctl
from probes.report import Accelerator, HostInfo
from probes.runner import Runner


def apple_from_sysctl(values: Mapping[str, str]) -> list[Accelerator]:
    brand = values.get("machdep.cpu.brand_string", "")
    if not brand.startswith("Apple"):
        return []
    mem = values.get("hw.memsize")
    mem_gb = round(int(mem) / 1024**3, 1) if mem and mem.isdigit() else None
    return [
        Accelerator(
            vendor="apple",
            name=f"{brand} GPU",
            memory_gb=mem_gb,  # unified memory shared with the CPU
            source="sysctl",
        )
    ]


def collect_apple(runner: Runner, h: HostInfo) -> list[Accelerator]:
    if h.os != "macos":
        return []
    res = runner(["sysctl", "machdep.cpu.brand_string", "hw.memsize"], 3.0)
    return apple_from_sysctl(parse_sysctl(res.stdout)) if res.ok else []
