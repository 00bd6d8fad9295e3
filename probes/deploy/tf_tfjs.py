"""TensorFlow to the browser with the TF.js converter."""

from __future__ import annotations

from probes.deploy.registry import DeployPathSpec

SPEC = DeployPathSpec(
    id="tf_tfjs",
    framework="tensorflow",
    label="TensorFlow → SavedModel → TF.js converter → graph model",
    label_zh="TensorFlow → SavedModel → TF.js 转换器 → 图模型",
    targets=("browser",),
    toolchains=("tfjs",),
    install=(
        "pip install tensorflowjs  # in its own virtualenv: it needs the full tensorflow package "
        "(2.19, through tensorflow-decision-forests) and packaging<24"
    ),
    steps=(
        "tensorflowjs_converter --input_format=tf_saved_model saved_model web_model",
        "tf.loadGraphModel('web_model/model.json')  // in the browser",
    ),
    runs_here_note=(
        "TF.js runs in a browser (JavaScript): converted here, not run / "
        "TF.js 在浏览器（JavaScript）中运行：此处仅转换"
    ),
)
