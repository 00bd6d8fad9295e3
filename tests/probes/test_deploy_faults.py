"""Every way a deployment path can fail is a status on that path; the probe never crashes.

Fake packages on PYTHONPATH shadow the real converter or runtime inside the path's worker
subprocess (as tests/probes/test_probe_faults.py does for torch): a missing converter, a
converter that raises with an unsupported op, a runtime that hangs (killed at the timeout with
its whole process group) and a runtime that aborts.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from probes.deploy import DeploySettings, run_deploy
from probes.report import DeploymentPath

# executorch's three import points, each a fake module; {lower} and {runtime} are bodies.
FAKE_EXECUTORCH = {
    "executorch/__init__.py": "",
    "executorch/backends/__init__.py": "",
    "executorch/backends/xnnpack/__init__.py": "",
    "executorch/backends/xnnpack/partition/__init__.py": "",
    "executorch/backends/xnnpack/partition/xnnpack_partitioner.py": "class XnnpackPartitioner:\n"
    "    pass\n",
    "executorch/exir/__init__.py": "{lower}",
    "executorch/runtime/__init__.py": "{runtime}",
}
LOWER_OK = (
    "class _P:\n    buffer = b'fake program'\n"
    "class _E:\n    def to_executorch(self):\n        return _P()\n"
    "def to_edge_transform_and_lower(ep, partitioner=None):\n    return _E()\n"
)
LOWER_RAISES = (
    "def to_edge_transform_and_lower(ep, partitioner=None):\n"
    "    raise RuntimeError('Operator aten.fake_unsupported_op.default is not supported by the "
    "XNNPACK delegate\\nsecond line of the converter trace')\n"
)
RUNTIME_HANGS = (
    "import os, time\n"
    "class Runtime:\n    @staticmethod\n    def get():\n        return Runtime()\n"
    "    def load_program(self, path):\n"
    "        with open(os.environ['FA_TEST_PIDFILE'], 'w') as fh:\n"
    "            fh.write(str(os.getpid()))\n"
    "        time.sleep(300)\n"
)
RUNTIME_ABORTS = (
    "import os\nclass Runtime:\n    @staticmethod\n    def get():\n        os.abort()\n"
)


def _fake(root: Path, lower: str, runtime: str) -> None:
    for rel, body in FAKE_EXECUTORCH.items():
        f = root / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(body.format(lower=lower, runtime=runtime), encoding="utf-8")


def _run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, timeout_s: float) -> list[DeploymentPath]:
    monkeypatch.setenv("PYTHONPATH", str(tmp_path / "fakes"))
    one = DeploySettings(timeout_s=timeout_s, models=("cnn",), rounds=3, only=("pt_executorch",))
    return run_deploy(["mobile"], one).entries


def test_missing_converter_is_not_installed_with_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pkg = tmp_path / "fakes" / "executorch"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'executorch'\", name='executorch')\n",
        encoding="utf-8",
    )
    [entry] = _run(tmp_path, monkeypatch, 60.0)
    assert entry.status == "not_installed"
    assert entry.error == "executorch is not installed"
    assert entry.install == "pip install executorch"
    assert entry.versions.get("torch") and entry.latency is None and entry.commands == []
    assert entry.target == "mobile" and entry.targets == ["mobile"]


def test_converter_raising_names_the_op_and_its_first_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake(tmp_path / "fakes", LOWER_RAISES, RUNTIME_HANGS)
    [entry] = _run(tmp_path, monkeypatch, 60.0)
    assert entry.status == "failed" and entry.stage == "convert"
    assert entry.error == (
        "RuntimeError: Operator aten.fake_unsupported_op.default is not supported by the "
        "XNNPACK delegate"
    )
    assert entry.failed_ops == ["aten.fake_unsupported_op.default"]
    assert entry.artefact_bytes is None and entry.commands == []


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as fh:
            return "\nState:\tZ" not in fh.read()
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc")
def test_hanging_runtime_is_killed_at_the_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pidfile = tmp_path / "runtime.pid"
    monkeypatch.setenv("FA_TEST_PIDFILE", str(pidfile))
    _fake(tmp_path / "fakes", LOWER_OK, RUNTIME_HANGS)
    start = time.monotonic()
    [entry] = _run(tmp_path, monkeypatch, 25.0)
    assert time.monotonic() - start < 45
    assert entry.status == "timeout", entry.error
    assert entry.error and "no result within 25 s during cnn" in entry.error
    assert "killed" in entry.error
    pid = int(pidfile.read_text(encoding="utf-8"))
    assert not _alive(pid), "the hanging runtime outlived its timeout"
    assert pid != os.getpid()


def test_aborting_runtime_is_a_crash_of_that_path_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake(tmp_path / "fakes", LOWER_OK, RUNTIME_ABORTS)
    [entry] = _run(tmp_path, monkeypatch, 60.0)
    assert entry.status == "crashed"
    assert entry.error and "SIGABRT" in entry.error and "during cnn" in entry.error


def test_cancel_stops_a_running_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    monkeypatch.setenv("FA_TEST_PIDFILE", str(tmp_path / "runtime.pid"))
    monkeypatch.setenv("PYTHONPATH", str(tmp_path / "fakes"))
    _fake(tmp_path / "fakes", LOWER_OK, RUNTIME_HANGS)
    cancel = threading.Event()
    threading.Timer(2.0, cancel.set).start()
    start = time.monotonic()
    settings = DeploySettings(
        timeout_s=120.0, models=("cnn",), rounds=3, only=("pt_executorch", "pt_onnx"), parallel=1
    )
    run = run_deploy(["mobile", "server"], settings, cancel=cancel)
    assert time.monotonic() - start < 20
    [entry] = run.entries  # the second path never started
    assert entry.path == "pt_executorch" and entry.status == "error"
    assert entry.error and "cancel" in entry.error
