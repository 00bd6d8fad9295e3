"""Run the registered deployment paths, each in its own worker subprocess, into report entries.

Every path gets a fresh process (``probes.workers_run.run_worker``: own process group, hard
timeout, SIGTERM then SIGKILL), so a converter that hangs or crashes costs only its own entry.
The reference weights are written once (numpy) into a temporary work folder that every worker
reads; each worker leaves its framework's eager outputs there for the cross-framework check.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from probes.deploy.registry import TARGETS, DeployPathSpec, registered
from probes.report import DeployLatency, DeploymentPath, DeployStatus
from probes.workers.deploy_common import MODELS, write_reference
from probes.workers_run import WorkerRun, classify, run_worker, worker_env

DEFAULT_TIMEOUT_S = 120.0  # per path; a conversion that takes longer is killed
ORDER = ("pytorch", "tensorflow")
# Two paths convert at once (imports and conversions dominate the time); their timing sections
# never overlap (a file lock in the work folder, probes/workers/deploy_common.py).
DEFAULT_PARALLEL = 2


@dataclass(frozen=True)
class DeploySettings:
    """How a ``--deploy`` run measures; the defaults are the probe's, tests narrow them."""

    timeout_s: float | None = None  # per path; None: FA_DEPLOY_TIMEOUT, else DEFAULT_TIMEOUT_S
    models: tuple[str, ...] = MODELS
    rounds: int = 15  # timing rounds per model
    only: tuple[str, ...] | None = None  # path ids to run (of those serving the targets)
    parallel: int = DEFAULT_PARALLEL  # paths converting at once

    def path_timeout_s(self) -> float:
        if self.timeout_s is not None:
            return self.timeout_s
        return float(os.environ.get("FA_DEPLOY_TIMEOUT") or DEFAULT_TIMEOUT_S)


@dataclass
class DeployRun:
    entries: list[DeploymentPath] = field(default_factory=list)
    cross_framework_diff: dict[str, float] = field(default_factory=dict)
    wall_s: float = 0.0


def paths_for(targets: Sequence[str], only: Sequence[str] | None = None) -> list[DeployPathSpec]:
    """Registered paths serving any of ``targets``, PyTorch's first, in registration order."""
    wanted = set(targets)
    chosen = [
        s
        for s in registered().values()
        if wanted & set(s.targets) and (only is None or s.id in only)
    ]
    return sorted(chosen, key=lambda s: ORDER.index(s.framework) if s.framework in ORDER else 9)


def _latency(raw: Any) -> DeployLatency | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("median_s"), int | float):
        return None
    return DeployLatency(
        median_s=float(raw["median_s"]),
        ci_low_s=raw.get("ci_low_s"),
        ci_high_s=raw.get("ci_high_s"),
        samples=int(raw.get("samples") or 0),
    )


