"""Intel data-centre and Arc GPUs via xpu-smi (integrated ones: see probes.accel.pci)."""

from __future__ import annotations

import json

from probes.accel.units import num_gb
from probes.report import Accelerator, HostInfo
from probes.runner import Runner


def parse_xpu_smi_discovery(text: str) -> list[Accelerator]:
    data = json.loads(text)
    devices = data.get("device_list", []) if isinstance(data, dict) else []
    out = []
    for i, dev in enumerate(devices):
        if not isinstance(dev, dict):
            continue
        mem = dev.get("memory_physical_size_byte") or dev.get("max_mem_alloc_size_byte")
        out.append(
            Accelerator(
                vendor="intel",
                name=str(dev.get("device_name") or "Intel GPU"),
                index=int(dev.get("device_id", i)),
                memory_gb=num_gb(mem, "B") if mem else None,
                driver=str(dev["driver_version"]) if dev.get("driver_version") else None,
                source="xpu-smi",
            )
        )
    return out


def collect_intel(runner: Runner, h: HostInfo) -> list[Accelerator]:
    """Intel data-centre/Arc GPUs via xpu-smi, else lspci (integrated GPUs included)."""
    if h.os != "linux":
        return []
    res = runner(["xpu-smi", "discovery", "-j"], 8.0)
    if res.ok and res.stdout.strip():
        try:
            found = parse_xpu_smi_discovery(res.stdout)
            if found:
                return found
        except (ValueError, TypeError):
            pass
    return []
