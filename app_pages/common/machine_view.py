"""Tables that show what a probe found: system, frameworks, accelerators, benchmarks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import streamlit as st

from app_pages.common.deploy_table import render_deployment_paths
from app_pages.common.inert import inert
from kb.texts import framework_status, t
from probes.steps import throughput_text

if TYPE_CHECKING:
    from probes.report import Comparison, ProbeReport


def _fmt(value: Any, lang: str) -> str:
    if value is None:
        return t("unknown", lang)
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def system_rows(report: ProbeReport, lang: str) -> list[tuple[str, str]]:
    """(fact, value) pairs; unknown stays 'unknown', never 'no'."""
    cores = f"{_fmt(report.cpu.physical_cores, lang)} / {_fmt(report.cpu.logical_cores, lang)}"
    flags = ", ".join(k for k, v in sorted(report.cpu.flags.items()) if v) or t("unknown", lang)
    peak = report.cpu.peak_fp32_gflops
    estimate = f" ({t('estimate', lang)})" if report.cpu.peak_is_estimate else ""
    host = report.host
    rows = [
        ("f_os", f"{host.os_name} {host.os_release or ''} ({host.distro or '—'})"),
        ("f_arch", host.arch),
        ("f_python", f"{report.python.version} ({report.python.implementation})"),
        ("f_cpu", _fmt(report.cpu.model, lang)),
        ("f_cores", cores),
        ("f_usable_cores", _fmt(report.cpu.usable_cores, lang)),
        ("f_flags", flags),
        ("f_peak", _fmt(peak, lang) + estimate),
        ("f_ram", _fmt(report.memory.total_gb, lang)),
        ("f_ram_free", _fmt(report.memory.available_gb, lang)),
        ("f_container", _fmt(host.container, lang)),
        ("f_tier", report.tier),
        ("f_collected", report.collected_at.isoformat(timespec="seconds")),
    ]
    return [(t(key, lang), value) for key, value in rows]


def framework_rows(report: ProbeReport, lang: str) -> list[dict[str, Any]]:
    rows = []
    for fid, fw in sorted(report.frameworks.items()):
        rows.append(
            {
                t("framework", lang): fid,
                t("status", lang): framework_status(fw.status, lang),
                t("version", lang): fw.version or "—",
                t("c_package", lang): fw.package or "—",
                t("c_import_s", lang): fw.import_time_s,
                t("c_devices", lang): ", ".join(f"{d.kind}:{d.name}" for d in fw.devices) or "—",
                t("reason", lang): fw.reason or fw.mismatch or "",
            }
        )
    return rows


def accelerator_rows(report: ProbeReport, lang: str) -> list[dict[str, Any]]:
    return [
        {
            t("c_vendor", lang): a.vendor,
            t("c_name", lang): a.name,
            t("c_memory_gb", lang): a.memory_gb,
            t("c_driver", lang): a.driver or "—",
            t("c_peak_tflops", lang): a.peak_fp32_tflops,
            t("source", lang): a.source,
        }
        for a in report.accelerators
    ]


def benchmark_rows(report: ProbeReport, lang: str, kind: str | None = None) -> list[dict[str, Any]]:
    """One row per result; ``kind`` ("model" / "kernel") keeps model steps apart from ops."""
    return [
        {
            t("c_workload", lang): b.workload,
            t("bench_kind", lang): t(f"bench_kind_{b.kind}", lang),
            t("framework", lang): b.framework,
            t("c_variant", lang): b.variant or "",
            t("c_device", lang): b.device,
            t("bench_throughput", lang): throughput_text(b),
            t("bench_ms_step", lang): round(b.median_s * 1000, 3),
            "IQR ms": round(b.iqr_s * 1000, 3),
            t("c_peak_share", lang): (
                round(b.peak_share * 100, 1) if b.peak_share is not None else None
            ),
            t("bench_compile_s", lang): b.compile_s,
            t("c_threads", lang): b.threads,
            t("c_unstable", lang): b.unstable,
        }
        for b in report.benchmarks
        if kind is None or b.kind == kind
    ]


def _factor(ratio: float) -> float:
    """A speed ratio as 'times faster' (>= 1), whichever side the ratio was taken from."""
    return ratio if ratio >= 1 or ratio <= 0 else 1 / ratio


def _verdict(c: Comparison, lang: str) -> str:
    if c.unreliable:
        return t("bench_host_busy", lang)
    if c.verdict == "faster":
        return t("faster_by", lang, fw=c.faster, x=f"{_factor(c.ratio):.2f}")
    return t("tie", lang)


def comparison_rows(report: ProbeReport, lang: str) -> list[dict[str, Any]]:
    return [
        {
            t("c_workload", lang): c.workload,
            t("c_result", lang): _verdict(c, lang),
            "a / b": f"{c.a} / {c.b}",
            t("bench_ci", lang): (
                f"{c.ratio:.2f} [{c.ci_low:.2f}–{c.ci_high:.2f}]"
                if c.ci_low is not None and c.ci_high is not None
                else f"{c.ratio:.2f}"
            ),
            t("bench_pairs", lang): (
                f"{c.pairs_used} / {c.pairs_run}" if c.pairs_used is not None else "—"
            ),
            t("c_noise", lang): c.noise,
        }
        for c in report.comparisons
    ]


def render_report(report: ProbeReport, lang: str) -> None:
    """All the tables of one report, stacked; a host too busy to measure comes first."""
    if report.rerun_advice:
        st.error(f"**{t('bench_rerun_title', lang)}** — {inert(report.rerun_advice)}")
    st.markdown(f"**{t('host', lang)}**")
    rows = system_rows(report, lang)
    st.dataframe(
        {t("fact", lang): [r[0] for r in rows], t("value", lang): [r[1] for r in rows]},
        hide_index=True,
        width="stretch",
    )
    st.markdown(f"**{t('frameworks', lang)}**")
    fw_rows = framework_rows(report, lang)
    if fw_rows:
        st.dataframe(fw_rows, hide_index=True, width="stretch")
    st.markdown(f"**{t('accelerators', lang)}**")
    acc = accelerator_rows(report, lang)
    if acc:
        st.dataframe(acc, hide_index=True, width="stretch")
    else:
        st.caption(t("no_accelerators", lang))
    if report.comparisons:
        st.markdown(f"**{t('comparisons', lang)}**")
        st.dataframe(comparison_rows(report, lang), hide_index=True, width="stretch")
    for kind in ("model", "kernel"):
        bench = benchmark_rows(report, lang, kind)
        if bench:
            st.markdown(f"**{t(f'bench_title_{kind}', lang)}**")
            st.dataframe(bench, hide_index=True, width="stretch")
    render_deployment_paths(report, lang)  # app_pages/common/deploy_table.py (probes --deploy)
    if report.warnings:
        st.markdown(f"**{t('probe_warnings', lang)}**")
        for w in report.warnings:
            st.text("• " + w)
