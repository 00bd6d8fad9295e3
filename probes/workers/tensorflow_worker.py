"""TensorFlow worker: build facts, visible devices and the benchmark workloads, in a subprocess.

Threads are fixed right after import (before the runtime starts), GPU memory growth is switched
on so TF does not grab the whole card, and TF32 is pinned off like torch's default, so both do
the same FP32 arithmetic (docs/benchmarks.md §1).
"""

from __future__ import annotations

import contextlib
import math
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from probes.workers.common import (
    Spec,
    budget_for,
    cnn_forward_flops_per_image,
    conv_flops,
    encoder_forward_flops,
    mlp_flops,
    send_info,
    serve,
    sizes_for,
    start,
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
    started = start(argv, "tensorflow")
    if started is None:
        return 0
    args, ch, imported = started
    tf = imported.module
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
    send_info(ch, imported, version=tf.version.VERSION, build=build, devices=devs, mode=args.mode)
    has_gpu = any(d["kind"] == "gpu" for d in devs) and args.device != "cpu"
    # Same labels as the torch worker so results pair up: Apple GPUs are "mps", others "cuda".
    label = ("mps" if sys.platform == "darwin" else "cuda") if has_gpu else "cpu"
    specs, sync = workloads(tf, args, has_gpu)
    serve(ch, specs, sync, budget_for(args), label, (args.threads or None) if not has_gpu else None)
    return 0


@dataclass(frozen=True)
class _Env:
    """What every workload builder needs: TensorFlow, the device, the sizes and the tier."""

    tf: Any
    has_gpu: bool
    sizes: Any  # common.Sizes
    tier: str

    @property
    def standard(self) -> bool:
        return self.tier in ("standard", "deep")

    def rnd(self, *shape: int, scale: float = 1.0) -> Any:
        return self.tf.random.normal(shape) * scale

    def on_device(self, make: Callable[[], Callable[[], Any]]) -> Callable[[], Callable[[], Any]]:
        """Build and call on the benchmark device (/GPU:0 or /CPU:0)."""
        tf, dev = self.tf, "/GPU:0" if self.has_gpu else "/CPU:0"

        def build() -> Callable[[], Any]:
            with tf.device(dev):
                fn = make()

            def call() -> Any:
                with tf.device(dev):
                    return fn()

            return call

        return build


def workloads(tf: Any, args: Any, has_gpu: bool) -> tuple[list[Spec], Callable[[], None]]:
    """The TensorFlow side of every workload; docs/benchmarks.md lists the equivalence with the
    torch worker (same shapes, dtypes, optimiser; NHWC, TF's native layout)."""
    try:
        from tensorflow.python.framework.test_util import sync_devices as _sync_all
    except Exception:  # pragma: no cover - older TF
        _sync_all = None

    def sync() -> None:
        if has_gpu and _sync_all is not None:
            _sync_all()

    env = _Env(
        tf, has_gpu, sizes_for("gpu" if has_gpu else "cpu", args.tiny, args.threads), args.tier
    )
    tf.random.set_seed(0)
    specs = [*_matmul_specs(env), _conv_spec(env), *_mlp_specs(env), *_small_specs(env)]
    return specs + _model_specs(env), sync


# ---- kernels


def _matmul_specs(env: _Env) -> list[Spec]:
    tf, s = env.tf, env.sizes

    def matmul(n: int, mode: str) -> Callable[[], Any]:
        dtype = {"bf16": tf.bfloat16, "fp16": tf.float16}.get(mode, tf.float32)
        a, b = tf.cast(env.rnd(n, n), dtype), tf.cast(env.rnd(n, n), dtype)
        if mode == "xla":
            xla = tf.function(lambda x, y: tf.linalg.matmul(x, y), jit_compile=True)
            return lambda: xla(a, b)
        allow = mode == "tf32"

        if not allow:
            return lambda: tf.linalg.matmul(a, b)

        def call() -> Any:
            # switched back at once so every other workload keeps true FP32 (the pinned default)
            tf.config.experimental.enable_tensor_float_32_execution(True)
            try:
                return tf.linalg.matmul(a, b)
            finally:
                tf.config.experimental.enable_tensor_float_32_execution(False)

        return call

    specs: list[Spec] = []
    sizes = s.matmul if env.standard or env.has_gpu else s.matmul[-1:]
    for n in sizes:
        flops = 2.0 * n**3
        specs.append(
            Spec(f"matmul_{n}", "eager", "kernel", env.on_device(partial(matmul, n, "fp32")), flops)
        )
        if env.standard:
            specs.append(
                Spec(
                    f"matmul_{n}",
                    "xla",
                    "kernel",
                    env.on_device(partial(matmul, n, "xla")),
                    flops,
                    compiled=True,
                )
            )
    if env.has_gpu:
        n = s.matmul[-1]
        for mode, dtype in (("tf32", "tf32"), ("bf16", "bfloat16"), ("fp16", "float16")):
            specs.append(
                Spec(
                    f"matmul_{n}",
                    mode,
                    "kernel",
                    env.on_device(partial(matmul, n, mode)),
                    2.0 * n**3,
                    dtype=dtype,
                )
            )
    return specs


def _conv_spec(env: _Env) -> Spec:
    tf, s = env.tf, env.sizes

    def conv() -> Callable[[], Any]:
        n, hw, cin, cout, k = s.conv
        x, w = env.rnd(n, hw, hw, cin), env.rnd(k, k, cin, cout)
        return lambda: tf.nn.conv2d(x, w, 1, "SAME")

    return Spec("conv2d", "nhwc", "kernel", env.on_device(conv), conv_flops(s))


def _sgd(tf: Any, params: list[Any], grads: list[Any]) -> None:
    for p, g in zip(params, grads, strict=True):
        if isinstance(g, tf.IndexedSlices):  # embedding rows: update only those touched
            p.scatter_sub(tf.IndexedSlices(0.01 * g.values, g.indices, g.dense_shape))
        else:
            p.assign_sub(0.01 * g)


def _trainer(
    tf: Any, params: list[Any], loss_of: Callable[[], Any], mode: str
) -> Callable[[], Any]:
    """One SGD step: eager, tf.function ("graph") or XLA ("xla")."""

    def step() -> Any:
        with tf.GradientTape() as tape:
            loss = loss_of()
        _sgd(tf, params, tape.gradient(loss, params))
        return loss

    if mode == "eager":
        return step
    traced: Callable[[], Any] = tf.function(step, jit_compile=mode == "xla")
    return traced


def _mlp_specs(env: _Env) -> list[Spec]:
    tf, s = env.tf, env.sizes

    def mlp(mode: str) -> Callable[[], Any]:
        bsz, din, h1, h2, dout = s.mlp
        ws = [tf.Variable(env.rnd(*sh, scale=0.05)) for sh in ((din, h1), (h1, h2), (h2, dout))]
        bs = [tf.Variable(tf.zeros((m,))) for m in (h1, h2, dout)]
        x = env.rnd(bsz, din)
        y = tf.random.uniform((bsz,), 0, dout, dtype=tf.int32)

        def loss_of() -> Any:
            a1 = tf.nn.relu(tf.matmul(x, ws[0]) + bs[0])
            a2 = tf.nn.relu(tf.matmul(a1, ws[1]) + bs[1])
            logits = tf.matmul(a2, ws[2]) + bs[2]
            return tf.reduce_mean(
                tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
            )

        return _trainer(tf, ws + bs, loss_of, mode)

    on_device = env.on_device
    specs = [
        Spec("mlp_train_eager", "eager", "kernel", on_device(partial(mlp, "eager")), mlp_flops(s))
    ]
    if env.standard or env.has_gpu:
        specs.append(
            Spec(
                "mlp_train_compiled",
                "xla",
                "kernel",
                on_device(partial(mlp, "xla")),
                mlp_flops(s),
                compiled=True,
            )
        )
        specs.append(
            Spec(
                "mlp_train_compiled",
                "tf.function",
                "kernel",
                on_device(partial(mlp, "graph")),
                mlp_flops(s),
                compiled=True,
            )
        )
    return specs


def _small_specs(env: _Env) -> list[Spec]:
    """Dispatch overhead, and a host-to-device copy on a GPU."""
    tf = env.tf

    def dispatch() -> Callable[[], Any]:
        u = tf.ones((8, 8))
        return lambda: u + u

    specs = [Spec("dispatch_overhead", "8x8 add", "kernel", env.on_device(dispatch))]
    if env.has_gpu:
        import numpy as np

        nbytes = env.sizes.transfer_mb * 2**20

        def h2d() -> Callable[[], Any]:
            host = np.ones(nbytes // 4, dtype=np.float32)
            return lambda: tf.identity(host)

        specs.append(
            Spec("h2d_transfer", "numpy→device", "kernel", env.on_device(h2d), nbytes=float(nbytes))
        )
    return specs


# ---- models

# name, builder(mode), FLOP per call, items per call, unit
_Model = tuple[str, Callable[[str], Callable[[], Any]], float | None, int, str]


def _cnn_models(env: _Env) -> list[_Model]:
    tf, s = env.tf, env.sizes
    bsz, hw, c1, c2, fc, cls = s.cnn
    flat = (hw // 4) * (hw // 4) * c2

    def cnn_params() -> list[Any]:
        shapes = [(3, 3, 3, c1), (c1,), (3, 3, c1, c2), (c2,), (flat, fc), (fc,), (fc, cls), (cls,)]
        return [tf.Variable(env.rnd(*sh, scale=0.05)) for sh in shapes]

    def cnn_forward(p: list[Any], x: Any) -> Any:
        h = tf.nn.max_pool2d(tf.nn.relu(tf.nn.conv2d(x, p[0], 1, "SAME") + p[1]), 2, 2, "VALID")
        h = tf.nn.max_pool2d(tf.nn.relu(tf.nn.conv2d(h, p[2], 1, "SAME") + p[3]), 2, 2, "VALID")
        h = tf.reshape(h, (-1, flat))
        return tf.matmul(tf.nn.relu(tf.matmul(h, p[4]) + p[5]), p[6]) + p[7]

    def cnn_train(mode: str) -> Callable[[], Any]:
        p, x = cnn_params(), env.rnd(bsz, hw, hw, 3)
        y = tf.random.uniform((bsz,), 0, cls, dtype=tf.int32)

        def loss_of() -> Any:
            logits = cnn_forward(p, x)
            return tf.reduce_mean(
                tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
            )

        return _trainer(tf, p, loss_of, mode)

    def cnn_infer(n: int, mode: str) -> Callable[[], Any]:
        p, x = cnn_params(), env.rnd(n, hw, hw, 3)
        fwd = lambda: cnn_forward(p, x)  # noqa: E731
        return fwd if mode == "eager" else tf.function(fwd, jit_compile=True)

    cnn_fwd = cnn_forward_flops_per_image(s)
    return [
        ("cnn_train", cnn_train, 3 * cnn_fwd * bsz, bsz, "images/s"),
        ("cnn_infer_b1", partial(cnn_infer, 1), cnn_fwd, 1, "images/s"),
        ("cnn_infer_b32", partial(cnn_infer, 32), cnn_fwd * 32, 32, "images/s"),
    ]


def _layer_norm(tf: Any, x: Any, g: Any, beta: Any) -> Any:
    mean, var = tf.nn.moments(x, axes=[-1], keepdims=True)
    return (x - mean) * tf.math.rsqrt(var + 1e-5) * g + beta


def _encoder_model(env: _Env) -> _Model:
    tf, s = env.tf, env.sizes
    b, n_tok, d, heads, f = s.encoder
    dh = d // heads

    def encoder_params() -> list[Any]:
        shapes = [(d, 3 * d), (3 * d,), (d, d), (d,), (d,), (d,), (d, f), (f,), (f, d), (d,)]
        shapes += [(d,), (d,)]
        ps = [env.rnd(*sh, scale=0.02) for sh in shapes]
        for i in (4, 10):
            ps[i] = tf.ones((d,))
        for i in (5, 11):
            ps[i] = tf.zeros((d,))
        return [tf.Variable(q) for q in ps]

    def encoder_forward(p: list[Any], x: Any) -> Any:
        qkv = tf.reshape(tf.matmul(x, p[0]) + p[1], (b, n_tok, 3, heads, dh))
        qkv = tf.transpose(qkv, (2, 0, 3, 1, 4))
        q, k, v = qkv[0], qkv[1], qkv[2]
        att = tf.matmul(tf.nn.softmax(tf.matmul(q, k, transpose_b=True) / math.sqrt(dh)), v)
        att = tf.reshape(tf.transpose(att, (0, 2, 1, 3)), (b, n_tok, d))
        h = _layer_norm(tf, x + tf.matmul(att, p[2]) + p[3], p[4], p[5])
        ff = tf.matmul(tf.nn.gelu(tf.matmul(h, p[6]) + p[7], approximate=False), p[8]) + p[9]
        return _layer_norm(tf, h + ff, p[10], p[11])

    def encoder_train(mode: str) -> Callable[[], Any]:
        p, x, target = encoder_params(), env.rnd(b, n_tok, d), env.rnd(b, n_tok, d)
        loss_of = lambda: tf.reduce_mean(tf.square(encoder_forward(p, x) - target))  # noqa: E731
        return _trainer(tf, p, loss_of, mode)

    flops = 3 * encoder_forward_flops(s)
    return ("transformer_train", encoder_train, flops, b * n_tok, "tokens/s")


def _embedding_model(env: _Env) -> _Model:
    tf = env.tf
    vocab, dim, eb, seq, hid, ecls = env.sizes.embed

    def embedding_train(mode: str) -> Callable[[], Any]:
        table = tf.Variable(env.rnd(vocab, dim, scale=0.05))
        dense = [tf.Variable(env.rnd(dim, hid, scale=0.05)), tf.Variable(tf.zeros((hid,)))]
        dense += [tf.Variable(env.rnd(hid, ecls, scale=0.05)), tf.Variable(tf.zeros((ecls,)))]
        tokens = tf.random.uniform((eb, seq), 0, vocab, dtype=tf.int32)
        y = tf.random.uniform((eb,), 0, ecls, dtype=tf.int32)

        def loss_of() -> Any:
            h = tf.reduce_mean(tf.gather(table, tokens), axis=1)
            logits = tf.matmul(tf.nn.relu(tf.matmul(h, dense[0]) + dense[1]), dense[2]) + dense[3]
            return tf.reduce_mean(
                tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
            )

        return _trainer(tf, [table, *dense], loss_of, mode)

    return ("embedding_train", embedding_train, None, eb * seq, "tokens/s")


def _model_specs(env: _Env) -> list[Spec]:
    """Each model eager, and XLA-compiled where the tier asks."""
    # XLA compiles in well under a second here, but the torch side compiles only in the
    # standard and deep tiers: quick skips both so its budget holds (docs/benchmarks.md).
    in_standard = ("cnn_train", "transformer_train") if env.has_gpu else ("cnn_train",)
    specs: list[Spec] = []
    for name, make, mflops, items, unit in [
        *_cnn_models(env),
        _encoder_model(env),
        _embedding_model(env),
    ]:
        eager = env.on_device(partial(make, "eager"))
        specs.append(Spec(f"{name}_eager", "eager", "model", eager, mflops, items=items, unit=unit))
        if env.standard and (env.tier == "deep" or name in in_standard):
            specs.append(
                Spec(
                    f"{name}_compiled",
                    "xla",
                    "model",
                    env.on_device(partial(make, "xla")),
                    mflops,
                    items=items,
                    unit=unit,
                    compiled=True,
                )
            )
    return specs


if __name__ == "__main__":
    raise SystemExit(main())
