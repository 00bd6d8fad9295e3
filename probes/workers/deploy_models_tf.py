"""The reference models in TensorFlow (docs/deployment-paths.md): same function as PyTorch's.

``tf.Module`` objects with one ``tf.function`` of fixed batch-1 signature, which is what the
LiteRT converter, SavedModel, tf2onnx and the TF.js converter all take. The CNN reads NHWC (TF's
layout); 3×3 convolutions pad one pixel explicitly on every side, as PyTorch's ``padding=1``
does (TF's "same" pads a stride-2 input only at the bottom and right).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from probes.workers.deploy_common import (
    BN_EPS,
    CNN_INPUT,
    ENC_DIM,
    ENC_FFN,
    ENC_HEADS,
    ENC_INPUT,
    ENC_TOKENS,
    LN_EPS,
    Eager,
    cnn_layers,
    save_eager,
)


def input_for(model: str, x: np.ndarray) -> np.ndarray:
    """The reference input in this framework's layout (NCHW → NHWC for the CNN)."""
    return np.ascontiguousarray(x.transpose(0, 2, 3, 1)) if model == "cnn" else x


def build(tf: Any, model: str, weights: dict[str, np.ndarray]) -> Any:
    """A ``tf.Module`` whose ``__call__`` is a traced function of the batch-1 input."""

    def var(a: np.ndarray) -> Any:
        return tf.Variable(np.ascontiguousarray(a), trainable=False)

    if model == "cnn":
        n, c, hgt, wid = CNN_INPUT

        class CNN(tf.Module):
            def __init__(self) -> None:
                super().__init__()
                self.layers = []
                for name, _cin, _cout, stride, groups in cnn_layers():
                    w = weights[f"{name}.weight"]  # OIHW
                    depthwise = groups > 1
                    kernel = w.transpose(2, 3, 0, 1) if depthwise else w.transpose(2, 3, 1, 0)
                    bn = [var(weights[f"{name}.bn.{p}"]) for p in ("mean", "var", "beta", "gamma")]
                    self.layers.append((var(kernel), bn, stride, depthwise, w.shape[-1] == 3))
                self.fc_w = var(weights["fc.weight"].T)
                self.fc_b = var(weights["fc.bias"])

            @tf.function(input_signature=[tf.TensorSpec([n, hgt, wid, c], tf.float32)])
            def __call__(self, x: Any) -> Any:
                for kernel, (mean, v, beta, gamma), stride, depthwise, pad in self.layers:
                    if pad:
                        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
                    strides = [1, stride, stride, 1]
                    if depthwise:
                        x = tf.nn.depthwise_conv2d(x, kernel, strides, "VALID")
                    else:
                        x = tf.nn.conv2d(x, kernel, strides, "VALID")
                    x = tf.nn.relu6(tf.nn.batch_normalization(x, mean, v, beta, gamma, BN_EPS))
                return tf.matmul(tf.reduce_mean(x, axis=[1, 2]), self.fc_w) + self.fc_b

        return CNN()

    class Encoder(tf.Module):
        def __init__(self) -> None:
            super().__init__()
            self.w = {k: var(v.T if k.endswith(".weight") else v) for k, v in weights.items()}

        def _dense(self, x: Any, name: str) -> Any:
            return tf.matmul(x, self.w[f"{name}.weight"]) + self.w[f"{name}.bias"]

        def _norm(self, x: Any, name: str) -> Any:
            mean, variance = tf.nn.moments(x, axes=[-1], keepdims=True)
            x = (x - mean) * tf.math.rsqrt(variance + LN_EPS)
            return x * self.w[f"{name}.gamma"] + self.w[f"{name}.beta"]

        @tf.function(input_signature=[tf.TensorSpec(list(ENC_INPUT), tf.float32)])
        def __call__(self, x: Any) -> Any:
            n, d, h = ENC_TOKENS, ENC_DIM, ENC_HEADS
            dh = d // h
            x2 = tf.reshape(x, [n, d])

            def heads(y: Any) -> Any:
                return tf.transpose(tf.reshape(y, [n, h, dh]), [1, 0, 2])

            q, k, v = (heads(self._dense(x2, p)) for p in ("q", "k", "v"))
            scores = tf.matmul(q, k, transpose_b=True) * (1.0 / math.sqrt(dh))
            att = tf.reshape(tf.transpose(tf.matmul(tf.nn.softmax(scores), v), [1, 0, 2]), [n, d])
            y = self._norm(x2 + self._dense(att, "o"), "ln1")
            ff = self._dense(tf.nn.gelu(self._dense(y, "ff1"), approximate=False), "ff2")
            return tf.reshape(self._norm(y + ff, "ln2"), [1, n, d])

    assert ENC_FFN > 0
    return Encoder()


def eager(tf: Any, net: Any, model: str, x: np.ndarray) -> tuple[Any, np.ndarray, np.ndarray]:
    """The traced function's batch-1 call, its output, and the input in TF's layout."""
    xin = input_for(model, x)
    xt = tf.constant(xin)

    def call() -> Any:
        return net(xt)

    return call, call().numpy(), xin


def reference(
    tf: Any, model: str, weights: dict[str, np.ndarray], x: np.ndarray, args: Any
) -> Eager:
    """What every TensorFlow path starts from: the module, its eager call and output (saved for
    the cross-framework check) and the input in TF's layout."""
    net = build(tf, model, weights)
    call, y, xin = eager(tf, net, model, x)
    save_eager(args.workdir, "tensorflow", model, y)
    return Eager(net, call, y, xin)
