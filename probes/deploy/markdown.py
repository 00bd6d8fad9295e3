"""The "Deployment paths" section of the Markdown probe report (``--deploy --format md``)."""

from __future__ import annotations

from probes.deploy.rows import deploy_row
from probes.report import ProbeReport


def _cell(text: object) -> str:
    """One table cell: no pipes or line breaks from converter messages."""
    return str(text).replace("|", "\\|").replace("\r", " ").replace("\n", " ")[:200]


def _or_dash(value: object) -> str:
    return "—" if value is None else str(value)


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
    for row in map(deploy_row, r.deployment_paths):
        size, int8 = (None if k is None else f"{k:.1f}" for k in (row.size_kib, row.int8_kib))
        cells = (size, int8, row.latency_ms, row.eager_ms, row.max_abs_diff)
        lines.append(
            f"| {_cell(row.path)} | {row.model} | {', '.join(row.targets)} | {row.status} | "
            f"{' | '.join(map(_or_dash, cells))} | {_cell(row.note)} |"
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
