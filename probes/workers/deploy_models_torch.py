"""The reference models in PyTorch (docs/deployment-paths.md): same function as the TF ones.

A MobileNet-like CNN (3×3 conv, depthwise 3×3 + pointwise 1×1, batch norm, ReLU6, global average
pool, linear) and one post-LN transformer encoder block, both loaded from the shared numpy
weights of ``deploy_common.reference_weights``. Imported only inside deployment workers.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from probes.workers.deploy_common import (
    BN_EPS,
    CNN_CLASSES,
    CNN_LAST,
    ENC_DIM,
    ENC_FFN,
    ENC_HEADS,
    ENC_TOKENS,
    LN_EPS,
    Eager,
    cnn_layers,
    save_eager,
)


def build(torch: Any, model: str, weights: dict[str, np.ndarray]) -> Any:
    """An eval-mode ``nn.Module`` holding ``weights``."""
    nn = torch.nn
    F = torch.nn.functional

    def t(a: np.ndarray) -> Any:
        return torch.from_numpy(np.ascontiguousarray(a))

    class CNN(nn.Module):  # type: ignore[name-defined]  # torch is imported at run time
        def __init__(self) -> None:
            super().__init__()
            layers: list[Any] = []
            for name, cin, cout, stride, groups in cnn_layers():
                k = 1 if name.startswith("pw") else 3
                conv = nn.Conv2d(cin, cout, k, stride, k // 2, groups=groups, bias=False)
                bn = nn.BatchNorm2d(cout, eps=BN_EPS)
                with torch.no_grad():
                    conv.weight.copy_(t(weights[f"{name}.weight"]))
                    bn.weight.copy_(t(weights[f"{name}.bn.gamma"]))
                    bn.bias.copy_(t(weights[f"{name}.bn.beta"]))
                    bn.running_mean.copy_(t(weights[f"{name}.bn.mean"]))
                    bn.running_var.copy_(t(weights[f"{name}.bn.var"]))
                layers += [conv, bn, nn.ReLU6()]
            self.features = nn.Sequential(*layers)
            self.fc = nn.Linear(CNN_LAST, CNN_CLASSES)
            with torch.no_grad():
                self.fc.weight.copy_(t(weights["fc.weight"]))
                self.fc.bias.copy_(t(weights["fc.bias"]))

        def forward(self, x: Any) -> Any:
            return self.fc(self.features(x).mean(dim=(2, 3)))

    class Encoder(nn.Module):  # type: ignore[name-defined]  # as CNN: torch arrives at run time
        def __init__(self) -> None:
            super().__init__()
            d, f = ENC_DIM, ENC_FFN
            self.q, self.k, self.v, self.o = (nn.Linear(d, d) for _ in range(4))
            self.ff1, self.ff2 = nn.Linear(d, f), nn.Linear(f, d)
            self.ln1, self.ln2 = nn.LayerNorm(d, eps=LN_EPS), nn.LayerNorm(d, eps=LN_EPS)
            with torch.no_grad():
                for name in ("q", "k", "v", "o", "ff1", "ff2"):
                    getattr(self, name).weight.copy_(t(weights[f"{name}.weight"]))
                    getattr(self, name).bias.copy_(t(weights[f"{name}.bias"]))
                for name in ("ln1", "ln2"):
                    getattr(self, name).weight.copy_(t(weights[f"{name}.gamma"]))
                    getattr(self, name).bias.copy_(t(weights[f"{name}.beta"]))

        def forward(self, x: Any) -> Any:
            n, d, h = ENC_TOKENS, ENC_DIM, ENC_HEADS
            dh = d // h

            def heads(y: Any) -> Any:
                return y.reshape(1, n, h, dh).transpose(1, 2)

            q, k, v = heads(self.q(x)), heads(self.k(x)), heads(self.v(x))
            att = torch.softmax(q @ k.transpose(-2, -1) * (1.0 / math.sqrt(dh)), dim=-1) @ v
            y = self.ln1(x + self.o(att.transpose(1, 2).reshape(1, n, d)))
            return self.ln2(y + self.ff2(F.gelu(self.ff1(y))))

    net = CNN() if model == "cnn" else Encoder()
    return net.eval()


def eager(torch: Any, net: Any, x: np.ndarray) -> tuple[Any, np.ndarray]:
    """The framework's own batch-1 call (inference mode) and its output."""
    xt = torch.from_numpy(x)

    def call() -> Any:
        with torch.inference_mode():
            return net(xt)

    return call, call().numpy()


def set_threads(torch: Any, threads: int) -> None:
    if threads:
        torch.set_num_threads(threads)


def reference(
    torch: Any, model: str, weights: dict[str, np.ndarray], x: np.ndarray, args: Any
) -> Eager:
    """What every PyTorch path starts from: the net on the worker's threads, its eager call and
    output, the output saved for the cross-framework check."""
    set_threads(torch, args.threads)
    net = build(torch, model, weights)
    call, y = eager(torch, net, x)
    save_eager(args.workdir, "pytorch", model, y)
    return Eager(net, call, y, x)
