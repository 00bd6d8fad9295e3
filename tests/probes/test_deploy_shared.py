"""What the deployment tables and the deployment workers share: one row per entry for both tables
(probes/deploy/rows.py) and the stages of a worker (probes/workers/deploy_common.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from app_pages.common.deploy_table import deployment_rows
from probes.deploy.markdown import deployment_markdown
from probes.deploy.rows import deploy_row, kib, ms
from probes.report import DeployLatency, DeploymentPath
from probes.report_io import parse_report
from probes.workers.deploy_common import (
    Eager,
    Outcome,
    StageFailed,
    converting,
    run_and_time,
    stage,
)
from tests.probes.conftest import FIXTURES

REPORT = FIXTURES / "reports" / "deploy_2vcpu_cpu.json"


def test_sizes_latencies_and_notes() -> None:
    assert kib(1075) == 1.0 and kib(1076) == 1.1 and kib(0) is None and kib(None) is None
    assert ms(None) is None
    assert ms(DeployLatency(median_s=0.00125)) == "1.250"
    lat = DeployLatency(median_s=0.002, ci_low_s=0.0015, ci_high_s=0.0031, samples=15)
    assert ms(lat) == "2.000 (1.500–3.100)"
    base = {"framework": "pytorch", "path": "pt_x", "target": "edge"}
    missing = DeploymentPath(**base, status="not_installed", install="pip install x", error="e")
    assert deploy_row(missing).note == "pip install x"
    ops = DeploymentPath(**base, status="failed", failed_ops=["A", "B"], error="boom")
    assert deploy_row(ops).note == "A, B: boom"
    assert deploy_row(DeploymentPath(**base, status="failed")).note == ""
    row = deploy_row(DeploymentPath(**base, status="works", max_abs_diff=2.4e-7))
    assert (row.path, row.max_abs_diff, row.size_kib, row.latency_ms) == (
        "pt_x",
        "2.4e-07",
        None,
        None,
    )


def test_the_markdown_report_and_the_app_show_the_same_cells() -> None:
    """Every entry of a recorded run: the Markdown row and the app row carry the same values,
    the Markdown one with an em dash where the app leaves the cell empty."""
    report = parse_report(REPORT.read_bytes(), REPORT.name)
    assert report.deployment_paths
    md_rows = [ln for ln in deployment_markdown(report, "en") if ln.startswith("| ")][1:]
    app = {
        (r["Path"], r["Model"]): r
        for t in ("mobile", "browser", "edge", "mcu", "server")
        for r in deployment_rows(report, "en", t)
    }
    assert len(md_rows) == len(report.deployment_paths) == len(app)
    for line, e in zip(md_rows, report.deployment_paths, strict=True):
        cells = [c.strip() for c in line.strip("|").split(" | ")]
        shown = app[(e.label or e.path, e.model)]
        assert cells[0] == shown["Path"] and cells[1] == shown["Model"]
        for md_cell, app_cell in zip(cells[4:9], list(shown.values())[3:8], strict=True):
            if app_cell in (None, ""):
                assert md_cell == "—"
            else:
                assert md_cell == (f"{app_cell:.1f}" if isinstance(app_cell, float) else app_cell)


def test_a_stage_names_where_a_path_failed(tmp_path: Path) -> None:
    out = Outcome("cnn")
    target = tmp_path / "model.bin"
    with pytest.raises(StageFailed) as failed, converting(out, target), stage("export"):
        raise RuntimeError("Operator aten.fake_op.default is not supported")
    assert failed.value.stage == "export" and isinstance(failed.value.exc, RuntimeError)
    assert out.convert_s is None and out.artefact_bytes is None
    with pytest.raises(StageFailed) as failed, converting(out, target):
        target.write_bytes(b"12345")
        raise ValueError("converter gave up")
    assert failed.value.stage == "convert" and out.convert_s is None
    with converting(out, target):
        target.write_bytes(b"1234567")
    assert out.artefact_bytes == 7 and out.convert_s is not None and out.convert_s >= 0
    assert out.status == "failed"  # converted, not yet run


def test_run_and_time_loads_compares_and_times(tmp_path: Path) -> None:
    y = np.arange(6, dtype=np.float32).reshape(1, 6)
    eager = Eager(net=None, call=lambda: y + 0, y=y, x=np.zeros((1, 3), np.float32))

    def broken_load() -> object:
        raise OSError("cannot open model.pte")

    out = Outcome("cnn")
    with pytest.raises(StageFailed) as failed:
        run_and_time(out, broken_load, eager, rounds=5)  # type: ignore[arg-type]
    assert failed.value.stage == "load"
    with pytest.raises(StageFailed) as failed:
        run_and_time(out, lambda: lambda: np.zeros(5), eager, rounds=5)
    assert failed.value.stage == "run" and "shapes differ" in str(failed.value.exc)
    assert out.status == "failed"
    run_and_time(out, lambda: lambda: [y + 1e-3], eager, rounds=5, output=lambda got: got[0])
    assert out.status == "works"
    assert out.max_abs_diff == pytest.approx(1e-3, rel=1e-3)
    assert out.latency is not None and out.eager_latency is not None
    assert out.latency.samples >= 5 and out.eager_latency.samples == out.latency.samples
