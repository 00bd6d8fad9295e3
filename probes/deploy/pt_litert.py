"""PyTorch into Google's LiteRT (formerly TensorFlow Lite) through the litert-torch converter."""

from __future__ import annotations

from probes.deploy.registry import DeployPathSpec

SPEC = DeployPathSpec(
    id="pt_litert",
    framework="pytorch",
    label="PyTorch → litert-torch → .tflite → LiteRT",
    label_zh="PyTorch → litert-torch → .tflite → LiteRT",
    targets=("mobile", "edge", "browser"),
    toolchains=("litert_torch", "litert", "litert_js"),
    install="pip install litert-torch",
    steps=(
        "litert_torch.convert(model.eval(), (x,)).export('model.tflite')",
        (
            "ai_edge_litert.interpreter.Interpreter(model_path='model.tflite')  # "
            "allocate_tensors, set_tensor, invoke"
        ),
    ),
)
