#!/usr/bin/env bash
# One prepared GPU check of the probe, for a lent GPU machine (no network needed).
#
#   OUT=/some/folder bash benchmarks/probes_gpu_check.sh      # from the repository root
#
# Expects: Python 3.12 (PY, default python3) with torch built for CUDA; TensorFlow absent (its
# GPU path has its own script, benchmarks/probes_gpu_tf_check.sh); pydantic importable (the lead
# puts it on PYTHONPATH). psutil, numpy and PyYAML are optional: without them the probe reads
# /proc, the numpy anchor reports "missing", and hardware peaks stay unknown.
# Writes into OUT (about 3-5 minutes in all, every step under a hard timeout, total < 6 min):
#   preflight.txt                 interpreter, packages, torch.cuda facts
#   nvidia-smi.txt                plain `nvidia-smi` (header with driver and CUDA version)
#   nvidia-smi_query.csv          the exact --query-gpu the probe sends (probes/accel/nvidia.py)
#   nvidia-smi_query_fallback.csv the probe's fallback query for old drivers
#   commands/                     every command the inventory ran, argv + output (index.json)
#   nobench.json                  python -m probes --no-bench
#   standard.json, standard.md    python -m probes --tier standard (paired, model-level, AMP,
#                                 TF32, host-to-device bandwidth, torch.compile times)
#   standard.progress.jsonl       progress lines, log.txt: exit codes and wall times
set -u
OUT=${OUT:-${1:-probe-gpu-out}}
PY=${PY:-python3}
mkdir -p "$OUT"
export PYTHONUNBUFFERED=1
log="$OUT/log.txt"
: >"$log"
step() {  # name, timeout seconds, command...
  local name=$1 limit=$2
  shift 2
  local t0 rc
  t0=$(date +%s%N)
  timeout -k 5 "$limit" "$@"
  rc=$?
  echo "$name rc=$rc wall_ms=$((($(date +%s%N) - t0) / 1000000))" >>"$log"
}

step preflight 60 "$PY" - >"$OUT/preflight.txt" 2>&1 <<'PYEOF'
import importlib.util, platform, sys
print("python", sys.version.replace("\n", " "), platform.platform())
for mod in ("pydantic", "torch", "numpy", "psutil", "yaml", "tensorflow", "triton", "pynvml"):
    print(mod, "present" if importlib.util.find_spec(mod) else "absent")
import torch
print("torch", torch.__version__, "cuda build", torch.version.cuda)
print("cuda available", torch.cuda.is_available(), "devices", torch.cuda.device_count())
if torch.cuda.is_available():
    p = torch.cuda.get_device_properties(0)
    print("device 0", p.name, f"cc {p.major}.{p.minor}", f"{p.total_memory / 2**30:.1f} GiB")
    print("bf16 supported", torch.cuda.is_bf16_supported())
import probes.api  # the coordinator must import without any framework
print("probes importable")
PYEOF

step nvidia-smi 30 nvidia-smi >"$OUT/nvidia-smi.txt" 2>&1
# The exact queries, built from the probe's own field lists so they cannot drift.
QUERY=$("$PY" -c "from probes.accel.nvidia import QUERY_FIELDS as F; print(','.join(F))")
FALLBACK=$("$PY" -c "from probes.accel.nvidia import FALLBACK_FIELDS as F; print(','.join(F))")
step nvidia-smi-query 30 nvidia-smi "--query-gpu=$QUERY" --format=csv,nounits \
  >"$OUT/nvidia-smi_query.csv" 2>&1
step nvidia-smi-query-fallback 30 nvidia-smi "--query-gpu=$FALLBACK" --format=csv,nounits \
  >"$OUT/nvidia-smi_query_fallback.csv" 2>&1
step commands 60 "$PY" benchmarks/record_probe_commands.py "$OUT/commands" >>"$log" 2>&1
{ lscpu; echo "----"; head -30 /proc/cpuinfo; } >"$OUT/cpu.txt" 2>&1

step nobench 45 "$PY" -m probes --no-bench --quiet --out "$OUT/nobench.json"
step standard 240 "$PY" -m probes --tier standard --progress-json --out "$OUT/standard.json" \
  2>"$OUT/standard.progress.jsonl"
if [ -s "$OUT/standard.json" ]; then
  step standard-md 30 "$PY" - "$OUT/standard.json" >"$OUT/standard.md" <<'PYEOF'
import sys
from pathlib import Path
from probes.markdown import render_markdown
from probes.report_io import parse_report
path = Path(sys.argv[1])
print(render_markdown(parse_report(path.read_bytes(), path.name)), end="")
PYEOF
fi
ls -l "$OUT" >>"$log"
cat "$log"
