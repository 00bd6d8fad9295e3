"""TensorFlow → ``tf2onnx`` → ONNX → ONNX Runtime."""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from probes.workers import deploy_models_tf as ref
from probes.workers.deploy_common import (
    Outcome,
    drive,
    fail,
    measure_runtime,
    ort_runner,
    save_eager,
)

DISTRIBUTIONS = ("tensorflow-cpu", "tensorflow", "tf2onnx", "onnx", "onnxruntime")
OPSET = 17

TOOLS = ("tf2onnx", "onnxruntime")  # modules checked before the framework import


def _imports() -> dict[str, Any]:
    import onnxruntime
    import tensorflow as tf
    import tf2onnx

    return {"tf": tf, "tf2onnx": tf2onnx, "ort": onnxruntime}


def per_model(mods: dict[str, Any], model: str, weights: Any, x: np.ndarray, args: Any) -> Outcome:
    tf, ort = mods["tf"], mods["ort"]
    out = Outcome(model)
    net = ref.build(tf, model, weights)
    call, y, xin = ref.eager(tf, net, model, x)
    save_eager(args.workdir, "tensorflow", model, y)
    target = args.workdir / f"tf_onnx_{model}.onnx"
    spec = [tf.TensorSpec(xin.shape, tf.float32)]  # as traced: tf2onnx names the input x
    t0 = time.perf_counter()
    try:
        mods["tf2onnx"].convert.from_function(
            net.__call__, input_signature=spec, opset=OPSET, output_path=str(target)
        )
    except Exception as exc:
        return fail(out, "convert", exc)
    out.convert_s = time.perf_counter() - t0
    out.artefact_bytes = target.stat().st_size
    out = measure_runtime(
        out, lambda: ort_runner(ort, target, xin, args.threads), call, y, args.rounds
    )
    return out


def main(argv: list[str] | None = None) -> None:
    drive(DISTRIBUTIONS, _imports, per_model, argv, requires=TOOLS)


if __name__ == "__main__":
    main()
