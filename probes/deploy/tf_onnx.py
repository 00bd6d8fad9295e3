"""TensorFlow to ONNX with tf2onnx, run in ONNX Runtime."""

from __future__ import annotations

from probes.deploy.registry import DeployPathSpec

SPEC = DeployPathSpec(
    id="tf_onnx",
    framework="tensorflow",
    label="TensorFlow → tf2onnx → ONNX → ONNX Runtime",
    label_zh="TensorFlow → tf2onnx → ONNX → ONNX Runtime",
    targets=("server", "mobile", "edge", "browser"),
    toolchains=("onnx_runtime", "triton_server"),
    install="pip install tf2onnx onnx onnxruntime",
    steps=(
        (
            "tf2onnx.convert.from_function(fn, "
            "input_signature=[tf.TensorSpec(shape, tf.float32, name='x')], "
            "opset=17, output_path='model.onnx')"
        ),
        (
            "onnxruntime.InferenceSession('model.onnx', "
            "providers=['CPUExecutionProvider']).run(None, {'x': x})"
        ),
    ),
)
