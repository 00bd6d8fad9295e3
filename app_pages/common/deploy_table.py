"""The "deployment paths" tables of a probe report, one per target (``python -m probes --deploy``).

Pure row builders (tested without Streamlit) and one renderer that the machine page calls.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, get_args

import streamlit as st

from kb.texts import t
from probes.report import DeployTarget

if TYPE_CHECKING:
    from probes.report import DeployLatency, DeploymentPath, ProbeReport

# The targets in the CLI's order (probes/report.py ``DeployTarget``); their names, the statuses
# and the column titles are in kb/texts.py (``deploy_*``).
TARGETS: tuple[DeployTarget, ...] = get_args(DeployTarget)


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
    return [t for t in TARGETS if t in seen]


def deployment_rows(report: ProbeReport, lang: str, target: str) -> list[dict[str, Any]]:
    """One row per (path, model) serving ``target``."""
    rows = []
    for e in report.deployment_paths or []:
        if target not in (e.targets or [e.target]):
            continue
        size = round(e.artefact_bytes / 1024, 1) if e.artefact_bytes else None
        rows.append(
            {
                t("deploy_path", lang): e.label or e.path,
                t("deploy_model", lang): e.model,
                t("status", lang): t(f"deploy_status_{e.status}", lang),
                t("deploy_size", lang): size,
                t("deploy_int8", lang): round(e.int8_bytes / 1024, 1) if e.int8_bytes else None,
                t("deploy_latency", lang): _ms(e.latency),
                t("deploy_eager", lang): _ms(e.eager_latency),
                t("deploy_diff", lang): f"{e.max_abs_diff:.1e}"
                if e.max_abs_diff is not None
                else "",
                t("deploy_note", lang): _note(e),  # a dataframe cell is plain text
            }
        )
    return rows


def render_deployment_paths(report: ProbeReport, lang: str) -> None:
    """One table per target; nothing when the probe ran without ``--deploy``."""
    if not report.deployment_paths:
        return
    st.markdown(f"**{t('deploy_title', lang)}**")
    for target in targets_in(report):
        st.markdown(f"*{t(f'deploy_target_{target}', lang)}*")
        st.dataframe(deployment_rows(report, lang, target), hide_index=True, width="stretch")
    if report.deploy_cross_framework_diff:
        worst = max(report.deploy_cross_framework_diff.values())
        st.caption(t("deploy_cross", lang, d=f"{worst:.1e}"))
