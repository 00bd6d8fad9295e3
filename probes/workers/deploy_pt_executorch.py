"""PyTorch → ``torch.export`` → ExecuTorch ``.pte`` (XNNPACK delegate) → ExecuTorch runtime."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from probes.workers import deploy_models_torch as ref
from probes.workers.deploy_common import Outcome, converting, drive, run_and_time, stage

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


def per_model(mods: dict[str, Any], out: Outcome, weights: Any, x: np.ndarray, args: Any) -> None:
    torch = mods["torch"]
    eager = ref.reference(torch, out.model, weights, x, args)
    xt = torch.from_numpy(x)
    target = args.workdir / f"pt_executorch_{out.model}.pte"
    with converting(out, target):
        with stage("export"):
            exported = torch.export.export(eager.net, (xt,))
        lowered = mods["lower"](exported, partitioner=[mods["partitioner"]()])
        target.write_bytes(lowered.to_executorch().buffer)

    def load() -> Callable[[], Any]:
        method = mods["runtime"].get().load_program(str(target)).load_method("forward")
        return lambda: method.execute([xt])

    run_and_time(out, load, eager, args.rounds, output=lambda got: np.asarray(got[0]))


def main(argv: list[str] | None = None) -> None:
    drive(DISTRIBUTIONS, _imports, per_model, argv, requires=TOOLS)


if __name__ == "__main__":
    main()
