"""The PCI bus as a safety net: a GPU whose vendor tool found nothing is still reported.

That is exactly the case where a framework "sees nothing" because a driver or tool is missing,
a fact worth reporting. ``lspci -nn`` when installed, else /sys/bus/pci/devices (containers).
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Iterable

from probes.host import read_text
from probes.report import Accelerator, HostInfo
from probes.runner import Runner

PCI_VENDORS = {"10de": "nvidia", "1002": "amd", "8086": "intel", "1ae0": "google"}
_LSPCI_RE = re.compile(
    r"^(?P<slot>\S+)\s+(?P<cls>[^\[]+?)\s*\[(?P<code>[0-9a-f]{4})\]:\s*(?P<desc>.*?)"
    r"\s*\[(?P<vendor>[0-9a-f]{4}):(?P<device>[0-9a-f]{4})\]",
    re.IGNORECASE,
)
# VGA, 3D controller, display controller, processing accelerator.
GPU_CLASSES = {"0300", "0302", "0380", "1200"}


def parse_lspci_nn(text: str) -> list[tuple[str, str, str]]:
    """``lspci -nn`` → (vendor, description, slot) for display and accelerator devices."""
    out: list[tuple[str, str, str]] = []
    for line in text.splitlines():
        m = _LSPCI_RE.match(line.strip())
        if not m or m.group("code").lower() not in GPU_CLASSES:
            continue
        vendor = PCI_VENDORS.get(m.group("vendor").lower())
        if vendor:
            out.append((vendor, m.group("desc").strip(), m.group("slot")))
    return out


def pci_fallback(
    lspci_text: str, already: Iterable[Accelerator], label: str = "lspci"
) -> list[Accelerator]:
    """GPUs on the PCI bus for vendors whose own tool found nothing (driver/tool missing)."""
    seen = {a.vendor for a in already}
    out: list[Accelerator] = []
    counts: dict[str, int] = {}
    for vendor, desc, slot in parse_lspci_nn(lspci_text):
        if vendor in seen or vendor == "google":
            continue
        n = counts.get(vendor, 0)
        counts[vendor] = n + 1
        out.append(Accelerator(vendor=vendor, name=desc, index=n, source=f"{label} ({slot})"))
    return out


def sysfs_pci_fallback(
    devices: list[tuple[str, str, str, str]], already: Iterable[Accelerator]
) -> list[Accelerator]:
    """Like ``pci_fallback`` from /sys/bus/pci/devices (slot, vendor, device, class) when
    lspci is not installed, as in most containers."""
    lines = []
    for slot, vendor, device, cls in devices:
        v, d, c = vendor.lower().removeprefix("0x"), device.lower().removeprefix("0x"), cls
        code = c.lower().removeprefix("0x")[:4]
        lines.append(f"{slot} PCI class [{code}]: PCI device {v}:{d} [{v}:{d}]")
    return pci_fallback("\n".join(lines), already, label="sysfs")


def _sysfs_pci() -> list[tuple[str, str, str, str]]:
    out = []
    for dev in sorted(glob.glob("/sys/bus/pci/devices/*")):
        vendor, device, cls = (read_text(f"{dev}/{f}") for f in ("vendor", "device", "class"))
        if vendor and device and cls:
            out.append((os.path.basename(dev), vendor.strip(), device.strip(), cls.strip()))
    return out


def collect_pci(runner: Runner, h: HostInfo, already: list[Accelerator]) -> list[Accelerator]:
    if h.os != "linux":
        return []
    res = runner(["lspci", "-nn"], 5.0)
    if res.ok:
        return pci_fallback(res.stdout, already)
    return sysfs_pci_fallback(_sysfs_pci(), already)
