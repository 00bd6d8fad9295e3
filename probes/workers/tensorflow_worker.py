"""TensorFlow worker: build facts, visible devices and the benchmark workloads, in a subprocess.

Threads are fixed right after import (before the runtime starts), GPU memory growth is switched
on so TF does not grab the whole card, and TF32 is pinned off like torch's default, so both do
the same FP32 arithmetic (benchmarking.md §2.1, §2.9, §2.10).
"""

from __future__ import annotations

import contextlib
import sys
import time
from functools import partial
from typing import Any

from probes.workers.common import (
    Channel,
    budget_for,
    conv_flops,
    import_failure,
    measure,
    mlp_flops,
    parse_args,
    rss_mb,
    sizes_for,
)

FW = "tensorflow"


def build_info(tf: Any) -> dict[str, str | bool | None]:
    out: dict[str, str | bool | None] = {}
    try:
        info = dict(tf.sysconfig.get_build_info())
    except Exception:
        info = {}
    out["is_cuda_build"] = bool(info.get("is_cuda_build")) if info else None
    out["is_rocm_build"] = bool(info.get("is_rocm_build")) if info else None
    out["is_tensorrt_build"] = bool(info.get("is_tensorrt_build")) if info else None
    out["cuda"] = str(info["cuda_version"]) if info.get("cuda_version") else None
    out["cudnn"] = str(info["cudnn_version"]) if info.get("cudnn_version") else None
    caps = info.get("cuda_compute_capabilities")
    out["cuda_compute_capabilities"] = ",".join(map(str, caps)) if caps else None
    try:
        out["xla"] = bool(tf.test.is_built_with_xla())
    except Exception:
        out["xla"] = None
    out["git_version"] = str(getattr(tf.version, "GIT_VERSION", "")) or None
    return out


