"""PyTorch → ``torch.export`` → ``coremltools.convert`` → ``.mlpackage`` (runs on macOS only).

Off macOS the Core ML runtime does not exist: a successful conversion is reported as
"converted, not run here" with its size; latency and difference stay unknown.
"""

from __future__ import annotations

import sys
import time
from typing import Any

import numpy as np

from probes.workers import deploy_models_torch as ref
from probes.workers.deploy_common import (
    Outcome,
    drive,
    fail,
    max_abs_diff,
    path_size,
    save_eager,
)

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


def per_model(mods: dict[str, Any], model: str, weights: Any, x: np.ndarray, args: Any) -> Outcome:
    torch, ct = mods["torch"], mods["ct"]
    ref.set_threads(torch, args.threads)
    out = Outcome(model)
    net = ref.build(torch, model, weights)
    _call, y = ref.eager(torch, net, x)
    save_eager(args.workdir, "pytorch", model, y)
    target = args.workdir / f"pt_coreml_{model}.mlpackage"
    t0 = time.perf_counter()
    try:
        exported = torch.export.export(net, (torch.from_numpy(x),)).run_decompositions({})
    except Exception as exc:
        return fail(out, "export", exc)
    try:
        ml = ct.convert(
            exported,
            convert_to="mlprogram",
            compute_precision=ct.precision.FLOAT32,
            skip_model_load=sys.platform != "darwin",
        )
        ml.save(str(target))
    except Exception as exc:
        return fail(out, "convert", exc)
    out.convert_s = time.perf_counter() - t0
    out.artefact_bytes = path_size(target)
    if sys.platform != "darwin":
        out.status = "converted_not_run"
        return out
    try:  # pragma: no cover - macOS only
        name = ml.get_spec().description.input[0].name
        got = next(iter(ml.predict({name: x}).values()))
        out.max_abs_diff = max_abs_diff(got, y)
    except Exception as exc:  # pragma: no cover - macOS only
        return fail(out, "run", exc)
    out.status = "works"  # pragma: no cover - macOS only
    return out  # pragma: no cover - macOS only


def main(argv: list[str] | None = None) -> None:
    drive(DISTRIBUTIONS, _imports, per_model, argv, requires=TOOLS)


if __name__ == "__main__":
    main()
