"""TensorFlow → SavedModel (what TF Serving loads) → reloaded with ``tf.saved_model.load`` and run
through its ``serving_default`` signature."""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from probes.workers import deploy_models_tf as ref
from probes.workers.deploy_common import (
    Outcome,
    drive,
    fail,
    max_abs_diff,
    paired_latency,
    path_size,
    save_eager,
)

DISTRIBUTIONS = ("tensorflow-cpu", "tensorflow")

TOOLS = ()  # modules checked before the framework import


def _imports() -> dict[str, Any]:
    import tensorflow as tf

    return {"tf": tf}


def per_model(mods: dict[str, Any], model: str, weights: Any, x: np.ndarray, args: Any) -> Outcome:
    tf = mods["tf"]
    out = Outcome(model)
    net = ref.build(tf, model, weights)
    call, y, xin = ref.eager(tf, net, model, x)
    save_eager(args.workdir, "tensorflow", model, y)
    target = args.workdir / f"tf_savedmodel_{model}"
    t0 = time.perf_counter()
    try:
        tf.saved_model.save(net, str(target), signatures=net.__call__.get_concrete_function())
    except Exception as exc:
        return fail(out, "convert", exc)
    out.convert_s = time.perf_counter() - t0
    out.artefact_bytes = path_size(target)
    try:
        sig = tf.saved_model.load(str(target)).signatures["serving_default"]
        name = next(iter(sig.structured_input_signature[1]))
        xt = tf.constant(xin)
    except Exception as exc:
        return fail(out, "load", exc)
    try:
        got = next(iter(sig(**{name: xt}).values())).numpy()
        out.max_abs_diff = max_abs_diff(got, y)
        out.eager_latency, out.latency = paired_latency(
            call, lambda: sig(**{name: xt}), rounds=args.rounds
        )
    except Exception as exc:
        return fail(out, "run", exc)
    out.status = "works"
    return out


def main(argv: list[str] | None = None) -> None:
    drive(DISTRIBUTIONS, _imports, per_model, argv, requires=TOOLS)


if __name__ == "__main__":
    main()
