"""Python API of the probe: ``run_probes`` is what the CLI and the app call.

The coordinator imports no ML framework. It takes the inventory, then starts one worker
subprocess per framework (in parallel for framework info, strictly one after another for
benchmarks, interleaved numpy → pytorch → tensorflow per round), and assembles the report.
Whatever happens to a worker becomes a status on that framework; the report is always returned.
"""

from __future__ import annotations

try:  # POSIX only; on Windows memory and load figures stay unknown
    import resource
except ImportError:  # pragma: no cover
    resource = None  # type: ignore[assignment]

import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Literal

from probes import bench, noise
from probes.inventory import Inventory, collect_inventory
from probes.mismatch import assess
from probes.progress import Progress, ProgressCallback, ProgressEvent
from probes.report import (
    BenchmarkResult,
    BenchSettings,
    DeviceSeen,
    FrameworkProbe,
    ProbeReport,
)
from probes.runner import Runner, run_command
from probes.workers_run import WorkerRun, classify, run_worker, worker_env

Tier = Literal["quick", "standard", "deep"]
TOOL_VERSION = "0.1.0"
FRAMEWORKS = ("pytorch", "tensorflow")
ROUNDS = {"quick": 1, "standard": 3, "deep": 3}
# Expected seconds per worker process on a 2-vCPU VM (benchmarking.md §5.4); used for the ETA.
EXPECTED = {
    ("numpy", "bench"): 1.2,
    ("pytorch", "bench"): 4.0,
    ("tensorflow", "bench"): 6.5,
    ("pytorch", "info"): 1.6,
    ("tensorflow", "info"): 3.5,
}
EXTRA_DEEP = {"pytorch": 15.0, "tensorflow": 1.5}
TIMEOUTS = {"info": 60.0, "quick": 90.0, "standard": 90.0, "deep": 180.0}
TF_PACKAGES = ("tensorflow", "tensorflow-cpu", "tensorflow-macos", "tensorflow-intel", "tf-nightly")

__all__ = ["ProgressEvent", "Tier", "run_probes"]


