"""PyTorch → ``litert-torch`` (``torch.export`` underneath) → ``.tflite`` → LiteRT interpreter."""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from probes.workers import deploy_models_torch as ref
from probes.workers.deploy_common import (
    Outcome,
    drive,
    fail,
    litert_runner,
    measure_runtime,
    save_eager,
)

DISTRIBUTIONS = ("torch", "litert-torch", "ai-edge-litert")

TOOLS = ("litert_torch", "ai_edge_litert")  # modules checked before the framework import


def _imports() -> dict[str, Any]:
    import litert_torch
    import torch
    from ai_edge_litert.interpreter import Interpreter

    return {"torch": torch, "convert": litert_torch.convert, "interpreter": Interpreter}


def per_model(mods: dict[str, Any], model: str, weights: Any, x: np.ndarray, args: Any) -> Outcome:
    torch = mods["torch"]
    ref.set_threads(torch, args.threads)
    out = Outcome(model)
    net = ref.build(torch, model, weights)
    call, y = ref.eager(torch, net, x)
    save_eager(args.workdir, "pytorch", model, y)
    target = args.workdir / f"pt_litert_{model}.tflite"
    t0 = time.perf_counter()
    try:
        edge = mods["convert"](net, (torch.from_numpy(x),))
        edge.export(str(target))
    except Exception as exc:
        return fail(out, "convert", exc)
    out.convert_s = time.perf_counter() - t0
    out.artefact_bytes = target.stat().st_size
    out = measure_runtime(
        out,
        lambda: litert_runner(mods["interpreter"], target, x, args.threads),
        call,
        y,
        args.rounds,
    )
    return out


def main(argv: list[str] | None = None) -> None:
    drive(DISTRIBUTIONS, _imports, per_model, argv, requires=TOOLS)


if __name__ == "__main__":
    main()
