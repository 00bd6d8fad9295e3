#!/usr/bin/env bash
# The TensorFlow GPU path of the probe, which has never run anywhere: one prepared command for a
# GPU machine with TensorFlow built for CUDA (e.g. `pip install "tensorflow[and-cuda]"` done
# beforehand; no network is needed while it runs). torch may be present or not.
#
#   OUT=/some/folder bash benchmarks/probes_gpu_tf_check.sh      # from the repository root
#
# Writes into OUT (every step under a hard timeout, at most 9.5 minutes in all):
#   preflight.txt        TF build info (CUDA/cuDNN), visible GPUs, a tiny matmul on /GPU:0
#   nvidia-smi.txt       plain `nvidia-smi`
#   tf_worker_info.jsonl the TF worker's own info line (`--mode info`), raw
#   tf_serve.jsonl       the TF worker serving one GPU matmul block by hand (protocol check)
#   quick_tf.json        python -m probes --tier quick with TensorFlow only (numpy anchor too)
#   standard.json        python -m probes --tier standard with every installed framework
#   log.txt              exit codes and wall times
set -u
OUT=${OUT:-${1:-probe-gpu-tf-out}}
PY=${PY:-python3}
mkdir -p "$OUT"
export PYTHONUNBUFFERED=1 TF_CPP_MIN_LOG_LEVEL=1
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
import sys, time
print("python", sys.version.replace("\n", " "))
t0 = time.perf_counter()
import tensorflow as tf
print("tensorflow", tf.version.VERSION, f"import {time.perf_counter() - t0:.2f} s")
print("build", dict(tf.sysconfig.get_build_info()))
gpus = tf.config.list_physical_devices("GPU")
print("gpus", gpus)
for g in gpus:
    tf.config.experimental.set_memory_growth(g, True)
    print("details", tf.config.experimental.get_device_details(g))
if gpus:
    with tf.device("/GPU:0"):
        a = tf.random.normal((1024, 1024))
        print("matmul on", tf.linalg.matmul(a, a).device)
PYEOF

step nvidia-smi 20 nvidia-smi >"$OUT/nvidia-smi.txt" 2>&1
step tf-info 60 "$PY" -m probes.workers.tensorflow_worker --mode info \
  >"$OUT/tf_worker_info.jsonl" 2>"$OUT/tf_worker_info.stderr"
# the serve protocol by hand: list, prepare and time one GPU matmul block, quit
step tf-serve 100 "$PY" -m probes.workers.tensorflow_worker --mode serve --tier quick \
  >"$OUT/tf_serve.jsonl" 2>"$OUT/tf_serve.stderr" <<'CMDS'
{"cmd": "list", "id": 1}
{"cmd": "prepare", "workload": "matmul_8192", "variant": "eager", "id": 2}
{"cmd": "block", "workload": "matmul_8192", "variant": "eager", "samples": 3, "id": 3}
{"cmd": "prepare", "workload": "matmul_8192", "variant": "bf16", "id": 4}
{"cmd": "block", "workload": "matmul_8192", "variant": "bf16", "samples": 3, "id": 5}
{"cmd": "quit"}
CMDS
step quick-tf 120 env FA_PROBES_FRAMEWORKS=tensorflow "$PY" -m probes --tier quick --quiet \
  --out "$OUT/quick_tf.json"
step standard 200 "$PY" -m probes --tier standard --progress-json --out "$OUT/standard.json" \
  2>"$OUT/standard.progress.jsonl"
ls -l "$OUT" >>"$log"
cat "$log"
