"""PyTorch's own on-device runtime: torch.export, lowered to the XNNPACK CPU delegate."""

from __future__ import annotations

from probes.deploy.registry import DeployPathSpec

SPEC = DeployPathSpec(
    id="pt_executorch",
    framework="pytorch",
    label="PyTorch → torch.export → ExecuTorch .pte (XNNPACK) → ExecuTorch runtime",
    label_zh="PyTorch → torch.export → ExecuTorch .pte（XNNPACK）→ ExecuTorch 运行时",
    targets=("mobile", "edge", "mcu"),
    toolchains=("executorch",),
    install="pip install executorch",
    steps=(
        "ep = torch.export.export(model.eval(), (x,))",
        (
            "program = executorch.exir.to_edge_transform_and_lower(ep, "
            "partitioner=[XnnpackPartitioner()]).to_executorch()"
        ),
        "open('model.pte', 'wb').write(program.buffer)",
        (
            "executorch.runtime.Runtime.get().load_program('model.pte').load_method('forward').execute([x])"
        ),
    ),
)
