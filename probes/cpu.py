"""CPU model, cores, quota, ISA flags and the theoretical FP32 peak (docs/benchmarks.md §3).

peak = physical cores × clock × FP32 FLOP per cycle per core. FLOP/cycle comes from the ISA
flags and the microarchitecture (a KB ``CpuPeak`` row wins when it names the model); the clock
is the best available reading, so the result is flagged as an estimate unless a KB row says
otherwise. Turbo clocks are usually higher than what the OS reports, so a measured GEMM above
the peak means "peak underestimated", not a broken benchmark.
"""

from __future__ import annotations

import math
import os
import platform
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

try:  # optional: a bare GPU box (torch wheel + pydantic) has no psutil; /proc and os suffice
    import psutil
except ImportError:  # pragma: no cover - exercised on such boxes
    psutil = None  # type: ignore[assignment]

from probes.host import read_text
from probes.report import CpuInfo
from probes.runner import Runner

# Flags reported in the probe (normalised names); others stay in the raw set only.
KEY_FLAGS = (
    "sse2",
    "avx",
    "fma",
    "avx2",
    "avx512f",
    "avx512_bf16",
    "avx512_vnni",
    "avx512_fp16",
    "avx_vnni",
    "amx_tile",
    "amx_bf16",
    "amx_int8",
    "neon",
    "sve",
    "sve2",
    "sme",
    "bf16",
    "i8mm",
)


@dataclass
class CpuFacts:
    """What /proc/cpuinfo or sysctl told us, before any interpretation."""

    model: str | None = None
    vendor: str | None = None
    family: int | None = None
    model_number: int | None = None
    cpu_part: str | None = None  # Arm "CPU part", e.g. 0xd0c (Neoverse N1)
    mhz: float | None = None
    logical: int | None = None
    physical: int | None = None
    flags: set[str] = field(default_factory=set)


def _int(value: str) -> int | None:
    value = value.strip()
    try:
        return int(value, 0) if value.lower().startswith("0x") else int(value)
    except ValueError:
        return None


ARM_IMPLEMENTERS = {
    "0x41": "ARM",
    "0x61": "Apple",
    "0x48": "HiSilicon",
    "0x51": "Qualcomm",
    "0x4e": "NVIDIA",
    "0xc0": "Ampere",
    "0x46": "Fujitsu",
}
ARM_PARTS = {
    "0xd0c": "Neoverse N1",
    "0xd40": "Neoverse V1",
    "0xd49": "Neoverse N2",
    "0xd4f": "Neoverse V2",
    "0xd8e": "Neoverse N3",
    "0xd84": "Neoverse V3",
    "0xd08": "Cortex-A72",
    "0xd0b": "Cortex-A76",
    "0xd03": "Cortex-A53",
    "0xac3": "AmpereOne",
}