def entries_from_run(
    spec: DeployPathSpec,
    run: WorkerRun,
    targets: Sequence[str],
    timeout_s: float,
    models: Sequence[str] = MODELS,
) -> list[DeploymentPath]:
    """One entry per model; whatever happened to the worker becomes a status, never a raise."""
    mine = [t for t in TARGETS if t in spec.targets and t in targets]
    info = run.first("info") or {}
    versions = {
        str(k): (None if v is None else str(v)) for k, v in (info.get("versions") or {}).items()
    }
    base: dict[str, Any] = {
        "framework": spec.framework,
        "path": spec.id,
        "label": spec.label,
        "target": mine[0] if mine else spec.targets[0],
        "targets": mine,
        "toolchains": list(spec.toolchains),
        "versions": versions,
    }
    results = {str(e.get("model")): e for e in run.of("result")}
    out: list[DeploymentPath] = []
    status, reason = classify(run, timeout_s)
    st: DeployStatus
    for model in models:
        res = results.get(model)
        if res is not None:
            ok = res.get("status") in ("works", "converted_not_run")
            error = res.get("error")
            if res.get("status") == "converted_not_run" and spec.runs_here_note and not error:
                error = spec.runs_here_note
            out.append(
                DeploymentPath(
                    **base,
                    model=model,
                    status=res.get("status", "error"),
                    artefact_bytes=res.get("artefact_bytes"),
                    int8_bytes=res.get("int8_bytes"),
                    latency=_latency(res.get("latency")),
                    eager_latency=_latency(res.get("eager_latency")),
                    int8_latency=_latency(res.get("int8_latency")),
                    max_abs_diff=res.get("max_abs_diff"),
                    int8_max_abs_diff=res.get("int8_max_abs_diff"),
                    error=error,
                    failed_ops=[str(o) for o in res.get("failed_ops") or []],
                    stage=res.get("stage"),
                    commands=list(spec.commands) if ok else [],
                    convert_s=res.get("convert_s"),
                    wall_s=round(run.wall_s, 2),
                )
            )
            continue
        err: str | None
        install: str | None = None
        if info.get("status") == "not_installed":
            st, err, install = "not_installed", str(info.get("reason")), spec.install
        elif info.get("status") == "import_error":
            st, err = "failed", str(info.get("reason"))
        elif status == "timeout":
            st, err = "timeout", reason
        elif status in ("crashed", "oom"):
            st, err = "crashed", reason
        else:
            st, err = "error", reason or "the worker reported no result"
        out.append(
            DeploymentPath(
                **base,
                model=model,
                status=st,
                error=err,
                install=install,
                stage="import" if info.get("status") not in (None, "ok") else None,
                wall_s=round(run.wall_s, 2),
            )
        )
    return out


def cross_framework_diff(workdir: Path) -> dict[str, float]:
    """max |PyTorch − TensorFlow| of the eager outputs per model, where both ran."""
    out: dict[str, float] = {}
    for model in MODELS:
        a, b = workdir / f"eager_pytorch_{model}.npy", workdir / f"eager_tensorflow_{model}.npy"
        if a.is_file() and b.is_file():
            x, y = np.load(a), np.load(b)
            if x.shape == y.shape:
                out[model] = float(np.max(np.abs(x.astype(np.float64) - y)))
    return out


def run_deploy(
    targets: Sequence[str],
    settings: DeploySettings | None = None,
    *,
    threads: int | None = None,
    cancel: threading.Event | None = None,
    on_path: Callable[[DeployPathSpec, int, int], None] | None = None,
) -> DeployRun:
    """Take the reference models through every path serving ``targets``; never raises for a
    path's failure. ``threads`` per runtime (None: the worker's default), ``cancel`` stops
    between and inside paths, ``on_path`` hears of each path as it starts."""
    start = time.monotonic()
    settings = settings or DeploySettings()
    timeout_s, models = settings.path_timeout_s(), settings.models
    specs = paths_for(targets, settings.only)
    result = DeployRun()
    with tempfile.TemporaryDirectory(prefix="fa-deploy-") as tmp:
        work = Path(tmp)
        # The converters write scratch files of their own (coremltools' .mlpackage folders,
        # AutoGraph's generated modules, TorchInductor's cache) through the temp directory:
        # point it inside the work folder so they go with it, whatever happens to a worker.
        scratch = work / "tmp"
        scratch.mkdir()
        env = worker_env(
            threads, {"TMPDIR": str(scratch), "TEMP": str(scratch), "TMP": str(scratch)}
        )
        write_reference(work)
        args = ["--workdir", tmp, "--models", ",".join(models), "--rounds", str(settings.rounds)]
        args += ["--threads", str(threads or 0)]
        lock = threading.Lock()
        started = [0]

        def one(spec: DeployPathSpec) -> list[DeploymentPath]:
            if cancel is not None and cancel.is_set():
                return []
            if on_path is not None:
                with lock:
                    on_path(spec, started[0], len(specs))
                    started[0] += 1
            run = run_worker(f"deploy:{spec.id}", args, timeout_s, env, cancel)
            return entries_from_run(spec, run, targets, timeout_s, models)

        with ThreadPoolExecutor(max_workers=max(1, settings.parallel)) as pool:
            for entries in pool.map(one, specs):  # results in the specs' order
                result.entries += entries
        result.cross_framework_diff = cross_framework_diff(work)
    result.wall_s = time.monotonic() - start
    return result
