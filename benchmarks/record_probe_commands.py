"""Record every external command the probe's inventory runs, exactly as it sends them.

Usage: ``python benchmarks/record_probe_commands.py OUT_DIR``. Writes one file per command
(``OUT_DIR/NN_<program>.txt``: stdout as captured, byte for byte) and ``index.json`` with the
argv, return code, status, duration and stderr of each, so recorded GPU outputs can become
replay fixtures (``probes.runner.ReplayRunner``) for the exact queries the probe makes.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from probes.inventory import collect_inventory  # noqa: E402
from probes.runner import CommandResult, run_command  # noqa: E402


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "probe-commands")
    out.mkdir(parents=True, exist_ok=True)
    index: list[dict[str, object]] = []

    def recording(args: Sequence[str], timeout_s: float) -> CommandResult:
        res = run_command(args, timeout_s)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", Path(args[0]).name)[:40]
        path = out / f"{len(index):02d}_{name}.txt"
        path.write_text(res.stdout, encoding="utf-8")
        index.append(
            {
                "file": path.name,
                "argv": list(res.argv),
                "returncode": res.returncode,
                "status": res.status,
                "duration_s": round(res.duration_s, 3),
                "stderr": res.stderr[-2000:],
            }
        )
        return res

    inv = collect_inventory(recording)
    (out / "index.json").write_text(json.dumps(index, indent=2) + "\n", encoding="utf-8")
    summary = [f"{a.vendor} {a.name} ({a.source})" for a in inv.accelerators]
    print(f"{len(index)} commands recorded in {out}; accelerators: {summary or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
