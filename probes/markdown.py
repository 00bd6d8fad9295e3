"""Markdown rendering of a probe report, for humans and issue trackers.

``lang`` "en" or "zh" writes one language (``python -m probes --format md --lang …``);
``lang=None`` keeps the bilingual "English / 中文" document that issue trackers get when nobody
chose (the default of :func:`render_markdown`, unchanged byte for byte).
"""

from __future__ import annotations

from kb.texts import t
from probes.deploy.markdown import deployment_markdown
from probes.progress import pick_inline
from probes.report import ProbeReport
from probes.steps import throughput_text, workload_name


class _Words:
    """Picks the words of one language, or both as "English / 中文" when ``lang`` is None."""

    def __init__(self, lang: str | None) -> None:
        self.lang = lang

    def both(self, key: str) -> str:
        """A catalog text (kb/texts.py) that the bilingual document shows in both languages."""
        if self.lang in ("en", "zh"):
            return t(key, self.lang)
        return f"{t(key, 'en')} / {t(key, 'zh')}"

    def one(self, key: str) -> str:
        """A catalog text the bilingual document shows in English only (table headers, units)."""
        return t(key, "zh" if self.lang == "zh" else "en")

    def one_filled(self, key: str, **values: object) -> str:
        """A catalog sentence filled with measured values, in English unless ``lang`` is "zh"."""
        return t(key, "zh" if self.lang == "zh" else "en", **values)

    def workload(self, workload: str) -> str:
        """A workload in plain words ("matrix multiply 1024²"); its id in the bilingual document."""
        return workload if self.lang is None else workload_name(workload, self.lang)

    @property
    def colon(self) -> str:
        return "：" if self.lang == "zh" else ": "


def _v(value: object, w: _Words) -> str:
    if value is None:
        return w.both("unknown")
    if isinstance(value, bool):
        return w.both("probe_md_yes") if value else w.both("probe_md_no")
    if isinstance(value, float):
        return f"{value:g}"
    return str(value).replace("|", "\\|")


def _dur(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.2f} µs"


# How the peak clock was found (probes/cpu.py), as words (kb/texts.py ``clock_*``).
_CLOCK_SOURCES = ("os_under_load", "cycles_under_load", "nominal", "unknown")


