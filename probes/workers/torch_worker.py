"""PyTorch worker: build facts, visible devices and the benchmark workloads, in a subprocess.

Run as ``python -m probes.workers.torch_worker --mode info|serve ...``; see common.py for the
JSON-lines protocol. TF32 is pinned off (torch's matmul default, TF's is on) so both frameworks
do true FP32 math unless ``--tf32 on`` is asked for.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import tempfile
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

FW = "pytorch"


def build_info(torch: Any) -> dict[str, str | bool | None]:
    b: dict[str, str | bool | None] = {
        "cuda": torch.version.cuda,
        "hip": getattr(torch.version, "hip", None),
        "xpu": getattr(torch.version, "xpu", None),
        "is_cuda_build": torch.version.cuda is not None,
        "is_rocm_build": getattr(torch.version, "hip", None) is not None,
        "debug": bool(getattr(torch.version, "debug", False)),
        "mkldnn": bool(torch.backends.mkldnn.is_available()),
        "mps_built": bool(getattr(torch.backends, "mps", None) and torch.backends.mps.is_built()),
    }
    try:
        v = torch.backends.cudnn.version() if torch.backends.cudnn.is_available() else None
        b["cudnn"] = str(v) if v else None
    except Exception:
        b["cudnn"] = None
    try:
        cfg = torch.__config__.show()
        m = re.search(r"BLAS_INFO=(\w+)", cfg)
        b["blas"] = m.group(1) if m else None
        m = re.search(r"CPU capability usage: (\w+)", cfg)
        b["cpu_capability"] = m.group(1) if m else None
    except Exception:
        pass
    b["threads"] = str(torch.get_num_threads())
    return b


def devices(torch: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [{"kind": "cpu", "name": "cpu"}]
    try:
        if torch.cuda.is_available():
            kind = "rocm" if getattr(torch.version, "hip", None) else "cuda"
            for i in range(torch.cuda.device_count()):
                p = torch.cuda.get_device_properties(i)
                cc = f"{p.major}.{p.minor}" if kind == "cuda" else getattr(p, "gcnArchName", None)
                out.append(
                    {
                        "kind": kind,
                        "name": p.name,
                        "compute_capability": cc,
                        "memory_gb": round(p.total_memory / 2**30, 1),
                    }
                )
    except Exception as exc:
        out.append({"kind": "cuda-error", "name": f"{type(exc).__name__}: {exc}"[:200]})
    try:
        if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
            out.append({"kind": "mps", "name": "Apple MPS"})
    except Exception:
        pass
    try:
        xpu = getattr(torch, "xpu", None)
        if xpu is not None and xpu.is_available():
            for i in range(xpu.device_count()):
                out.append({"kind": "xpu", "name": xpu.get_device_name(i)})
    except Exception:
        pass
    return out


def main(argv: list[str] | None = None) -> int:
    # One compile thread on small CPUs: inductor's worker pool would otherwise linger beside
    # the other framework's timed blocks (and gives little there); GPU boxes keep the pool.
    if (os.cpu_count() or 1) <= 4:
        os.environ.setdefault("TORCHINDUCTOR_COMPILE_THREADS", "1")
    # A fresh cache directory gives honest cold-compile numbers (docs/benchmarks.md §2).
    os.environ["TORCHINDUCTOR_CACHE_DIR"] = tempfile.mkdtemp(prefix="fa-inductor-")
    started = start(argv, "torch")
    if started is None:
        return 0
    args, ch, imported = started
    torch = imported.module
    if args.threads:
        torch.set_num_threads(args.threads)
        # Only settable before any parallel work; the env sets the same value anyway.
        with contextlib.suppress(RuntimeError):
            torch.set_num_interop_threads(1)
    tf32 = args.tf32 == "on"
    try:
        torch.backends.cuda.matmul.allow_tf32 = tf32
        torch.backends.cudnn.allow_tf32 = tf32
        torch.set_float32_matmul_precision("high" if tf32 else "highest")
    except Exception:
        pass
    devs = devices(torch)
    build = build_info(torch)
    build["tf32"] = tf32
    send_info(ch, imported, version=torch.__version__, build=build, devices=devs, mode=args.mode)
    warm_up(torch)
    dev = pick_device(devs, args.device)
    specs, sync = workloads(torch, args, dev)
    threads = torch.get_num_threads() if dev == "cpu" else None
    serve(ch, specs, sync, budget_for(args), dev, threads)
    return 0


def warm_up(torch: Any) -> None:
    """Pay torch's one-time lazy imports now, while the slower TensorFlow worker still imports:
    the first ``torch.optim`` optimizer pulls in torch._dynamo and sympy (about 1.2 s of CPU on
    the 2-vCPU VM, docs/benchmarks.md §2.1), which would otherwise land in the first training
    workload's preparation, on the critical path of every tier."""
    with contextlib.suppress(Exception):
        w = torch.zeros(2, requires_grad=True)
        opt = torch.optim.SGD([w], lr=0.01)
        (w * w).sum().backward()
        opt.step()


