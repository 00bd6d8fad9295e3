"""Google TPUs from sysfs (/dev/accel* on v2-v4, PCI via vfio on v5+) and the TPU env."""

from __future__ import annotations

import glob
import importlib.util
import os
from collections.abc import Mapping
from pathlib import Path

from probes.host import read_text
from probes.report import Accelerator, HostInfo
from probes.runner import Runner


def detect_tpu(
    accel_vendors: list[str],
    pci_vendors: list[str],
    env: Mapping[str, str],
    has_libtpu: bool,
) -> list[Accelerator]:
    """TPU chips: Google (0x1ae0) devices under /dev/accel* (v2–v4) or on PCI via vfio (v5+).

    /dev/accel* alone is not enough: Linux also uses it for Intel/AMD NPUs.
    """
    google_accel = sum(1 for v in accel_vendors if v.lower() in ("0x1ae0", "1ae0"))
    google_pci = sum(1 for v in pci_vendors if v.lower() in ("0x1ae0", "1ae0"))
    chips = max(google_accel, google_pci)
    kind = env.get("TPU_ACCELERATOR_TYPE")
    if chips == 0 and not (kind and has_libtpu):
        return []
    name = f"Google TPU {kind}" if kind else "Google TPU"
    source = "/dev/accel" if google_accel else ("/dev/vfio (PCI 1ae0)" if google_pci else "TPU env")
    return [
        Accelerator(vendor="google", name=name, index=i, source=source)
        for i in range(max(chips, 1))
    ]


def collect_tpu(_runner: Runner, h: HostInfo) -> list[Accelerator]:
    if h.os != "linux":
        return []
    accel_vendors = []
    for dev in sorted(glob.glob("/sys/class/accel/accel*/device/vendor")):
        v = read_text(dev)
        if v:
            accel_vendors.append(v.strip())
    pci_vendors = []
    if Path("/dev/vfio").exists():
        for dev in glob.glob("/sys/bus/pci/devices/*/vendor"):
            v = read_text(dev)
            if v and v.strip().lower() == "0x1ae0":
                pci_vendors.append(v.strip())
    has_libtpu = importlib.util.find_spec("libtpu") is not None
    return detect_tpu(accel_vendors, pci_vendors, dict(os.environ), has_libtpu)
