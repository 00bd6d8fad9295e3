"""Run every benchmark script in this folder, one subprocess each, and print what they print.

Benchmarks measure; they never fail a build on a number (the machines are shared and noisy).
Each ``*_bench.py`` prints its own results with the machine it ran on; ``make bench`` runs them all.
Pass names to run a subset: ``python benchmarks/run_all.py probes recommender``.
"""

from __future__ import annotations

import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    scripts = sorted(HERE.glob("*_bench.py"))
    if argv:
        scripts = [s for s in scripts if any(s.name.startswith(a) for a in argv)]
    print(f"# machine: {platform.platform()}, {platform.processor() or platform.machine()}")
    failures = 0
    for script in scripts:
        print(f"\n## {script.name}", flush=True)
        started = time.perf_counter()
        done = subprocess.run([sys.executable, str(script)], cwd=HERE.parent)
        print(f"({script.name} took {time.perf_counter() - started:.1f} s, exit {done.returncode})")
        failures += done.returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
