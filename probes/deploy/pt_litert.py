"""PyTorch into Google's LiteRT (formerly TensorFlow Lite) through the litert-torch converter.

The work runs in ``probes/workers/deploy_pt_litert.py`` (a subprocess with a hard timeout).
"""

from __future__ import annotations

from probes.deploy.registry import DeployPathSpec, register

SPEC = register(
    DeployPathSpec(
        id="pt_litert",
        framework="pytorch",
        label="PyTorch → litert-torch → .tflite → LiteRT",
        label_zh="PyTorch → litert-torch → .tflite → LiteRT",
        targets=("mobile", "edge", "browser"),
        toolchains=("litert_torch", "litert", "litert_js"),
        worker="probes.workers.deploy_pt_litert",
        install=(
            "pip install litert-torch  # in its own virtualenv: litert-converter pins xdsl 0.28, "
            "which needs typing-extensions<4.13 (docs/deployment-paths.md)"
        ),
        commands=(
            "pip install litert-torch",
            "litert_torch.convert(model.eval(), (x,)).export('model.tflite')",
            (
                "ai_edge_litert.interpreter.Interpreter(model_path='model.tflite')  # "
                "allocate_tensors, set_tensor, invoke"
            ),
        ),
    )
)
