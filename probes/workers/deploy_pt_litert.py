"""PyTorch → ``litert-torch`` (``torch.export`` underneath) → ``.tflite`` → LiteRT interpreter."""

from __future__ import annotations

from typing import Any

import numpy as np

from probes.workers import deploy_models_torch as ref
from probes.workers.deploy_common import Outcome, converting, drive, litert_runner, run_and_time

DISTRIBUTIONS = ("torch", "litert-torch", "ai-edge-litert")

TOOLS = ("litert_torch", "ai_edge_litert")  # modules checked before the framework import


def _imports() -> dict[str, Any]:
    import litert_torch
    import torch
    from ai_edge_litert.interpreter import Interpreter

    return {"torch": torch, "convert": litert_torch.convert, "interpreter": Interpreter}


def per_model(mods: dict[str, Any], out: Outcome, weights: Any, x: np.ndarray, args: Any) -> None:
    torch = mods["torch"]
    eager = ref.reference(torch, out.model, weights, x, args)
    target = args.workdir / f"pt_litert_{out.model}.tflite"
    with converting(out, target):
        mods["convert"](eager.net, (torch.from_numpy(x),)).export(str(target))
    run_and_time(
        out,
        lambda: litert_runner(mods["interpreter"], target, x, args.threads),
        eager,
        args.rounds,
    )


def main(argv: list[str] | None = None) -> None:
    drive(DISTRIBUTIONS, _imports, per_model, argv, requires=TOOLS)


if __name__ == "__main__":
    main()
