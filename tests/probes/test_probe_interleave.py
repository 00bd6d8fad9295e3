"""Long-lived workers and interleaved rounds with real worker processes (numpy: fast import).

An A/A test (the same workload on both sides must never be called faster), the busy-host path
under a real CPU load, hard timeouts, and a serving worker that outlives nothing.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time

import psutil
import pytest

from probes import interleave
from probes.api import run_probes
from probes.progress import ProgressEvent
from probes.session import WorkerSession
from probes.workers_run import classify, worker_env
from tests.probes.conftest import REPO

ARGS = ["--mode", "serve", "--tier", "quick", "--threads", "1", "--tiny", "--tf32", "off"]


def _hogs(n: int) -> list[subprocess.Popen[bytes]]:
    """``n`` busy loops, each in its own session. With the kernel's autogroup scheduling (on by
    default on desktop and many VM kernels) CPU time is shared per session first: hogs sharing
    the test's session would together get no more than one worker (itself a session leader), so
    a 1-thread worker kept a whole core and the host looked calm (CI, 2 cores, 4 hogs)."""
    return [
        subprocess.Popen(
            [sys.executable, "-c", "while True: pass"],
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(n)
    ]


def _live(proc: psutil.Process) -> bool:
    """Still running: neither reaped in the meantime nor a zombie awaiting its reaping."""
    try:
        return proc.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for p in procs:
        p.kill()
        p.wait()


def test_serve_protocol_lists_prepares_and_times_blocks() -> None:
    sess = WorkerSession("numpy", ARGS, worker_env(1))
    try:
        info = sess.wait_info(60)
        assert info is not None and info["status"] == "ok"
        listed = sess.request({"cmd": "list"}, 30)
        assert listed is not None and listed["type"] == "workloads"
        names = {(i["workload"], i["variant"]) for i in listed["items"]}
        assert ("matmul_128", "blas") in names and ("mlp_train_eager", "hand-written") in names
        prep = sess.request({"cmd": "prepare", "workload": "matmul_128", "variant": "blas"}, 30)
        assert prep is not None and prep["type"] == "prepared" and prep["loops"] >= 1
        assert prep["kind"] == "kernel" and prep["flops"] == 2.0 * 128**3
        block = sess.request(
            {"cmd": "block", "workload": "matmul_128", "variant": "blas", "samples": 4}, 30
        )
        assert block is not None and len(block["times"]) == 4 and block["wall_s"] > 0
        assert block["cpu_s"] >= 0 and all(t > 0 for t in block["times"])
        bad = sess.request({"cmd": "block", "workload": "nope", "variant": "x"}, 30)
        assert bad is not None and bad["type"] == "error" and "not prepared" in bad["reason"]
    finally:
        run = sess.close()
    assert classify(run, 60) == ("ok", None)


def _aa_slots() -> tuple[list[interleave.Slot], list[WorkerSession]]:
    sessions = [WorkerSession("numpy", ARGS, worker_env(1)) for _ in range(2)]
    for s in sessions:
        assert (s.wait_info(60) or {}).get("status") == "ok"
    item = {"workload": "mlp_train_eager", "variant": "hand-written", "dtype": "float32"}
    slots = [
        interleave.Slot(side, "hand-written", item, sess)
        for side, sess in zip(("a", "b"), sessions, strict=True)
    ]
    return slots, sessions


def test_identical_workloads_are_never_called_faster() -> None:
    """A/A: both sides run the very same numpy code; whatever the load, no winner."""
    slots, sessions = _aa_slots()
    plan = interleave.Plan(5, 8, 3, 3.0, 60.0, 60.0, 30.0)
    try:
        bench = interleave.Bench(plan, os.cpu_count() or 1, 1, pairs=(("a", "b"),))
        out = interleave.run_group("mlp_train_eager", slots, bench)
    finally:
        for s in sessions:
            s.close()
    (comp,) = out.comparisons
    assert comp.verdict == "tie" and comp.faster is None
    assert comp.ci_low is not None and comp.ci_high is not None
    assert comp.pairs_run == out.rounds_run and comp.pairs_used is not None
    assert {r.framework for r in out.results} == {"a", "b"}


def test_busy_host_is_detected_and_reported_as_rerun_advice() -> None:
    """With every core taken by other processes, no pair is clean: nothing is judged and the
    report says to re-run on an idle machine (in its own field, not only in the warnings)."""
    hogs = _hogs(3 * (os.cpu_count() or 2))
    try:
        time.sleep(0.5)
        report = run_probes("quick", frameworks=("pytorch",), tiny=True, timeout_s=120.0)
    finally:
        _stop(hogs)
    assert report.frameworks["pytorch"].status == "ok"
    comps = report.comparisons
    assert comps and all(c.a == "pytorch" and c.b == "numpy" for c in comps)
    assert report.host_busy is True
    assert report.rerun_advice and "idle machine" in report.rerun_advice
    assert "空闲" in report.rerun_advice
    busy = [c for c in comps if c.unreliable]
    assert busy and all(c.verdict == "tie" and c.faster is None for c in busy)
    assert any(b.unstable and "host busy" in (b.note or "") for b in report.benchmarks)
    assert report.bench_settings and max(report.bench_settings.foreign_load) > 0.3


def test_a_worker_that_stops_answering_is_killed_at_the_timeout() -> None:
    sess = WorkerSession("numpy", ARGS, worker_env(1))
    info = sess.wait_info(60)
    assert info is not None and info["status"] == "ok"
    pid = sess.pid
    assert pid is not None
    os.kill(pid, signal.SIGSTOP)  # a real hang: the process is there and answers nothing
    start = time.monotonic()
    assert (
        sess.request({"cmd": "prepare", "workload": "matmul_128", "variant": "blas"}, 1.5) is None
    )
    assert sess.request({"cmd": "list"}, 1.0) is None  # a killed worker takes no more commands
    run = sess.close()
    assert time.monotonic() - start < 8
    status, reason = classify(run, 1.5)
    assert status == "timeout" and "killed" in (reason or "")
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


_COORDINATOR = (
    "import sys, time\n"
    "from probes.session import WorkerSession\n"
    "from probes.workers_run import worker_env\n"
    "s = WorkerSession('numpy', ['--mode', 'serve', '--tiny'], worker_env(1))\n"
    "s.wait_info(60)\n"
    "print(s.pid, flush=True)\n"
    "time.sleep(120)\n"
)


def test_a_serving_worker_exits_when_its_coordinator_is_killed() -> None:
    coordinator = subprocess.Popen(
        [sys.executable, "-c", _COORDINATOR],
        cwd=REPO,
        stdout=subprocess.PIPE,
        start_new_session=True,
    )
    worker = 0
    try:
        assert coordinator.stdout is not None
        worker = int(coordinator.stdout.readline())
        assert psutil.pid_exists(worker)
        os.kill(coordinator.pid, signal.SIGKILL)
        coordinator.wait(timeout=10)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if not psutil.pid_exists(worker) or psutil.Process(worker).status() == "zombie":
                break
            time.sleep(0.05)
        else:
            pytest.fail("the serving worker outlived its coordinator")
    finally:
        with contextlib.suppress(ProcessLookupError, PermissionError, ValueError):
            os.killpg(worker, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(coordinator.pid, signal.SIGKILL)


def test_cancel_during_paired_benchmarks_kills_every_worker() -> None:
    cancel = threading.Event()
    seen: list[str] = []

    def on_progress(ev: ProgressEvent) -> None:
        seen.append(ev.step)
        if "interleaved" in ev.step:  # the workers are up and a workload is being timed
            cancel.set()

    before = {p.pid for p in psutil.Process().children(recursive=True)}
    start = time.monotonic()
    report = run_probes(
        "quick", on_progress=on_progress, cancel=cancel, tiny=True, timeout_s=120.0,
        frameworks=("pytorch",),
    )  # fmt: skip
    assert time.monotonic() - start < 60
    assert any("cancel" in w for w in report.warnings)
    assert report.host_busy is not True  # a cancelled run is not blamed on the host
    left = [
        p for p in psutil.Process().children(recursive=True)
        if p.pid not in before and _live(p)
    ]  # fmt: skip
    assert left == [], [p.pid for p in left]


def test_the_sides_of_a_group_share_the_same_cpus() -> None:
    """Every worker of a group is pinned to the same CPUs (probes/affinity.py), so a busy
    neighbour on one core slows both sides alike instead of one for the whole group."""
    if not hasattr(os, "sched_getaffinity") or len(os.sched_getaffinity(0)) < 2:
        pytest.skip("needs Linux and two CPUs")
    slots, sessions = _aa_slots()
    plan = interleave.Plan(2, 2, 2, 3.0, 60.0, 60.0, 30.0)
    try:
        bench = interleave.Bench(plan, os.cpu_count() or 1, 1, pairs=(("a", "b"),))
        interleave.run_group("mlp_train_eager", slots, bench)
        pinned = [os.sched_getaffinity(s.pid) for s in sessions if s.pid is not None]
    finally:
        for s in sessions:
            s.close()
    assert len(pinned) == 2 and pinned[0] == pinned[1] and len(pinned[0]) == 1