def render_markdown(r: ProbeReport, lang: str | None = None) -> str:
    """The report as Markdown in ``lang`` ("en", "zh"), or in both when ``lang`` is None."""
    w = _Words(lang)
    lines: list[str] = [
        f"# {w.both('probe_md_machine_probe')}",
        "",
        f"- {w.both('probe_md_collected')}{w.colon}{r.collected_at.isoformat(timespec='seconds')}",
        f"- {w.both('probe_md_tier')}{w.colon}{r.tier}{'；' if lang == 'zh' else '; '}"
        f"{w.both('probe_md_duration')}{w.colon}{r.duration_s:.1f} s",
        "",
    ]
    if r.rerun_advice:
        lines += [
            f"> **{w.both('bench_rerun_title')}**",
            ">",
            f"> {pick_inline(r.rerun_advice, lang)}",
            "",
        ]
    lines += [
        f"## {w.both('probe_md_host')}",
        "",
        f"| {w.both('probe_md_field')} | {w.both('probe_md_value')} |",
        "|---|---|",
    ]
    source = r.cpu.peak_clock_source
    clock = w.both(f"clock_{source}") if source in _CLOCK_SOURCES else None
    estimate = w.both("probe_md_estimate")
    rows: list[tuple[str, object]] = [
        (w.both("f_os"), f"{r.host.os_name} {r.host.os_release or ''}".strip()),
        (w.both("probe_md_distribution"), r.host.distro),
        (w.both("probe_md_architecture"), r.host.arch),
        ("WSL", r.host.wsl),
        (
            w.both("probe_md_container"),
            r.host.container if r.host.container else r.host.in_container,
        ),
        ("Python", f"{r.python.version} ({r.python.implementation})"),
        ("libc", r.host.libc),
        (w.both("probe_md_virtualenv"), r.python.virtualenv),
        ("CPU", r.cpu.model),
        (w.both("probe_md_cpu_vendor"), r.cpu.vendor),
        (
            w.both("probe_md_cores_phys_logical"),
            f"{_v(r.cpu.physical_cores, w)} / {_v(r.cpu.logical_cores, w)}",
        ),
        (w.both("probe_md_cgroup_cpu_limit"), r.cpu.cgroup_cpu_limit),
        (w.both("probe_md_benchmark_threads"), r.cpu.usable_cores),
        (
            w.both("probe_md_isa_flags"),
            ", ".join(k for k, v in r.cpu.flags.items() if v) or None,
        ),
        (
            w.both("probe_md_fp32_peak") + " (GFLOP/s)",
            f"{_v(r.cpu.peak_fp32_gflops, w)}{f' ({estimate})' if r.cpu.peak_is_estimate else ''}",
        ),
        (w.both("probe_md_peak_basis"), r.cpu.peak_basis),
        (w.both("probe_md_peak_clock"), clock),
        (w.both("probe_md_ram_gb"), r.memory.total_gb),
        (w.both("probe_md_available_gb"), r.memory.available_gb),
        (w.both("probe_md_swap_gb"), r.memory.swap_gb),
        (w.both("probe_md_free_disk_gb"), r.memory.disk_free_gb),
        ("/dev/shm GB", r.memory.shm_gb),
    ]
    lines += [f"| {k} | {_v(v, w)} |" for k, v in rows]
    lines += ["", f"## {w.both('accelerators')}", ""]
    if r.accelerators:
        heads = (
            "probe_md_vendor",
            "probe_md_name",
            "probe_md_memory_gb",
            "probe_md_driver",
            "probe_md_cuda_driver",
            "probe_md_cc_gfx",
            "probe_md_fp32_tflop_s",
            "probe_md_source",
        )
        lines += [
            "| # | " + " | ".join(w.one(h) for h in heads) + " |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for a in r.accelerators:
            lines.append(
                f"| {a.index} | {a.vendor} | {_v(a.name, w)} | {_v(a.memory_gb, w)} | "
                f"{_v(a.driver, w)} | {_v(a.cuda_driver_version, w)} | "
                f"{_v(a.compute_capability, w)} | {_v(a.peak_fp32_tflops, w)} | "
                f"{_v(a.source, w)} |"
            )
    else:
        lines.append(w.both("probe_md_none_found"))
    lines += ["", f"## {w.both('frameworks')}", ""]
    if r.frameworks:
        lines += [
            f"| {w.both('probe_md_framework')} | {w.both('probe_md_status')} | "
            f"{w.both('probe_md_version')} | {w.one('probe_md_import_s')} | RSS MB "
            f"| {w.both('probe_md_devices')} | {w.both('probe_md_note')} |",
            "|---|---|---|---|---|---|---|",
        ]
        for fid, fp in r.frameworks.items():
            devs = ", ".join(f"{d.kind}:{d.name}" for d in fp.devices) or None
            note = fp.mismatch or fp.reason
            lines.append(
                f"| {fid} | {fp.status} | {_v(fp.version, w)} | {_v(fp.import_time_s, w)} | "
                f"{_v(fp.import_rss_mb, w)} | {_v(devs, w)} | {_v(note, w) if note else ''} |"
            )
    else:
        lines.append(w.both("probe_md_not_probed"))
    lines += _benchmarks(r, w)
    lines += _comparisons(r, w)
    lines += deployment_markdown(r, lang)  # probes/deploy/markdown.py (--deploy)
    lines += ["", f"## {w.both('probe_md_packages')}", ""]
    lines += [f"- {k}: {_v(v, w)}" for k, v in sorted(r.packages.items())] or [
        w.one("probe_md_none")
    ]
    if r.env:
        lines += ["", f"## {w.both('probe_md_environment')}", ""]
        lines += [f"- `{k}` = `{v}`" for k, v in sorted(r.env.items())]
    if r.warnings:
        lines += ["", f"## {w.both('warnings')}", ""]
        lines += [f"- {pick_inline(x, lang)}" for x in r.warnings]
    return "\n".join(lines) + "\n"


def _benchmarks(r: ProbeReport, w: _Words) -> list[str]:
    lines: list[str] = []
    if r.benchmarks:
        heads = (
            "probe_md_workload",
            "probe_md_kind",
            "probe_md_framework",
            "probe_md_device",
            "probe_md_variant",
            "probe_md_median",
            "probe_md_iqr",
            "probe_md_throughput",
            "c_peak_share",
            "probe_md_compile_s",
            "probe_md_flags",
        )
        lines += [
            "",
            f"## {w.both('benchmarks')}",
            "",
            "| " + " | ".join(w.one(h) for h in heads) + " |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for b in r.benchmarks:
            iqr = 100 * b.iqr_s / b.median_s if b.median_s > 0 else 0.0
            share = f"{100 * b.peak_share:.0f}%" if b.peak_share is not None else ""
            flags = w.both("probe_md_unstable") if b.unstable else ""
            if b.note and b.note.startswith("host busy"):
                flags += f" ({w.both('probe_md_host_busy')})"
            comp = f"{b.compile_s:.2f}" if b.compile_s is not None else ""
            lines.append(
                f"| {w.workload(b.workload)} | {b.kind} | {b.framework} | {b.device} | "
                f"{b.variant or ''} | {_dur(b.median_s)} | {iqr:.1f} | {throughput_text(b)} | "
                f"{share} | {comp} | {flags} |"
            )
    if r.bench_settings is not None:
        bs = r.bench_settings
        load = max(bs.foreign_load, default=0.0)
        if bs.method == "paired":
            how = w.one_filled(
                "probe_md_how_paired",
                samples=bs.block_samples,
                rounds=bs.rounds,
                band=bs.tie_band or 0,
            )
        else:
            how = w.one_filled(
                "probe_md_how_sequential", rounds=bs.rounds, order=" → ".join(bs.order)
            )
        tf32 = w.one("probe_md_on" if bs.tf32 else "probe_md_off")
        lines += [
            "",
            w.one_filled(
                "probe_md_settings_line",
                settings=w.both("probe_md_settings"),
                threads=bs.threads,
                tf32=tf32,
                how=how,
                load=load,
            ),
        ]
    return lines


def _comparisons(r: ProbeReport, w: _Words) -> list[str]:
    if not r.comparisons:
        return []
    lines = ["", f"## {w.both('probe_md_comparisons')}", ""]
    zh = w.lang == "zh"
    for c in r.comparisons:
        where = f"{w.workload(c.workload)} ({c.device})"
        ci = ""
        if c.ci_low is not None and c.ci_high is not None:
            pairs = f"{c.pairs_used}/{c.pairs_run}"
            ci = w.one_filled("probe_md_ci", low=c.ci_low, high=c.ci_high, pairs=pairs)
        tail_key = ""  # the bilingual document's short Chinese tail, when not the sentence
        if c.unreliable:
            key, tail_key = "probe_md_cmp_unreliable", "probe_md_not_compared"
            values: dict[str, object] = {"a": c.a, "b": c.b, "ratio": c.ratio}
        elif c.verdict == "tie":
            key, tail_key = "probe_md_cmp_tie", "report_tie"
            values = {"a": c.a, "b": c.b, "ratio": c.ratio, "band": f"±{(c.noise or 0):.0%}"}
        else:
            key = "probe_md_cmp_faster"
            other = c.b if c.faster == c.a else c.a
            factor = c.ratio if c.faster == c.a else 1 / c.ratio
            values = {"faster": c.faster, "other": other, "factor": factor}
        en, cn = t(key, "en", ci=ci, **values), t(key, "zh", ci=ci, **values)
        tail = t(tail_key, "zh") if tail_key else t(key, "zh", ci="", **values)
        if w.lang is None:  # the bilingual document: English sentence, short Chinese tail
            lines.append(f"- {where}: {en} / {tail}")
        else:
            lines.append(
                f"- {w.workload(c.workload)}（{c.device}）：{cn}" if zh else f"- {where}: {en}"
            )
    return lines
