"""TensorFlow's own on-device path: the LiteRT converter, float and int8 post-training
quantisation."""

from __future__ import annotations

from probes.deploy.registry import DeployPathSpec

SPEC = DeployPathSpec(
    id="tf_litert",
    framework="tensorflow",
    label="TensorFlow → LiteRT converter → .tflite (float, int8 PTQ) → LiteRT",
    label_zh="TensorFlow → LiteRT 转换器 → .tflite（浮点、int8 训练后量化）→ LiteRT",
    targets=("mobile", "edge", "browser", "mcu"),
    toolchains=("litert", "litert_js", "tflite_micro"),
    install="pip install ai-edge-litert",
    steps=(
        "converter = tf.lite.TFLiteConverter.from_concrete_functions([fn], module)",
        (
            "converter.optimizations = [tf.lite.Optimize.DEFAULT]; "
            "converter.representative_dataset = calibration  # int8"
        ),
        "open('model.tflite', 'wb').write(converter.convert())",
        (
            "ai_edge_litert.interpreter.Interpreter(model_path='model.tflite')  # "
            "allocate_tensors, set_tensor, invoke"
        ),
    ),
)
