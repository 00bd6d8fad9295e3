"""numpy anchor: the same GEMM / MLP arithmetic through plain BLAS, in its own process.

Every framework number is read against this one: a framework far below numpy on a GEMM points
at thread or build settings, not at the framework's design.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from probes.workers.common import (
    Spec,
    budget_for,
    mlp_flops,
    send_info,
    serve,
    sizes_for,
    start,
)

FW = "numpy"


def _noop() -> None:
    """CPU work is synchronous: nothing to wait for."""


def main(argv: list[str] | None = None) -> int:
    started = start(argv, "numpy")
    if started is None:
        return 0
    args, ch, imported = started
    np = imported.module
    try:
        cfg = np.show_config(mode="dicts")  # numpy ≥ 1.25
        blas = (cfg or {}).get("Build Dependencies", {}).get("blas", {})
        build = {"blas": str(blas.get("name")), "blas_version": str(blas.get("version"))}
    except Exception:
        build = {}
    devices = [{"kind": "cpu", "name": "cpu"}]
    send_info(ch, imported, version=np.__version__, build=build, devices=devices, mode=args.mode)
    specs = workloads(np, args)
    serve(ch, specs, _noop, budget_for(args), "cpu", args.threads or None)
    return 0


def workloads(np: Any, args: Any) -> list[Spec]:
    s = sizes_for("cpu", args.tiny, args.threads)
    rng = np.random.default_rng(0)

    def matmul(n: int) -> Callable[[], Any]:
        a = rng.standard_normal((n, n), dtype=np.float32)
        b = rng.standard_normal((n, n), dtype=np.float32)
        out = np.empty((n, n), dtype=np.float32)
        return lambda: np.matmul(a, b, out=out)

    def mlp() -> Callable[[], Any]:
        bsz, din, h1, h2, dout = s.mlp
        x = rng.standard_normal((bsz, din), dtype=np.float32)
        y = rng.integers(0, dout, bsz)
        w = [
            rng.standard_normal(shape, dtype=np.float32) * 0.05
            for shape in ((din, h1), (h1, h2), (h2, dout))
        ]

        def step() -> None:
            a1 = np.maximum(x @ w[0], 0)
            a2 = np.maximum(a1 @ w[1], 0)
            logits = a2 @ w[2]
            logits -= logits.max(axis=1, keepdims=True)
            p = np.exp(logits)
            p /= p.sum(axis=1, keepdims=True)
            p[np.arange(bsz), y] -= 1
            g3 = p / bsz
            d2 = (g3 @ w[2].T) * (a2 > 0)
            d1 = (d2 @ w[1].T) * (a1 > 0)
            w[2] -= 0.01 * (a2.T @ g3)
            w[1] -= 0.01 * (a1.T @ d2)
            w[0] -= 0.01 * (x.T @ d1)

        return step

    def dispatch() -> Callable[[], Any]:
        u = np.ones((8, 8), dtype=np.float32)
        return lambda: u + u

    def copy() -> Callable[[], Any]:
        nbytes = s.transfer_mb * 2**20
        src = np.ones(nbytes // 4, dtype=np.float32)
        dst = np.empty_like(src)
        return lambda: np.copyto(dst, src)

    sizes = s.matmul if args.tier != "quick" else s.matmul[-1:]
    specs = [Spec(f"matmul_{n}", "blas", "kernel", partial(matmul, n), 2.0 * n**3) for n in sizes]
    specs += [
        Spec("mlp_train_eager", "hand-written", "kernel", mlp, mlp_flops(s)),
        Spec("dispatch_overhead", "8x8 add", "kernel", dispatch),
        Spec("memory_copy", "copy", "kernel", copy, nbytes=2.0 * s.transfer_mb * 2**20),
    ]
    return specs


if __name__ == "__main__":
    raise SystemExit(main())
