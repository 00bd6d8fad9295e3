"""TensorFlow's serving format: what TF Serving loads, reloaded and run here."""

from __future__ import annotations

from probes.deploy.registry import DeployPathSpec

SPEC = DeployPathSpec(
    id="tf_savedmodel",
    framework="tensorflow",
    label="TensorFlow → SavedModel → reloaded (what TF Serving loads)",
    label_zh="TensorFlow → SavedModel → 重新加载（TF Serving 加载的格式）",
    targets=("server",),
    toolchains=("tf_serving",),
    install="pip install tensorflow-cpu",
    install_is_a_step=False,
    steps=(
        (
            "tf.saved_model.save(module, 'saved_model', "
            "signatures=module.__call__.get_concrete_function())"
        ),
        (
            "tf.saved_model.load('saved_model').signatures['serving_default'](x=x) "
            " # or serve it with TF Serving"
        ),
    ),
)
