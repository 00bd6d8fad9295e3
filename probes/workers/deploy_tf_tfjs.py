"""TensorFlow → SavedModel → TF.js converter (``tensorflowjs``) → graph model for the browser.

Running needs a browser (TF.js in JavaScript): a successful conversion is "converted, not run
here". ``tensorflowjs`` 4.22 requires the full ``tensorflow`` package, so next to
``tensorflow-cpu`` it usually is not installed (docs/deployment-paths.md).
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from probes.workers import deploy_models_tf as ref
from probes.workers.deploy_common import Outcome, drive, fail, path_size, save_eager

DISTRIBUTIONS = ("tensorflow-cpu", "tensorflow", "tensorflowjs")

TOOLS = ("tensorflowjs",)  # modules checked before the framework import


def _imports() -> dict[str, Any]:
    import tensorflow as tf
    from tensorflowjs.converters import convert_tf_saved_model

    return {"tf": tf, "convert": convert_tf_saved_model}


def per_model(mods: dict[str, Any], model: str, weights: Any, x: np.ndarray, args: Any) -> Outcome:
    tf = mods["tf"]
    out = Outcome(model)
    net = ref.build(tf, model, weights)
    _call, y, _xin = ref.eager(tf, net, model, x)
    save_eager(args.workdir, "tensorflow", model, y)
    saved = args.workdir / f"tf_tfjs_{model}_savedmodel"
    target = args.workdir / f"tf_tfjs_{model}"
    t0 = time.perf_counter()
    try:
        tf.saved_model.save(net, str(saved), signatures=net.__call__.get_concrete_function())
        mods["convert"](str(saved), str(target))
    except Exception as exc:
        return fail(out, "convert", exc)
    out.convert_s = time.perf_counter() - t0
    out.artefact_bytes = path_size(target)
    out.status = "converted_not_run"
    return out


def main(argv: list[str] | None = None) -> None:
    drive(DISTRIBUTIONS, _imports, per_model, argv, requires=TOOLS)


if __name__ == "__main__":
    main()
