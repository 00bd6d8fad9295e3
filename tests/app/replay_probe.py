"""Stand-in for ``python -m probes`` in AppTest runs: same CLI and progress protocol, but it
replays a recorded real report instead of importing the frameworks (the real subprocess is
exercised by the browser tests). ``REPLAY_MODE`` = ok | hang | fail."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

REPORT = Path(__file__).resolve().parent / "data" / "probe-this-machine.json"
STEPS = ["inventory", "tensorflow", "pytorch", "benchmarks"]


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--tier", default="quick")
    p.add_argument("--progress-json", action="store_true")
    p.add_argument("--out", type=Path, required=True)
    args = p.parse_args()
    mode = os.environ.get("REPLAY_MODE", "ok")
    started = time.monotonic()
    for i, step in enumerate(STEPS):
        event = {
            "step": step,
            "done": i,
            "total": len(STEPS),
            "elapsed_s": round(time.monotonic() - started, 2),
            "eta_s": 0.05 * (len(STEPS) - i),
        }
        print(json.dumps(event), file=sys.stderr, flush=True)
        time.sleep(0.05)
    if mode == "hang":
        time.sleep(600)
    if mode == "fail":
        print("worker crashed: simulated", file=sys.stderr, flush=True)
        return 3
    shutil.copyfile(os.environ.get("REPLAY_REPORT", str(REPORT)), args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
