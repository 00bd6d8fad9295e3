"""The probe's progress steps in the UI language.

``python -m probes`` names its steps bilingually for the terminal ("inventory / 硬件清单"); the app
shows one language only. Known step shapes (probes/api.py) are re-worded here; anything else
keeps the side of the " / " that matches the language, so no Chinese shows in the English
progress and no English phrase in the Chinese one.
"""

from __future__ import annotations

import re

# (pattern on the English side, English, Chinese); groups are identifiers or lists of them.
_STEPS: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(r"inventory"), "System inventory", "硬件清单"),
    (re.compile(r"framework info \((.+)\)"), "Framework info ({0})", "框架信息（{0}）"),
    (re.compile(r"(\S+) info done"), "{0}: framework info done", "{0}：框架信息完成"),
    (re.compile(r"starting workers \((.+)\)"), "Starting workers ({0})", "启动工作进程（{0}）"),
    (re.compile(r"(\S+): (.+) interleaved"), "{0} — {1}, interleaved", "{0}——{1}，交替测量"),
    (re.compile(r"deploy: (.+)"), "Deployment path: {0}", "部署路径：{0}"),
    (re.compile(r"report ready"), "Report ready", "报告完成"),
]


# Workload ids (probes/bench.py) as people say them; an unknown id is shown as it is.
_MODELS = {
    "cnn": ("small CNN", "小型 CNN"),
    "mlp": ("MLP", "多层感知机"),
    "transformer": ("small transformer", "小型 Transformer"),
    "embedding": ("embedding model", "嵌入模型"),
}
_MODES = {"eager": ("eager", "即时模式"), "compiled": ("compiled", "编译模式")}
_KERNELS = {
    "conv2d": ("2-D convolution", "二维卷积"),
    "dispatch_overhead": ("per-operation dispatch overhead", "单算子调度开销"),
    "memory_copy": ("memory copy", "内存复制"),
    "h2d_transfer": ("host-to-GPU copy", "主机到 GPU 的复制"),
}


def workload_name(workload: str, lang: str) -> str:
    """ "matmul_1024" -> "matrix multiply 1024²", "cnn_train_eager" -> "small CNN training step
    (eager)", in ``lang``."""
    zh = lang == "zh"
    if workload in _KERNELS:
        return _KERNELS[workload][zh]
    m = re.fullmatch(r"matmul_(\d+)", workload)
    if m:
        return f"{'矩阵乘法' if zh else 'matrix multiply'} {m.group(1)}²"
    m = re.fullmatch(r"([a-z]+)_(train|infer)(?:_b(\d+))?_(eager|compiled)", workload)
    if m and m.group(1) in _MODELS:
        model, mode = _MODELS[m.group(1)][zh], _MODES[m.group(4)][zh]
        if zh and model[-1].isascii():
            model += " "  # a space between Latin and Chinese
        if m.group(2) == "train":
            return f"{model}训练步（{mode}）" if zh else f"{model} training step ({mode})"
        batch = m.group(3) or "?"
        if zh:
            return f"{model}推理，批大小 {batch}（{mode}）"
        return f"{model} inference, batch {batch} ({mode})"
    return workload


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def step_text(step: str, lang: str) -> str:
    """One step line in ``lang``."""
    english, sep, chinese = step.rpartition(" / ")
    if not sep or not _has_cjk(chinese):
        english, chinese = step, ""
    for pattern, en, zh in _STEPS:
        match = pattern.fullmatch(english.strip())
        if match:
            joiner = "、" if lang == "zh" else ", "  # zh lists take the enumeration comma
            groups = [re.sub(r"\s*(?: / |, )\s*", joiner, g) for g in match.groups()]
            if pattern.pattern.endswith("interleaved"):
                groups[0] = workload_name(groups[0], lang)
            return (zh if lang == "zh" else en).format(*groups)
    if lang == "zh" and chinese:
        return chinese
    return english
