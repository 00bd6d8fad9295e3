"""PyTorch's dynamo-based ONNX exporter, run in ONNX Runtime (servers, mobile, edge, browser)."""

from __future__ import annotations

from probes.deploy.registry import DeployPathSpec

SPEC = DeployPathSpec(
    id="pt_onnx",
    framework="pytorch",
    label="PyTorch → ONNX (dynamo exporter) → ONNX Runtime",
    label_zh="PyTorch → ONNX（dynamo 导出器）→ ONNX Runtime",
    targets=("server", "mobile", "edge", "browser"),
    toolchains=("onnx_runtime",),
    install="pip install onnx onnxscript onnxruntime",
    steps=(
        "torch.onnx.export(model.eval(), (x,), 'model.onnx', dynamo=True)",
        (
            "onnxruntime.InferenceSession('model.onnx', "
            "providers=['CPUExecutionProvider']).run(None, {name: x})"
        ),
    ),
)