def pick_device(devs: list[dict[str, Any]], wanted: str) -> str:
    kinds = {d["kind"] for d in devs}
    if wanted == "cpu":
        return "cpu"
    if "cuda" in kinds or "rocm" in kinds:
        return "cuda"
    if "mps" in kinds:
        return "mps"
    if "xpu" in kinds:
        return "xpu"
    return "cpu"


@dataclass(frozen=True)
class _Env:
    """What every workload builder needs: torch, the device, the sizes and the tier."""

    torch: Any
    dev: str
    sizes: Any  # common.Sizes
    tier: str

    @property
    def device(self) -> Any:
        return self.torch.device(self.dev)

    @property
    def gpu(self) -> bool:
        return self.dev != "cpu"

    def rnd(self, *shape: int, scale: float = 1.0, dtype: Any = None) -> Any:
        return self.torch.randn(*shape, device=self.device, dtype=dtype) * scale


def workloads(torch: Any, args: Any, dev: str) -> tuple[list[Spec], Callable[[], None]]:
    """Every workload this tier offers, built lazily; see docs/benchmarks.md for equivalence
    with the TensorFlow worker (same shapes, dtypes, optimiser, each in its native layout)."""
    env = _Env(torch, dev, sizes_for(dev, args.tiny, args.threads), args.tier)
    torch.manual_seed(0)
    specs = [*_matmul_specs(env), *_conv_specs(env), *_mlp_specs(env), *_small_specs(env)]
    return specs + _model_specs(env), _sync_for(torch, dev)


def _sync_for(torch: Any, dev: str) -> Callable[[], None]:
    def sync() -> None:
        if dev == "cuda":
            torch.cuda.synchronize()
        elif dev == "mps":
            torch.mps.synchronize()
        elif dev == "xpu":
            torch.xpu.synchronize()

    return sync


# ---- kernels


def _matmul_specs(env: _Env) -> list[Spec]:
    torch, device, s = env.torch, env.device, env.sizes

    def matmul(n: int, mode: str) -> Callable[[], Callable[[], Any]]:
        def build() -> Callable[[], Any]:
            dtype = {"bf16": torch.bfloat16, "fp16": torch.float16}.get(mode, torch.float32)
            a, b = env.rnd(n, n, dtype=dtype), env.rnd(n, n, dtype=dtype)
            out = torch.empty(n, n, device=device, dtype=dtype)
            allow = mode == "tf32"

            def call() -> Any:
                if not allow:
                    with torch.inference_mode():
                        return torch.mm(a, b, out=out)
                # the flag is read at launch: switch it back at once so every other
                # workload keeps true FP32 (the pinned default)
                torch.backends.cuda.matmul.allow_tf32 = True
                try:
                    with torch.inference_mode():
                        return torch.mm(a, b, out=out)
                finally:
                    torch.backends.cuda.matmul.allow_tf32 = False

            return call

        return build

    specs: list[Spec] = []
    sizes = s.matmul if env.tier != "quick" or env.gpu else s.matmul[-1:]
    for n in sizes:
        specs.append(Spec(f"matmul_{n}", "eager", "kernel", matmul(n, "fp32"), 2.0 * n**3))
    if env.gpu:
        n = s.matmul[-1]
        for mode, dtype in (("tf32", "tf32"), ("bf16", "bfloat16"), ("fp16", "float16")):
            specs.append(
                Spec(f"matmul_{n}", mode, "kernel", matmul(n, mode), 2.0 * n**3, dtype=dtype)
            )
    return specs


