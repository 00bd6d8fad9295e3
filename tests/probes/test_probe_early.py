"""``python -m probes --no-bench`` starts its info workers before its own imports
(probes/early.py): started at once, adopted by the run (never started twice), and never left
running when the run does not use them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from probes import affinity, early
from probes.api import run_probes
from tests.probes.conftest import REPO

# A fake torch that records each start (pid, coordinator pid) and then fails its import, or hangs
RECORDS = (
    "import os, pathlib\n"
    "p = pathlib.Path(os.environ['FA_TEST_STARTS'])\n"
    "with p.open('a') as fh:\n"
    "    fh.write(f\"{os.getpid()} {os.environ.get('FA_COORDINATOR_PID')}\\n\")\n"
)
FAILS = RECORDS + "raise RuntimeError('fake torch: no libtorch here')\n"
HANGS = RECORDS + "import time\ntime.sleep(120)\n"


def _fake_torch(tmp_path: Path, body: str) -> dict[str, str]:
    (tmp_path / "fake" / "torch").mkdir(parents=True)
    (tmp_path / "fake" / "torch" / "__init__.py").write_text(body, encoding="utf-8")
    return {
        **os.environ,
        "PYTHONPATH": f"{tmp_path / 'fake'}{os.pathsep}{REPO}",
        "FA_TEST_STARTS": str(tmp_path / "starts.txt"),
        "FA_PROBES_FRAMEWORKS": "pytorch",
    }


def _starts(tmp_path: Path) -> list[tuple[int, int]]:
    path = tmp_path / "starts.txt"
    if not path.exists():
        return []
    return [tuple(map(int, ln.split())) for ln in path.read_text().splitlines()]  # type: ignore[misc]


def _gone_within(pid: int, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
            return True
        time.sleep(0.05)
    return False


def test_only_a_no_bench_run_starts_early_and_it_honours_the_framework_choice() -> None:
    assert early.wanted(["--no-bench", "--out", "r.json"])
    assert not early.wanted(["--tier", "quick"])
    assert not early.wanted(["--no-bench", "--help"]) and not early.wanted(["-h", "--no-bench"])
    assert early.frameworks({}) == ["pytorch", "tensorflow"]
    assert early.frameworks({"FA_PROBES_FRAMEWORKS": "tensorflow,jax"}) == ["tensorflow"]
    assert early.frameworks({"FA_PROBES_FRAMEWORKS": "none"}) == []
    assert early.start_info_workers(["--tier", "quick"]) == []


def test_a_run_the_cli_will_refuse_does_not_start_early(tmp_path: Path) -> None:
    """Only a writable ``--out`` (a regular file or a new name in an existing folder) starts the
    workers: a refused target must not cost a TensorFlow import (bounded refusals)."""
    (tmp_path / "old.json").write_text("{}")
    (tmp_path / "link.json").symlink_to(tmp_path / "old.json")
    assert early.wanted(["--no-bench", "--out", str(tmp_path / "old.json")])
    assert early.wanted(["--no-bench", f"--out={tmp_path / 'new.json'}"])
    assert early.wanted(["--no-bench"])  # stdout
    for refused in (
        tmp_path / "link.json",
        tmp_path,
        tmp_path / "missing" / "r.json",
        Path("/dev/null"),
    ):
        assert not early.wanted(["--no-bench", "--out", str(refused)]), refused
    assert not early.wanted(["--no-bench", "--out"])  # a usage error


def test_starting_early_imports_neither_pydantic_nor_the_kb() -> None:
    """What runs before the workers start must stay light, or starting early gains nothing."""
    code = "import sys, probes.early; print(sorted({'pydantic', 'kb', 'numpy'} & set(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_the_cli_adopts_its_early_worker_instead_of_starting_another(tmp_path: Path) -> None:
    env = _fake_torch(tmp_path, FAILS)
    out = tmp_path / "r.json"
    res = subprocess.run(
        [sys.executable, "-m", "probes", "--no-bench", "--quiet", "--out", str(out)],
        cwd=REPO,
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert res.returncode == 0, res.stderr.decode()
    report = json.loads(out.read_text(encoding="utf-8"))
    torch = report["frameworks"]["pytorch"]
    assert torch["status"] == "import_error" and "fake torch" in torch["reason"]
    starts = _starts(tmp_path)
    assert len(starts) == 1, starts  # started once, early, and that run was the one reported


def test_a_usage_error_ends_the_early_worker(tmp_path: Path) -> None:
    env = _fake_torch(tmp_path, HANGS)
    res = subprocess.run(
        [sys.executable, "-m", "probes", "--no-bench", "--no-such-option"],
        cwd=REPO,
        env=env,
        capture_output=True,
        timeout=60,
    )
    assert res.returncode == 2
    for pid, _ in _starts(tmp_path):  # may be none: ended before its interpreter was up
        assert _gone_within(pid, 5), "an early worker outlived a CLI that refused its arguments"


def test_a_run_that_does_not_choose_an_early_worker_ends_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = _fake_torch(tmp_path, HANGS)
    for key in ("PYTHONPATH", "FA_TEST_STARTS"):
        monkeypatch.setenv(key, env[key])  # the early worker inherits os.environ
    try:
        assert early.start_info_workers(["--no-bench"], {"FA_PROBES_FRAMEWORKS": "pytorch"}) == [
            "pytorch"
        ]
        (spawned,) = early._STARTED.values()
        deadline = time.monotonic() + 30
        while not _starts(tmp_path) and time.monotonic() < deadline:
            time.sleep(0.05)  # the fake torch is imported: the worker is really running
        assert spawned.proc.poll() is None
        report = run_probes("quick", no_bench=True, frameworks=(), timeout_s=10.0)
        assert report.frameworks == {}
        assert early._STARTED == {}
        assert spawned.proc.poll() is not None  # ended by the run, not left to time out
    finally:
        early.end_unused()


# --- the slowest import gets a CPU of its own (probes/affinity.py, docs/benchmarks.md §5.11) ---

AFFINITY = "import os, pathlib\n" + (
    "pathlib.Path(os.environ['FA_TEST_DIR'], __name__ + '.cpus').write_text("
    "' '.join(map(str, sorted(os.sched_getaffinity(0)))))\n"
    "raise RuntimeError('fake ' + __name__)\n"
)
needs_two_cpus = pytest.mark.skipif(
    not hasattr(os, "sched_getaffinity") or len(os.sched_getaffinity(0)) < 2,
    reason="needs Linux and two CPUs",
)


def test_the_critical_process_gets_a_cpu_only_when_processes_outnumber_cpus() -> None:
    assert affinity.own_cpu_split([0, 1], 3) == ([1], [0])
    assert affinity.own_cpu_split([7, 2, 5], 4) == ([7], [2, 5])
    assert affinity.own_cpu_split([0, 1], 2) is None  # one CPU each anyway
    assert affinity.own_cpu_split([0, 1, 2, 3], 3) is None
    assert affinity.own_cpu_split([0], 3) is None  # nothing to give


@needs_two_cpus
def test_give_own_cpu_moves_every_thread_of_this_process_and_restore_undoes_it() -> None:
    """Run in a child restricted to two CPUs, so the pytest process keeps its own."""
    two = sorted(os.sched_getaffinity(0))[:2]
    code = f"""
