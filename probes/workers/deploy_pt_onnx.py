"""PyTorch → ONNX (dynamo exporter, ``torch.onnx.export(..., dynamo=True)``) → ONNX Runtime."""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from probes.workers import deploy_models_torch as ref
from probes.workers.deploy_common import (
    Outcome,
    drive,
    fail,
    measure_runtime,
    ort_runner,
    save_eager,
)

DISTRIBUTIONS = ("torch", "onnx", "onnxscript", "onnxruntime")

TOOLS = ("onnx", "onnxscript", "onnxruntime")  # modules checked before the framework import


def _imports() -> dict[str, Any]:
    import onnx  # noqa: F401  (the exporter needs it; fail here, not mid-export)
    import onnxruntime
    import onnxscript  # noqa: F401
    import torch

    return {"torch": torch, "ort": onnxruntime}


def per_model(mods: dict[str, Any], model: str, weights: Any, x: np.ndarray, args: Any) -> Outcome:
    torch, ort = mods["torch"], mods["ort"]
    ref.set_threads(torch, args.threads)
    out = Outcome(model)
    net = ref.build(torch, model, weights)
    call, y = ref.eager(torch, net, x)
    save_eager(args.workdir, "pytorch", model, y)
    ref_out = args.workdir / f"pt_onnx_{model}.onnx"
    t0 = time.perf_counter()
    try:
        torch.onnx.export(net, (torch.from_numpy(x),), str(ref_out), dynamo=True, verbose=False)
    except Exception as exc:
        return fail(out, "convert", exc)
    out.convert_s = time.perf_counter() - t0
    out.artefact_bytes = ref_out.stat().st_size
    out = measure_runtime(
        out, lambda: ort_runner(ort, ref_out, x, args.threads), call, y, args.rounds
    )
    return out


def main(argv: list[str] | None = None) -> None:
    drive(DISTRIBUTIONS, _imports, per_model, argv, requires=TOOLS)


if __name__ == "__main__":
    main()
