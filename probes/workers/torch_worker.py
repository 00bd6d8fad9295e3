"""PyTorch worker: build facts, visible devices and the benchmark workloads, in a subprocess.

Run as ``python -m probes.workers.torch_worker --mode info|bench ...``; see common.py for the
JSON-lines protocol. TF32 is pinned off (torch's matmul default, TF's is on) so both frameworks
do true FP32 math unless ``--tf32 on`` is asked for.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
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
    args = parse_args(argv)
    ch = Channel()
    t0 = time.perf_counter()
    try:
        import torch
    except BaseException as exc:  # includes MemoryError and SystemExit from broken builds
        status, reason = import_failure(exc, "torch")
        ch.send("info", status=status, reason=reason)
        return 0
    import_s = time.perf_counter() - t0
    import_rss = rss_mb()
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
    ch.send(
        "info",
        status="ok",
        package="torch",
        version=torch.__version__,
        import_time_s=round(import_s, 3),
        import_rss_mb=import_rss,
        build=build,
        devices=devs,
    )
    if args.mode == "info":
        ch.finish()
    run_benchmarks(torch, args, ch, devs)
    ch.finish()
    return 0


def run_benchmarks(torch: Any, args: Any, ch: Channel, devs: list[dict[str, Any]]) -> None:
    kinds = {d["kind"] for d in devs}
    if args.device == "cpu":
        dev = "cpu"
    elif "cuda" in kinds or "rocm" in kinds:
        dev = "cuda"
    elif "mps" in kinds:
        dev = "mps"
    elif "xpu" in kinds:
        dev = "xpu"
    else:
        dev = "cpu"
    device = torch.device(dev)

    def sync() -> None:
        if dev == "cuda":
            torch.cuda.synchronize()
        elif dev == "mps":
            torch.mps.synchronize()
        elif dev == "xpu":
            torch.xpu.synchronize()

    budget = budget_for(args)
    s = sizes_for(dev, args.tiny, args.threads)
    threads = torch.get_num_threads() if dev == "cpu" else None
    torch.manual_seed(0)
    label = dev

    def matmul(n: int) -> None:
        a = torch.randn(n, n, device=device)
        b = torch.randn(n, n, device=device)
        out = torch.empty(n, n, device=device)
        with torch.inference_mode():
            st = measure(lambda: torch.mm(a, b, out=out), sync, budget)
        ch.bench(f"matmul_{n}", FW, label, "eager", st, threads, flops=2.0 * n**3)

    def conv(channels_last: bool) -> None:
        n, hw, cin, cout, k = s.conv
        x = torch.randn(n, cin, hw, hw, device=device)
        w = torch.randn(cout, cin, k, k, device=device)
        if channels_last:
            x = x.contiguous(memory_format=torch.channels_last)
            w = w.contiguous(memory_format=torch.channels_last)
        f = torch.nn.functional.conv2d
        with torch.inference_mode():
            st = measure(lambda: f(x, w, padding=k // 2), sync, budget)
        variant = "channels_last" if channels_last else "nchw"
        ch.bench("conv2d", FW, label, variant, st, threads, flops=conv_flops(s))

    def mlp_setup() -> tuple[Any, Any]:
        bsz, din, h1, h2, dout = s.mlp
        model = torch.nn.Sequential(
            torch.nn.Linear(din, h1),
            torch.nn.ReLU(),
            torch.nn.Linear(h1, h2),
            torch.nn.ReLU(),
            torch.nn.Linear(h2, dout),
        ).to(device)
        opt = torch.optim.SGD(model.parameters(), lr=0.01)
        x = torch.randn(bsz, din, device=device)
        y = torch.randint(0, dout, (bsz,), device=device)
        loss_fn = torch.nn.CrossEntropyLoss()

        def step() -> Any:
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
            return loss

        return model, step

    def mlp_eager() -> None:
        _, step = mlp_setup()
        st = measure(step, sync, budget)
        ch.bench("mlp_train_eager", FW, label, "eager", st, threads, flops=mlp_flops(s))

    def mlp_compiled() -> None:
        # A fresh cache directory gives honest cold-compile numbers (benchmarking.md §2.7).
        os.environ["TORCHINDUCTOR_CACHE_DIR"] = tempfile.mkdtemp(prefix="fa-inductor-")
        _, step = mlp_setup()
        compiled = torch.compile(step)
        st = measure(compiled, sync, budget)
        ch.bench(
            "mlp_train_compiled",
            FW,
            label,
            "torch.compile",
            st,
            threads,
            flops=mlp_flops(s),
            note=f"first call incl. cold compile {st.first_call_s:.2f} s",
        )

    def dispatch() -> None:
        u = torch.ones(8, 8, device=device)
        with torch.inference_mode():
            st = measure(lambda: u + u, sync, budget)
        ch.bench("dispatch_overhead", FW, label, "8x8 add", st, threads)

    def h2d() -> None:
        nbytes = s.transfer_mb * 2**20
        host = torch.ones(nbytes // 4).pin_memory()
        dst = torch.empty(nbytes // 4, device=device)
        st = measure(lambda: dst.copy_(host, non_blocking=True), sync, budget)
        ch.bench("h2d_transfer", FW, label, "pinned", st, None, nbytes=float(nbytes))

    for n in s.matmul:
        ch.guard(f"pytorch matmul_{n}", partial(matmul, n))
    ch.guard("pytorch conv2d", lambda: conv(False))
    # Every tier: TF convolves NHWC natively, torch's default NCHW takes a slower CPU path
    # (160 vs 503 GFLOP/s measured here on 2 Zen 5 cores). Comparisons take each side's fastest
    # variant, so without channels_last the conv verdict would measure layout, not framework.
    ch.guard("pytorch conv2d channels_last", lambda: conv(True))
    ch.guard("pytorch mlp_train_eager", mlp_eager)
    if args.tier == "deep":
        ch.guard("pytorch mlp_train_compiled (torch.compile)", mlp_compiled)
    ch.guard("pytorch dispatch_overhead", dispatch)
    if dev in ("cuda", "xpu"):
        ch.guard("pytorch h2d_transfer", h2d)


if __name__ == "__main__":
    raise SystemExit(main())
