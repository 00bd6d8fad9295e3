"""Real torch and TensorFlow in long-lived worker subprocesses (tiny sizes), end to end."""

from __future__ import annotations

import pytest

from probes.api import run_probes
from probes.progress import ProgressEvent
from probes.report_io import dump_report, parse_report

pytestmark = pytest.mark.frameworks

MODELS = {"cnn_train_eager", "cnn_infer_b1_eager", "cnn_infer_b32_eager"}
MODELS |= {"transformer_train_eager", "embedding_train_eager"}


def test_quick_tier_tiny_both_frameworks_paired() -> None:
    events: list[ProgressEvent] = []
    report = run_probes("quick", on_progress=events.append, tiny=True, timeout_s=120.0)
    for fw in ("pytorch", "tensorflow"):
        probe = report.frameworks[fw]
        assert probe.status == "ok", probe.reason
        assert probe.version and probe.import_time_s and probe.import_rss_mb
        assert probe.build.get("tf32") is False
        assert probe.benchmark_errors == []
    by_fw = {b.framework for b in report.benchmarks}
    assert by_fw == {"numpy", "pytorch", "tensorflow"}
    for fw in ("pytorch", "tensorflow"):
        mine = {b.workload: b for b in report.benchmarks if b.framework == fw}
        assert {"matmul_128", "conv2d", "mlp_train_eager", "dispatch_overhead"} <= set(mine)
        assert set(mine) >= MODELS
        for name in MODELS:
            b = mine[name]
            assert b.kind == "model" and b.unit in ("images/s", "tokens/s")
            assert b.items_per_s and b.items_per_s > 0
        assert mine["matmul_128"].kind == "kernel" and mine["matmul_128"].gflops
    # equal thread settings for every framework, never one-thread torch vs all-thread TF
    threads = {b.threads for b in report.benchmarks if b.device == "cpu"}
    assert len(threads) == 1 and None not in threads
    assert report.bench_settings and report.bench_settings.method == "paired"
    pair = [c for c in report.comparisons if {c.a, c.b} == {"pytorch", "tensorflow"}]
    assert {c.workload for c in pair} >= {"matmul_128", "conv2d", "mlp_train_eager"} | MODELS
    for c in pair:
        assert c.method == "paired" and c.ratio > 0
        assert c.ci_low is not None and c.ci_high is not None
        assert c.ci_low <= c.ratio <= c.ci_high
        assert c.pairs_used is not None and c.pairs_run is not None
        assert 1 <= c.pairs_used <= c.pairs_run
        if c.verdict == "faster":
            assert not c.unreliable and c.pairs_used >= 3
    conv = next(c for c in pair if c.workload == "conv2d")
    assert {conv.a_variant, conv.b_variant} == {"channels_last", "nhwc"}
    # either every comparison could be judged, or the report says to re-run, prominently
    if any(c.unreliable for c in report.comparisons):
        assert report.host_busy and report.rerun_advice and "idle machine" in report.rerun_advice
    else:
        assert report.host_busy is False and report.rerun_advice is None
    assert events[-1].done == events[-1].total and any("conv2d" in e.step for e in events)
    assert parse_report(dump_report(report), "r.json") == report
