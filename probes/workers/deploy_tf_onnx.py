"""TensorFlow → ``tf2onnx`` → ONNX → ONNX Runtime."""

from __future__ import annotations

from typing import Any

import numpy as np

from probes.workers import deploy_models_tf as ref
from probes.workers.deploy_common import Outcome, converting, drive, ort_runner, run_and_time

DISTRIBUTIONS = ("tensorflow-cpu", "tensorflow", "tf2onnx", "onnx", "onnxruntime")
OPSET = 17

TOOLS = ("tf2onnx", "onnxruntime")  # modules checked before the framework import


def _imports() -> dict[str, Any]:
    import onnxruntime
    import tensorflow as tf
    import tf2onnx

    return {"tf": tf, "tf2onnx": tf2onnx, "ort": onnxruntime}


def per_model(mods: dict[str, Any], out: Outcome, weights: Any, x: np.ndarray, args: Any) -> None:
    tf, ort = mods["tf"], mods["ort"]
    eager = ref.reference(tf, out.model, weights, x, args)
    target = args.workdir / f"tf_onnx_{out.model}.onnx"
    spec = [tf.TensorSpec(eager.x.shape, tf.float32)]  # as traced: tf2onnx names the input x
    with converting(out, target):
        mods["tf2onnx"].convert.from_function(
            eager.net.__call__, input_signature=spec, opset=OPSET, output_path=str(target)
        )
    run_and_time(out, lambda: ort_runner(ort, target, eager.x, args.threads), eager, args.rounds)


def main(argv: list[str] | None = None) -> None:
    drive(DISTRIBUTIONS, _imports, per_model, argv, requires=TOOLS)


if __name__ == "__main__":
    main()
