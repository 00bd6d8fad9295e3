"""Measure the probe itself: wall time per tier, peak memory of coordinator and workers, and
the spread over repeated runs; compare ``--no-bench`` with the peer tools it replaces.

Usage: ``python benchmarks/probes_bench.py [--runs 3] [--tiers none,quick,standard,deep]``.
Prints a Markdown table (numbers go in the closing note, not in timed tests).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

TF_LIST = (
    "import tensorflow as tf; print(tf.config.list_physical_devices()); "
    "print(tf.sysconfig.get_build_info())"
)


def timed(argv: list[str], timeout: float = 600) -> tuple[float, int]:
    t0 = time.perf_counter()
    res = subprocess.run(argv, cwd=ROOT, capture_output=True, timeout=timeout)
    return time.perf_counter() - t0, res.returncode


def probe_run(tier: str) -> dict[str, float | None]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "r.json"
        args = ["--no-bench"] if tier == "none" else ["--tier", tier]
        wall, rc = timed([sys.executable, "-m", "probes", *args, "--out", str(out), "--quiet"])
        if rc != 0 or not out.exists():
            return {"wall_s": wall, "failed": 1.0}
        rep = json.loads(out.read_text(encoding="utf-8"))
    workers = [fw.get("peak_rss_mb") for fw in rep["frameworks"].values() if fw.get("peak_rss_mb")]
    best: dict[str, float] = {}
    for b in rep["benchmarks"]:
        if b["workload"].startswith("matmul_") and b.get("gflops"):
            best[b["framework"]] = max(best.get(b["framework"], 0.0), b["gflops"])
    peak = rep["cpu"].get("peak_fp32_gflops")
    return {
        "wall_s": wall,
        "coordinator_mb": rep.get("coordinator_peak_rss_mb"),
        "worker_mb": max(workers) if workers else None,
        "best_gemm": max(best.values()) if best else None,
        "best_share": (max(best.values()) / peak) if best and peak else None,
        **{f"gemm_{k}": v for k, v in best.items()},
    }


def fmt(values: list[float | None], unit: str = "") -> str:
    xs = [v for v in values if v is not None]
    if not xs:
        return "–"
    med = statistics.median(xs)
    spread = (max(xs) - min(xs)) / med * 100 if med else 0.0
    return f"{med:.2f}{unit} [{min(xs):.2f}–{max(xs):.2f}] ±{spread:.0f}%"


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--tiers", default="none,quick,standard,deep")
    args = p.parse_args()
    print(
        "| tier | wall s (median [min–max] spread) | coordinator MB | worst worker MB "
        "| best matmul GFLOP/s | share of peak | numpy / pytorch / tensorflow GFLOP/s |"
    )
    print("|---|---|---|---|---|---|---|")
    for tier in args.tiers.split(","):
        runs = [probe_run(tier) for _ in range(args.runs)]

        def col(k: str, runs: list[dict[str, float | None]] = runs) -> list[float | None]:
            return [r.get(k) for r in runs]

        rates = " / ".join(fmt(col(f"gemm_{fw}")) for fw in ("numpy", "pytorch", "tensorflow"))
        print(
            f"| {tier} | {fmt(col('wall_s'))} | {fmt(col('coordinator_mb'))} | "
            f"{fmt(col('worker_mb'))} | {fmt(col('best_gemm'))} | {fmt(col('best_share'))} | "
            f"{rates} |",
            flush=True,
        )
    peer = []
    for _ in range(args.runs):
        a, rc_a = timed([sys.executable, "-m", "torch.utils.collect_env"])
        b, rc_b = timed([sys.executable, "-c", TF_LIST])
        peer.append(a + b if rc_a == 0 and rc_b == 0 else None)
    print(f"\npeer tools (collect_env + TF device listing), wall s: {fmt(peer)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
