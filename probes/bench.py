"""Sanity checks on finished results: share of peak (too low) and the gap to numpy's GEMM.

Pure functions. The verdicts themselves come from probes/pairing.py (paired, interleaved
blocks with a bootstrap interval); the peak guard from probes/peak.py.
"""

from __future__ import annotations

from collections.abc import Sequence

from probes.report import BenchmarkResult


def fairness_warnings(results: Sequence[BenchmarkResult]) -> list[str]:
    """Peak share too low, and the framework-vs-numpy gap, for the largest CPU GEMM (each
    result already carries its share of the honest peak, probes/peak.py)."""
    warns: list[str] = []
    cpu_mm = [r for r in results if r.device == "cpu" and r.workload.startswith("matmul_")]
    if not cpu_mm:
        return warns
    biggest = max(int(r.workload.split("_")[1]) for r in cpu_mm)
    big = [r for r in cpu_mm if r.workload == f"matmul_{biggest}"]
    best = max(big, key=lambda r: r.gflops or 0)
    if best.peak_share is not None:
        if best.peak_share > 1.05:
            warns.append(
                f"CPU peak underestimated: {best.framework} reached {best.peak_share:.0%} of the "
                "computed FP32 peak on matmul (turbo clock above the reported one)"
            )
        elif best.peak_share < 0.5:
            warns.append(
                f"best CPU matmul reached only {best.peak_share:.0%} of the computed peak: "
                "peak estimate or thread settings suspect, or the machine was busy"
            )
    anchor = next((r for r in big if r.framework == "numpy"), None)
    if anchor and anchor.gflops:
        for r in big:
            if r.framework == "numpy" or not r.gflops:
                continue
            gap = r.gflops / anchor.gflops - 1
            if abs(gap) > 0.20:
                warns.append(
                    f"{r.framework} {r.workload} ({r.variant}) runs at {r.gflops:.0f} GFLOP/s, "
                    f"{gap:+.0%} vs numpy's {anchor.gflops:.0f}: different BLAS/oneDNN kernels "
                    "or thread settings"
                )
    return warns
