"""PyTorch → ``torch.export`` → ``coremltools.convert`` → ``.mlpackage`` (runs on macOS only).

Off macOS the Core ML runtime does not exist: a successful conversion is reported as
"converted, not run here" with its size; latency and difference stay unknown.
"""

from __future__ import annotations

import sys
from typing import Any

import numpy as np

from probes.workers import deploy_models_torch as ref
from probes.workers.deploy_common import Outcome, converting, drive, max_abs_diff, stage

DISTRIBUTIONS = ("torch", "coremltools")

TOOLS = ("coremltools",)  # modules checked before the framework import


def _imports() -> dict[str, Any]:
    # coremltools imports TensorFlow whenever it is installed (for its TF converter, which this
    # path does not use); torch and TensorFlow in one process can crash (docs/deployment-paths.md),
    # so TensorFlow is made unimportable here. coremltools then disables only its TF converter.
    for name in ("tensorflow", "keras", "tf_keras"):
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]
    import coremltools
    import torch

    return {"torch": torch, "ct": coremltools}


def per_model(mods: dict[str, Any], out: Outcome, weights: Any, x: np.ndarray, args: Any) -> None:
    torch, ct = mods["torch"], mods["ct"]
    eager = ref.reference(torch, out.model, weights, x, args)
    target = args.workdir / f"pt_coreml_{out.model}.mlpackage"
    with converting(out, target):
        with stage("export"):
            ep = torch.export.export(eager.net, (torch.from_numpy(x),)).run_decompositions({})
        ml = ct.convert(
            ep,
            convert_to="mlprogram",
            compute_precision=ct.precision.FLOAT32,
            skip_model_load=sys.platform != "darwin",
        )
        ml.save(str(target))
    if sys.platform != "darwin":
        out.status = "converted_not_run"
        return
    with stage("run"):  # pragma: no cover - macOS only
        name = ml.get_spec().description.input[0].name
        out.max_abs_diff = max_abs_diff(next(iter(ml.predict({name: x}).values())), eager.y)
    out.status = "works"  # pragma: no cover - macOS only


def main(argv: list[str] | None = None) -> None:
    drive(DISTRIBUTIONS, _imports, per_model, argv, requires=TOOLS)


if __name__ == "__main__":
    main()
