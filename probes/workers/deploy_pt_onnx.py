"""PyTorch → ONNX (dynamo exporter, ``torch.onnx.export(..., dynamo=True)``) → ONNX Runtime."""

from __future__ import annotations

from typing import Any

import numpy as np

from probes.workers import deploy_models_torch as ref
from probes.workers.deploy_common import Outcome, converting, drive, ort_runner, run_and_time

DISTRIBUTIONS = ("torch", "onnx", "onnxscript", "onnxruntime")

TOOLS = ("onnx", "onnxscript", "onnxruntime")  # modules checked before the framework import


def _imports() -> dict[str, Any]:
    import onnx  # noqa: F401  (the exporter needs it; fail here, not mid-export)
    import onnxruntime
    import onnxscript  # noqa: F401
    import torch

    return {"torch": torch, "ort": onnxruntime}


def per_model(mods: dict[str, Any], out: Outcome, weights: Any, x: np.ndarray, args: Any) -> None:
    torch, ort = mods["torch"], mods["ort"]
    eager = ref.reference(torch, out.model, weights, x, args)
    target = args.workdir / f"pt_onnx_{out.model}.onnx"
    with converting(out, target):
        xt = torch.from_numpy(x)
        torch.onnx.export(eager.net, (xt,), str(target), dynamo=True, verbose=False)
    run_and_time(out, lambda: ort_runner(ort, target, x, args.threads), eager, args.rounds)


def main(argv: list[str] | None = None) -> None:
    drive(DISTRIBUTIONS, _imports, per_model, argv, requires=TOOLS)


if __name__ == "__main__":
    main()
