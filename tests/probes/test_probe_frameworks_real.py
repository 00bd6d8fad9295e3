"""Real torch and TensorFlow in worker subprocesses (tiny sizes), end to end through the API."""

from __future__ import annotations

import pytest

from probes.api import run_probes
from probes.progress import ProgressEvent
from probes.report_io import dump_report, parse_report

pytestmark = pytest.mark.frameworks


def test_quick_tier_tiny_both_frameworks() -> None:
    events: list[ProgressEvent] = []
    report = run_probes("quick", on_progress=events.append, tiny=True, timeout_s=120.0)
    for fw in ("pytorch", "tensorflow"):
        probe = report.frameworks[fw]
        assert probe.status == "ok", probe.reason
        assert probe.version and probe.import_time_s and probe.import_rss_mb
        assert probe.build.get("tf32") is False
        assert any(d.kind == "cpu" for d in probe.devices)
    by_fw = {b.framework for b in report.benchmarks}
    assert by_fw == {"numpy", "pytorch", "tensorflow"}
    workloads = {b.workload for b in report.benchmarks if b.framework == "tensorflow"}
    expected = {"matmul_64", "matmul_128", "conv2d", "mlp_train_eager", "mlp_train_compiled"}
    assert expected <= workloads
    threads = {b.threads for b in report.benchmarks if b.device == "cpu"}
    assert len(threads) == 1 and None not in threads  # equal thread counts for everyone
    pair = [c for c in report.comparisons if {c.a, c.b} == {"pytorch", "tensorflow"}]
    assert {c.workload for c in pair} >= {"matmul_128", "conv2d", "mlp_train_eager"}
    for c in pair:
        assert c.verdict in ("faster", "tie") and c.ratio > 0
    # conv2d: each framework in its own best layout, and the comparison takes the faster one
    torch_conv = {
        b.variant: b.median_s
        for b in report.benchmarks
        if b.framework == "pytorch" and b.workload == "conv2d"
    }
    assert set(torch_conv) == {"nchw", "channels_last"}
    conv = next(c for c in pair if c.workload == "conv2d")
    torch_side = conv.a_variant if conv.a == "pytorch" else conv.b_variant
    assert torch_side == min(torch_conv, key=lambda v: torch_conv[v])
    assert report.bench_settings and report.bench_settings.rounds == 1
    assert events[-1].done == events[-1].total and any("conv2d" in e.step for e in events)
    assert parse_report(dump_report(report), "r.json") == report
