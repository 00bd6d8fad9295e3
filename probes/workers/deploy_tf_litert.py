"""TensorFlow → LiteRT converter (``tf.lite.TFLiteConverter``) → ``.tflite`` float and int8 PTQ,
both run in the LiteRT interpreter from ``ai-edge-litert``."""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from probes.workers import deploy_models_tf as ref
from probes.workers.deploy_common import (
    Outcome,
    calibration_inputs,
    drive,
    fail,
    litert_runner,
    max_abs_diff,
    measure_runtime,
    paired_latency,
    save_eager,
)

DISTRIBUTIONS = ("tensorflow-cpu", "tensorflow", "ai-edge-litert")

TOOLS = ("ai_edge_litert",)  # modules checked before the framework import


def _imports() -> dict[str, Any]:
    import tensorflow as tf
    from ai_edge_litert.interpreter import Interpreter

    return {"tf": tf, "interpreter": Interpreter}


def per_model(mods: dict[str, Any], model: str, weights: Any, x: np.ndarray, args: Any) -> Outcome:
    tf = mods["tf"]
    out = Outcome(model)
    net = ref.build(tf, model, weights)
    call, y, xin = ref.eager(tf, net, model, x)
    save_eager(args.workdir, "tensorflow", model, y)
    fn = net.__call__.get_concrete_function()
    target = args.workdir / f"tf_litert_{model}.tflite"
    t0 = time.perf_counter()
    try:
        target.write_bytes(tf.lite.TFLiteConverter.from_concrete_functions([fn], net).convert())
    except Exception as exc:
        return fail(out, "convert", exc)
    out.convert_s = time.perf_counter() - t0
    out.artefact_bytes = target.stat().st_size
    out = measure_runtime(
        out,
        lambda: litert_runner(mods["interpreter"], target, xin, args.threads),
        call,
        y,
        args.rounds,
    )
    if out.status != "works":
        return out
    # int8 post-training quantisation (weights and activations; float input and output)
    calib = [ref.input_for(model, c) for c in calibration_inputs(model)]
    q8 = args.workdir / f"tf_litert_{model}_int8.tflite"
    try:
        conv = tf.lite.TFLiteConverter.from_concrete_functions([fn], net)
        conv.optimizations = [tf.lite.Optimize.DEFAULT]
        conv.representative_dataset = lambda: ([c] for c in calib)
        q8.write_bytes(conv.convert())
        out.int8_bytes = q8.stat().st_size
        run8 = litert_runner(mods["interpreter"], q8, xin, args.threads)
        out.int8_max_abs_diff = max_abs_diff(run8(), y)
        _, out.int8_latency = paired_latency(call, run8, rounds=max(5, args.rounds // 2))
    except Exception as exc:  # the float path still works; say why int8 did not
        out.error = f"int8: {fail(Outcome(model), 'convert', exc).error}"
    return out


def main(argv: list[str] | None = None) -> None:
    drive(DISTRIBUTIONS, _imports, per_model, argv, requires=TOOLS)


if __name__ == "__main__":
    main()
