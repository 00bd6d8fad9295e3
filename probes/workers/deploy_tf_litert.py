"""TensorFlow → LiteRT converter (``tf.lite.TFLiteConverter``) → ``.tflite`` float and int8 PTQ,
both run in the LiteRT interpreter from ``ai-edge-litert``."""

from __future__ import annotations

from typing import Any

import numpy as np

from probes.workers import deploy_models_tf as ref
from probes.workers.deploy_common import (
    Outcome,
    calibration_inputs,
    converting,
    drive,
    first_line,
    litert_runner,
    max_abs_diff,
    paired_latency,
    run_and_time,
)

DISTRIBUTIONS = ("tensorflow-cpu", "tensorflow", "ai-edge-litert")

TOOLS = ("ai_edge_litert",)  # modules checked before the framework import


def _imports() -> dict[str, Any]:
    import tensorflow as tf
    from ai_edge_litert.interpreter import Interpreter

    return {"tf": tf, "interpreter": Interpreter}


def per_model(mods: dict[str, Any], out: Outcome, weights: Any, x: np.ndarray, args: Any) -> None:
    tf, interpreter = mods["tf"], mods["interpreter"]
    eager = ref.reference(tf, out.model, weights, x, args)
    fn = eager.net.__call__.get_concrete_function()
    target = args.workdir / f"tf_litert_{out.model}.tflite"
    with converting(out, target):
        target.write_bytes(
            tf.lite.TFLiteConverter.from_concrete_functions([fn], eager.net).convert()
        )
    run_and_time(
        out, lambda: litert_runner(interpreter, target, eager.x, args.threads), eager, args.rounds
    )
    # int8 post-training quantisation (weights and activations; float input and output)
    calib = [ref.input_for(out.model, c) for c in calibration_inputs(out.model)]
    q8 = args.workdir / f"tf_litert_{out.model}_int8.tflite"
    try:
        conv = tf.lite.TFLiteConverter.from_concrete_functions([fn], eager.net)
        conv.optimizations = [tf.lite.Optimize.DEFAULT]
        conv.representative_dataset = lambda: ([c] for c in calib)
        q8.write_bytes(conv.convert())
        out.int8_bytes = q8.stat().st_size
        run8 = litert_runner(interpreter, q8, eager.x, args.threads)
        out.int8_max_abs_diff = max_abs_diff(run8(), eager.y)
        _, out.int8_latency = paired_latency(eager.call, run8, rounds=max(5, args.rounds // 2))
    except Exception as exc:  # the float path still works; say why int8 did not
        out.error = f"int8: {first_line(exc)}"


def main(argv: list[str] | None = None) -> None:
    drive(DISTRIBUTIONS, _imports, per_model, argv, requires=TOOLS)


if __name__ == "__main__":
    main()