def _peak_rss_mb() -> float | None:
    if resource is None:  # pragma: no cover - Windows
        return None
    try:
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    except (AttributeError, OSError):  # pragma: no cover - Windows has no resource module
        return None
    return round(rss / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


@dataclass
class _Step:
    framework: str
    mode: str
    tier: str
    round: int
    expected_s: float


@dataclass
class _State:
    probes: dict[str, FrameworkProbe] = field(default_factory=dict)
    bench_events: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    foreign: list[float] = field(default_factory=list)
    steal: list[float] = field(default_factory=list)


def _env_flag(name: str) -> str | None:
    value = os.environ.get(name)
    return value if value else None


def _package_for(fw: str, packages: dict[str, str | None]) -> str | None:
    names = ("torch",) if fw == "pytorch" else TF_PACKAGES if fw == "tensorflow" else (fw,)
    return next((n for n in names if n in packages), None)


def _probe_from_run(fw: str, run: WorkerRun, timeout_s: float, inv: Inventory) -> FrameworkProbe:
    status, reason = classify(run, timeout_s)
    info = run.first("info") or {}
    done = run.first("done") or {}
    devices = [
        DeviceSeen(
            kind=str(d.get("kind", "?")),
            name=str(d.get("name", "?")),
            compute_capability=d.get("compute_capability"),
            memory_gb=d.get("memory_gb"),
        )
        for d in info.get("devices", [])
        if isinstance(d, dict)
    ]
    build = {
        str(k): (v if isinstance(v, str | bool) or v is None else str(v))
        for k, v in (info.get("build") or {}).items()
    }
    errors = [f"{e.get('step')}: {e.get('reason')}" for e in run.of("error")]
    # A framework that imported fine but failed later still reports what it measured.
    probe = FrameworkProbe(
        status=status,  # type: ignore[arg-type,unused-ignore]
        reason=reason,
        package=_package_for(fw, inv.packages) or info.get("package"),
        version=info.get("version"),
        import_time_s=info.get("import_time_s"),
        import_rss_mb=info.get("import_rss_mb"),
        build=build,
        devices=devices,
        peak_rss_mb=done.get("peak_rss_mb"),
        benchmark_errors=errors,
    )
    if info.get("status") == "ok" and status == "ok":
        sees, mismatch = assess(fw, probe, inv.accelerators, inv.host.os)
        probe = probe.model_copy(update={"sees_accelerators": sees, "mismatch": mismatch})
    return probe


def _plan(tier: Tier, no_bench: bool, frameworks: tuple[str, ...]) -> list[_Step]:
    if no_bench:
        return [_Step(fw, "info", "quick", 0, EXPECTED[(fw, "info")]) for fw in frameworks]
    steps = []
    for rnd in range(ROUNDS[tier]):
        # torch.compile / cold-compile costs only once: the deep extras run in round 1.
        rtier = tier if (tier != "deep" or rnd == 0) else "standard"
        for fw in ("numpy", *frameworks):
            extra = EXTRA_DEEP.get(fw, 0.0) if rtier == "deep" else 0.0
            steps.append(_Step(fw, "bench", rtier, rnd, EXPECTED[(fw, "bench")] + extra))
    return steps


def run_probes(
    tier: Tier = "quick",
    no_bench: bool = False,
    on_progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    *,
    runner: Runner = run_command,
    timeout_s: float | None = None,
    tiny: bool | None = None,
    frameworks: tuple[str, ...] | None = None,
) -> ProbeReport:
    """Probe this machine; framework failures become statuses, never exceptions.

    ``timeout_s`` (per worker process), ``tiny`` (toy sizes) and ``frameworks`` exist for tests
    and can also be set with FA_PROBES_TIMEOUT, FA_PROBES_TINY=1 and FA_PROBES_FRAMEWORKS.
    """
    started = time.monotonic()
    collected_at = datetime.now(timezone.utc)
    if timeout_s is None and _env_flag("FA_PROBES_TIMEOUT"):
        timeout_s = float(os.environ["FA_PROBES_TIMEOUT"])
    if tiny is None:
        tiny = _env_flag("FA_PROBES_TINY") == "1"
    if frameworks is None:
        chosen = _env_flag("FA_PROBES_FRAMEWORKS")
        # "none" skips the framework workers entirely (fast contract tests of the CLI).
        frameworks = (
            tuple(f for f in chosen.split(",") if f in FRAMEWORKS) if chosen else FRAMEWORKS
        )
    steps = _plan(tier, no_bench, frameworks)
    progress = Progress(total=1 + len(steps), callback=on_progress)
    remaining = [s.expected_s for s in steps]
    progress.emit("inventory / 硬件清单", sum(remaining) + 0.3)

    def limit(step: _Step) -> float:
        if timeout_s is not None:
            return timeout_s
        return TIMEOUTS[step.mode if step.mode == "info" else step.tier]

    lock = threading.Lock()
    pool: ThreadPoolExecutor | None = None
    futures = []
    if no_bench:
        # Framework info needs no thread settings: start the imports (the slow part) at once,
        # in parallel, and take the inventory while they run.
        info_env = worker_env(None)
        info_args = ["--mode", "info", "--tf32", "off"]

        def one(step: _Step) -> tuple[_Step, WorkerRun]:
            run = run_worker(step.framework, info_args, limit(step), info_env, cancel)
            with lock:
                progress.done += 1
                remaining.remove(step.expected_s)
                progress.emit(f"{step.framework} info done / 完成", max(remaining, default=0.0))
            return step, run

        pool = ThreadPoolExecutor(max_workers=max(1, len(steps)))
        futures = [pool.submit(one, step) for step in steps]
    inv = collect_inventory(runner)
    with lock:
        progress.done += 1
        if no_bench and steps:
            progress.emit(
                "framework info (pytorch, tensorflow) / 框架信息", max(remaining, default=0)
            )
    threads = inv.cpu.usable_cores
    if not no_bench and threads:
        # A short look at the neighbours first: on a busy host, use only the free cores.
        before = noise.sample()
        time.sleep(0.3)
        pre = noise.foreign_share(before, noise.sample(), inv.cpu.logical_cores or 1)
        if pre is not None:
            fewer = noise.choose_threads(threads, inv.cpu.logical_cores or 1, *pre)
            if fewer is not None and fewer < threads:
                state_note = (
                    f"host busy before benchmarks (other processes used {pre[0]:.0%} of the "
                    f"CPUs): every framework ran with {fewer} thread(s) instead of {threads} "
                    "to stay comparable / 主机繁忙，所有框架改用相同的较少线程"
                )
                inv.warnings.append(state_note)
                threads = fewer
    state = _State(warnings=list(inv.warnings))
    if pool is not None:
        for fut in futures:
            step, run = fut.result()
            state.probes[step.framework] = _probe_from_run(step.framework, run, limit(step), inv)
        pool.shutdown()
    else:
        env = worker_env(threads)
        base_args = ["--threads", str(threads or 0), "--tf32", "off"]
        base_args += ["--tiny"] if tiny else []
        _run_benchmarks(
            steps, base_args, env, limit, cancel, progress, remaining, inv, state, threads or 1
        )

    if cancel is not None and cancel.is_set():
        state.warnings.append("probe cancelled before the end / 探测被取消，结果不完整")
    aggs = bench.aggregate(state.bench_events)
    results: list[BenchmarkResult] = bench.with_peak_shares(
        [a.result for a in aggs.values()], inv.cpu, inv.accelerators
    )
    pairs = [("pytorch", "tensorflow"), ("pytorch", "numpy"), ("tensorflow", "numpy")]
    comps = bench.comparisons(aggs, pairs)
    state.warnings += bench.fairness_warnings(results, inv.cpu)
    if any(f > 0.10 for f in state.foreign) or any(s > 0.02 for s in state.steal):
        state.warnings.append(
            "other processes used "
            f"up to {max(state.foreign, default=0):.0%} of the CPUs (steal up to "
            f"{max(state.steal, default=0):.0%}) while benchmarks ran: timings may be noisy"
        )
    settings = None
    if not no_bench:
        settings = BenchSettings(
            threads=threads,
            tf32=False,
            rounds=ROUNDS[tier],
            order=["numpy", *frameworks],
            foreign_load=[round(f, 3) for f in state.foreign],
            steal=[round(s, 3) for s in state.steal],
        )
    progress.done = progress.total
    progress.emit("report ready / 报告完成", 0.0)
    if settings is not None:
        settings.coordinator_peak_rss_mb = _peak_rss_mb()
    return ProbeReport(
        tool_version=TOOL_VERSION,
        collected_at=collected_at,
        duration_s=round(time.monotonic() - started, 2),
        tier="none" if no_bench else tier,
        host=inv.host,
        python=inv.python,
        cpu=inv.cpu,
        memory=inv.memory,
        accelerators=inv.accelerators,
        packages=inv.packages,
        env=inv.env,
        frameworks={fw: state.probes[fw] for fw in frameworks if fw in state.probes},
        benchmarks=results,
        comparisons=comps,
        bench_settings=settings,
        coordinator_peak_rss_mb=_peak_rss_mb(),
        warnings=state.warnings,
    )


def _run_benchmarks(
    steps: list[_Step],
    base_args: list[str],
    env: dict[str, str],
    limit: Any,
    cancel: threading.Event | None,
    progress: Progress,
    remaining: list[float],
    inv: Inventory,
    state: _State,
    threads: int,
) -> None:
    failed: set[str] = set()
    cpus = inv.cpu.logical_cores or 1
    for i, step in enumerate(steps):
        if cancel is not None and cancel.is_set():
            break
        if step.framework in failed:
            progress.done += 1
            remaining[i] = 0.0
            continue
        started = time.monotonic()
        label = (
            f"{step.framework} benchmarks, round {step.round + 1} / 基准测试 第 {step.round + 1} 轮"
        )
        progress.emit(label, sum(remaining[i:]))

        def on_event(ev: dict[str, Any], i: int = i, started: float = started) -> None:
            if ev.get("type") == "step":
                left = max(0.0, remaining[i] - (time.monotonic() - started)) + sum(
                    remaining[i + 1 :]
                )
                progress.emit(str(ev.get("name")), left)

        before = noise.sample()
        run = run_worker(
            step.framework,
            ["--mode", "bench", "--tier", step.tier, *base_args],
            limit(step),
            env,
            cancel,
            on_event,
        )
        share = noise.foreign_share(before, noise.sample(), cpus)
        if share is not None:
            state.foreign.append(share[0])
            state.steal.append(share[1])
        busy = share is not None and noise.contended(share[0], share[1], cpus, threads)
        for ev in run.of("bench"):
            if busy and share is not None:
                ev = {**ev, "host_busy": round(max(share), 3)}
            state.bench_events.append((step.round, ev))
        remaining[i] = 0.0
        progress.done += 1
        if step.framework == "numpy":
            status, reason = classify(run, limit(step))
            if status != "ok":
                state.warnings.append(f"numpy anchor: {status} ({reason})")
                failed.add("numpy")
            continue
        if step.round == 0:
            probe = _probe_from_run(step.framework, run, limit(step), inv)
            state.probes[step.framework] = probe
            if run.first("info") is None or (run.first("info") or {}).get("status") != "ok":
                failed.add(step.framework)  # missing / import error: no later rounds
            elif probe.status != "ok":
                failed.add(step.framework)
        else:
            status, reason = classify(run, limit(step))
            if status != "ok":
                state.warnings.append(
                    f"{step.framework} round {step.round + 1}: {status} ({reason}); "
                    "results of the other rounds are kept"
                )
