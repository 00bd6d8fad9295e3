"""Turn raw per-process measurements into results, shares of peak and honest comparisons.

Pure functions. Aggregation is the median of per-process medians (pyperf, MLPerf); a framework
is called faster only when the ratio clears the noise band *and* most rounds agree
(benchmarking.md §7 G3); otherwise it is a tie.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from probes.report import Accelerator, BenchmarkResult, Comparison, CpuInfo

Key = tuple[str, str, str, str | None]  # workload, framework, device, variant

UNSTABLE_IQR = 0.10  # torch.utils.benchmark's "system fluctuation" threshold
UNSTABLE_SPREAD = 0.20  # across fresh processes
MIN_NOISE = 0.05  # never call a difference under 5% a win


@dataclass
class Aggregate:
    result: BenchmarkResult
    per_round: list[float]  # per-process medians in round order


def aggregate(events: Iterable[tuple[int, dict[str, Any]]]) -> dict[Key, Aggregate]:
    """``events``: (round index, bench event) pairs from all worker runs."""
    groups: dict[Key, list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    for rnd, ev in events:
        key = (
            str(ev["workload"]),
            str(ev["framework"]),
            str(ev.get("device", "cpu")),
            ev.get("variant"),
        )
        groups[key].append((rnd, ev))
    out: dict[Key, Aggregate] = {}
    for key, items in groups.items():
        items.sort(key=lambda x: x[0])
        evs = [e for _, e in items]
        meds = [float(e["median_s"]) for e in evs]
        med = statistics.median(meds)
        iqr = statistics.median(float(e["iqr_s"]) for e in evs)
        spread = (max(meds) - min(meds)) / med if len(meds) > 1 and med > 0 else None
        rel = iqr / med if med > 0 else 0.0
        flops = evs[0].get("flops")
        rates = [float(e["gbps"]) for e in evs if e.get("gbps")]
        gbps = statistics.median(rates) if rates else None
        busy = [float(e["host_busy"]) for e in evs if e.get("host_busy")]
        unstable = rel > UNSTABLE_IQR or (spread is not None and spread > UNSTABLE_SPREAD)
        notes = [str(e["note"]) for e in evs if e.get("note")]
        if busy and 2 * len(busy) > len(evs):  # most rounds ran while the host was busy
            unstable = True
            notes.insert(
                0,
                f"host busy in {len(busy)} of {len(evs)} rounds (other processes or steal up to "
                f"{max(busy):.0%} of the CPUs)",
            )
        result = BenchmarkResult(
            workload=key[0],
            framework=key[1],
            device=key[2],
            variant=key[3],
            median_s=med,
            iqr_s=iqr,
            samples=sum(int(e.get("samples", 0)) for e in evs),
            threads=evs[0].get("threads"),
            gflops=(float(flops) / med / 1e9) if flops and med > 0 else None,
            unstable=unstable,
            note="; ".join(notes[:2]) if notes else None,
            min_s=min(float(e.get("min_s", e["median_s"])) for e in evs),
            first_call_s=evs[0].get("first_call_s"),
            loops=evs[0].get("loops"),
            rounds=len(evs),
            spread=spread,
            gbps=gbps,
        )
        out[key] = Aggregate(result, meds)
    return out


def with_peak_shares(
    results: Sequence[BenchmarkResult], cpu: CpuInfo, accelerators: Sequence[Accelerator]
) -> list[BenchmarkResult]:
    """GFLOP/s as a share of the theoretical FP32 peak of the device it ran on."""
    gpu_peak = next((a.peak_fp32_tflops * 1000 for a in accelerators if a.peak_fp32_tflops), None)
    out = []
    for r in results:
        peak = cpu.peak_fp32_gflops if r.device == "cpu" else gpu_peak
        if r.gflops is not None and peak:
            r = r.model_copy(update={"peak_share": round(r.gflops / peak, 3)})
        out.append(r)
    return out


def _best(
    aggs: dict[Key, Aggregate], workloads: set[str], fw: str, device: str
) -> Aggregate | None:
    cands = [a for (w, f, d, _), a in aggs.items() if w in workloads and f == fw and d == device]
    return min(cands, key=lambda a: a.result.median_s) if cands else None


def decide(a: Aggregate, b: Aggregate) -> tuple[float, str, str | None, float, int | None]:
    """(ratio b/a, verdict, faster side 'a'/'b', noise band, rounds agreeing)."""
    ra, rb = a.result, b.result
    ratio = rb.median_s / ra.median_s if ra.median_s > 0 else math.inf
    rel = [
        ra.iqr_s / ra.median_s if ra.median_s else 0,
        rb.iqr_s / rb.median_s if rb.median_s else 0,
    ]
    spreads = [s for s in (ra.spread, rb.spread) if s is not None]
    noise = max(MIN_NOISE, 2 * max(rel), *(s / 2 for s in spreads))
    side: str | None = None
    if ratio > 1 + noise:
        side = "a"
    elif ratio < 1 / (1 + noise):
        side = "b"
    agreeing: int | None = None
    n = min(len(a.per_round), len(b.per_round))
    if n >= 2:
        per = [b.per_round[i] / a.per_round[i] for i in range(n) if a.per_round[i] > 0]
        if side == "a":
            agreeing = sum(1 for p in per if p > 1)
        elif side == "b":
            agreeing = sum(1 for p in per if p < 1)
        else:
            agreeing = None
        if side is not None and agreeing is not None and agreeing < math.ceil(2 * n / 3):
            side = None
    if ra.unstable or rb.unstable:  # noise of unknown size: never declare a winner
        side = None
    verdict = "faster" if side else "tie"
    return ratio, verdict, side, noise, agreeing


COMPARED = (
    ("matmul", None),
    ("conv2d", {"conv2d"}),
    ("mlp_train_eager", {"mlp_train_eager"}),
    ("mlp_train_compiled", {"mlp_train_compiled"}),
    ("mlp_train_best", {"mlp_train_eager", "mlp_train_compiled"}),
    ("dispatch_overhead", {"dispatch_overhead"}),
    ("h2d_transfer", {"h2d_transfer"}),
)


def comparisons(
    aggs: dict[Key, Aggregate], pairs: Sequence[tuple[str, str]] = (("pytorch", "tensorflow"),)
) -> list[Comparison]:
    """Per workload and device, each side at its fastest variant; ratio = time_b / time_a."""
    devices = sorted({k[2] for k in aggs})
    matmuls = sorted({k[0] for k in aggs if k[0].startswith("matmul_")})
    out: list[Comparison] = []
    for dev in devices:
        groups: list[tuple[str, set[str]]] = [(m, {m}) for m in matmuls]
        groups += [(name, ws) for name, ws in COMPARED if ws is not None]
        for fa, fb in pairs:
            for name, ws in groups:
                a, b = _best(aggs, ws, fa, dev), _best(aggs, ws, fb, dev)
                if a is None or b is None:
                    continue
                ratio, _verdict, side, noise, agreeing = decide(a, b)
                out.append(
                    Comparison(
                        workload=name,
                        a=fa,
                        b=fb,
                        ratio=round(ratio, 4),
                        verdict="faster" if side else "tie",
                        faster=fa if side == "a" else fb if side == "b" else None,
                        noise=round(noise, 4),
                        a_variant=a.result.variant,
                        b_variant=b.result.variant,
                        device=dev,
                        rounds_agreeing=agreeing,
                        rounds=min(len(a.per_round), len(b.per_round)),
                        unreliable=a.result.unstable or b.result.unstable,
                    )
                )
    return out


def fairness_warnings(results: Sequence[BenchmarkResult], cpu: CpuInfo) -> list[str]:
    """Peak sanity (G5) and framework-vs-numpy GEMM gap (G6) for the largest CPU GEMM."""
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
