"""Tables that show what a probe found: system, frameworks, accelerators, benchmarks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import streamlit as st

from app_pages.i18n import t

if TYPE_CHECKING:
    from probes.report import ProbeReport


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
    return [
        (
            "OS",
            f"{report.host.os_name} {report.host.os_release or ''} ({report.host.distro or '—'})",
        ),
        ("Arch", report.host.arch),
        ("Python", f"{report.python.version} ({report.python.implementation})"),
        ("CPU", _fmt(report.cpu.model, lang)),
        ("Cores (physical / logical)", cores),
        ("Usable cores", _fmt(report.cpu.usable_cores, lang)),
        ("CPU flags", flags),
        (
            "FP32 peak (GFLOP/s)",
            _fmt(peak, lang) + (" (est.)" if report.cpu.peak_is_estimate else ""),
        ),
        ("RAM (GB)", _fmt(report.memory.total_gb, lang)),
        ("Available RAM (GB)", _fmt(report.memory.available_gb, lang)),
        ("Container", _fmt(report.host.container, lang)),
        ("Probe tier", report.tier),
        ("Collected", report.collected_at.isoformat(timespec="seconds")),
    ]


def framework_rows(report: ProbeReport, lang: str) -> list[dict[str, Any]]:
    rows = []
    for fid, fw in sorted(report.frameworks.items()):
        rows.append(
            {
                t("framework", lang): fid,
                t("status", lang): fw.status,
                t("version", lang): fw.version or "—",
                "package": fw.package or "—",
                "import s": fw.import_time_s,
                "devices": ", ".join(f"{d.kind}:{d.name}" for d in fw.devices) or "—",
                t("reason", lang): fw.reason or fw.mismatch or "",
            }
        )
    return rows


def accelerator_rows(report: ProbeReport) -> list[dict[str, Any]]:
    return [
        {
            "vendor": a.vendor,
            "name": a.name,
            "memory GB": a.memory_gb,
            "driver": a.driver or "—",
            "peak FP32 TFLOP/s": a.peak_fp32_tflops,
            "source": a.source,
        }
        for a in report.accelerators
    ]


def benchmark_rows(report: ProbeReport) -> list[dict[str, Any]]:
    return [
        {
            "workload": b.workload,
            "framework": b.framework,
            "variant": b.variant or "",
            "device": b.device,
            "median ms": round(b.median_s * 1000, 3),
            "IQR ms": round(b.iqr_s * 1000, 3),
            "GFLOP/s": b.gflops,
            "% of peak": round(b.peak_share * 100, 1) if b.peak_share is not None else None,
            "threads": b.threads,
            "unstable": b.unstable,
        }
        for b in report.benchmarks
    ]


def comparison_rows(report: ProbeReport) -> list[dict[str, Any]]:
    return [
        {
            "workload": c.workload,
            "result": f"{c.faster} ×{c.ratio:.2f}" if c.verdict == "faster" else "tie",
            "a / b": f"{c.a} / {c.b}",
            "noise": c.noise,
        }
        for c in report.comparisons
    ]


def render_report(report: ProbeReport, lang: str) -> None:
    """All the tables of one report, stacked."""
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
    acc = accelerator_rows(report)
    if acc:
        st.dataframe(acc, hide_index=True, width="stretch")
    else:
        st.caption(t("no_accelerators", lang))
    if report.comparisons:
        st.markdown(f"**{t('comparisons', lang)}**")
        st.dataframe(comparison_rows(report), hide_index=True, width="stretch")
    if report.benchmarks:
        st.markdown(f"**{t('benchmarks', lang)}**")
        st.dataframe(benchmark_rows(report), hide_index=True, width="stretch")
    if report.warnings:
        st.markdown(f"**{t('probe_warnings', lang)}**")
        for w in report.warnings:
            st.text("• " + w)
