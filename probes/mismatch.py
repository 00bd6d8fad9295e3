"""Does a framework see the accelerators the inventory found? The most decision-relevant fact.

Which device kinds mean "sees this vendor", and why a framework might not, live with the
framework's worker in probes/frameworks.py.

A CPU-only wheel on a GPU box, tensorflow without tensorflow-metal on a Mac, native Windows TF
(no GPU since 2.11): each silently turns a GPU machine into a CPU one for that framework.
"""

from __future__ import annotations

from collections.abc import Sequence

from probes.frameworks import WORKERS
from probes.report import Accelerator, FrameworkProbe

ACCEL_KINDS = {"cuda", "rocm", "mps", "xpu", "gpu", "tpu"}


def _relevant(accs: Sequence[Accelerator]) -> list[Accelerator]:
    # An Intel integrated GPU seen only on the PCI bus is not a training accelerator.
    return [
        a for a in accs if not (a.vendor == "intel" and a.source.startswith(("lspci", "sysfs")))
    ]


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
    spec = WORKERS.get(fw)
    if spec is None:  # no worker, so no device list to judge
        return None, None
    missing = []
    for vendor in sorted({a.vendor for a in present}):
        if not kinds & spec.sees.get(vendor, frozenset()):
            name = next(a.name for a in present if a.vendor == vendor)
            missing.append(
                f"{vendor} {name} present but {fw} sees no device: "
                + spec.why_not(vendor, probe, os_name)
            )
    if missing:
        return False, "; ".join(missing)
    n_inv = sum(1 for a in present if a.vendor in ("nvidia", "amd"))
    n_seen = sum(1 for d in probe.devices if d.kind in ("cuda", "rocm", "gpu"))
    if n_inv and n_seen and n_seen < n_inv:
        return True, f"{fw} sees {n_seen} of {n_inv} GPUs (CUDA_VISIBLE_DEVICES or driver?)"
    return True, None
