"""Markdown rendering of a probe report, for humans and issue trackers.

``lang`` "en" or "zh" writes one language (``python -m probes --format md --lang …``);
``lang=None`` keeps the bilingual "English / 中文" document that issue trackers get when nobody
chose (the default of :func:`render_markdown`, unchanged byte for byte).
"""

from __future__ import annotations

from probes.deploy.markdown import deployment_markdown
from probes.progress import pick_inline
from probes.report import BenchmarkResult, ProbeReport
from probes.steps import workload_name


class _Words:
    """Picks the words of one language, or both as "English / 中文" when ``lang`` is None."""

    def __init__(self, lang: str | None) -> None:
        self.lang = lang

    def both(self, en: str, zh: str) -> str:
        """A text that the bilingual document shows in both languages."""
        if self.lang == "en":
            return en
        if self.lang == "zh":
            return zh
        return f"{en} / {zh}"

    def one(self, en: str, zh: str) -> str:
        """A text that the bilingual document shows in English only (table headers, units)."""
        return zh if self.lang == "zh" else en

    def workload(self, workload: str) -> str:
        """A workload in plain words ("matrix multiply 1024²"); its id in the bilingual document."""
        return workload if self.lang is None else workload_name(workload, self.lang)

    @property
    def colon(self) -> str:
        return "：" if self.lang == "zh" else ": "


def _v(value: object, w: _Words) -> str:
    if value is None:
        return w.both("unknown", "未知")
    if isinstance(value, bool):
        return w.both("yes", "是") if value else w.both("no", "否")
    if isinstance(value, float):
        return f"{value:g}"
    return str(value).replace("|", "\\|")


def _dur(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.2f} µs"


_CLOCK = {
    "os_under_load": ("read from the OS under the GEMM load", "负载下由操作系统读取"),
    "cycles_under_load": (
        "timed with a dependent-add chain under the GEMM load",
        "负载下用相关加法链计时测得",
    ),
    "nominal": ("nominal, not measured under load", "标称值，未在负载下测量"),
    "unknown": ("unknown (withdrawn)", "未知（已撤回）"),
}


def _rate(b: BenchmarkResult) -> str:
    if b.items_per_s is not None and b.unit:
        return f"{b.items_per_s:,.0f} {b.unit}"
    if b.gbps is not None:
        return f"{b.gbps:.1f} GB/s"
    if b.gflops is not None:
        return f"{b.gflops:.1f} GFLOP/s"
    return ""


