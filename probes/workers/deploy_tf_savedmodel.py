"""TensorFlow → SavedModel (what TF Serving loads) → reloaded with ``tf.saved_model.load`` and run
through its ``serving_default`` signature."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from probes.workers import deploy_models_tf as ref
from probes.workers.deploy_common import Outcome, converting, drive, run_and_time

DISTRIBUTIONS = ("tensorflow-cpu", "tensorflow")

TOOLS = ()  # modules checked before the framework import


def _imports() -> dict[str, Any]:
    import tensorflow as tf

    return {"tf": tf}


def per_model(mods: dict[str, Any], out: Outcome, weights: Any, x: np.ndarray, args: Any) -> None:
    tf = mods["tf"]
    eager = ref.reference(tf, out.model, weights, x, args)
    target = args.workdir / f"tf_savedmodel_{out.model}"
    with converting(out, target):
        fn = eager.net.__call__.get_concrete_function()
        tf.saved_model.save(eager.net, str(target), signatures=fn)

    def load() -> Callable[[], Any]:
        sig = tf.saved_model.load(str(target)).signatures["serving_default"]
        name = next(iter(sig.structured_input_signature[1]))
        xt = tf.constant(eager.x)
        return lambda: sig(**{name: xt})

    run_and_time(out, load, eager, args.rounds, output=lambda got: next(iter(got.values())).numpy())


def main(argv: list[str] | None = None) -> None:
    drive(DISTRIBUTIONS, _imports, per_model, argv, requires=TOOLS)


if __name__ == "__main__":
    main()
