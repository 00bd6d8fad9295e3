"""PyTorch's dynamo-based ONNX exporter, run in ONNX Runtime (servers, mobile, edge, browser).

The work runs in ``probes/workers/deploy_pt_onnx.py`` (a subprocess with a hard timeout).
"""

from __future__ import annotations

from probes.deploy.registry import DeployPathSpec, register

SPEC = register(
    DeployPathSpec(
        id="pt_onnx",
        framework="pytorch",
        label="PyTorch → ONNX (dynamo exporter) → ONNX Runtime",
        label_zh="PyTorch → ONNX（dynamo 导出器）→ ONNX Runtime",
        targets=("server", "mobile", "edge", "browser"),
        toolchains=("onnx_runtime",),
        worker="probes.workers.deploy_pt_onnx",
        install="pip install onnx onnxscript onnxruntime",
        commands=(
            "pip install onnx onnxscript onnxruntime",
            "torch.onnx.export(model.eval(), (x,), 'model.onnx', dynamo=True)",
            (
                "onnxruntime.InferenceSession('model.onnx', "
                "providers=['CPUExecutionProvider']).run(None, {name: x})"
            ),
        ),
    )
)
