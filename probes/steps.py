"""The probe's progress steps in one language, for ``python -m probes --lang`` and the app.

probes/api.py names its steps bilingually ("inventory / 硬件清单"); people read one language.
Known step shapes are re-worded here, with workloads in plain words ("matrix multiply 1024²");
anything else keeps the side of the " / " that matches the language, so no Chinese shows in the
English progress and no English phrase in the Chinese one. This is the probes package's own
vocabulary, worded in the one catalog (kb/texts.py); the app shows the same lines.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kb.texts import t

if TYPE_CHECKING:
    from probes.report import BenchmarkResult

# Pattern on the English side -> catalog key (kb/texts.py ``step_*``); groups fill the placeholders.
_STEPS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"inventory"), "step_inventory"),
    (re.compile(r"framework info \((?P<fws>.+)\)"), "step_framework_info"),
    (re.compile(r"(?P<fw>\S+) info done"), "step_info_done"),
    (re.compile(r"starting workers \((?P<fws>.+)\)"), "step_workers"),
    (re.compile(r"(?P<workload>\S+): (?P<fws>.+) interleaved"), "step_interleaved"),
    (re.compile(r"deploy: (?P<path>.+)"), "step_deploy"),
    (re.compile(r"report ready"), "step_report_ready"),
]

# Workload ids (probes/bench.py) as people say them (kb/texts.py ``kernel_*``, ``model_*``,
# ``mode_*``); an unknown id is shown as it is.
_MODELS = ("cnn", "mlp", "transformer", "embedding")
_KERNELS = ("conv2d", "dispatch_overhead", "memory_copy", "h2d_transfer")


def workload_name(workload: str, lang: str) -> str:
    """ "matmul_1024" -> "matrix multiply 1024²", "cnn_train_eager" -> "small CNN training step
    (eager)", in ``lang``."""
    if workload in _KERNELS:
        return t(f"kernel_{workload}", lang)
    m = re.fullmatch(r"matmul_(\d+)", workload)
    if m:
        return t("workload_matmul", lang, n=m.group(1))
    m = re.fullmatch(r"([a-z]+)_(train|infer)(?:_b(\d+))?_(eager|compiled)", workload)
    if m and m.group(1) in _MODELS:
        model, mode = t(f"model_{m.group(1)}", lang), t(f"mode_{m.group(4)}", lang)
        if lang == "zh" and model[-1].isascii():
            model += " "  # a space between Latin and Chinese
        if m.group(2) == "train":
            return t("workload_train", lang, model=model, mode=mode)
        return t("workload_infer", lang, model=model, mode=mode, batch=m.group(3) or "?")
    return workload


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def step_text(step: str, lang: str) -> str:
    """One step line in ``lang``."""
    english, sep, chinese = step.rpartition(" / ")
    if not sep or not _has_cjk(chinese):
        english, chinese = step, ""
    for pattern, key in _STEPS:
        match = pattern.fullmatch(english.strip())
        if match:
            joiner = "、" if lang == "zh" else ", "  # zh lists take the enumeration comma
            groups = {
                k: re.sub(r"\s*(?: / |, )\s*", joiner, g) for k, g in match.groupdict().items()
            }
            if "workload" in groups:
                groups["workload"] = workload_name(groups["workload"], lang)
            return t(key, lang, **groups)
    if lang == "zh" and chinese:
        return chinese
    return english


def throughput_text(b: BenchmarkResult) -> str:
    """A result's rate in its own unit (items/s, GB/s or GFLOP/s); the app's tables show it too."""
    if b.items_per_s is not None and b.unit:
        return f"{b.items_per_s:,.0f} {b.unit}"
    if b.gbps is not None:
        return f"{b.gbps:.1f} GB/s"
    if b.gflops is not None:
        return f"{b.gflops:.1f} GFLOP/s"
    return ""
