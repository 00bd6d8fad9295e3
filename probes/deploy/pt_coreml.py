"""PyTorch to Apple's Core ML; the runtime exists only on Apple platforms."""

from __future__ import annotations

from probes.deploy.registry import DeployPathSpec

SPEC = DeployPathSpec(
    id="pt_coreml",
    framework="pytorch",
    label="PyTorch → torch.export → Core ML .mlpackage (coremltools)",
    label_zh="PyTorch → torch.export → Core ML .mlpackage（coremltools）",
    targets=("mobile", "edge"),
    toolchains=("coreml",),
    install="pip install coremltools",
    steps=(
        "ep = torch.export.export(model.eval(), (x,)).run_decompositions({})",
        (
            "coremltools.convert(ep, "
            "convert_to='mlprogram').save('model.mlpackage')  # run on macOS / iOS"
        ),
    ),
    runs_here_note=(
        "Core ML runs only on Apple platforms: converted here, run on macOS or iOS / "
        "Core ML 只能在苹果平台运行：此处仅转换"
    ),
)
