"""Measure the probe itself: verdict stability under a background load, wall time per tier,
peak memory of coordinator and workers; compare ``--no-bench`` with the peer tools it replaces.

Usage: ``python benchmarks/probes_bench.py [--stability 5] [--runs 3]
[--tiers none,quick,standard]``. The stability part runs N quick probes in a row while a
background process keeps one core busy half the time (50 ms on, 50 ms off) and lists every
torch-vs-TF verdict per run. The peer tools run right after each ``--no-bench`` run, so every
ratio pairs runs that saw the same load; CPU seconds (all processes of a run) and the load
average are printed beside the wall times, because on a shared machine the wall time mostly
measures the neighbours. Prints Markdown (numbers go in docs/benchmarks.md, not in tests).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

TF_LIST = (
    "import tensorflow as tf; print(tf.config.list_physical_devices()); "
    "print(tf.sysconfig.get_build_info())"
)


HALF_CORE = (
    "import time\n"
    "while True:\n"
    "    end = time.perf_counter() + 0.05\n"
    "    while time.perf_counter() < end:\n"
    "        pass\n"
    "    time.sleep(0.05)\n"
)


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text(encoding="utf-8").split()[:3])
    except OSError:
        return "?"


def verdict(c: dict[str, object]) -> str:
    if c.get("unreliable"):
        return "busy"
    if c.get("verdict") == "faster":
        return f"{c.get('faster')}"
    return "tie"


def stability(runs: int) -> None:
    """N quick probes in a row beside a process that uses one core half the time."""
    hog = subprocess.Popen([sys.executable, "-c", HALF_CORE])
    per: dict[str, list[str]] = {}
    rows = []
    try:
        for i in range(runs):
            with tempfile.TemporaryDirectory() as tmp:
                out = Path(tmp) / "r.json"
                before = loadavg()
                wall, rc = timed([sys.executable, "-m", "probes", "--out", str(out), "--quiet"])
                rep = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
            comps = [
                c
                for c in rep.get("comparisons", [])
                if {c["a"], c["b"]} == {"pytorch", "tensorflow"}
            ]
            for c in comps:
                per.setdefault(f"{c['workload']} ({c['device']})", []).append(verdict(c))
            bs = rep.get("bench_settings") or {}
            load = bs.get("foreign_load") or [0.0]
            rows.append(
                f"| {i + 1} | {wall:.1f} | {rc} | {bs.get('threads')} | "
                f"{statistics.median(load):.0%} / {max(load):.0%} | {before} | "
                f"{rep.get('host_busy')} |"
            )
    finally:
        hog.kill()
        hog.wait()
    print("| run | wall s | rc | threads | others' CPU median / max | loadavg before | busy |")
    print("|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    print("\n| comparison | verdicts per run | most common kept | different winners |")
    print("|---|---|---|---|")
    kept_all = True
    for name, vs in per.items():
        mode, count = Counter(vs).most_common(1)[0]
        winners = {v for v in vs if v not in ("tie", "busy")}
        kept_all = kept_all and count >= runs - 1 and len(winners) <= 1
        print(f"| {name} | {', '.join(vs)} | {mode} {count}/{len(vs)} | {len(winners) > 1} |")
    print(f"\nevery comparison kept its verdict in >= {runs - 1} of {runs} runs: {kept_all}")


CPU_USED: list[float] = []  # CPU seconds (user + system) of the last timed() command's tree


def timed(argv: list[str], timeout: float = 600) -> tuple[float, int]:
    """Wall seconds and exit code; the CPU seconds of the command and every process it waited
    for (the probe's workers included) go to ``CPU_USED``: on a busy shared machine the wall
    time mostly measures the neighbours, the CPU time does not."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    res = subprocess.run(argv, cwd=ROOT, capture_output=True, timeout=timeout)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU_USED[:] = [
        (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
    ]
    return wall, res.returncode


def load1() -> float | None:
    try:
        return float(loadavg().split()[0])
    except ValueError:
        return None


def probe_run(tier: str) -> dict[str, float | None]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "r.json"
        args = ["--no-bench"] if tier == "none" else ["--tier", tier]
        load = load1()
        wall, rc = timed([sys.executable, "-m", "probes", *args, "--out", str(out), "--quiet"])
        if rc != 0 or not out.exists():
            return {"wall_s": wall, "failed": 1.0}
        cpu_s = CPU_USED[0]
        rep = json.loads(out.read_text(encoding="utf-8"))
    workers = [fw.get("peak_rss_mb") for fw in rep["frameworks"].values() if fw.get("peak_rss_mb")]
    best: dict[str, float] = {}
    for b in rep["benchmarks"]:
        if b["workload"].startswith("matmul_") and b.get("gflops"):
            best[b["framework"]] = max(best.get(b["framework"], 0.0), b["gflops"])
    peak = rep["cpu"].get("peak_fp32_gflops")
    return {
        "wall_s": wall,
        "cpu_s": cpu_s,
        "load1": load,
        "coordinator_mb": rep.get("coordinator_peak_rss_mb"),
        "worker_mb": max(workers) if workers else None,
        "best_gemm": max(best.values()) if best else None,
        "best_share": (max(best.values()) / peak) if best and peak else None,
        **{f"gemm_{k}": v for k, v in best.items()},
    }


def peers() -> tuple[float | None, float | None]:
    """What a user runs today instead of ``--no-bench``: wall and CPU seconds, or None."""
    a, rc_a = timed([sys.executable, "-m", "torch.utils.collect_env"])
    cpu_a = CPU_USED[0]
    b, rc_b = timed([sys.executable, "-c", TF_LIST])
    if rc_a != 0 or rc_b != 0:
        return None, None
    return a + b, cpu_a + CPU_USED[0]


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
    p.add_argument("--tiers", default="none,quick,standard")
    p.add_argument("--stability", type=int, default=5, help="quick runs under load (0: skip)")
    args = p.parse_args()
    print(f"machine: {os.cpu_count()} CPUs, load average before: {loadavg()}")
    nb: list[dict[str, float | None]] = []
    if args.stability:
        print(
            f"\n### {args.stability} quick probes beside a process using one core half the time\n"
        )
        stability(args.stability)
        print()
    print(
        "| tier | wall s (median [min–max] spread) | CPU s, all processes | load average "
        "before | coordinator MB | worst worker MB | best matmul GFLOP/s | share of peak "
        "| numpy / pytorch / tensorflow GFLOP/s |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    peer: list[float | None] = []
    peer_cpu: list[float | None] = []
    for tier in args.tiers.split(","):
        runs = []
        for _ in range(args.runs):
            runs.append(probe_run(tier))
            if tier == "none":  # the peers right after each --no-bench run: paired under load
                wall, cpu = peers()
                peer.append(wall)
                peer_cpu.append(cpu)
                run = runs[-1]
                if wall and cpu and run.get("cpu_s") and not run.get("failed"):
                    run["ratio"] = float(run["wall_s"] or 0) / wall
                    run["cpu_ratio"] = float(run["cpu_s"] or 0) / cpu

        def col(k: str, runs: list[dict[str, float | None]] = runs) -> list[float | None]:
            return [r.get(k) for r in runs]

        rates = " / ".join(fmt(col(f"gemm_{fw}")) for fw in ("numpy", "pytorch", "tensorflow"))
        print(
            f"| {tier} | {fmt(col('wall_s'))} | {fmt(col('cpu_s'))} | {fmt(col('load1'))} | "
            f"{fmt(col('coordinator_mb'))} | "
            f"{fmt(col('worker_mb'))} | {fmt(col('best_gemm'))} | {fmt(col('best_share'))} | "
            f"{rates} |",
            flush=True,
        )
        if tier == "none":
            nb = runs
    if peer:
        print(
            f"\npeer tools (collect_env + TF device listing, each right after a --no-bench run): "
            f"wall s {fmt(peer)}; CPU s {fmt(peer_cpu)}"
        )
        print(
            f"`--no-bench` / peers, per run: wall {fmt([r.get('ratio') for r in nb])}; "
            f"CPU {fmt([r.get('cpu_ratio') for r in nb])}"
        )
    print(f"load average after: {loadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
