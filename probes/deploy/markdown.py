"""The "Deployment paths" section of the Markdown probe report (``--deploy --format md``)."""

from __future__ import annotations

from probes.report import DeployLatency, ProbeReport


def _cell(text: object) -> str:
    """One table cell: no pipes or line breaks from converter messages."""
    return str(text).replace("|", "\\|").replace("\r", " ").replace("\n", " ")[:200]


def _ms(lat: DeployLatency | None) -> str:
    if lat is None:
        return "—"
    if lat.ci_low_s is None or lat.ci_high_s is None:
        return f"{lat.median_s * 1e3:.3f}"
    return f"{lat.median_s * 1e3:.3f} ({lat.ci_low_s * 1e3:.3f}–{lat.ci_high_s * 1e3:.3f})"


def deployment_markdown(r: ProbeReport, lang: str | None = None) -> list[str]:
    """Lines of the section; empty when the probe ran without ``--deploy``.

    ``lang`` "en"/"zh" writes one language, ``None`` the bilingual headings (probes/markdown.py).
    """
    if r.deployment_paths is None:
        return []
    if lang == "zh":
        head = (
            "## 部署路径",
            "| 路径 | 模型 | 目标 | 状态 | KiB | int8 KiB | 延迟 ms（95% 区间） | "
            "eager ms | 最大绝对误差 | 说明 |",
        )
    elif lang == "en":
        head = (
            "## Deployment paths",
            "| path | model | targets | status | KiB | int8 KiB | latency ms (95% CI) | "
            "eager ms | max abs diff | note |",
        )
    else:
        head = (
            "## Deployment paths / 部署路径",
            "| path / 路径 | model | targets | status / 状态 | KiB | int8 KiB | "
            "latency ms (95% CI) | eager ms | max abs diff | note |",
        )
    lines = ["", head[0], "", head[1], "|---|---|---|---|---|---|---|---|---|---|"]
    for e in r.deployment_paths:
        note = ", ".join(e.failed_ops) + ": " if e.failed_ops else ""
        note += e.install if e.status == "not_installed" and e.install else (e.error or "")
        size = f"{e.artefact_bytes / 1024:.1f}" if e.artefact_bytes else "—"
        int8 = f"{e.int8_bytes / 1024:.1f}" if e.int8_bytes else "—"
        diff = f"{e.max_abs_diff:.1e}" if e.max_abs_diff is not None else "—"
        lines.append(
            f"| {_cell(e.label or e.path)} | {e.model} | {', '.join(e.targets)} | {e.status} | "
            f"{size} | {int8} | {_ms(e.latency)} | {_ms(e.eager_latency)} | {diff} | "
            f"{_cell(note)} |"
        )
    if not r.deployment_paths:
        none = "（没有路径服务这些目标）" if lang == "zh" else "(no path serves these targets)"
        lines.append(f"| {none} | | | | | | | | | |")
    for model, d in sorted(r.deploy_cross_framework_diff.items()):
        if lang == "zh":
            lines.append(f"\nPyTorch 与 TensorFlow eager 输出（{model}）：最大绝对误差 {d:.1e}")
        else:
            lines.append(f"\nPyTorch vs TensorFlow eager outputs ({model}): max abs diff {d:.1e}")
    return lines
