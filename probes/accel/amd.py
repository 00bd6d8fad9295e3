"""AMD GPUs: amd-smi (JSON, or text from older releases), else rocm-smi."""

from __future__ import annotations

import json

from probes.accel.units import num_gb
from probes.report import Accelerator, HostInfo
from probes.runner import Runner


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
                memory_gb=num_gb(vram.get("size"), "MB"),
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
                memory_gb=num_gb(vram.get("SIZE"), "MB"),
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
                memory_gb=num_gb(total, "B"),
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
