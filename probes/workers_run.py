"""Start one framework worker subprocess, stream its JSON lines, and never hang or crash.

Each worker runs in its own session (process group); on timeout or cancellation the whole group
gets SIGTERM, then SIGKILL. How the process ended is turned into a framework status: a signal
means a crash, SIGKILL that we did not send means the kernel's OOM killer, a MemoryError means
OOM, a hang means timeout.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from probes.frameworks import ANCHOR, ANCHOR_MODULE, WORKERS
from probes.runner import end_group, tail_text
from probes.workers.common import COORDINATOR_PID_ENV

PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent)

# Worker modules by name: the numpy anchor and every framework with a worker (probes/frameworks.py);
# probes/deploy/registry.py adds its deployment-path workers here.
WORKER_MODULES: dict[str, str] = {
    ANCHOR: ANCHOR_MODULE,
    **{fid: spec.module for fid, spec in WORKERS.items()},
}


@dataclass
class WorkerRun:
    """Everything observed about one worker process."""

    framework: str
    events: list[dict[str, Any]] = field(default_factory=list)
    returncode: int | None = None
    timed_out: bool = False
    cancelled: bool = False
    spawn_error: str | None = None
    stderr_tail: str = ""
    wall_s: float = 0.0

    def first(self, kind: str) -> dict[str, Any] | None:
        return next((e for e in self.events if e.get("type") == kind), None)

    def of(self, kind: str) -> list[dict[str, Any]]:
        return [e for e in self.events if e.get("type") == kind]

    @property
    def last_step(self) -> str | None:
        steps = self.of("step")
        return str(steps[-1].get("name")) if steps else None


EventCallback = Callable[[dict[str, Any]], None]


def worker_env(threads: int | None, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """Same thread settings for every framework (docs/benchmarks.md §1), quiet TF logs."""
    env = dict(os.environ)
    path = env.get("PYTHONPATH", "")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (path, PACKAGE_ROOT) if p)
    if threads:
        for key in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
            env[key] = str(threads)
        env["TF_NUM_INTRAOP_THREADS"] = str(threads)
        env["TF_NUM_INTEROP_THREADS"] = "1"
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.setdefault("TF_FORCE_GPU_ALLOW_GROWTH", "true")
    env["PYTHONUNBUFFERED"] = "1"
    if extra:
        env.update(extra)
    return env


@dataclass
class Spawned:
    """A worker process already started (``spawn_worker``), not yet followed by ``run_worker``:
    ``python -m probes --no-bench`` starts its info workers before importing the rest
    (probes/early.py)."""

    framework: str
    proc: subprocess.Popen[bytes]
    err: IO[bytes]  # its stderr, a temporary file closed by run_worker
    started: float  # time.monotonic() at spawn: the timeout counts from here

    def end(self) -> None:
        """Stop it (an unused early worker) and close its stderr file."""
        end_group(self.proc)
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        self.err.close()


def spawn_worker(
    framework: str,
    args: Sequence[str],
    env: Mapping[str, str],
    python: str = sys.executable,
) -> Spawned | str:
    """Start one worker in its own session; the reason as text when it cannot start."""
    module = WORKER_MODULES[framework]
    started = time.monotonic()
    err = tempfile.TemporaryFile()  # noqa: SIM115 - Spawned owns it; run_worker closes it
    try:
        proc = subprocess.Popen(
            [python, "-m", module, *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=err,
            # the worker compares its parent with this pid: no start-up window for an orphan
            env={**env, COORDINATOR_PID_ENV: str(os.getpid())},
            start_new_session=True,
        )
    except OSError as exc:
        err.close()
        return f"could not start {python}: {exc}"
    return Spawned(framework, proc, err, started)


def run_worker(
    framework: str,
    args: Sequence[str],
    timeout_s: float,
    env: Mapping[str, str],
    cancel: threading.Event | None = None,
    on_event: EventCallback | None = None,
    python: str = sys.executable,
    spawned: Spawned | None = None,
) -> WorkerRun:
    """Start a worker (or follow ``spawned``, started earlier with the same arguments), collect
    its JSON lines until it ends, times out or is cancelled; its process group never outlives
    this call."""
    run = WorkerRun(framework=framework)
    got = spawned if spawned is not None else spawn_worker(framework, args, env, python)
    if isinstance(got, str):
        run.spawn_error = got
        return run
    proc, err, start = got.proc, got.err, got.started
    try:
        lines: queue.Queue[bytes | None] = queue.Queue()

        def reader() -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                lines.put(line)
            lines.put(None)

        thread = threading.Thread(target=reader, daemon=True)
        thread.start()
        deadline = start + timeout_s
        try:
            _follow(run, proc, lines, deadline, cancel, on_event)
        finally:  # Ctrl-C or any error here must not leave a worker group running
            end_group(proc)
        run.returncode = proc.returncode
        if proc.stdout is not None:
            proc.stdout.close()
        run.stderr_tail = tail_text(err)
    finally:
        err.close()
    run.wall_s = time.monotonic() - start
    return run


def _follow(
    run: WorkerRun,
    proc: subprocess.Popen[bytes],
    lines: queue.Queue[bytes | None],
    deadline: float,
    cancel: threading.Event | None,
    on_event: EventCallback | None,
) -> None:
    """Read events until end of output (then wait for the exit), the deadline or a cancel."""
    while True:
        if cancel is not None and cancel.is_set():
            run.cancelled = True
            return
        if time.monotonic() > deadline:
            run.timed_out = True
            return
        try:
            line = lines.get(timeout=0.05)
        except queue.Empty:
            continue
        if line is None:
            break
        event = _parse(line)
        if event is not None:
            run.events.append(event)
            if on_event is not None:
                on_event(event)
    try:
        proc.wait(timeout=max(0.1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        run.timed_out = True


def _parse(line: bytes) -> dict[str, Any] | None:
    try:
        obj = json.loads(line.decode("utf-8", errors="replace"))
    except ValueError:
        return None
    return obj if isinstance(obj, dict) and "type" in obj else None


def _signal_name(num: int) -> str:
    try:
        return signal.Signals(num).name
    except ValueError:
        return f"signal {num}"


def _stderr_hint(tail: str) -> str:
    lines = [ln.strip() for ln in tail.strip().splitlines() if ln.strip()]
    return lines[-1][:200] if lines else ""


def classify(run: WorkerRun, timeout_s: float) -> tuple[str, str | None]:
    """(status, reason) for a framework from how its worker process ended."""
    info = run.first("info")
    where = (
        f" during {run.last_step}" if run.last_step else (" while importing" if not info else "")
    )
    if run.spawn_error:
        return "error", run.spawn_error
    if run.cancelled:
        # imported here: kb.texts loads the KB and pydantic (~0.5 s), and this module is what
        # `python -m probes --no-bench` imports before its workers start (probes/early.py)
        from kb.texts import inline

        return "error", inline("probe_cancelled_by_user")
    if run.timed_out:
        return "timeout", f"no result within {timeout_s:.0f} s{where}; the process group was killed"
    rc = run.returncode
    hint = _stderr_hint(run.stderr_tail)
    if rc is not None and rc < 0:
        sig = -rc
        if sig == getattr(signal, "SIGKILL", 9):  # not ours (a timeout is reported above)
            return "crashed", f"killed by SIGKILL{where} (possibly the out-of-memory killer)"
        return "crashed", f"crashed with {_signal_name(sig)}{where}" + (f": {hint}" if hint else "")
    if info is not None and info.get("status") not in (None, "ok"):
        return str(info["status"]), info.get("reason")
    if "MemoryError" in run.stderr_tail:
        return "oom", f"MemoryError{where}"
    if rc not in (0, None):
        return "crashed", f"exited with code {rc}{where}" + (f": {hint}" if hint else "")
    if info is None:
        return "error", "the worker reported nothing" + (f": {hint}" if hint else "")
    if run.first("done") is None:
        return "crashed", f"stopped without finishing{where}"
    return "ok", None
