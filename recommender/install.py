"""Which install command fits the machine: platform preference per OS and accelerator vendor.

Kept apart from the decision-record words (recommender/explain.py) because choosing a command is
its own idea: it reads the compatibility table, the answers and the probed machine.
"""

from __future__ import annotations

from kb.schema import KnowledgeBase
from probes.report import ProbeReport
from recommender.facts import version_key

# Install platform preference per OS and accelerator vendor; the first one the KB lists wins.
_PLATFORMS: dict[str, dict[str, list[str]]] = {
    "linux": {
        "nvidia": ["linux_cuda", "cuda"],
        "amd": ["linux_rocm", "rocm"],
        "intel": ["linux_xpu", "xpu"],
        "google": ["linux_tpu", "tpu"],
    },
    # Native Windows first; the KB's WSL2 command is the GPU route where there is no native one.
    "windows": {"nvidia": ["windows_cuda", "wsl2_cuda"], "intel": ["windows_xpu", "xpu"]},
    "macos": {"apple": ["macos_arm64", "macos_mps"]},
}
_HARDWARE_TO_VENDOR = {
    "nvidia": "nvidia",
    "amd": "amd",
    "intel_gpu": "intel",
    "apple_silicon": "apple",
    "tpu": "google",
}


def install_platforms(probe: ProbeReport | None, answers: dict[str, list[str]]) -> list[str]:
    """Install platforms to try, best first, from the probe (else from the answers)."""
    os_name: str
    vendors: list[str]
    if probe is not None:
        os_name = probe.host.os
        vendors = [a.vendor for a in probe.accelerators]
        arch = probe.host.arch.lower()
    else:
        os_name = (answers.get("os") or [""])[0]
        hardware = answers.get("hardware", [])
        vendors = [_HARDWARE_TO_VENDOR[h] for h in hardware if h in _HARDWARE_TO_VENDOR]
        arch = "arm64" if "apple" in vendors else ""
    if os_name not in _PLATFORMS:
        return []
    out: list[str] = []
    if probe is not None and probe.host.wsl and "nvidia" in vendors:
        out.append("wsl2_cuda")
    for vendor in ("nvidia", "amd", "intel", "google", "apple"):
        if vendor in vendors:
            out += _PLATFORMS[os_name].get(vendor, [])
    if os_name == "macos":
        out += ["macos_arm64"] if arch in ("arm64", "aarch64", "") else ["macos_x86_64"]
    elif os_name == "linux" and arch in ("aarch64", "arm64"):
        out += ["linux_aarch64", "linux_arm64", "linux_cpu"]
    else:
        out += [f"{os_name}_cpu"]
    out.append("cpu")
    return list(dict.fromkeys(out))


def install_command(
    kb: KnowledgeBase,
    framework: str | None,
    probe: ProbeReport | None,
    answers: dict[str, list[str]],
) -> str | None:
    """The KB's install command for the chosen framework on the probed (or described) machine.

    Platforms are tried best first (an accelerator build before the CPU one); for each, the newest
    release row that lists it wins, so a GPU command in an older row beats a CPU-only newer one.
    """
    if framework is None:
        return None
    rows = sorted(
        (r for r in kb.compatibility if r.framework == framework),
        key=lambda r: version_key(r.version),
        reverse=True,
    )
    for platform in install_platforms(probe, answers):
        for row in rows:
            for cmd in row.install:
                if cmd.platform == platform:
                    return cmd.command
    return None
