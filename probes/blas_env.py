"""Environment variables that quietly cap the CPU kernels a math library may use.

``OPENBLAS_CORETYPE=Haswell`` on an AVX-512 CPU, or ``MKL_ENABLE_INSTRUCTIONS=AVX2``, halves the
matmul rate of every library that honours it, and nothing in the numbers says why. Seen on the
project's own development machines, where numpy's OpenBLAS ran at 250 GFLOP/s with the override
and 480 without it on the same two cores. The probe measures the machine as configured, but says
which measurements such a setting affects.
"""

from __future__ import annotations

from collections.abc import Mapping

from kb.texts import inline
from probes.report import CpuInfo

# Variable -> (library it steers, values that mean "at most AVX2 / 256-bit").
_CAPS: dict[str, tuple[str, set[str]]] = {
    "OPENBLAS_CORETYPE": (
        "OpenBLAS (numpy)",
        {"haswell", "zen", "sandybridge", "nehalem", "prescott", "core2", "atom", "excavator"},
    ),
    "MKL_ENABLE_INSTRUCTIONS": ("MKL (torch, numpy-mkl)", {"avx2", "avx", "sse4_2"}),
    "ONEDNN_MAX_CPU_ISA": ("oneDNN (TensorFlow, torch)", {"avx2", "avx", "sse41", "avx2_vnni"}),
    "DNNL_MAX_CPU_ISA": ("oneDNN (TensorFlow, torch)", {"avx2", "avx", "sse41", "avx2_vnni"}),
}


def blas_env_warnings(env: Mapping[str, str], cpu: CpuInfo) -> list[str]:
    """Warnings for ISA caps below what this CPU can run (only when AVX-512 is known present)."""
    if cpu.flags.get("avx512f") is not True:
        return []
    warnings = []
    for name, (library, capped) in _CAPS.items():
        value = env.get(name)
        if value is not None and value.strip().lower() in capped:
            warnings.append(inline("probe_blas_capped", name=name, value=value, library=library))
    return warnings
