"""AMD, Intel, Apple and Google TPU accelerators, plus an ``lspci`` safety net.

Vendor tools give the richest answer (amd-smi, rocm-smi, xpu-smi); when they are missing, the
PCI bus still shows that a GPU is present, which is exactly the case where a framework "sees
nothing" because a driver is missing — a fact worth reporting.
"""

from __future__ import annotations

import glob
import json
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from probes.cpu import parse_sysctl
from probes.host import read_text
from probes.report import Accelerator, HostInfo
from probes.runner import Runner

# ---------------------------------------------------------------- AMD


def _num_gb(value: Any, unit_hint: str = "B") -> float | None:
    """Turn amd-smi / rocm-smi memory values ('196592 MB', {'value':.., 'unit':..}, bytes) to GB."""
    if isinstance(value, dict):
        return _num_gb(value.get("value"), str(value.get("unit", unit_hint)))
    if value is None:
        return None
    text = str(value).strip()
    m = re.match(r"^([0-9.]+)\s*([A-Za-z]*)$", text)
    if not m:
        return None
    number = float(m.group(1))
    unit = (m.group(2) or unit_hint).upper()
    scale = {"B": 1, "KB": 1024, "MB": 1024**2, "MIB": 1024**2, "GB": 1024**3, "GIB": 1024**3}
    return round(number * scale.get(unit, 1) / 1024**3, 1)


def parse_amd_smi_static(text: str) -> list[Accelerator]:
    """``amd-smi static --json``: a list of GPUs (older) or {"gpu_data": [...]} (newer)."""
    data = json.loads(text)
    gpus = data.get("gpu_data", []) if isinstance(data, dict) else data
    out: list[Accelerator] = []
    for i, gpu in enumerate(gpus if isinstance(gpus, list) else []):
        if not isinstance(gpu, dict):
            continue
        asic = gpu.get("asic") or {}
        board = gpu.get("board") or {}
        vram = gpu.get("vram") or {}
        driver = gpu.get("driver") or {}
        name = (
            asic.get("market_name")
            or board.get("product_name")
            or asic.get("target_graphics_version")
            or "AMD GPU"
        )
        gfx = asic.get("target_graphics_version")
        out.append(
            Accelerator(
                vendor="amd",
                name=str(name),
                index=int(gpu.get("gpu", i)) if str(gpu.get("gpu", i)).isdigit() else i,
                memory_gb=_num_gb(vram.get("size"), "MB"),
                driver=str(driver.get("version")) if driver.get("version") else None,
                compute_capability=str(gfx) if gfx else None,
                source="amd-smi",
            )
        )
    return out


def parse_amd_smi_static_text(text: str) -> list[Accelerator]:
    """The text form of ``amd-smi static`` (``GPU: 0`` blocks with indented SECTION: key lines)."""
    gpus: list[dict[str, dict[str, str]]] = []
    section = ""
    for raw in text.splitlines():
        if not raw.strip():
            continue
        line = raw.strip()
        key, sep, value = line.partition(":")
        if not sep:
            continue
        key, value = key.strip().upper(), value.strip()
        if raw.startswith("GPU:") or (key == "GPU" and not raw.startswith(" ")):
            gpus.append({})
            section = ""
            continue
        if not gpus:
            continue
        if not value:
            section = key
            continue
        gpus[-1].setdefault(section, {})[key] = value
    out: list[Accelerator] = []
    for i, g in enumerate(gpus):
        asic, board, vram = g.get("ASIC", {}), g.get("BOARD", {}), g.get("VRAM", {})
        name = asic.get("MARKET_NAME") or board.get("PRODUCT_NAME") or "AMD GPU"
        gfx = asic.get("TARGET_GRAPHICS_VERSION")
        out.append(
            Accelerator(
                vendor="amd",
                name=name,
                index=i,
                memory_gb=_num_gb(vram.get("SIZE"), "MB"),
                driver=g.get("DRIVER", {}).get("VERSION"),
                compute_capability=gfx,
                source="amd-smi",
            )
        )
    return out


def parse_rocm_smi_json(text: str) -> list[Accelerator]:
    """``rocm-smi --showproductname --showmeminfo vram --showdriverversion --json``."""
    data = json.loads(text)
    if not isinstance(data, dict):
        return []
    driver = None
    system = data.get("system")
    if isinstance(system, dict):
        driver = system.get("Driver version")
    out: list[Accelerator] = []
    for key in sorted(k for k in data if k.startswith("card")):
        card = data[key]
        if not isinstance(card, dict):
            continue
        name = card.get("Card Series") or card.get("Card series") or card.get("Card model")
        sku = card.get("Card SKU")
        total = card.get("VRAM Total Memory (B)")
        gfx = card.get("GFX Version")
        idx = key[4:]
        out.append(
            Accelerator(
                vendor="amd",
                name=str(name or sku or "AMD GPU"),
                index=int(idx) if idx.isdigit() else len(out),
                memory_gb=_num_gb(total, "B"),
                driver=str(driver) if driver else None,
                compute_capability=str(gfx) if gfx else None,
                source="rocm-smi",
            )
        )
    return out


def collect_amd(runner: Runner, h: HostInfo) -> list[Accelerator]:
    if h.os != "linux":
        return []
    res = runner(["amd-smi", "static", "--asic", "--vram", "--driver", "--board", "--json"], 8.0)
    if res.ok and res.stdout.strip():
        try:
            found = parse_amd_smi_static(res.stdout)
        except (ValueError, TypeError):  # older amd-smi ignore --json and print text
            found = parse_amd_smi_static_text(res.stdout)
        if found:
            return found
    res = runner(
        ["rocm-smi", "--showproductname", "--showmeminfo", "vram", "--showdriverversion", "--json"],
        8.0,
    )
    if res.ok and res.stdout.strip():
        try:
            return parse_rocm_smi_json(res.stdout)
        except (ValueError, TypeError):
            return []
    return []


# ---------------------------------------------------------------- Intel and lspci

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
                memory_gb=_num_gb(mem, "B") if mem else None,
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
        out.append(
            Accelerator(vendor=vendor, name=desc, index=n, source=f"{label} ({slot})")  # type: ignore[arg-type,unused-ignore]
        )
    return out


# ---------------------------------------------------------------- Apple


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


# ---------------------------------------------------------------- TPU

TPU_ENV = ("TPU_NAME", "TPU_ACCELERATOR_TYPE", "TPU_WORKER_ID", "TPU_CHIPS_PER_HOST_BOUNDS")


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


def collect_tpu(runner: Runner, h: HostInfo) -> list[Accelerator]:
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
    import importlib.util

    has_libtpu = importlib.util.find_spec("libtpu") is not None
    return detect_tpu(accel_vendors, pci_vendors, dict(os.environ), has_libtpu)


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
