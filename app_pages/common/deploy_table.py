"""The "deployment paths" tables of a probe report, one per target (``python -m probes --deploy``).

Pure row builders (tested without Streamlit) and one renderer that the machine page calls.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, get_args

import streamlit as st

from kb.texts import t
from probes.deploy.rows import deploy_row
from probes.report import DeployTarget

if TYPE_CHECKING:
    from probes.report import ProbeReport

# The targets in the CLI's order (probes/report.py ``DeployTarget``); their names, the statuses
# and the column titles are in kb/texts.py (``deploy_*``).
TARGETS: tuple[DeployTarget, ...] = get_args(DeployTarget)


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
        row = deploy_row(e)
        rows.append(
            {
                t("deploy_path", lang): row.path,
                t("deploy_model", lang): row.model,
                t("status", lang): t(f"deploy_status_{row.status}", lang),
                t("deploy_size", lang): row.size_kib,
                t("deploy_int8", lang): row.int8_kib,
                t("deploy_latency", lang): row.latency_ms or "",
                t("deploy_eager", lang): row.eager_ms or "",
                t("deploy_diff", lang): row.max_abs_diff or "",
                t("deploy_note", lang): row.note,  # a dataframe cell is plain text
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
