#!/usr/bin/env bash
# One-shot GPU check of the probe (run on a GPU box from the repo root; OUT = result folder).
# Captures real nvidia-smi output for fixtures and runs every tier, timing each.
set -u
OUT=${OUT:-probe-gpu-out}
mkdir -p "$OUT"
export PYTHONUNBUFFERED=1
PY=${PY:-python3}
{
  nvidia-smi
  echo "---- query"
  nvidia-smi --query-gpu=index,name,memory.total,driver_version,compute_cap,mig.mode.current \
    --format=csv,nounits
} >"$OUT/nvidia-smi.txt" 2>&1
{ lscpu; echo "----"; head -30 /proc/cpuinfo; } >"$OUT/cpu.txt" 2>&1
log="$OUT/log.txt"
run() {  # name, args...
  local name=$1; shift
  local t0; t0=$(date +%s%N)
  "$PY" -m probes "$@" --out "$OUT/$name.json" 2>>"$log"
  local rc=$?
  echo "$name rc=$rc wall_ms=$(( ($(date +%s%N) - t0) / 1000000 ))" | tee -a "$log"
}
run nobench --no-bench
run quick --tier quick
run standard --tier standard
run deep --tier deep
