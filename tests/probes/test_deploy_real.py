"""Real conversions: ``python -m probes --no-bench --deploy`` takes both reference models through
every deployment path on this Linux CPU machine (the ``deploy`` extra installed, as CI does).

One probe run serves every test here (about a minute on an idle 2-core machine). What cannot run
on Linux is asserted as what it is: Core ML is converted but not run, and TF.js is "not installed"
with its install command when tensorflowjs is absent (it does not install next to this
environment's pins: docs/deployment-paths.md).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from probes.report import DeploymentPath, ProbeReport
from probes.report_io import parse_report
from tests.probes.conftest import REPO

pytestmark = pytest.mark.frameworks
# The `deploy` extra (pyproject.toml): CI installs it, so these are failures, not skips.
DEPLOY_EXTRA = (
    "executorch",
    "coremltools",
    "onnx",
    "onnxscript",
    "onnxruntime",
    "tf2onnx",
    "ai_edge_litert",
    "litert_torch",
)


@pytest.fixture(scope="module")
def probe_tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The probe's own TMPDIR: its work folder lands here, apart from any other run's."""
    return tmp_path_factory.mktemp("probe-tmp")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory, probe_tmp: Path) -> ProbeReport:
    missing = [m for m in DEPLOY_EXTRA if importlib.util.find_spec(m) is None]
    assert not missing, f"install the deploy extra (pip install -e '.[deploy]'): {missing}"
    out = tmp_path_factory.mktemp("deploy") / "report.json"
    env = {**os.environ, "FA_PROBES_FRAMEWORKS": "none", "FA_DEPLOY_TIMEOUT": "300"}
    env["TMPDIR"] = str(probe_tmp)
    proc = subprocess.run(
        [sys.executable, "-m", "probes", "--no-bench", "--deploy", "--out", str(out), "--quiet"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return parse_report(out.read_bytes(), "report.json")


def _entry(report: ProbeReport, path: str, model: str) -> DeploymentPath:
    assert report.deployment_paths is not None
    [found] = [e for e in report.deployment_paths if e.path == path and e.model == model]
    return found


def test_every_path_and_model_is_reported(report: ProbeReport) -> None:
    assert report.schema_version == 2 and report.deployment_paths is not None
    got = {(e.path, e.model) for e in report.deployment_paths}
    paths = {"pt_executorch", "pt_litert", "pt_onnx", "pt_coreml"}
    paths |= {"tf_litert", "tf_savedmodel", "tf_onnx", "tf_tfjs"}
    assert got == {(p, m) for p in paths for m in ("cnn", "encoder")}


@pytest.mark.parametrize(
    "path", ["pt_executorch", "pt_litert", "pt_onnx", "tf_litert", "tf_savedmodel", "tf_onnx"]
)
@pytest.mark.parametrize("model", ["cnn", "encoder"])
def test_runnable_paths_work_and_agree_with_eager(
    report: ProbeReport, path: str, model: str
) -> None:
    e = _entry(report, path, model)
    if (path, model) == ("tf_onnx", "encoder"):
        # tf2onnx 1.17 writes TF's exact GELU as an ONNX Erfc node; ONNX Runtime 1.32 has none
        assert e.status == "failed" and e.stage == "load", e.error
        assert e.failed_ops == ["Erfc"] and e.error and "Erfc" in e.error
        assert e.artefact_bytes and e.commands == []
        return
    assert e.status == "works", e.error
    assert e.artefact_bytes and e.artefact_bytes > 1000
    assert e.max_abs_diff is not None and e.max_abs_diff < 1e-4
    for lat in (e.latency, e.eager_latency):
        assert lat is not None and lat.samples >= 5
        assert lat.ci_low_s is not None and lat.ci_high_s is not None
        assert 0 < lat.ci_low_s <= lat.median_s <= lat.ci_high_s < 1.0
    tool = {"pt_executorch": "executorch", "pt_onnx": "onnxruntime", "tf_litert": "ai-edge-litert"}
    tool |= {"pt_litert": "litert-torch"}
    assert e.versions.get(tool.get(path, "tensorflow-cpu"))
    assert e.commands and e.error is None and e.failed_ops == []


@pytest.mark.parametrize("model", ["cnn", "encoder"])
def test_int8_is_smaller_and_close(report: ProbeReport, model: str) -> None:
    e = _entry(report, "tf_litert", model)
    assert e.int8_bytes and e.artefact_bytes and e.int8_bytes < 0.75 * e.artefact_bytes
    assert e.int8_max_abs_diff is not None and 0 < e.int8_max_abs_diff < 0.5
    assert e.int8_latency is not None and e.int8_latency.median_s > 0


def test_core_ml_converts_but_is_not_run_off_macos(report: ProbeReport) -> None:
    for model in ("cnn", "encoder"):
        e = _entry(report, "pt_coreml", model)
        assert e.status == "converted_not_run", e.error
        assert e.artefact_bytes and e.latency is None and e.max_abs_diff is None
        assert e.error and "Apple" in e.error and e.commands


def test_tfjs_which_does_not_install_here_says_how(report: ProbeReport) -> None:
    e = _entry(report, "tf_tfjs", "cnn")
    if importlib.util.find_spec("tensorflowjs") is None:
        assert e.status == "not_installed" and e.error == "tensorflowjs is not installed"
        assert e.install and e.install.startswith("pip install tensorflowjs")
    else:
        assert e.status in ("works", "converted_not_run"), e.error


def test_both_frameworks_compute_the_same_reference_models(report: ProbeReport) -> None:
    diff = report.deploy_cross_framework_diff
    assert set(diff) == {"cnn", "encoder"}
    assert all(0 <= d < 1e-5 for d in diff.values())


def test_targets_come_from_the_path_table(report: ProbeReport) -> None:
    assert report.deployment_paths is not None
    for e in report.deployment_paths:
        assert e.target in e.targets and e.toolchains
    savedmodel = _entry(report, "tf_savedmodel", "cnn")
    assert savedmodel.targets == ["server"] and savedmodel.toolchains == ["tf_serving"]


def test_the_probe_leaves_nothing_in_the_temp_directory(
    report: ProbeReport, probe_tmp: Path
) -> None:
    """Its work folder goes, and so do the converters' own scratch files (coremltools'
    .mlpackage folders, AutoGraph modules, TorchInductor's cache), which it keeps inside it."""
    assert report.deployment_paths  # the probe ran with this TMPDIR
    assert sorted(p.name for p in probe_tmp.iterdir()) == []
