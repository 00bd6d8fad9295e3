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


def deployment_markdown(r: ProbeReport) -> list[str]:
    """Lines of the section; empty when the probe ran without ``--deploy``."""
    if r.deployment_paths is None:
        return []
    lines = [
        "",
        "## Deployment paths / 部署路径",
        "",
        "| path / 路径 | model | targets | status / 状态 | KiB | int8 KiB | latency ms (95% CI) | "
        "eager ms | max abs diff | note |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
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
        lines.append("| (no path serves these targets) | | | | | | | | | |")
    for model, d in sorted(r.deploy_cross_framework_diff.items()):
        lines.append(f"\nPyTorch vs TensorFlow eager outputs ({model}): max abs diff {d:.1e}")
    return lines
