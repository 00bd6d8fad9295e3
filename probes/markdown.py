"""Markdown rendering of a probe report, bilingual headings, for humans and issue trackers."""

from __future__ import annotations

from probes.deploy.markdown import deployment_markdown
from probes.report import BenchmarkResult, ProbeReport


def _v(value: object) -> str:
    if value is None:
        return "unknown / 未知"
    if isinstance(value, bool):
        return "yes / 是" if value else "no / 否"
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
    "os_under_load": "read from the OS under the GEMM load / 负载下由操作系统读取",
    "cycles_under_load": "timed with a dependent-add chain under the GEMM load / "
    "负载下用相关加法链计时测得",
    "nominal": "nominal, not measured under load / 标称值，未在负载下测量",
    "unknown": "unknown (withdrawn) / 未知（已撤回）",
}


def _rate(b: BenchmarkResult) -> str:
    if b.items_per_s is not None and b.unit:
        return f"{b.items_per_s:,.0f} {b.unit}"
    if b.gbps is not None:
        return f"{b.gbps:.1f} GB/s"
    if b.gflops is not None:
        return f"{b.gflops:.1f} GFLOP/s"
    return ""


def render_markdown(r: ProbeReport) -> str:
    lines: list[str] = [
        "# Machine probe / 机器探测",
        "",
        f"- collected / 采集时间: {r.collected_at.isoformat(timespec='seconds')}",
        f"- tier / 档位: {r.tier}; duration / 耗时: {r.duration_s:.1f} s",
        "",
    ]
    if r.rerun_advice:
        lines += [
            "> **Re-run on an idle machine / 请在空闲的机器上重新运行**",
            ">",
            f"> {r.rerun_advice}",
            "",
        ]
    lines += [
        "## Host / 主机",
        "",
        "| field / 字段 | value / 值 |",
        "|---|---|",
    ]
    rows = [
        ("OS / 操作系统", f"{r.host.os_name} {r.host.os_release or ''}".strip()),
        ("distribution / 发行版", r.host.distro),
        ("architecture / 架构", r.host.arch),
        ("WSL", r.host.wsl),
        ("container / 容器", r.host.container if r.host.container else r.host.in_container),
        ("Python", f"{r.python.version} ({r.python.implementation})"),
        ("libc", r.host.libc),
        ("virtualenv / 虚拟环境", r.python.virtualenv),
        ("CPU", r.cpu.model),
        ("CPU vendor / 厂商", r.cpu.vendor),
        (
            "cores phys/logical / 物理/逻辑核",
            f"{_v(r.cpu.physical_cores)} / {_v(r.cpu.logical_cores)}",
        ),
        ("cgroup CPU limit / 配额", r.cpu.cgroup_cpu_limit),
        ("benchmark threads / 基准线程数", r.cpu.usable_cores),
        (
            "ISA flags / 指令集",
            ", ".join(k for k, v in r.cpu.flags.items() if v) or None,
        ),
        (
            "FP32 peak / 理论峰值 (GFLOP/s)",
            f"{_v(r.cpu.peak_fp32_gflops)}{' (estimate / 估算)' if r.cpu.peak_is_estimate else ''}",
        ),
        ("peak basis / 峰值依据", r.cpu.peak_basis),
        ("peak clock / 峰值所用时钟", _CLOCK.get(r.cpu.peak_clock_source or "")),
        ("RAM GB / 内存", r.memory.total_gb),
        ("available GB / 可用内存", r.memory.available_gb),
        ("swap GB / 交换区", r.memory.swap_gb),
        ("free disk GB / 磁盘剩余", r.memory.disk_free_gb),
        ("/dev/shm GB", r.memory.shm_gb),
    ]
    lines += [f"| {k} | {_v(v)} |" for k, v in rows]
    lines += ["", "## Accelerators / 加速器", ""]
    if r.accelerators:
        lines += [
            "| # | vendor | name | memory GB | driver | CUDA (driver) | CC/gfx "
            "| FP32 TFLOP/s | source |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for a in r.accelerators:
            lines.append(
                f"| {a.index} | {a.vendor} | {_v(a.name)} | {_v(a.memory_gb)} | {_v(a.driver)} | "
                f"{_v(a.cuda_driver_version)} | {_v(a.compute_capability)} | "
                f"{_v(a.peak_fp32_tflops)} | {_v(a.source)} |"
            )
    else:
        lines.append("None found / 未发现加速器")
    lines += ["", "## Frameworks / 框架", ""]
    if r.frameworks:
        lines += [
            "| framework / 框架 | status / 状态 | version / 版本 | import s | RSS MB "
            "| devices / 设备 | note / 说明 |",
            "|---|---|---|---|---|---|---|",
        ]
        for fid, fp in r.frameworks.items():
            devs = ", ".join(f"{d.kind}:{d.name}" for d in fp.devices) or None
            note = fp.mismatch or fp.reason
            lines.append(
                f"| {fid} | {fp.status} | {_v(fp.version)} | {_v(fp.import_time_s)} | "
                f"{_v(fp.import_rss_mb)} | {_v(devs)} | {_v(note) if note else ''} |"
            )
    else:
        lines.append("Not probed / 未探测")
    if r.benchmarks:
        lines += [
            "",
            "## Benchmarks / 基准测试",
            "",
            "| workload | kind | framework | device | variant | median | IQR % | throughput "
            "| % of peak | compile s | flags |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for b in r.benchmarks:
            iqr = 100 * b.iqr_s / b.median_s if b.median_s > 0 else 0.0
            share = f"{100 * b.peak_share:.0f}%" if b.peak_share is not None else ""
            flags = "unstable / 不稳定" if b.unstable else ""
            if b.note and b.note.startswith("host busy"):
                flags += " (host busy / 主机繁忙)"
            comp = f"{b.compile_s:.2f}" if b.compile_s is not None else ""
            lines.append(
                f"| {b.workload} | {b.kind} | {b.framework} | {b.device} | {b.variant or ''} | "
                f"{_dur(b.median_s)} | {iqr:.1f} | {_rate(b)} | {share} | {comp} | {flags} |"
            )
    if r.bench_settings is not None:
        bs = r.bench_settings
        load = max(bs.foreign_load, default=0.0)
        if bs.method == "paired":
            how = (
                f"workers stay alive and alternate in short blocks ({bs.block_samples} samples "
                f"each), rotating who goes first; up to {bs.rounds} undisturbed pairs per "
                f"workload, ratios judged by a bootstrap 95 % interval against a "
                f"±{(bs.tie_band or 0):.0%} tie band"
            )
        else:
            how = f"{bs.rounds} round(s) of {' → '.join(bs.order)} in fresh processes"
        lines += [
            "",
            f"Settings / 设置: {bs.threads} threads for every framework (inter-op 1), "
            f"TF32 {'on' if bs.tf32 else 'off'}; {how}; other processes' CPU share up to "
            f"{load:.0%}.",
        ]
    if r.comparisons:
        lines += ["", "## Comparisons / 对比", ""]
        for c in r.comparisons:
            where = f"{c.workload} ({c.device})"
            ci = (
                f" [95% CI {c.ci_low:.2f}–{c.ci_high:.2f}, {c.pairs_used}/{c.pairs_run} pairs]"
                if c.ci_low is not None and c.ci_high is not None
                else ""
            )
            if c.unreliable:
                lines.append(
                    f"- {where}: {c.a} vs {c.b} — not compared, host too busy or unstable "
                    f"(raw ratio {c.ratio:.2f}){ci} / 测量受干扰，不作比较"
                )
            elif c.verdict == "tie":
                lines.append(
                    f"- {where}: {c.a} vs {c.b} — tie (ratio {c.ratio:.2f}, within "
                    f"±{(c.noise or 0):.0%}){ci} / 持平"
                )
            else:
                other = c.b if c.faster == c.a else c.a
                factor = c.ratio if c.faster == c.a else 1 / c.ratio
                lines.append(
                    f"- {where}: {c.faster} {factor:.2f}× faster than {other}{ci} / "
                    f"{c.faster} 比 {other} 快 {factor:.2f} 倍"
                )
    lines += deployment_markdown(r)  # probes/deploy/markdown.py (--deploy)
    lines += ["", "## Packages / 软件包", ""]
    lines += [f"- {k}: {_v(v)}" for k, v in sorted(r.packages.items())] or ["(none)"]
    if r.env:
        lines += ["", "## Environment / 环境变量", ""]
        lines += [f"- `{k}` = `{v}`" for k, v in sorted(r.env.items())]
    if r.warnings:
        lines += ["", "## Warnings / 警告", ""]
        lines += [f"- {w}" for w in r.warnings]
    return "\n".join(lines) + "\n"