def _digits(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def _float(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def _flag_set(value: str) -> set[str]:
    return set(value.lower().split())


# /proc/cpuinfo key -> (CpuFacts field, parser): the first usable value wins (the file repeats
# every key once per logical CPU).
_FIRST_VALUE: dict[str, tuple[str, Callable[[str], object]]] = {
    "model name": ("model", str),
    "vendor_id": ("vendor", str),
    "cpu family": ("family", _int),
    "model": ("model_number", _digits),
    "cpu mhz": ("mhz", _float),
    "flags": ("flags", _flag_set),  # x86
    "features": ("flags", _flag_set),  # Arm
    "cpu part": ("cpu_part", str.lower),
}


def _keep_first(facts: CpuFacts, key: str, value: str) -> None:
    name, parse = _FIRST_VALUE[key]
    current = getattr(facts, name)
    if current is None or current == "" or current == set():
        parsed = parse(value)
        if parsed is not None:
            setattr(facts, name, parsed)


def _arm_names(facts: CpuFacts, implementer: str | None) -> None:
    """Arm kernels name no vendor or model: derive them from the implementer and part codes."""
    if implementer and not facts.vendor:
        facts.vendor = ARM_IMPLEMENTERS.get(implementer, f"arm implementer {implementer}")
    if not facts.model and facts.cpu_part:
        facts.model = ARM_PARTS.get(facts.cpu_part, f"Arm CPU part {facts.cpu_part}")
    # Arm kernels call NEON "asimd" and SVE "sve".
    if "asimd" in facts.flags:
        facts.flags.add("neon")


def parse_proc_cpuinfo(text: str) -> CpuFacts:
    """Parse Linux /proc/cpuinfo of x86 or Arm machines."""
    facts = CpuFacts()
    processors = 0
    cores: set[tuple[str, str]] = set()
    implementer: str | None = None
    current_phys: str | None = None
    for line in text.splitlines():
        if ":" not in line:
            continue
        key, _, value = line.partition(":")
        key = key.strip().lower()
        value = value.strip()
        if key == "processor":
            processors += 1
            current_phys = None
        elif key == "physical id":
            current_phys = value
        elif key == "core id":
            cores.add((current_phys or "0", value))
        elif key == "cpu implementer":
            implementer = value.lower() if implementer is None else implementer
        elif key in _FIRST_VALUE:
            _keep_first(facts, key, value)
    facts.logical = processors or None
    if cores:
        facts.physical = len(cores)
    _arm_names(facts, implementer)
    return facts


def parse_sysctl(text: str) -> dict[str, str]:
    """Parse ``sysctl name: value`` lines (macOS / BSD)."""
    out: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            out[key.strip()] = value.strip()
    return out


def facts_from_sysctl(values: Mapping[str, str]) -> CpuFacts:
    facts = CpuFacts()
    facts.model = values.get("machdep.cpu.brand_string") or None
    facts.logical = _int(values.get("hw.logicalcpu", "")) if "hw.logicalcpu" in values else None
    # Apple P-cores carry the FP throughput; E-cores are much narrower.
    perf0 = values.get("hw.perflevel0.physicalcpu")
    phys = values.get("hw.physicalcpu")
    facts.physical = _int(perf0) if perf0 else (_int(phys) if phys else None)
    hz = values.get("hw.cpufrequency_max") or values.get("hw.cpufrequency")
    if hz and _int(hz):
        facts.mhz = (_int(hz) or 0) / 1e6
    feats = (
        values.get("machdep.cpu.features", "") + " " + values.get("machdep.cpu.leaf7_features", "")
    )
    facts.flags = {f.lower().replace(".", "_") for f in feats.split()}
    if values.get("hw.optional.arm64") == "1" or (facts.model or "").startswith("Apple"):
        facts.vendor = "Apple"
        facts.flags.add("neon")
        if values.get("hw.optional.arm.FEAT_SME") == "1":
            facts.flags.add("sme")
        if values.get("hw.optional.arm.FEAT_BF16") == "1":
            facts.flags.add("bf16")
    elif "GenuineIntel" in values.get("machdep.cpu.vendor", ""):
        facts.vendor = "GenuineIntel"
    return facts


def parse_cgroup_quota(
    cpu_max: str | None, v1_quota: str | None, v1_period: str | None
) -> float | None:
    """CPUs granted by a cgroup quota (v2 ``cpu.max`` or v1 cfs files); None = no quota."""
    if cpu_max:
        parts = cpu_max.split()
        if len(parts) >= 2 and parts[0] != "max":
            q, p = _int(parts[0]), _int(parts[1])
            if q and p:
                return q / p
        return None
    if v1_quota and v1_period:
        q, p = _int(v1_quota), _int(v1_period)
        if q and p and q > 0:
            return q / p
    return None


_Fpc = tuple[float, str]


def _amd_flops(facts: CpuFacts, model: str) -> _Fpc | None:
    f, fam = facts.flags, facts.family
    if fam == 0x17 and facts.model_number is not None and facts.model_number < 0x30:
        return 16.0, "Zen 1 (2×128-bit FMA)"
    if fam == 0x1A and "avx512f" in f:
        if any(m in model for m in ("ryzen ai", "hx 3", "hx 37")):
            return 32.0, "Zen 5 mobile (256-bit datapath)"
        return 64.0, "Zen 5 (full 512-bit FMA datapath)"
    if fam == 0x19 and "avx512f" in f:
        return 32.0, "Zen 4 (AVX-512 double-pumped on 2×256-bit FMA)"
    return None


def _intel_avx512_flops(model: str) -> _Fpc:
    if "xeon" in model and not any(s in model for s in ("silver", "bronze")):
        return 64.0, "Intel AVX-512 with 2 FMA units (server SKU)"
    return 32.0, "Intel AVX-512 with 1 FMA unit (client / Silver / Bronze SKU)"


def _x86_flops(f: set[str]) -> _Fpc | None:
    """By ISA alone, widest first."""
    if "avx2" in f and "fma" in f:
        return 32.0, "AVX2 + 2×256-bit FMA"
    if "avx" in f:
        return 16.0, "AVX without FMA"
    if "sse2" in f:
        return 8.0, "SSE2 (4-wide add + mul)"
    return None


def _arm_flops(facts: CpuFacts, arch: str, vendor: str, model: str) -> _Fpc | None:
    if vendor == "apple" or model.startswith("apple"):
        return 32.0, "Apple P-core (4×128-bit NEON FMA)"
    part = facts.cpu_part or ""
    if part in ("0xd40", "0xd4f", "0xd84"):
        return 32.0, f"{ARM_PARTS[part]} (SVE/NEON, 32 FLOP/cycle)"
    if part in ("0xd0c", "0xd49", "0xd8e"):
        return 16.0, f"{ARM_PARTS[part]} (2×128-bit NEON)"
    if "neon" in facts.flags or arch.lower() in ("aarch64", "arm64"):
        return 16.0, "generic Arm NEON (2×128-bit FMA assumed)"
    return None


def flops_per_cycle(facts: CpuFacts, arch: str) -> tuple[float | None, str]:
    """FP32 FLOP per cycle per core from ISA and microarchitecture (docs/benchmarks.md §3)."""
    vendor = (facts.vendor or "").lower()
    model = (facts.model or "").lower()
    found = None
    if "amd" in vendor or "authenticamd" in vendor:
        found = _amd_flops(facts, model)
    elif "intel" in vendor and "avx512f" in facts.flags:
        found = _intel_avx512_flops(model)
    found = found or _x86_flops(facts.flags) or _arm_flops(facts, arch, vendor, model)
    return found if found is not None else (None, "unknown ISA")


def match_kb_cpu_peak(facts: CpuFacts, rows: Iterable[object]) -> tuple[float, str, bool] | None:
    """Pick the KB CpuPeak row that names this CPU's model and whose flags are all present."""
    model = (facts.model or "").lower()
    best: tuple[int, float, str, bool] | None = None
    for row in rows:
        micro = [m.lower() for m in getattr(row, "microarchitectures", [])]
        flags = [x.lower() for x in getattr(row, "requires_flags", [])]
        if not micro or not any(m in model for m in micro):
            continue
        if not all(x in facts.flags for x in flags):
            continue
        score = len(flags) + max(len(m) for m in micro if m in model)
        value = float(getattr(row, "fp32_flops_per_cycle", 0.0))
        label = f"KB cpu_peaks row {getattr(row, 'id', '?')}"
        if best is None or score > best[0]:
            best = (score, value, label, bool(getattr(row, "estimate", False)))
    return None if best is None else best[1:]


def compute_peak(
    facts: CpuFacts,
    cores: int | None,
    mhz: float | None,
    mhz_source: str,
    arch: str,
    kb_rows: Sequence[object] = (),
) -> tuple[float | None, float | None, str, bool]:
    """Return (flops/cycle, peak GFLOP/s, basis text, is_estimate)."""
    # CPUID family/model and ISA flags identify the core better than name substrings, so the
    # built-in rules come first; a KB row fills in only where they have no specific answer.
    fpc: float | None
    fpc, basis = flops_per_cycle(facts, arch)
    generic = fpc is None or basis.startswith("generic")
    kb_hit = match_kb_cpu_peak(facts, kb_rows)
    if kb_hit and generic:
        fpc, basis, _ = kb_hit
    elif kb_hit and kb_hit[0] != fpc:
        basis += f" (KB row says {kb_hit[0]:g}: {kb_hit[1]}; CPUID family preferred)"
    if fpc is None or not cores or not mhz:
        missing = "FLOP/cycle" if fpc is None else ("cores" if not cores else "clock")
        return fpc, None, f"{basis}; peak unknown: no {missing} reading", True
    peak = cores * mhz / 1000.0 * fpc
    text = f"{cores} cores × {mhz / 1000:.2f} GHz ({mhz_source}) × {fpc:g} FLOP/cycle — {basis}"
    return fpc, round(peak, 1), text, True


def usable_cores(logical: int | None, physical: int | None, quota: float | None) -> int | None:
    """Threads the benchmarks use: physical cores, capped by affinity and the cgroup quota."""
    try:
        # Linux only (typeshed too): mypy on macOS sees attr-defined, the except branch runs there
        affinity: int | None = len(os.sched_getaffinity(0))  # type: ignore[attr-defined,unused-ignore]
    except (AttributeError, OSError):
        affinity = logical
    candidates = [c for c in (physical, affinity) if c]
    if quota:
        candidates.append(max(1, math.floor(quota)))
    return min(candidates) if candidates else None


def collect_cpu(runner: Runner, kb_rows: Sequence[object] = ()) -> CpuInfo:
    system = platform.system()
    arch = platform.machine()
    facts = CpuFacts()
    if system == "Linux":
        text = read_text("/proc/cpuinfo")
        if text:
            facts = parse_proc_cpuinfo(text)
    elif system == "Darwin":
        res = runner(
            [
                "sysctl",
                "machdep.cpu.brand_string",
                "machdep.cpu.vendor",
                "machdep.cpu.features",
                "machdep.cpu.leaf7_features",
                "hw.physicalcpu",
                "hw.logicalcpu",
                "hw.perflevel0.physicalcpu",
                "hw.cpufrequency_max",
                "hw.optional.arm64",
                "hw.optional.arm.FEAT_SME",
                "hw.optional.arm.FEAT_BF16",
            ],
            3.0,
        )
        if res.stdout:
            facts = facts_from_sysctl(parse_sysctl(res.stdout))
    if not facts.model:
        facts.model = platform.processor() or None
    logical = (psutil.cpu_count(logical=True) if psutil else os.cpu_count()) or facts.logical
    physical = facts.physical if system == "Darwin" else None
    physical = physical or (psutil.cpu_count(logical=False) if psutil else None) or facts.physical
    quota = None
    if system == "Linux":
        quota = parse_cgroup_quota(
            read_text("/sys/fs/cgroup/cpu.max"),
            read_text("/sys/fs/cgroup/cpu/cpu.cfs_quota_us"),
            read_text("/sys/fs/cgroup/cpu/cpu.cfs_period_us"),
        )
    usable = usable_cores(logical, physical, quota)
    cur_mhz = max_mhz = None
    try:
        freq = psutil.cpu_freq() if psutil else None
        if freq:
            cur_mhz = freq.current or None
            max_mhz = freq.max or None
    except (OSError, NotImplementedError, AttributeError, RuntimeError):
        pass
    mhz: float | None
    if max_mhz:
        mhz, src = max_mhz, "max frequency reported by the OS"
    elif facts.mhz:
        mhz, src = facts.mhz, "nominal clock from /proc/cpuinfo or sysctl; turbo likely higher"
    else:
        mhz, src = cur_mhz, "current frequency"
    fpc, peak, basis, estimate = compute_peak(facts, usable, mhz, src, arch, kb_rows)
    flags: dict[str, bool | None] = {}
    if facts.flags:
        for name in KEY_FLAGS:
            flags[name] = name in facts.flags
    return CpuInfo(
        model=facts.model,
        vendor=facts.vendor,
        physical_cores=physical,
        logical_cores=logical,
        cgroup_cpu_limit=quota,
        usable_cores=usable,
        frequency_mhz=cur_mhz or facts.mhz,
        max_frequency_mhz=max_mhz,
        flags=flags,
        fp32_flops_per_cycle=fpc,
        peak_fp32_gflops=peak,
        peak_is_estimate=estimate,
        peak_basis=basis,
    )
