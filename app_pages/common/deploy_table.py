"""The "deployment paths" tables of a probe report, one per target (``python -m probes --deploy``).

Pure row builders (tested without Streamlit) and one renderer that the machine page calls.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import streamlit as st

if TYPE_CHECKING:
    from probes.report import DeployLatency, DeploymentPath, ProbeReport

TARGET_NAMES = {
    "mobile": ("mobile", "移动端"),
    "browser": ("browser", "浏览器"),
    "edge": ("edge device", "边缘设备"),
    "mcu": ("microcontroller", "微控制器"),
    "server": ("server", "服务器"),
}
STATUS = {
    "works": ("works", "可用"),
    "converted_not_run": ("converted, not run here", "已转换，本机未运行"),
    "failed": ("failed", "失败"),
    "not_installed": ("not installed", "未安装"),
    "timeout": ("timed out (killed)", "超时（已终止）"),
    "crashed": ("crashed", "崩溃"),
    "error": ("error", "错误"),
}
_TX = {
    "title": ("Deployment paths", "部署路径"),
    "path": ("Path", "路径"),
    "model": ("Model", "模型"),
    "status": ("Status", "状态"),
    "size": ("Size KiB", "大小 KiB"),
    "int8": ("int8 KiB", "int8 KiB"),
    "latency": ("Latency ms (95% CI)", "延迟 ms（95% 区间）"),
    "eager": ("Eager ms", "原生 ms"),
    "diff": ("Max abs diff", "最大绝对差"),
    "note": ("Error / ops / install", "错误 / 算子 / 安装"),
    "cross": (
        "PyTorch and TensorFlow compute the same reference models here: max difference {d}.",
        "PyTorch 与 TensorFlow 在本机计算同一参考模型：最大差异 {d}。",
    ),
}


def _tx(key: str, lang: str) -> str:
    en, zh = _TX[key]
    return zh if lang == "zh" else en


def _ms(lat: DeployLatency | None) -> str:
    if lat is None:
        return ""
    if lat.ci_low_s is None or lat.ci_high_s is None:
        return f"{lat.median_s * 1e3:.3f}"
    return f"{lat.median_s * 1e3:.3f} ({lat.ci_low_s * 1e3:.3f}–{lat.ci_high_s * 1e3:.3f})"


def _note(e: DeploymentPath) -> str:
    if e.failed_ops:
        return f"{', '.join(e.failed_ops)}: {e.error or ''}"
    if e.status == "not_installed" and e.install:
        return e.install
    return e.error or ""


def targets_in(report: ProbeReport) -> list[str]:
    """The targets the report has paths for, in the CLI's order."""
    seen = {t for e in report.deployment_paths or [] for t in (e.targets or [e.target])}
    return [t for t in TARGET_NAMES if t in seen]


def deployment_rows(report: ProbeReport, lang: str, target: str) -> list[dict[str, Any]]:
    """One row per (path, model) serving ``target``."""
    zh = lang == "zh"
    rows = []
    for e in report.deployment_paths or []:
        if target not in (e.targets or [e.target]):
            continue
        size = round(e.artefact_bytes / 1024, 1) if e.artefact_bytes else None
        rows.append(
            {
                _tx("path", lang): e.label or e.path,
                _tx("model", lang): e.model,
                _tx("status", lang): STATUS[e.status][1 if zh else 0],
                _tx("size", lang): size,
                _tx("int8", lang): round(e.int8_bytes / 1024, 1) if e.int8_bytes else None,
                _tx("latency", lang): _ms(e.latency),
                _tx("eager", lang): _ms(e.eager_latency),
                _tx("diff", lang): f"{e.max_abs_diff:.1e}" if e.max_abs_diff is not None else "",
                _tx("note", lang): _note(e),  # a dataframe cell is plain text
            }
        )
    return rows


def render_deployment_paths(report: ProbeReport, lang: str) -> None:
    """One table per target; nothing when the probe ran without ``--deploy``."""
    if not report.deployment_paths:
        return
    st.markdown(f"**{_tx('title', lang)}**")
    for target in targets_in(report):
        name = TARGET_NAMES[target][1 if lang == "zh" else 0]
        st.markdown(f"*{name}*")
        st.dataframe(deployment_rows(report, lang, target), hide_index=True, width="stretch")
    if report.deploy_cross_framework_diff:
        worst = max(report.deploy_cross_framework_diff.values())
        st.caption(_tx("cross", lang).format(d=f"{worst:.1e}"))
