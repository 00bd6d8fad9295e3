"""PyTorch → ``torch.export`` → ExecuTorch ``.pte`` (XNNPACK delegate) → ExecuTorch runtime."""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from probes.workers import deploy_models_torch as ref
from probes.workers.deploy_common import (
    Outcome,
    drive,
    fail,
    max_abs_diff,
    paired_latency,
    save_eager,
)

DISTRIBUTIONS = ("torch", "executorch")

TOOLS = ("executorch",)  # modules checked before the framework import


def _imports() -> dict[str, Any]:
    import torch
    from executorch.backends.xnnpack.partition.xnnpack_partitioner import XnnpackPartitioner
    from executorch.exir import to_edge_transform_and_lower
    from executorch.runtime import Runtime

    return {
        "torch": torch,
        "lower": to_edge_transform_and_lower,
        "partitioner": XnnpackPartitioner,
        "runtime": Runtime,
    }


def per_model(mods: dict[str, Any], model: str, weights: Any, x: np.ndarray, args: Any) -> Outcome:
    torch = mods["torch"]
    ref.set_threads(torch, args.threads)
    out = Outcome(model)
    net = ref.build(torch, model, weights)
    call, y = ref.eager(torch, net, x)
    save_eager(args.workdir, "pytorch", model, y)
    xt = torch.from_numpy(x)
    target = args.workdir / f"pt_executorch_{model}.pte"
    t0 = time.perf_counter()
    try:
        exported = torch.export.export(net, (xt,))
    except Exception as exc:
        return fail(out, "export", exc)
    try:
        lowered = mods["lower"](exported, partitioner=[mods["partitioner"]()])
        program = lowered.to_executorch()
        target.write_bytes(program.buffer)
    except Exception as exc:
        return fail(out, "convert", exc)
    out.convert_s = time.perf_counter() - t0
    out.artefact_bytes = target.stat().st_size
    try:
        method = mods["runtime"].get().load_program(str(target)).load_method("forward")
    except Exception as exc:
        return fail(out, "load", exc)
    try:
        got = method.execute([xt])[0]
        out.max_abs_diff = max_abs_diff(np.asarray(got), y)
        out.eager_latency, out.latency = paired_latency(
            call, lambda: method.execute([xt]), rounds=args.rounds
        )
    except Exception as exc:
        return fail(out, "run", exc)
    out.status = "works"
    return out


def main(argv: list[str] | None = None) -> None:
    drive(DISTRIBUTIONS, _imports, per_model, argv, requires=TOOLS)


if __name__ == "__main__":
    main()
