"""Measure the whole ``python -m probes --no-bench --deploy`` probe: wall time (target <= 90 s for
all paths), the CPU time its workers used, the host's load while it ran, and the table per path.

Usage: ``python benchmarks/deploy_bench.py [--targets mobile,browser,edge,mcu,server] [--runs 1]
[--json OUT]``. Prints Markdown; the numbers go in docs/deployment-paths.md, not in tests. On a
shared machine the wall time follows the neighbours' load (shown), the CPU time much less.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = 90.0


def _ms(lat: dict[str, float] | None) -> str:
    if not lat:
        return "—"
    return f"{lat['median_s'] * 1e3:.3f} [{lat['ci_low_s'] * 1e3:.3f}–{lat['ci_high_s'] * 1e3:.3f}]"


def _kb(n: int | None) -> str:
    return f"{n / 1024:.1f}" if n else "—"


def one_run(targets: str) -> tuple[dict[str, Any], float, float, tuple[float, float]]:
    """(report, wall s, CPU s of the probe and its workers, load average before/after)."""
    load0 = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        env = {**os.environ, "FA_PROBES_FRAMEWORKS": "none"}
        cmd = [sys.executable, "-m", "probes", "--no-bench", "--deploy", targets, "--quiet"]
        start = time.monotonic()
        subprocess.run(
            [*cmd, "--out", str(out)],
            cwd=ROOT,
            env=env,
            check=True,
        )
        wall = time.monotonic() - start
        report = json.loads(out.read_text(encoding="utf-8"))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return report, wall, cpu, (load0, os.getloadavg()[0])


def table(report: dict[str, Any]) -> list[str]:
    rows = [
        "| path | model | status | size KiB | int8 KiB | latency ms [95% CI] | eager ms | "
        "max abs diff | note |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for e in report.get("deployment_paths") or []:
        diff = e.get("max_abs_diff")
        note = ", ".join(e.get("failed_ops") or []) or (e.get("error") or "")[:60]
        if e.get("int8_max_abs_diff") is not None:
            note = f"int8: {_ms(e.get('int8_latency'))} ms, diff {e['int8_max_abs_diff']:.2g}"
        rows.append(
            f"| {e['path']} | {e['model']} | {e['status']} | {_kb(e.get('artefact_bytes'))} | "
            f"{_kb(e.get('int8_bytes'))} | {_ms(e.get('latency'))} | "
            f"{_ms(e.get('eager_latency'))} | {f'{diff:.1e}' if diff is not None else '—'} | "
            f"{note} |"
        )
    return rows


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--targets", default="mobile,browser,edge,mcu,server")
    p.add_argument("--runs", type=int, default=1)
    p.add_argument("--json", type=Path)
    args = p.parse_args()
    lines = ["# deploy probe benchmark", ""]
    last: dict[str, Any] = {}
    for i in range(args.runs):
        report, wall, cpu, (l0, l1) = one_run(args.targets)
        last = report
        ok = "within" if wall <= TARGET_S else "OVER"
        lines.append(
            f"- run {i + 1}: wall {wall:.1f} s ({ok} the {TARGET_S:.0f} s target), CPU {cpu:.1f} s "
            f"(probe + workers), load average {l0:.1f} → {l1:.1f} on {os.cpu_count()} CPUs"
        )
    lines += ["", *table(last), ""]
    diff = last.get("deploy_cross_framework_diff")
    lines.append(f"PyTorch vs TensorFlow eager outputs, max abs diff: {diff}")
    print("\n".join(lines))
    if args.json:
        args.json.write_text(json.dumps(last, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