def render_markdown(r: ProbeReport, lang: str | None = None) -> str:
    """The report as Markdown in ``lang`` ("en", "zh"), or in both when ``lang`` is None."""
    w = _Words(lang)
    lines: list[str] = [
        f"# {w.both('Machine probe', '机器探测')}",
        "",
        f"- {w.both('collected', '采集时间')}{w.colon}"
        f"{r.collected_at.isoformat(timespec='seconds')}",
        f"- {w.both('tier', '档位')}{w.colon}{r.tier}{'；' if lang == 'zh' else '; '}"
        f"{w.both('duration', '耗时')}{w.colon}{r.duration_s:.1f} s",
        "",
    ]
    if r.rerun_advice:
        lines += [
            f"> **{w.both('Re-run on an idle machine', '请在空闲的机器上重新运行')}**",
            ">",
            f"> {pick_inline(r.rerun_advice, lang)}",
            "",
        ]
    lines += [
        f"## {w.both('Host', '主机')}",
        "",
        f"| {w.both('field', '字段')} | {w.both('value', '值')} |",
        "|---|---|",
    ]
    clock = _CLOCK.get(r.cpu.peak_clock_source or "")
    estimate = w.both("estimate", "估算")
    rows: list[tuple[str, object]] = [
        (w.both("OS", "操作系统"), f"{r.host.os_name} {r.host.os_release or ''}".strip()),
        (w.both("distribution", "发行版"), r.host.distro),
        (w.both("architecture", "架构"), r.host.arch),
        ("WSL", r.host.wsl),
        (
            w.both("container", "容器"),
            r.host.container if r.host.container else r.host.in_container,
        ),
        ("Python", f"{r.python.version} ({r.python.implementation})"),
        ("libc", r.host.libc),
        (w.both("virtualenv", "虚拟环境"), r.python.virtualenv),
        ("CPU", r.cpu.model),
        (w.both("CPU vendor", "厂商"), r.cpu.vendor),
        (
            w.both("cores phys/logical", "物理/逻辑核"),
            f"{_v(r.cpu.physical_cores, w)} / {_v(r.cpu.logical_cores, w)}",
        ),
        (w.both("cgroup CPU limit", "配额"), r.cpu.cgroup_cpu_limit),
        (w.both("benchmark threads", "基准线程数"), r.cpu.usable_cores),
        (
            w.both("ISA flags", "指令集"),
            ", ".join(k for k, v in r.cpu.flags.items() if v) or None,
        ),
        (
            w.both("FP32 peak", "理论峰值") + " (GFLOP/s)",
            f"{_v(r.cpu.peak_fp32_gflops, w)}{f' ({estimate})' if r.cpu.peak_is_estimate else ''}",
        ),
        (w.both("peak basis", "峰值依据"), r.cpu.peak_basis),
        (w.both("peak clock", "峰值所用时钟"), w.both(*clock) if clock else None),
        (w.both("RAM GB", "内存"), r.memory.total_gb),
        (w.both("available GB", "可用内存"), r.memory.available_gb),
        (w.both("swap GB", "交换区"), r.memory.swap_gb),
        (w.both("free disk GB", "磁盘剩余"), r.memory.disk_free_gb),
        ("/dev/shm GB", r.memory.shm_gb),
    ]
    lines += [f"| {k} | {_v(v, w)} |" for k, v in rows]
    lines += ["", f"## {w.both('Accelerators', '加速器')}", ""]
    if r.accelerators:
        heads = (
            ("vendor", "厂商"),
            ("name", "名称"),
            ("memory GB", "显存 GB"),
            ("driver", "驱动"),
            ("CUDA (driver)", "CUDA（驱动）"),
            ("CC/gfx", "CC/gfx"),
            ("FP32 TFLOP/s", "FP32 TFLOP/s"),
            ("source", "来源"),
        )
        lines += [
            "| # | " + " | ".join(w.one(*h) for h in heads) + " |",
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
        lines.append(w.both("None found", "未发现加速器"))
    lines += ["", f"## {w.both('Frameworks', '框架')}", ""]
    if r.frameworks:
        lines += [
            f"| {w.both('framework', '框架')} | {w.both('status', '状态')} | "
            f"{w.both('version', '版本')} | {w.one('import s', '导入耗时 s')} | RSS MB "
            f"| {w.both('devices', '设备')} | {w.both('note', '说明')} |",
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
        lines.append(w.both("Not probed", "未探测"))
    lines += _benchmarks(r, w)
    lines += _comparisons(r, w)
    lines += deployment_markdown(r, lang)  # probes/deploy/markdown.py (--deploy)
    lines += ["", f"## {w.both('Packages', '软件包')}", ""]
    lines += [f"- {k}: {_v(v, w)}" for k, v in sorted(r.packages.items())] or [
        w.one("(none)", "（无）")
    ]
    if r.env:
        lines += ["", f"## {w.both('Environment', '环境变量')}", ""]
        lines += [f"- `{k}` = `{v}`" for k, v in sorted(r.env.items())]
    if r.warnings:
        lines += ["", f"## {w.both('Warnings', '警告')}", ""]
        lines += [f"- {pick_inline(x, lang)}" for x in r.warnings]
    return "\n".join(lines) + "\n"


def _benchmarks(r: ProbeReport, w: _Words) -> list[str]:
    lines: list[str] = []
    if r.benchmarks:
        heads = (
            ("workload", "负载"),
            ("kind", "类型"),
            ("framework", "框架"),
            ("device", "设备"),
            ("variant", "变体"),
            ("median", "中位数"),
            ("IQR %", "IQR %"),
            ("throughput", "吞吐量"),
            ("% of peak", "占峰值 %"),
            ("compile s", "编译 s"),
            ("flags", "标记"),
        )
        lines += [
            "",
            f"## {w.both('Benchmarks', '基准测试')}",
            "",
            "| " + " | ".join(w.one(*h) for h in heads) + " |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for b in r.benchmarks:
            iqr = 100 * b.iqr_s / b.median_s if b.median_s > 0 else 0.0
            share = f"{100 * b.peak_share:.0f}%" if b.peak_share is not None else ""
            flags = w.both("unstable", "不稳定") if b.unstable else ""
            if b.note and b.note.startswith("host busy"):
                flags += f" ({w.both('host busy', '主机繁忙')})"
            comp = f"{b.compile_s:.2f}" if b.compile_s is not None else ""
            lines.append(
                f"| {w.workload(b.workload)} | {b.kind} | {b.framework} | {b.device} | "
                f"{b.variant or ''} | {_dur(b.median_s)} | {iqr:.1f} | {_rate(b)} | {share} | "
                f"{comp} | {flags} |"
            )
    if r.bench_settings is not None:
        bs = r.bench_settings
        load = max(bs.foreign_load, default=0.0)
        if bs.method == "paired":
            how = w.one(
                f"workers stay alive and alternate in short blocks ({bs.block_samples} samples "
                f"each), rotating who goes first; up to {bs.rounds} undisturbed pairs per "
                f"workload, ratios judged by a bootstrap 95 % interval against a "
                f"±{(bs.tie_band or 0):.0%} tie band",
                f"工作进程常驻，以短块交替运行（每块 {bs.block_samples} 个样本），轮流先行；"
                f"每个负载最多 {bs.rounds} 对未受干扰的配对，比值按 bootstrap 95% 区间与 "
                f"±{(bs.tie_band or 0):.0%} 的持平带比较",
            )
        else:
            how = w.one(
                f"{bs.rounds} round(s) of {' → '.join(bs.order)} in fresh processes",
                f"在新进程中按 {' → '.join(bs.order)} 运行 {bs.rounds} 轮",
            )
        tf32 = w.one("on" if bs.tf32 else "off", "开" if bs.tf32 else "关")
        lines += [
            "",
            w.one(
                f"{w.both('Settings', '设置')}: {bs.threads} threads for every framework "
                f"(inter-op 1), TF32 {tf32}; {how}; other processes' CPU share up to {load:.0%}.",
                f"设置：每个框架 {bs.threads} 个线程（inter-op 1），TF32 {tf32}；{how}；"
                f"其他进程的 CPU 占用最高 {load:.0%}。",
            ),
        ]
    return lines


def _comparisons(r: ProbeReport, w: _Words) -> list[str]:
    if not r.comparisons:
        return []
    lines = ["", f"## {w.both('Comparisons', '对比')}", ""]
    zh = w.lang == "zh"
    for c in r.comparisons:
        where = f"{w.workload(c.workload)} ({c.device})"
        ci = ""
        if c.ci_low is not None and c.ci_high is not None:
            pairs = f"{c.pairs_used}/{c.pairs_run}"
            ci = (
                f"［95% 区间 {c.ci_low:.2f}–{c.ci_high:.2f}，{pairs} 对］"
                if zh
                else f" [95% CI {c.ci_low:.2f}–{c.ci_high:.2f}, {pairs} pairs]"
            )
        if c.unreliable:
            en = (
                f"{c.a} vs {c.b} — not compared, host too busy or unstable "
                f"(raw ratio {c.ratio:.2f}){ci}"
            )
            cn = f"{c.a} 对 {c.b}：测量受干扰，不作比较（原始比值 {c.ratio:.2f}）{ci}"
            tail = "测量受干扰，不作比较"
        elif c.verdict == "tie":
            band = f"±{(c.noise or 0):.0%}"
            en = f"{c.a} vs {c.b} — tie (ratio {c.ratio:.2f}, within {band}){ci}"
            cn = f"{c.a} 对 {c.b}：持平（比值 {c.ratio:.2f}，在 {band} 以内）{ci}"
            tail = "持平"
        else:
            other = c.b if c.faster == c.a else c.a
            factor = c.ratio if c.faster == c.a else 1 / c.ratio
            en = f"{c.faster} {factor:.2f}× faster than {other}{ci}"
            cn = f"{c.faster} 比 {other} 快 {factor:.2f} 倍{ci}"
            tail = f"{c.faster} 比 {other} 快 {factor:.2f} 倍"
        if w.lang is None:  # the bilingual document: English sentence, short Chinese tail
            lines.append(f"- {where}: {en} / {tail}")
        else:
            lines.append(
                f"- {w.workload(c.workload)}（{c.device}）：{cn}" if zh else f"- {where}: {en}"
            )
    return lines
