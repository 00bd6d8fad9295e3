"""An honest peak: no result may exceed 105 % of the FP32 peak the report states.

Pure functions. The peak is cores x clock x FLOP/cycle (probes/cpu.py); the clock is the
weak link. When the sustained clock under load was measured (probes/clock.py: from cpufreq or
timed with a dependent-add chain) the peak is
recomputed from it; when a measured FP32 result still exceeds 105 % of the stated peak, the
denominator is wrong and the peak is shown as unknown, never silently kept.
"""

from __future__ import annotations

from collections.abc import Sequence

from kb.texts import inline, pair
from probes.clock import ClockSource
from probes.report import Accelerator, BenchmarkResult, CpuInfo

LIMIT = 1.05


_HOW = {
    "os_under_load": "clock read from the OS under the GEMM load",
    "cycles_under_load": "clock timed with a dependent-add chain during the GEMM load",
}


def with_sustained_clock(
    cpu: CpuInfo, sustained_mhz: float | None, source: ClockSource | None
) -> CpuInfo:
    """Recompute the CPU peak from the clock measured under load, and say where it came from."""
    if (
        sustained_mhz is None
        or source is None
        or not cpu.fp32_flops_per_cycle
        or not cpu.usable_cores
    ):
        fallback = "nominal" if cpu.peak_fp32_gflops is not None else "unknown"
        return cpu.model_copy(update={"peak_clock_source": cpu.peak_clock_source or fallback})
    peak = round(cpu.usable_cores * sustained_mhz / 1000.0 * cpu.fp32_flops_per_cycle, 1)
    basis = (
        f"{cpu.usable_cores} cores × {sustained_mhz / 1000:.2f} GHz ({_HOW[source]}) × "
        f"{cpu.fp32_flops_per_cycle:g} FLOP/cycle"
    )
    return cpu.model_copy(
        update={
            "peak_fp32_gflops": peak,
            "peak_basis": basis,
            "peak_clock_source": source,
            "sustained_mhz": round(sustained_mhz, 1),
        }
    )


def peak_for(result: BenchmarkResult, cpu: CpuInfo, gpu_peak_gflops: float | None) -> float | None:
    """The FP32 peak of the threads the result ran on: a one-thread run on a busy host is
    measured against one core's peak, not the whole chip's."""
    if result.dtype not in (None, "float32"):
        return None  # TF32/BF16/FP16 run on other units: an FP32 peak is the wrong denominator
    if result.device != "cpu":
        return gpu_peak_gflops
    peak = cpu.peak_fp32_gflops
    if peak is None:
        return None
    cores = cpu.usable_cores or 0
    if result.threads and cores and result.threads < cores:
        return peak * result.threads / cores
    return peak


def honest_peaks(
    results: Sequence[BenchmarkResult], cpu: CpuInfo, accelerators: Sequence[Accelerator]
) -> tuple[CpuInfo, list[BenchmarkResult], list[str]]:
    """Peak shares for every FP32 result; a CPU (or GPU) peak that a result would exceed by
    more than 5 % is withdrawn: the report then shows the peak as unknown and why."""
    gpu_peak = next((a.peak_fp32_tflops * 1000 for a in accelerators if a.peak_fp32_tflops), None)
    warnings: list[str] = []
    over = {
        dev: max(
            (
                r
                for r in results
                if (r.device == "cpu") == (dev == "cpu")
                and r.gflops is not None
                and (p := peak_for(r, cpu, gpu_peak))
                and r.gflops > LIMIT * p
            ),
            key=lambda r: r.gflops or 0.0,
            default=None,
        )
        for dev in ("cpu", "gpu")
    }
    if over["cpu"] is not None and cpu.peak_fp32_gflops is not None:
        r = over["cpu"]
        stated = peak_for(r, cpu, gpu_peak) or cpu.peak_fp32_gflops
        on = pair("probe_peak_threads", n=r.threads) if r.threads else pair("probe_peak_all_cores")
        warnings.append(
            inline(
                "probe_cpu_peak_withdrawn",
                fw=r.framework,
                workload=r.workload,
                gflops=r.gflops,
                on=on,
                stated=stated,
            )
        )
        cpu = cpu.model_copy(
            update={
                "peak_fp32_gflops": None,
                "peak_basis": f"withdrawn: {r.gflops:.0f} GFLOP/s measured on {on[0]} exceeds "
                f"the {stated:.0f} computed for them ({cpu.peak_basis})",
                "peak_clock_source": "unknown",
            }
        )
    if over["gpu"] is not None and gpu_peak is not None:
        r = over["gpu"]
        warnings.append(
            inline(
                "probe_gpu_peak_withdrawn",
                fw=r.framework,
                workload=r.workload,
                variant=r.variant,
                gflops=r.gflops,
                peak=gpu_peak,
            )
        )
        gpu_peak = None
    out = []
    for r in results:
        peak = peak_for(r, cpu, gpu_peak)
        share = round(r.gflops / peak, 3) if r.gflops is not None and peak else None
        out.append(r.model_copy(update={"peak_share": share}))
    return cpu, out, warnings
