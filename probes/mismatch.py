"""Does a framework see the accelerators the inventory found? The most decision-relevant fact.

A CPU-only wheel on a GPU box, tensorflow without tensorflow-metal on a Mac, native Windows TF
(no GPU since 2.11): each silently turns a GPU machine into a CPU one for that framework.
"""

from __future__ import annotations

from collections.abc import Sequence

from probes.report import Accelerator, FrameworkProbe

# Device kinds (as workers report them) that mean "sees this vendor's accelerator".
SEES = {
    "pytorch": {
        "nvidia": {"cuda"},
        "amd": {"rocm", "cuda"},
        "apple": {"mps"},
        "intel": {"xpu"},
        "google": {"tpu", "xla"},
    },
    "tensorflow": {
        "nvidia": {"gpu"},
        "amd": {"gpu"},
        "apple": {"gpu"},
        "intel": {"xpu", "gpu"},
        "google": {"tpu"},
    },
}
ACCEL_KINDS = {"cuda", "rocm", "mps", "xpu", "gpu", "tpu"}


def _relevant(accs: Sequence[Accelerator]) -> list[Accelerator]:
    # An Intel integrated GPU seen only on the PCI bus is not a training accelerator.
    return [
        a for a in accs if not (a.vendor == "intel" and a.source.startswith(("lspci", "sysfs")))
    ]


def _why_not(fw: str, vendor: str, probe: FrameworkProbe, os_name: str) -> str:
    b = probe.build
    if fw == "pytorch":
        if vendor == "nvidia" and b.get("is_cuda_build") is False:
            return "this torch is a CPU-only build (install a CUDA wheel)"
        if vendor == "amd" and b.get("is_rocm_build") is False:
            return "this torch is not a ROCm build"
        if vendor == "google":
            return "PyTorch needs torch_xla for TPUs"
        return "driver or runtime not usable from torch"
    if os_name == "windows" and vendor == "nvidia":
        return "TensorFlow ≥ 2.11 has no GPU support on native Windows (use WSL2)"
    if vendor == "apple":
        return "TensorFlow needs the tensorflow-metal plugin for the Apple GPU"
    if vendor in ("nvidia", "amd") and b.get("is_cuda_build") is False and vendor == "nvidia":
        return "this TensorFlow build has no CUDA support (e.g. tensorflow-cpu)"
    if vendor == "amd" and b.get("is_rocm_build") is False:
        return "this TensorFlow build has no ROCm support (tensorflow-rocm is needed)"
    return "driver, CUDA/cuDNN libraries or plugin not usable from TensorFlow"


def assess(
    fw: str, probe: FrameworkProbe, accs: Sequence[Accelerator], os_name: str
) -> tuple[bool | None, str | None]:
    """(sees_accelerators, mismatch text) for one framework that imported fine."""
    if probe.status != "ok":
        return None, None
    kinds = {d.kind for d in probe.devices}
    seen = kinds & ACCEL_KINDS
    present = _relevant(accs)
    if not present:
        if seen:
            return True, (
                f"{fw} sees {', '.join(sorted(seen))} devices that the inventory did not find "
                "(vendor tool missing?)"
            )
        return None, None
    table = SEES.get(fw, {})
    missing = []
    for vendor in sorted({a.vendor for a in present}):
        want = table.get(vendor, set())
        if not kinds & want:
            name = next(a.name for a in present if a.vendor == vendor)
            missing.append(
                f"{vendor} {name} present but {fw} sees no device: "
                + _why_not(fw, vendor, probe, os_name)
            )
    if missing:
        return False, "; ".join(missing)
    n_inv = sum(1 for a in present if a.vendor in ("nvidia", "amd"))
    n_seen = sum(1 for d in probe.devices if d.kind in ("cuda", "rocm", "gpu"))
    if n_inv and n_seen and n_seen < n_inv:
        return True, f"{fw} sees {n_seen} of {n_inv} GPUs (CUDA_VISIBLE_DEVICES or driver?)"
    return True, None