def _conv_specs(env: _Env) -> list[Spec]:
    torch, s = env.torch, env.sizes
    F = torch.nn.functional

    def conv(channels_last: bool) -> Callable[[], Any]:
        n, hw, cin, cout, k = s.conv
        x, w = env.rnd(n, cin, hw, hw), env.rnd(cout, cin, k, k)
        if channels_last:
            x = x.contiguous(memory_format=torch.channels_last)
            w = w.contiguous(memory_format=torch.channels_last)

        def call() -> Any:
            with torch.inference_mode():
                return F.conv2d(x, w, padding=k // 2)

        return call

    # TF convolves NHWC natively and torch's default NCHW takes a slower CPU path (160 vs 503
    # GFLOP/s measured on 2 Zen 5 cores): the comparison uses channels_last, NCHW is shown too.
    specs = [Spec("conv2d", "channels_last", "kernel", lambda: conv(True), conv_flops(s))]
    if env.tier != "quick":
        specs.append(Spec("conv2d", "nchw", "kernel", lambda: conv(False), conv_flops(s)))
    return specs


def _mlp_specs(env: _Env) -> list[Spec]:
    torch, device, s = env.torch, env.device, env.sizes
    F = torch.nn.functional

    def mlp(compiled: bool) -> Callable[[], Any]:
        bsz, din, h1, h2, dout = s.mlp
        model = torch.nn.Sequential(
            torch.nn.Linear(din, h1),
            torch.nn.ReLU(),
            torch.nn.Linear(h1, h2),
            torch.nn.ReLU(),
            torch.nn.Linear(h2, dout),
        ).to(device)
        opt = torch.optim.SGD(model.parameters(), lr=0.01)
        x = env.rnd(bsz, din)
        y = torch.randint(0, dout, (bsz,), device=device)

        def step() -> Any:
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
            return loss

        return torch.compile(step) if compiled else step

    specs = [Spec("mlp_train_eager", "eager", "kernel", lambda: mlp(False), mlp_flops(s))]
    if env.tier == "deep" or (env.gpu and env.tier != "quick"):
        specs.append(
            Spec(
                "mlp_train_compiled",
                "torch.compile",
                "kernel",
                lambda: mlp(True),
                mlp_flops(s),
                compiled=True,
            )
        )
    return specs


def _small_specs(env: _Env) -> list[Spec]:
    """Dispatch overhead, and host-to-device copies where pinned memory exists."""
    torch, device = env.torch, env.device

    def dispatch() -> Callable[[], Any]:
        u = torch.ones(8, 8, device=device)

        def call() -> Any:
            with torch.inference_mode():
                return u + u

        return call

    specs = [Spec("dispatch_overhead", "8x8 add", "kernel", dispatch)]
    if env.dev in ("cuda", "xpu"):  # pinned host memory needs one of these (not MPS)
        nbytes = env.sizes.transfer_mb * 2**20

        def h2d(pinned: bool) -> Callable[[], Any]:
            host = torch.ones(nbytes // 4)
            host = host.pin_memory() if pinned else host
            dst = torch.empty(nbytes // 4, device=device)
            return lambda: dst.copy_(host, non_blocking=pinned)

        specs.append(
            Spec("h2d_transfer", "pinned", "kernel", lambda: h2d(True), nbytes=float(nbytes))
        )
        specs.append(
            Spec("h2d_transfer", "pageable", "kernel", lambda: h2d(False), nbytes=float(nbytes))
        )
    return specs


# ---- models (docs/benchmarks.md: equivalence with the TensorFlow worker)

# name, builder(compiled, amp=None), FLOP per call, items per call, unit
_Model = tuple[str, Callable[..., Callable[[], Any]], float | None, int, str]


def _train_step(
    env: _Env, params: list[Any], loss_of: Callable[[], Any], amp: str | None
) -> Callable[[], Any]:
    torch = env.torch
    opt = torch.optim.SGD(params, lr=0.01)

    def step() -> Any:
        opt.zero_grad(set_to_none=True)
        if amp:
            dtype = torch.bfloat16 if amp == "bf16" else torch.float16
            with torch.autocast(device_type=env.dev, dtype=dtype):
                loss = loss_of()
        else:
            loss = loss_of()
        loss.backward()
        opt.step()
        return loss

    return step


def _cnn_models(env: _Env) -> list[_Model]:
    torch, device, s = env.torch, env.device, env.sizes
    F = torch.nn.functional
    bsz, hw, c1, c2, fc, cls = s.cnn

    def cnn_params() -> list[Any]:
        flat = (hw // 4) * (hw // 4) * c2
        shapes = [(c1, 3, 3, 3), (c1,), (c2, c1, 3, 3), (c2,), (fc, flat), (fc,), (cls, fc), (cls,)]
        ps = [env.rnd(*sh, scale=0.05) for sh in shapes]
        for i in (0, 2):
            ps[i] = ps[i].contiguous(memory_format=torch.channels_last)
        return [p.requires_grad_() for p in ps]

    def cnn_forward(p: list[Any], x: Any) -> Any:
        h = F.max_pool2d(F.relu(F.conv2d(x, p[0], p[1], padding=1)), 2)
        h = F.max_pool2d(F.relu(F.conv2d(h, p[2], p[3], padding=1)), 2)
        h = h.permute(0, 2, 3, 1).flatten(1)  # NHWC order, as TF flattens: a view here
        return F.linear(F.relu(F.linear(h, p[4], p[5])), p[6], p[7])

    def images(n: int) -> Any:
        return env.rnd(n, 3, hw, hw).contiguous(memory_format=torch.channels_last)

    def cnn_train(compiled: bool, amp: str | None = None) -> Callable[[], Any]:
        p, x = cnn_params(), images(bsz)
        y = torch.randint(0, cls, (bsz,), device=device)
        fwd = torch.compile(cnn_forward) if compiled else cnn_forward
        return _train_step(env, p, lambda: F.cross_entropy(fwd(p, x), y), amp)

    def cnn_infer(n: int, compiled: bool) -> Callable[[], Any]:
        p, x = [q.detach() for q in cnn_params()], images(n)
        fwd = torch.compile(cnn_forward) if compiled else cnn_forward

        def call() -> Any:
            with torch.inference_mode():
                return fwd(p, x)

        return call

    cnn_fwd = cnn_forward_flops_per_image(s)
    return [
        ("cnn_train", cnn_train, 3 * cnn_fwd * bsz, bsz, "images/s"),
        ("cnn_infer_b1", partial(cnn_infer, 1), cnn_fwd, 1, "images/s"),
        ("cnn_infer_b32", partial(cnn_infer, 32), cnn_fwd * 32, 32, "images/s"),
    ]


def _encoder_model(env: _Env) -> _Model:
    torch, device, s = env.torch, env.device, env.sizes
    F = torch.nn.functional
    b, n, d, heads, f = s.encoder

    def encoder_params() -> list[Any]:
        shapes = [(3 * d, d), (3 * d,), (d, d), (d,), (d,), (d,), (f, d), (f,), (d, f), (d,)]
        shapes += [(d,), (d,)]
        ps = [env.rnd(*sh, scale=0.02) for sh in shapes]
        for i in (4, 10):  # LayerNorm gains start at 1
            ps[i] = torch.ones(d, device=device)
        for i in (5, 11):
            ps[i] = torch.zeros(d, device=device)
        return [q.requires_grad_() for q in ps]

    def encoder_forward(p: list[Any], x: Any) -> Any:
        dh = d // heads
        qkv = F.linear(x, p[0], p[1]).view(b, n, 3, heads, dh).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        att = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(dh), dim=-1) @ v
        att = att.transpose(1, 2).reshape(b, n, d)
        h = F.layer_norm(x + F.linear(att, p[2], p[3]), (d,), p[4], p[5], eps=1e-5)
        ff = F.linear(F.gelu(F.linear(h, p[6], p[7])), p[8], p[9])
        return F.layer_norm(h + ff, (d,), p[10], p[11], eps=1e-5)

    def encoder_train(compiled: bool, amp: str | None = None) -> Callable[[], Any]:
        p, x, target = encoder_params(), env.rnd(b, n, d), env.rnd(b, n, d)
        fwd = torch.compile(encoder_forward) if compiled else encoder_forward
        return _train_step(env, p, lambda: F.mse_loss(fwd(p, x), target), amp)

    return ("transformer_train", encoder_train, 3 * encoder_forward_flops(s), b * n, "tokens/s")


def _embedding_model(env: _Env) -> _Model:
    torch, device = env.torch, env.device
    F = torch.nn.functional
    vocab, dim, eb, seq, hid, ecls = env.sizes.embed

    def embedding_train(_compiled: bool) -> Callable[[], Any]:
        """Eager only: inductor has no sparse-gradient path (``_compiled`` is never True)."""
        table = env.rnd(vocab, dim, scale=0.05).requires_grad_()
        dense = [env.rnd(hid, dim, scale=0.05), torch.zeros(hid, device=device)]
        dense += [env.rnd(ecls, hid, scale=0.05), torch.zeros(ecls, device=device)]
        dense = [q.requires_grad_() for q in dense]
        tokens = torch.randint(0, vocab, (eb, seq), device=device)
        y = torch.randint(0, ecls, (eb,), device=device)
        opt = torch.optim.SGD([table, *dense], lr=0.01)

        def step() -> Any:
            opt.zero_grad(set_to_none=True)
            h = F.embedding(tokens, table, sparse=True).mean(dim=1)  # sparse rows, like TF
            logits = F.linear(F.relu(F.linear(h, dense[0], dense[1])), dense[2], dense[3])
            loss = F.cross_entropy(logits, y)
            loss.backward()
            opt.step()
            return loss

        return step

    return ("embedding_train", embedding_train, None, eb * seq, "tokens/s")


def _compiled_too(env: _Env, name: str) -> bool:
    in_standard = COMPILED_IN_STANDARD_GPU if env.gpu else COMPILED_IN_STANDARD
    return (env.tier == "standard" and name in in_standard) or (
        env.tier == "deep" and name != "embedding_train"
    )


def _model_specs(env: _Env) -> list[Spec]:
    """Each model eager, compiled where the tier asks, and in mixed precision on a GPU."""
    cnn = _cnn_models(env)
    encoder = _encoder_model(env)
    specs: list[Spec] = []
    for name, make, flops, items, unit in [*cnn, encoder, _embedding_model(env)]:
        eager = Spec(
            f"{name}_eager", "eager", "model", partial(make, False), flops, items=items, unit=unit
        )
        specs.append(eager)
        if _compiled_too(env, name):
            specs.append(
                Spec(
                    f"{name}_compiled",
                    "torch.compile",
                    "model",
                    partial(make, True),
                    flops,
                    items=items,
                    unit=unit,
                    compiled=True,
                )
            )
    if env.gpu:
        for name, make_amp, flops, items, unit in (cnn[0], encoder):
            for amp in ("bf16", "fp16"):
                specs.append(
                    Spec(
                        f"{name}_eager",
                        f"amp_{amp}",
                        "model",
                        partial(make_amp, False, amp),
                        flops,
                        items=items,
                        unit=unit,
                        dtype="bfloat16" if amp == "bf16" else "float16",
                    )
                )
    return specs


# torch.compile costs 10-40 s per model on a 2-vCPU machine (docs/benchmarks.md): the standard
# tier compiles one training step there (both on a GPU box), the deep tier every model but the
# sparse embedding (inductor has no sparse-gradient path).
COMPILED_IN_STANDARD = ("cnn_train",)
COMPILED_IN_STANDARD_GPU = ("cnn_train", "transformer_train")


if __name__ == "__main__":
    raise SystemExit(main())
