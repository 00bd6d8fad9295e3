"""TensorFlow → SavedModel → TF.js converter (``tensorflowjs``) → graph model for the browser.

Running needs a browser (TF.js in JavaScript): a successful conversion is "converted, not run
here". ``tensorflowjs`` 4.22 requires the full ``tensorflow`` package, so next to
``tensorflow-cpu`` it usually is not installed (docs/deployment-paths.md).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from probes.workers import deploy_models_tf as ref
from probes.workers.deploy_common import Outcome, converting, drive

DISTRIBUTIONS = ("tensorflow-cpu", "tensorflow", "tensorflowjs")

TOOLS = ("tensorflowjs",)  # modules checked before the framework import


def _imports() -> dict[str, Any]:
    import tensorflow as tf
    from tensorflowjs.converters import convert_tf_saved_model

    return {"tf": tf, "convert": convert_tf_saved_model}


def per_model(mods: dict[str, Any], out: Outcome, weights: Any, x: np.ndarray, args: Any) -> None:
    tf = mods["tf"]
    eager = ref.reference(tf, out.model, weights, x, args)
    saved = args.workdir / f"tf_tfjs_{out.model}_savedmodel"
    target = args.workdir / f"tf_tfjs_{out.model}"
    with converting(out, target):
        fn = eager.net.__call__.get_concrete_function()
        tf.saved_model.save(eager.net, str(saved), signatures=fn)
        mods["convert"](str(saved), str(target))
    out.status = "converted_not_run"


def main(argv: list[str] | None = None) -> None:
    drive(DISTRIBUTIONS, _imports, per_model, argv, requires=TOOLS)


if __name__ == "__main__":
    main()