import json, os, subprocess, threading
from probes import affinity
os.sched_setaffinity(0, {two})
stop = threading.Event()
helper = threading.Thread(target=stop.wait)
helper.start()  # a thread that exists before: it must move too
child = subprocess.Popen(["sleep", "30"])
before = affinity.give_own_cpu(child.pid, 3)
seen = dict(before=before, child=sorted(os.sched_getaffinity(child.pid)),
            me=sorted(os.sched_getaffinity(0)),
            helper=sorted(os.sched_getaffinity(helper.native_id)))
affinity.restore(before)
seen.update(me_after=sorted(os.sched_getaffinity(0)),
            helper_after=sorted(os.sched_getaffinity(helper.native_id)))
stop.set(); child.kill(); child.wait()
print(json.dumps(seen))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout)
    assert seen["before"] == two
    assert seen["child"] == two[1:] and seen["me"] == two[:1] and seen["helper"] == two[:1]
    assert seen["me_after"] == two and seen["helper_after"] == two


@needs_two_cpus
def test_no_bench_on_two_cpus_gives_tensorflow_its_own_and_reports_the_machine(
    tmp_path: Path,
) -> None:
    """Two info workers and the coordinator on two CPUs: TensorFlow (the slowest import) alone
    on one; torch keeps both (its default thread count follows them); the report's usable cores
    are the same as a run that starts no worker."""
    two = sorted(os.sched_getaffinity(0))[:2]
    for name in ("torch", "tensorflow"):
        (tmp_path / "fake" / name).mkdir(parents=True)
        (tmp_path / "fake" / name / "__init__.py").write_text(AFFINITY, encoding="utf-8")
    env = {
        **os.environ,
        "PYTHONPATH": f"{tmp_path / 'fake'}{os.pathsep}{REPO}",
        "FA_TEST_DIR": str(tmp_path),
    }

    def run(frameworks: str, out: Path) -> dict[str, object]:
        res = subprocess.run(
            [sys.executable, "-m", "probes", "--no-bench", "--quiet", "--out", str(out)],
            cwd=REPO,
            env={**env, "FA_PROBES_FRAMEWORKS": frameworks},
            capture_output=True,
            timeout=120,
            preexec_fn=lambda: os.sched_setaffinity(0, two),
        )
        assert res.returncode == 0, res.stderr.decode()
        return json.loads(out.read_text(encoding="utf-8"))  # type: ignore[no-any-return]

    both = run("pytorch,tensorflow", tmp_path / "both.json")
    alone = run("none", tmp_path / "none.json")
    cpus = {
        name: (tmp_path / f"{name}.cpus").read_text().split() for name in ("torch", "tensorflow")
    }
    assert cpus["tensorflow"] == [str(two[1])]
    assert cpus["torch"] == [str(c) for c in two]
    assert both["cpu"]["usable_cores"] == alone["cpu"]["usable_cores"]  # type: ignore[index]
    for fw in ("pytorch", "tensorflow"):
        assert both["frameworks"][fw]["status"] == "import_error"  # type: ignore[index]