def devices(tf: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for d in tf.config.list_physical_devices():
        kind = d.device_type.lower()
        entry: dict[str, Any] = {"kind": kind, "name": d.name}
        if kind == "gpu":
            try:
                details = tf.config.experimental.get_device_details(d)
                cc = details.get("compute_capability")
                if cc:
                    entry["compute_capability"] = f"{cc[0]}.{cc[1]}"
                if details.get("device_name"):
                    entry["name"] = details["device_name"]
            except Exception:
                pass
        out.append(entry)
    return out


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    ch = Channel()
    t0 = time.perf_counter()
    try:
        import tensorflow as tf
    except BaseException as exc:
        status, reason = import_failure(exc, "tensorflow")
        ch.send("info", status=status, reason=reason)
        return 0
    import_s = time.perf_counter() - t0
    import_rss = rss_mb()
    if args.threads:
        try:
            tf.config.threading.set_intra_op_parallelism_threads(args.threads)
            tf.config.threading.set_inter_op_parallelism_threads(1)
        except RuntimeError:
            pass  # runtime already started; TF_NUM_INTRAOP_THREADS from the env applies
    for gpu in tf.config.list_physical_devices("GPU"):
        with contextlib.suppress(RuntimeError):
            tf.config.experimental.set_memory_growth(gpu, True)
    tf32 = args.tf32 == "on"
    with contextlib.suppress(Exception):
        tf.config.experimental.enable_tensor_float_32_execution(tf32)
    devs = devices(tf)
    build = build_info(tf)
    build["tf32"] = tf32
    build["threads"] = str(args.threads) if args.threads else None
    ch.send(
        "info",
        status="ok",
        package="tensorflow",
        version=tf.version.VERSION,
        import_time_s=round(import_s, 3),
        import_rss_mb=import_rss,
        build=build,
        devices=devs,
    )
    if args.mode == "info":
        ch.finish()
    run_benchmarks(tf, args, ch, devs)
    ch.finish()
    return 0


def run_benchmarks(tf: Any, args: Any, ch: Channel, devs: list[dict[str, Any]]) -> None:
    has_gpu = any(d["kind"] == "gpu" for d in devs) and args.device != "cpu"
    dev = "/GPU:0" if has_gpu else "/CPU:0"
    # Same labels as the torch worker so results pair up: Apple GPUs are "mps", others "cuda".
    label = ("mps" if sys.platform == "darwin" else "cuda") if has_gpu else "cpu"
    try:
        from tensorflow.python.framework.test_util import sync_devices as _sync_all
    except Exception:  # pragma: no cover - older TF
        _sync_all = None

    def sync() -> None:
        if has_gpu and _sync_all is not None:
            _sync_all()

    budget = budget_for(args)
    s = sizes_for("gpu" if has_gpu else "cpu", args.tiny, args.threads)
    threads = args.threads or None if not has_gpu else None
    tf.random.set_seed(0)
    standard = args.tier in ("standard", "deep")

    def matmul(n: int) -> None:
        with tf.device(dev):
            a = tf.random.normal((n, n))
            b = tf.random.normal((n, n))
            st = measure(lambda: tf.linalg.matmul(a, b), sync, budget)
            ch.bench(f"matmul_{n}", FW, label, "eager", st, threads, flops=2.0 * n**3)
            if standard:
                xla = tf.function(lambda x, y: tf.linalg.matmul(x, y), jit_compile=True)
                st = measure(lambda: xla(a, b), sync, budget)
                ch.bench(f"matmul_{n}", FW, label, "xla", st, threads, flops=2.0 * n**3)

    def conv() -> None:
        n, hw, cin, cout, k = s.conv
        with tf.device(dev):
            x = tf.random.normal((n, hw, hw, cin))
            w = tf.random.normal((k, k, cin, cout))
            st = measure(lambda: tf.nn.conv2d(x, w, 1, "SAME"), sync, budget)
        ch.bench("conv2d", FW, label, "nhwc", st, threads, flops=conv_flops(s))

    def mlp_setup() -> Any:
        bsz, din, h1, h2, dout = s.mlp
        init = tf.random.normal
        ws = [tf.Variable(init(shape) * 0.05) for shape in ((din, h1), (h1, h2), (h2, dout))]
        bs = [tf.Variable(tf.zeros((m,))) for m in (h1, h2, dout)]
        params = ws + bs
        x = tf.random.normal((bsz, din))
        y = tf.random.uniform((bsz,), 0, dout, dtype=tf.int32)

        def step() -> Any:
            with tf.GradientTape() as tape:
                a1 = tf.nn.relu(tf.matmul(x, ws[0]) + bs[0])
                a2 = tf.nn.relu(tf.matmul(a1, ws[1]) + bs[1])
                logits = tf.matmul(a2, ws[2]) + bs[2]
                loss = tf.reduce_mean(
                    tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
                )
            grads = tape.gradient(loss, params)
            for p, g in zip(params, grads, strict=True):
                p.assign_sub(0.01 * g)
            return loss

        return step

    def mlp_eager() -> None:
        with tf.device(dev):
            step = mlp_setup()
            st = measure(step, sync, budget)
        ch.bench("mlp_train_eager", FW, label, "eager", st, threads, flops=mlp_flops(s))

    def mlp_compiled(jit: bool) -> None:
        with tf.device(dev):
            fn = tf.function(mlp_setup(), jit_compile=jit)
            st = measure(fn, sync, budget)
            traces = fn.experimental_get_tracing_count()
        variant = "xla" if jit else "tf.function"
        note = f"first call incl. trace/compile {st.first_call_s:.2f} s; traces {traces}"
        if traces > 1:
            note += " (retracing: result suspect)"
        ch.bench(
            "mlp_train_compiled", FW, label, variant, st, threads, flops=mlp_flops(s), note=note
        )

    def dispatch() -> None:
        with tf.device(dev):
            u = tf.ones((8, 8))
            st = measure(lambda: u + u, sync, budget)
        ch.bench("dispatch_overhead", FW, label, "8x8 add", st, threads)

    def h2d() -> None:
        import numpy as np

        nbytes = s.transfer_mb * 2**20
        host = np.ones(nbytes // 4, dtype=np.float32)

        def copy() -> Any:
            with tf.device(dev):
                return tf.identity(host)

        st = measure(copy, sync, budget)
        ch.bench("h2d_transfer", FW, label, "numpy→device", st, None, nbytes=float(nbytes))

    for n in s.matmul:
        ch.guard(f"tensorflow matmul_{n}", partial(matmul, n))
    ch.guard("tensorflow conv2d", conv)
    ch.guard("tensorflow mlp_train_eager", mlp_eager)
    ch.guard("tensorflow mlp_train_compiled (tf.function)", lambda: mlp_compiled(False))
    ch.guard("tensorflow mlp_train_compiled (XLA)", lambda: mlp_compiled(True))
    ch.guard("tensorflow dispatch_overhead", dispatch)
    if has_gpu:
        ch.guard("tensorflow h2d_transfer", h2d)


if __name__ == "__main__":
    raise SystemExit(main())
