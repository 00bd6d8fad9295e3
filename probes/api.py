"""Python API of the probe: ``run_probes`` is what the CLI and the app call.

The coordinator imports no ML framework. It takes the inventory, then starts one worker
subprocess per framework (numpy anchor, torch, TensorFlow). For framework info they run once;
for benchmarks they stay alive and the coordinator alternates them in short blocks per workload
(probes/interleave.py), so every ratio is taken between blocks that saw the same machine.
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
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Any, Literal

from probes import bench, interleave, noise, pairing, peak
from probes.clock import ClockSampler
from probes.inventory import Inventory, collect_inventory
from probes.mismatch import assess
from probes.progress import Progress, ProgressCallback, ProgressEvent
from probes.report import (
    BenchmarkResult,
    BenchSettings,
    Comparison,
    DeviceSeen,
    FrameworkProbe,
    ProbeReport,
)
from probes.runner import Runner, run_command
from probes.session import WorkerSession
from probes.workers_run import WorkerRun, classify, run_worker, worker_env

Tier = Literal["quick", "standard", "deep"]
TOOL_VERSION = "0.2.0"
FRAMEWORKS = ("pytorch", "tensorflow")
# Expected seconds (2-vCPU VM, docs/benchmarks.md); used for the ETA only.
EXPECTED_INFO = {"pytorch": 1.6, "tensorflow": 3.5}
EXPECTED_IMPORT = 3.5  # all three workers import in parallel
EXPECTED_GROUP = {"quick": 0.8, "standard": 1.8, "deep": 3.5}
EXPECTED_COMPILE = {"pytorch": 14.0, "tensorflow": 0.6}
TIMEOUTS = {"info": 60.0, "quick": 90.0, "standard": 90.0, "deep": 180.0}
TF_PACKAGES = ("tensorflow", "tensorflow-cpu", "tensorflow-macos", "tensorflow-intel", "tf-nightly")
ORDER = (
    "matmul_",
    "conv2d",
    "mlp_train_eager",
    "mlp_train_compiled",
    "dispatch_overhead",
    "memory_copy",
    "h2d_transfer",
)
RERUN = (
    "The machine stayed too busy to measure: {n} of {m} comparisons had fewer than {k} "
    "undisturbed pairs and are not judged. Re-run on an idle machine (close other programs) "
    "before acting on these numbers. / 机器持续繁忙：{m} 项对比中有 {n} 项的未受干扰配对少于 "
    "{k} 组，未作判断。请在空闲的机器上重新运行后再参考这些数字。"
)

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
class _State:
    probes: dict[str, FrameworkProbe] = field(default_factory=dict)
    bench_events: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    foreign: list[float] = field(default_factory=list)
    steal: list[float] = field(default_factory=list)
    # (others' share, steal) measured before the benchmarks: rounds too short to measure use it
    host_load: tuple[float, float] | None = None


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
    deploy: tuple[str, ...] | None = None,
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
    if no_bench:
        progress = Progress(total=1 + len(frameworks), callback=on_progress)
        expected = max((EXPECTED_INFO[f] for f in frameworks), default=0.0)
    else:
        progress = Progress(total=3, callback=on_progress)
        expected = EXPECTED_IMPORT + 10 * EXPECTED_GROUP[tier]
    progress.emit("inventory / 硬件清单", expected + 0.3)
    info_limit = timeout_s if timeout_s is not None else TIMEOUTS["info"]

    lock = threading.Lock()
    pool: ThreadPoolExecutor | None = None
    futures = []
    if no_bench:
        # Framework info needs no thread settings: start the imports (the slow part) at once,
        # in parallel, and take the inventory while they run.
        info_env = worker_env(None)
        info_args = ["--mode", "info", "--tf32", "off"]
        remaining = {f: EXPECTED_INFO[f] for f in frameworks}

        def one(fw: str) -> tuple[str, WorkerRun]:
            run = run_worker(fw, info_args, info_limit, info_env, cancel)
            with lock:
                progress.done += 1
                remaining.pop(fw, None)
                progress.emit(f"{fw} info done / 完成", max(remaining.values(), default=0.0))
            return fw, run

        pool = ThreadPoolExecutor(max_workers=max(1, len(frameworks)))
        futures = [pool.submit(one, fw) for fw in frameworks]
    inv = collect_inventory(runner)
    with lock:
        progress.done += 1
        if no_bench and frameworks:
            progress.emit(
                "framework info (pytorch, tensorflow) / 框架信息",
                max(remaining.values(), default=0),
            )
    threads = inv.cpu.usable_cores
    if not no_bench and threads:
        # A short look at the neighbours first: on a busy host, use only the free cores, and
        # the same number for every framework.
        before = noise.sample()
        time.sleep(0.3)
        pre = noise.foreign_share(before, noise.sample(), inv.cpu.logical_cores or 1)
        if pre is not None:
            fewer = noise.choose_threads(threads, inv.cpu.logical_cores or 1, *pre)
            if fewer is not None and fewer < threads:
                inv.warnings.append(
                    f"host busy before benchmarks (other processes used {pre[0]:.0%} of the "
                    f"CPUs): every framework ran with {fewer} thread(s) instead of {threads} "
                    "to stay comparable / 主机繁忙，所有框架改用相同的较少线程"
                )
                threads = fewer
    state = _State(warnings=list(inv.warnings))
    if not no_bench and threads:
        state.host_load = pre
    results: list[BenchmarkResult] = []
    comps: list[Comparison] = []
    settings = None
    cpu = inv.cpu
    host_busy: bool | None = None
    advice: str | None = None
    if pool is not None:
        for fut in futures:
            fw, run = fut.result()
            state.probes[fw] = _probe_from_run(fw, run, info_limit, inv)
        pool.shutdown()
    else:
        plan = interleave.PLANS["tiny" if tiny else tier]
        outcomes, clock_mhz = _run_paired(
            tier, tiny, frameworks, threads, timeout_s, cancel, progress, inv, state, plan
        )
        raw = [r for o in outcomes for r in o.results]
        comps = [c for o in outcomes for c in o.comparisons]
        cpu = peak.with_sustained_clock(inv.cpu, clock_mhz)
        cpu, results, peak_warnings = peak.honest_peaks(raw, cpu, inv.accelerators)
        state.warnings += peak_warnings
        state.warnings += bench.fairness_warnings(results, cpu)
        for o in outcomes:
            state.foreign += o.foreign
            state.steal += o.steal
        judged = [o for o in outcomes if o.comparisons]
        busy = [o for o in judged if o.host_busy]
        host_busy = bool(busy) if judged else None
        if busy:
            n = sum(len(o.comparisons) for o in busy)
            m = sum(len(o.comparisons) for o in judged)
            advice = RERUN.format(n=n, m=m, k=pairing.MIN_PAIRS)
        settings = BenchSettings(
            threads=threads,
            tf32=False,
            rounds=plan.rounds,
            order=["numpy", *frameworks],
            foreign_load=[round(f, 3) for f in state.foreign],
            steal=[round(s, 3) for s in state.steal],
            method="paired",
            block_samples=plan.samples,
            tie_band=pairing.TIE_BAND,
        )

    deployed = _run_deploy(deploy, inv, cancel, progress) if deploy else None
    if cancel is not None and cancel.is_set():
        state.warnings.append("probe cancelled before the end / 探测被取消，结果不完整")
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
        cpu=cpu,
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
        host_busy=host_busy,
        rerun_advice=advice,
        deployment_paths=deployed.entries if deployed is not None else None,
        deploy_cross_framework_diff=deployed.cross_framework_diff if deployed else {},
    )


def _run_deploy(
    targets: tuple[str, ...],
    inv: Inventory,
    cancel: threading.Event | None,
    progress: Progress,
) -> Any:
    """``--deploy``: the reference models through every path serving ``targets``
    (probes/deploy/, docs/deployment-paths.md); each path is its own killable worker."""
    from probes.deploy import paths_for, run_deploy

    progress.total += len(paths_for(targets))

    def on_path(spec: Any, i: int, n: int) -> None:
        progress.emit(f"deploy: {spec.label} / 部署路径", 8.0 * (n - i))
        progress.done += 1

    # one thread everywhere: batch-1 latency of small models, and no runtime's thread pool
    # competing with another's on a shared machine (docs/deployment-paths.md)
    return run_deploy(targets, threads=1, cancel=cancel, on_path=on_path)


def _workload_order(name: str) -> tuple[int, str]:
    for i, prefix in enumerate(ORDER):
        if name.startswith(prefix):
            return i, name
    return len(ORDER), name  # models after the kernels, in the order the workers list them


def _run_paired(
    tier: Tier,
    tiny: bool,
    frameworks: tuple[str, ...],
    threads: int | None,
    timeout_s: float | None,
    cancel: threading.Event | None,
    progress: Progress,
    inv: Inventory,
    state: _State,
    plan: interleave.Plan,
) -> tuple[list[interleave.GroupOutcome], float | None]:
    """Start the long-lived workers, run every workload group interleaved, close the workers."""
    env = worker_env(threads)
    args = ["--mode", "serve", "--tier", tier, "--threads", str(threads or 0), "--tf32", "off"]
    args += ["--tiny"] if tiny else []
    limit = timeout_s if timeout_s is not None else TIMEOUTS[tier]
    if timeout_s is not None:
        plan = replace(
            plan,
            prepare_timeout_s=timeout_s,
            compile_timeout_s=max(timeout_s, plan.compile_timeout_s if not tiny else timeout_s),
            block_timeout_s=timeout_s,
        )
    cpus = inv.cpu.logical_cores or 1
    sessions: dict[str, WorkerSession] = {}
    clock = ClockSampler(threads or 1)
    outcomes: list[interleave.GroupOutcome] = []
    try:
        for fw in ("numpy", *frameworks):
            sessions[fw] = WorkerSession(fw, args, env, cancel)
        progress.emit("starting workers (numpy, pytorch, tensorflow) / 启动工作进程", None)
        listed: dict[str, list[dict[str, Any]]] = {}
        for fw, sess in sessions.items():
            info = sess.wait_info(limit)
            if info is None or info.get("status") != "ok":
                continue
            ans = sess.request({"cmd": "list"}, limit)
            if ans is not None and ans.get("type") == "workloads":
                listed[fw] = [i for i in ans.get("items", []) if isinstance(i, dict)]
        progress.done += 1
        names: list[str] = []
        for fw in (*frameworks, "numpy"):
            for item in listed.get(fw, []):
                if item.get("workload") not in names:
                    names.append(str(item.get("workload")))
        names.sort(key=_workload_order)
        progress.total = progress.done + len(names) + 1
        per_group = EXPECTED_GROUP[tier]
        for i, name in enumerate(names):
            if cancel is not None and cancel.is_set():
                break
            slots = [
                interleave.Slot(fw, str(item.get("variant")), item, sessions[fw])
                for fw in ("numpy", *frameworks)
                for item in listed.get(fw, [])
                if item.get("workload") == name and sessions[fw].alive
            ]
            if not slots:
                continue
            compiling = [s for s in slots if s.item.get("compiled")]
            extra = sum(EXPECTED_COMPILE.get(s.framework, 0.5) for s in compiling)
            progress.emit(
                f"{name}: {' / '.join(sorted({s.framework for s in slots}))} interleaved"
                " / 交替测量",
                per_group * (len(names) - i) + extra,
            )
            outcome = interleave.run_group(
                name, slots, plan, cpus, threads or 1, cancel, clock, host_load=state.host_load
            )
            outcomes.append(outcome)
            state.host_load = outcome.host_load or state.host_load
            progress.done += 1
    finally:
        clock.close()
        for sess in sessions.values():  # all at once: each worker's teardown overlaps
            sess.quit()
        for fw, sess in sessions.items():
            run = sess.close()
            if fw == "numpy":
                status, reason = classify(run, limit)
                if status != "ok":
                    state.warnings.append(f"numpy anchor: {status} ({reason})")
                continue
            state.probes[fw] = _probe_from_run(fw, run, limit, inv)
    return outcomes, clock.sustained_mhz()
