"""Python API of the probe: ``run_probes`` is what the CLI and the app call.

The coordinator imports no ML framework. It takes the inventory, then starts one worker
subprocess per framework that has one (numpy anchor, torch, TensorFlow; probes/frameworks.py).
For framework info they run once; for benchmarks they stay alive and the coordinator alternates
them in short blocks per workload (probes/interleave.py), so every ratio is taken between blocks
that saw the same machine. Whatever happens to a worker becomes a status on that framework; the
report is always returned. Which frameworks exist comes from the knowledge base: one without a
worker is reported from package metadata (installed or not) and never imported.
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
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Literal

from kb._version import __version__
from kb.texts import inline, pair
from probes import bench, early, host, interleave, noise, pairing, peak, tiers
from probes.clock import ClockSampler, ClockSource
from probes.frameworks import ANCHOR, KnownFramework, Registry, load_registry
from probes.inventory import Inventory, collect_inventory
from probes.mismatch import assess
from probes.progress import Progress, ProgressCallback, ProgressEvent
from probes.report import (
    BenchmarkResult,
    BenchSettings,
    Comparison,
    CpuInfo,
    DeviceSeen,
    FrameworkProbe,
    ProbeReport,
)
from probes.session import WorkerSession
from probes.workers_run import Spawned, WorkerRun, classify, run_worker, worker_env

Tier = Literal["quick", "standard", "deep"]
TOOL_VERSION = __version__  # kb/_version.py, the one version of the tool
# Expected seconds (2-vCPU VM, docs/benchmarks.md); used for the ETA only. A framework's own
# figures are in probes/frameworks.py.
EXPECTED_IMPORT = 3.5  # all workers import in parallel
EXPECTED_GROUP = {"quick": 0.8, "standard": 1.8, "deep": 3.5}
EXPECTED_COMPILE_OTHER = 0.5
TIMEOUTS = {"info": 60.0, "quick": 90.0, "standard": 90.0, "deep": 180.0}
ORDER = (
    "matmul_",
    "conv2d",
    "mlp_train_eager",
    "mlp_train_compiled",
    "dispatch_overhead",
    "memory_copy",
    "h2d_transfer",
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


@dataclass(frozen=True)
class _Plan:
    """What this run does: the arguments and FA_PROBES_* variables, resolved once."""

    tier: Tier
    no_bench: bool
    tiny: bool
    timeout_s: float | None  # per worker process; None: TIMEOUTS
    registry: Registry
    chosen: tuple[str, ...]  # frameworks to report, KB order
    cancel: threading.Event | None
    deploy: tuple[str, ...] | None

    @property
    def workers(self) -> tuple[str, ...]:
        """The chosen frameworks that have a worker: these are imported and measured."""
        return tuple(f for f in self.chosen if self.known(f).worker is not None)

    @property
    def info_limit(self) -> float:
        return self.timeout_s if self.timeout_s is not None else TIMEOUTS["info"]

    @property
    def cancelled(self) -> bool:
        return self.cancel is not None and self.cancel.is_set()

    def known(self, fid: str) -> KnownFramework:
        return self.registry.get(fid) or KnownFramework(fid, fid, ())


@dataclass
class _Bench:
    """What the paired benchmarks produced (empty for ``--no-bench``)."""

    cpu: CpuInfo
    results: list[BenchmarkResult] = field(default_factory=list)
    comparisons: list[Comparison] = field(default_factory=list)
    settings: BenchSettings | None = None
    host_busy: bool | None = None
    advice: str | None = None


def _env_flag(name: str) -> str | None:
    value = os.environ.get(name)
    return value if value else None


def _resolve(
    tier: Tier,
    no_bench: bool,
    timeout_s: float | None,
    tiny: bool | None,
    frameworks: tuple[str, ...] | None,
    cancel: threading.Event | None,
    deploy: tuple[str, ...] | None,
) -> _Plan:
    """Arguments first, then FA_PROBES_TIMEOUT / FA_PROBES_TINY / FA_PROBES_FRAMEWORKS."""
    if timeout_s is None and _env_flag("FA_PROBES_TIMEOUT"):
        timeout_s = float(os.environ["FA_PROBES_TIMEOUT"])
    if tiny is None:
        tiny = _env_flag("FA_PROBES_TINY") == "1"
    registry = load_registry()
    if frameworks is None:
        frameworks = tuple(early.frameworks(os.environ, registry.ids))
    return _Plan(
        tier=tier,
        no_bench=no_bench,
        tiny=tiny,
        timeout_s=timeout_s,
        registry=registry,
        chosen=tuple(f for f in registry.ids if f in frameworks),
        cancel=cancel,
        deploy=deploy,
    )


def _probe_from_run(
    known: KnownFramework, run: WorkerRun, timeout_s: float, inv: Inventory
) -> FrameworkProbe:
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
        status=status,
        reason=reason,
        package=known.installed(inv.packages) or info.get("package"),
        version=info.get("version"),
        import_time_s=info.get("import_time_s"),
        import_rss_mb=info.get("import_rss_mb"),
        build=build,
        devices=devices,
        peak_rss_mb=done.get("peak_rss_mb"),
        benchmark_errors=errors,
    )
    if info.get("status") == "ok" and status == "ok":
        sees, mismatch = assess(known.id, probe, inv.accelerators, inv.host.os)
        probe = probe.model_copy(update={"sees_accelerators": sees, "mismatch": mismatch})
    return probe


def _without_worker(plan: _Plan, inv: Inventory, state: _State) -> None:
    """Frameworks the KB knows but no worker runs: "missing", or a warning that it is there."""
    for fid in plan.chosen:
        known = plan.known(fid)
        if known.worker is not None:
            continue
        package = known.installed(inv.packages)
        if package is None:
            looked = ", ".join(known.packages) or fid
            state.probes[fid] = FrameworkProbe(
                status="missing", reason=f"not installed (looked for {looked})"
            )
            continue
        version = inv.packages.get(package) or "?"
        state.warnings.append(
            inline("probe_no_worker", name=known.name, version=version, package=package)
        )


def _with_framework_packages(inv: Inventory, registry: Registry) -> None:
    """The inventory's package list plus every KB framework's distributions."""
    extra = tuple(p for p in registry.package_names() if p not in inv.packages)
    inv.packages.update(host.collect_packages(extra))


class _InfoRun:
    """``--no-bench``: every framework's info worker, started at once, in parallel, so the
    imports (the slow part) overlap the inventory; framework info needs no thread settings."""

    def __init__(self, plan: _Plan, progress: Progress) -> None:
        self.plan = plan
        self.progress = progress
        self.lock = threading.Lock()
        self.remaining = {f: _info_eta(plan, f) for f in plan.workers}
        # workers `python -m probes` started before its imports (probes/early.py)
        adopted = early.adopt(plan.workers)
        self.pool = ThreadPoolExecutor(max_workers=max(1, len(plan.workers)))
        self.futures: list[Future[tuple[str, WorkerRun]]] = [
            self.pool.submit(self._one, fw, adopted.get(fw)) for fw in plan.workers
        ]

    def _one(self, fw: str, spawned: Spawned | None) -> tuple[str, WorkerRun]:
        run = run_worker(
            fw,
            early.INFO_ARGS,
            self.plan.info_limit,
            worker_env(None),
            self.plan.cancel,
            spawned=spawned,
        )
        with self.lock:
            self.progress.done += 1
            self.remaining.pop(fw, None)
            eta = max(self.remaining.values(), default=0.0)
            self.progress.emit(f"{fw} {inline('step_tag_info_done')}", eta)
        return fw, run

    def inventory_done(self) -> None:
        with self.lock:
            self.progress.done += 1
            if self.plan.workers:
                en, zh = pair("step_tag_framework_info")
                self.progress.emit(
                    f"{en} ({', '.join(self.plan.workers)}) / {zh}",
                    max(self.remaining.values(), default=0),
                )

    def collect(self, inv: Inventory, state: _State) -> None:
        for fut in self.futures:
            fw, run = fut.result()
            state.probes[fw] = _probe_from_run(self.plan.known(fw), run, self.plan.info_limit, inv)
        self.pool.shutdown()


def _info_eta(plan: _Plan, fid: str) -> float:
    spec = plan.known(fid).worker
    return spec.info_s if spec is not None else 0.0


PRE_CHECK_S = 0.3  # how long the neighbours are watched before the benchmarks


def _threads_for_host(
    inv: Inventory, before: noise.CpuSample | None
) -> tuple[int | None, tuple[float, float] | None]:
    """A short look at the neighbours first: on a busy host, use only the free cores, and the
    same number for every framework. Returns (threads, (others' share, steal) or None).

    The look starts at ``before``, taken ahead of the inventory, so its 0.3 s overlap the
    inventory's commands (ours: this process and its reaped children are not counted)."""
    threads = inv.cpu.usable_cores
    if not threads:
        return threads, None
    if before is None:
        before = noise.sample()
    if before is not None:
        time.sleep(max(0.0, PRE_CHECK_S - (time.monotonic() - before.wall)))
    pre = noise.foreign_share(before, noise.sample(), inv.cpu.logical_cores or 1)
    if pre is None:
        return threads, None
    fewer = noise.choose_threads(threads, inv.cpu.logical_cores or 1, *pre)
    if fewer is not None and fewer < threads:
        inv.warnings.append(
            inline("probe_host_busy_threads", share=pre[0], fewer=fewer, threads=threads)
        )
        threads = fewer
    return threads, pre


def run_probes(
    tier: Tier = "quick",
    no_bench: bool = False,
    on_progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    *,
    timeout_s: float | None = None,
    tiny: bool | None = None,
    frameworks: tuple[str, ...] | None = None,
    deploy: tuple[str, ...] | None = None,
) -> ProbeReport:
    """Probe this machine; framework failures become statuses, never exceptions.

    ``timeout_s`` (per worker process), ``tiny`` (toy sizes) and ``frameworks`` exist for tests
    and can also be set with FA_PROBES_TIMEOUT, FA_PROBES_TINY=1 and FA_PROBES_FRAMEWORKS.
    Info workers ``python -m probes --no-bench`` started early (probes/early.py) are adopted by
    a ``--no-bench`` run; any run ends those it does not use.
    """
    started = time.monotonic()
    collected_at = datetime.now(UTC)
    plan = _resolve(tier, no_bench, timeout_s, tiny, frameworks, cancel, deploy)
    if plan.no_bench:
        progress = Progress(total=1 + len(plan.workers), callback=on_progress)
        expected = max((_info_eta(plan, f) for f in plan.workers), default=0.0)
    else:
        progress = Progress(total=3, callback=on_progress)
        expected = EXPECTED_IMPORT + tiers.expected_groups(plan.tier) * EXPECTED_GROUP[plan.tier]
    progress.emit(inline("step_tag_inventory"), expected + 0.3)
    info = _InfoRun(plan, progress) if plan.no_bench else None
    early.end_unused()
    look = None if plan.no_bench else noise.sample()  # the neighbours, watched from here
    inv = collect_inventory()
    _with_framework_packages(inv, plan.registry)
    if info is not None:
        info.inventory_done()
    else:
        progress.done += 1
    threads, pre = (inv.cpu.usable_cores, None) if plan.no_bench else _threads_for_host(inv, look)
    state = _State(warnings=list(inv.warnings), host_load=pre)
    if plan.registry.problem:
        state.warnings.append(plan.registry.problem)
    if info is not None:
        info.collect(inv, state)
        measured = _Bench(cpu=inv.cpu)
    else:
        measured = _benchmarks(plan, inv, state, progress, threads)
    _without_worker(plan, inv, state)
    deployed = _run_deploy(plan.deploy, plan.cancel, progress) if plan.deploy else None
    if plan.cancelled:
        state.warnings.append(inline("probe_cancelled_before_end"))
    progress.done = progress.total
    progress.emit(inline("step_tag_report_ready"), 0.0)
    if measured.settings is not None:
        measured.settings.coordinator_peak_rss_mb = _peak_rss_mb()
    return ProbeReport(
        tool_version=TOOL_VERSION,
        collected_at=collected_at,
        duration_s=round(time.monotonic() - started, 2),
        tier="none" if plan.no_bench else plan.tier,
        host=inv.host,
        python=inv.python,
        cpu=measured.cpu,
        memory=inv.memory,
        accelerators=inv.accelerators,
        packages=inv.packages,
        env=inv.env,
        frameworks={fw: state.probes[fw] for fw in plan.chosen if fw in state.probes},
        benchmarks=measured.results,
        comparisons=measured.comparisons,
        bench_settings=measured.settings,
        coordinator_peak_rss_mb=_peak_rss_mb(),
        warnings=state.warnings,
        host_busy=measured.host_busy,
        rerun_advice=measured.advice,
        deployment_paths=deployed.entries if deployed is not None else None,
        deploy_cross_framework_diff=deployed.cross_framework_diff if deployed else {},
    )


def _benchmarks(
    plan: _Plan, inv: Inventory, state: _State, progress: Progress, threads: int | None
) -> _Bench:
    """The paired benchmarks, then honest peaks, fairness warnings and the busy-host verdict."""
    schedule = _interleave_plan(plan)
    outcomes, clock_mhz, clock_source = _run_paired(plan, schedule, threads, progress, inv, state)
    raw = [r for o in outcomes for r in o.results]
    cpu = peak.with_sustained_clock(inv.cpu, clock_mhz, clock_source)
    cpu, results, peak_warnings = peak.honest_peaks(raw, cpu, inv.accelerators)
    state.warnings += peak_warnings
    state.warnings += bench.fairness_warnings(results)
    for o in outcomes:
        state.foreign += o.foreign
        state.steal += o.steal
    judged = [o for o in outcomes if o.comparisons]
    busy = [o for o in judged if o.host_busy]
    advice = None
    if busy:
        n = sum(len(o.comparisons) for o in busy)
        m = sum(len(o.comparisons) for o in judged)
        advice = inline("probe_rerun_busy", n=n, m=m, k=pairing.MIN_PAIRS)
    settings = BenchSettings(
        threads=threads,
        tf32=False,
        rounds=schedule.rounds,
        order=[ANCHOR, *plan.workers],
        foreign_load=[round(f, 3) for f in state.foreign],
        steal=[round(s, 3) for s in state.steal],
        method="paired",
        block_samples=schedule.samples,
        tie_band=pairing.TIE_BAND,
    )
    return _Bench(
        cpu=cpu,
        results=results,
        comparisons=[c for o in outcomes for c in o.comparisons],
        settings=settings,
        host_busy=bool(busy) if judged else None,
        advice=advice,
    )


def _run_deploy(
    targets: tuple[str, ...],
    cancel: threading.Event | None,
    progress: Progress,
) -> Any:
    """``--deploy``: the reference models through every path serving ``targets``
    (probes/deploy/, docs/deployment-paths.md); each path is its own killable worker."""
    from probes.deploy import paths_for, run_deploy

    progress.total += len(paths_for(targets))

    def on_path(spec: Any, i: int, n: int) -> None:
        en, zh = pair("step_tag_deploy")
        progress.emit(f"{en}: {spec.label} / {zh}", 8.0 * (n - i))
        progress.done += 1

    # one thread everywhere: batch-1 latency of small models, and no runtime's thread pool
    # competing with another's on a shared machine (docs/deployment-paths.md)
    return run_deploy(targets, threads=1, cancel=cancel, on_path=on_path)


def _workload_order(name: str) -> tuple[int, str]:
    for i, prefix in enumerate(ORDER):
        if name.startswith(prefix):
            return i, name
    return len(ORDER), name  # models after the kernels, in the order the workers list them


def _interleave_plan(plan: _Plan) -> interleave.Plan:
    """The tier's block schedule; a test's ``timeout_s`` bounds every wait in it."""
    schedule = interleave.PLANS["tiny" if plan.tiny else plan.tier]
    t = plan.timeout_s
    if t is None:
        return schedule
    return replace(
        schedule,
        prepare_timeout_s=t,
        compile_timeout_s=max(t, schedule.compile_timeout_s if not plan.tiny else t),
        block_timeout_s=t,
    )


def _pairs(plan: _Plan) -> tuple[tuple[str, str], ...]:
    """Which frameworks are compared: each pair of measured frameworks, then each against the
    numpy anchor (for torch and TensorFlow: interleave.PAIRS)."""
    workers = plan.workers
    between = tuple((a, b) for i, a in enumerate(workers) for b in workers[i + 1 :])
    return between + tuple((w, ANCHOR) for w in workers)


def _worker_limit(plan: _Plan) -> float:
    return plan.timeout_s if plan.timeout_s is not None else TIMEOUTS[plan.tier]


def _list_workloads(
    sessions: dict[str, WorkerSession], limit: float
) -> dict[str, list[dict[str, Any]]]:
    """Each worker that started fine, asked for its workloads."""
    listed: dict[str, list[dict[str, Any]]] = {}
    for fw, sess in sessions.items():
        info = sess.wait_info(limit)
        if info is None or info.get("status") != "ok":
            continue
        ans = sess.request({"cmd": "list"}, limit)
        if ans is not None and ans.get("type") == "workloads":
            listed[fw] = [i for i in ans.get("items", []) if isinstance(i, dict)]
    return listed


def _workload_names(
    listed: dict[str, list[dict[str, Any]]], frameworks: tuple[str, ...]
) -> list[str]:
    """Every workload any worker offers, kernels first (ORDER), each once."""
    names: list[str] = []
    for fw in (*frameworks, ANCHOR):
        for item in listed.get(fw, []):
            if item.get("workload") not in names:
                names.append(str(item.get("workload")))
    return sorted(names, key=_workload_order)


def _compile_eta(slots: list[interleave.Slot], plan: _Plan) -> float:
    """Expected extra seconds of the compiled variants in one group (the ETA only)."""
    total = 0.0
    for s in slots:
        if s.item.get("compiled"):
            spec = plan.known(s.framework).worker
            total += spec.compile_s if spec is not None else EXPECTED_COMPILE_OTHER
    return total


def _close_sessions(
    sessions: dict[str, WorkerSession], plan: _Plan, inv: Inventory, state: _State
) -> None:
    """Every worker told to quit at once (their teardowns overlap), then each one's status."""
    limit = _worker_limit(plan)
    for sess in sessions.values():
        sess.quit()
    for fw, sess in sessions.items():
        run = sess.close()
        if fw == ANCHOR:
            status, reason = classify(run, limit)
            if status != "ok":
                state.warnings.append(f"numpy anchor: {status} ({reason})")
            continue
        state.probes[fw] = _probe_from_run(plan.known(fw), run, limit, inv)


def _run_paired(
    plan: _Plan,
    schedule: interleave.Plan,
    threads: int | None,
    progress: Progress,
    inv: Inventory,
    state: _State,
) -> tuple[list[interleave.GroupOutcome], float | None, ClockSource | None]:
    """Start the long-lived workers, run every workload group interleaved, close the workers."""
    env = worker_env(threads)
    args = ["--mode", "serve", "--tier", plan.tier, "--threads", str(threads or 0), "--tf32", "off"]
    args += ["--tiny"] if plan.tiny else []
    everyone = (ANCHOR, *plan.workers)
    sessions: dict[str, WorkerSession] = {}
    clock = ClockSampler(threads or 1)
    cpus = inv.cpu.logical_cores or 1
    bench = interleave.Bench(schedule, cpus, threads or 1, plan.cancel, clock, _pairs(plan))
    outcomes: list[interleave.GroupOutcome] = []
    try:
        for fw in everyone:
            sessions[fw] = WorkerSession(fw, args, env, plan.cancel)
        en, zh = pair("step_tag_workers")
        progress.emit(f"{en} ({', '.join(everyone)}) / {zh}", None)
        listed = _list_workloads(sessions, _worker_limit(plan))
        progress.done += 1
        names = tiers.select(plan.tier, _workload_names(listed, plan.workers))
        progress.total = progress.done + len(names) + 1
        for i, name in enumerate(names):
            if plan.cancelled:
                break
            slots = [
                interleave.Slot(fw, str(item.get("variant")), item, sessions[fw])
                for fw in everyone
                for item in listed.get(fw, [])
                if item.get("workload") == name and sessions[fw].alive
            ]
            if not slots:
                continue
            en, zh = pair("step_tag_interleaved")
            progress.emit(
                f"{name}: {' / '.join(sorted({s.framework for s in slots}))} {en} / {zh}",
                EXPECTED_GROUP[plan.tier] * (len(names) - i) + _compile_eta(slots, plan),
            )
            outcome = interleave.run_group(name, slots, bench, state.host_load)
            outcomes.append(outcome)
            state.host_load = outcome.host_load or state.host_load
            progress.done += 1
    finally:
        clock.close()
        _close_sessions(sessions, plan, inv, state)
    return outcomes, clock.sustained_mhz(), clock.source
