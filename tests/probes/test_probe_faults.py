"""Every way a framework can fail is a status with a reason; the rest of the report survives.

Fake ``torch`` packages on PYTHONPATH shadow the real one inside the worker subprocess.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import psutil
import pytest

from probes.api import run_probes
from probes.report import ProbeReport
from tests.probes.conftest import REPO

FAKES = {
    "raises": "raise RuntimeError('libtorch_cpu.so: cannot open shared object file')\n",
    "aborts": "import os\nos.abort()\n",
    "segfaults": "import ctypes\nctypes.string_at(0)\n",
    "hangs": "import time\ntime.sleep(120)\n",
    "memory": "raise MemoryError()\n",
    "oom_killed": "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n",
    "missing": "raise ModuleNotFoundError(\"No module named 'torch'\", name='torch')\n",
}


def _probe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, **kw: Any) -> ProbeReport:
    pkg = tmp_path / kind / "torch"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text(FAKES[kind], encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path / kind))
    return run_probes(
        "quick",
        no_bench=True,
        frameworks=("pytorch",),
        timeout_s=kw.pop("timeout_s", 10.0),
        **kw,
    )


@pytest.mark.parametrize(
    ("kind", "status", "words"),
    [
        ("raises", "import_error", "RuntimeError: libtorch_cpu.so"),
        ("aborts", "crashed", "SIGABRT"),
        ("segfaults", "crashed", "SIGSEGV"),
        ("memory", "oom", "MemoryError"),
        ("oom_killed", "crashed", "possibly the out-of-memory killer"),
        ("missing", "missing", "not installed"),
    ],
)
def test_fault_becomes_status(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, status: str, words: str
) -> None:
    report = _probe(tmp_path, monkeypatch, kind)
    fw = report.frameworks["pytorch"]
    assert fw.status == status, fw.reason
    assert fw.reason and words in fw.reason
    assert fw.sees_accelerators is None and fw.version is None
    # the rest of the report is intact
    assert report.host.os_name and report.cpu.logical_cores and report.memory.total_gb


def test_hang_is_killed_at_the_timeout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    start = time.monotonic()
    report = _probe(tmp_path, monkeypatch, "hangs", timeout_s=1.5)
    fw = report.frameworks["pytorch"]
    assert fw.status == "timeout"
    assert "no result within" in (fw.reason or "") and "killed" in (fw.reason or "")
    assert time.monotonic() - start < 8


def test_cancel_kills_the_running_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cancel = threading.Event()
    threading.Timer(0.8, cancel.set).start()
    start = time.monotonic()
    report = _probe(tmp_path, monkeypatch, "hangs", timeout_s=60.0, cancel=cancel)
    assert time.monotonic() - start < 6
    assert report.frameworks["pytorch"].status == "error"
    assert "cancel" in (report.frameworks["pytorch"].reason or "")
    assert any("cancel" in w for w in report.warnings)


def test_benchmark_tier_skips_a_broken_framework(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With benchmarks on, a framework that cannot import gets no rounds; numpy still runs."""
    pkg = tmp_path / "torch"
    pkg.mkdir()
    (pkg / "__init__.py").write_text(FAKES["raises"], encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    report = run_probes("quick", frameworks=("pytorch",), tiny=True, timeout_s=30.0)
    assert report.frameworks["pytorch"].status == "import_error"
    assert {b.framework for b in report.benchmarks} == {"numpy"}
    assert report.comparisons == []
    assert report.bench_settings is not None and report.bench_settings.threads


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as fh:
            return "\nState:\tZ" not in fh.read()
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc")
def test_stragglers_of_a_finished_worker_are_killed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A helper process left behind (like torch.compile's worker pool) must not outlive it."""
    pidfile = tmp_path / "child.pid"
    FAKES["leaves_child"] = (
        "import subprocess, sys\n"
        "p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        f"open({str(pidfile)!r}, 'w').write(str(p.pid))\n"
        "raise RuntimeError('broken after spawning a helper')\n"
    )
    report = _probe(tmp_path, monkeypatch, "leaves_child")
    assert report.frameworks["pytorch"].status == "import_error"
    pid = int(pidfile.read_text())
    deadline = time.monotonic() + 3
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pid)


def _start_cli_with_hanging_worker(tmp_path: Path) -> tuple[subprocess.Popen[bytes], int]:
    """A real ``python -m probes`` whose torch worker hangs on import; returns (cli, worker pid)."""
    pkg = tmp_path / "hang" / "torch"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text(FAKES["hangs"], encoding="utf-8")
    env = {
        **os.environ,
        "PYTHONPATH": str(tmp_path / "hang"),
        "FA_PROBES_FRAMEWORKS": "pytorch",
        "FA_PROBES_TIMEOUT": "60",
    }
    cli = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "probes",
            "--no-bench",
            "--quiet",
            "--out",
            str(tmp_path / "r.json"),
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        workers = [
            p.pid
            for p in psutil.Process(cli.pid).children(recursive=True)
            if "probes.workers" in " ".join(_cmdline(p))
        ]
        if workers:
            return cli, workers[0]
        time.sleep(0.1)
    os.killpg(cli.pid, signal.SIGKILL)
    pytest.fail("the worker never started")


def _cmdline(proc: psutil.Process) -> list[str]:
    """A child's command line, or nothing when it already exited: the inventory's short-lived
    commands (lspci, nvidia-smi, …) are zombies until the coordinator reaps them."""
    try:
        return proc.cmdline()
    except psutil.Error:
        return []


def _gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
            return True
        time.sleep(0.1)
    return False


def test_sigterm_to_the_cli_kills_its_worker_groups(tmp_path: Path) -> None:
    """The app stops a probe with SIGTERM to the CLI's group; workers live in their own
    sessions, so the CLI must unwind and kill them rather than orphan them."""
    cli, worker = _start_cli_with_hanging_worker(tmp_path)
    os.killpg(cli.pid, signal.SIGTERM)
    assert cli.wait(timeout=10) == 130
    assert _gone_within(worker, 5), "worker outlived the CLI"


@pytest.mark.parametrize("delay_s", [0.05, 0.15, 0.3])
def test_sigterm_during_the_cli_start_up_still_exits_130(tmp_path: Path, delay_s: float) -> None:
    """A SIGTERM while the CLI still imports (the early worker already runs): raising into those
    imports once came out as a pydantic SchemaError or an exit by SIGINT (7 of 40 under load);
    now the early workers are ended and the process exits 130 (probes/early.py)."""
    cli, worker = _start_cli_with_hanging_worker(tmp_path)
    time.sleep(delay_s)
    os.killpg(cli.pid, signal.SIGTERM)
    assert cli.wait(timeout=10) == 130
    assert _gone_within(worker, 5), "worker outlived the CLI"


def test_worker_exits_when_its_coordinator_is_killed_outright(tmp_path: Path) -> None:
    cli, worker = _start_cli_with_hanging_worker(tmp_path)
    os.kill(cli.pid, signal.SIGKILL)  # no chance to clean up
    cli.wait(timeout=10)
    try:
        # the worker polls every 0.25 s, but on a loaded 2-core machine its interpreter may
        # still be starting: 15 s separates "exits by itself" from "orphaned" without a race
        assert _gone_within(worker, 15), "orphaned worker kept running"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(worker, signal.SIGKILL)


_COORDINATOR = (
    "from probes.workers_run import run_worker, worker_env\n"
    "run_worker('pytorch', ['--mode', 'info'], 60.0, worker_env(None))\n"
)


def _spawn_and_kill_coordinator_at_once(hang_path: Path) -> int:
    """Start a real coordinator, SIGKILL it the moment its worker exists (often before the
    worker's interpreter is up), and return the worker's pid."""
    env = {**os.environ, "PYTHONPATH": f"{hang_path}{os.pathsep}{REPO}"}
    coordinator = subprocess.Popen(
        [sys.executable, "-c", _COORDINATOR],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    parent = psutil.Process(coordinator.pid)
    deadline = time.monotonic() + 30
    try:
        while time.monotonic() < deadline:
            with contextlib.suppress(psutil.Error):
                children = parent.children()
                if children:
                    return children[0].pid
            time.sleep(0.002)
        pytest.fail("the coordinator never spawned its worker")
    finally:
        os.kill(coordinator.pid, signal.SIGKILL)
        coordinator.wait(timeout=10)


def test_worker_never_outlives_a_coordinator_killed_right_after_spawn(tmp_path: Path) -> None:
    """No start-up window: 20 coordinators killed immediately after spawning, under CPU load."""
    hang = tmp_path / "hang"
    (hang / "torch").mkdir(parents=True)
    (hang / "torch" / "__init__.py").write_text(FAKES["hangs"], encoding="utf-8")
    load = [
        subprocess.Popen(
            [sys.executable, "-c", "while True: pass"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(max(2, os.cpu_count() or 2))
    ]
    workers: list[int] = []
    try:
        for _ in range(20):
            workers.append(_spawn_and_kill_coordinator_at_once(hang))
        orphans = [pid for pid in workers if not _gone_within(pid, 10)]
        assert orphans == [], f"{len(orphans)} of 20 workers outlived their coordinator"
    finally:
        for proc in load:
            proc.kill()
            proc.wait()
        for pid in workers:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)
