"""Real torch and TensorFlow in long-lived worker subprocesses (tiny sizes), end to end."""

from __future__ import annotations

import pytest

from probes.api import run_probes
from probes.progress import ProgressEvent
from probes.report_io import dump_report, parse_report
from probes.tiers import QUICK_DROPPED

pytestmark = pytest.mark.frameworks

# The quick tier's model-level groups (probes/tiers.py, docs/benchmarks.md §2.1)
MODELS = {"cnn_train_eager", "cnn_infer_b1_eager", "transformer_train_eager"}
MODELS |= {"embedding_train_eager"}
# ... and its kernels at tiny sizes (the GEMM is 128² there); nothing else is measured
QUICK = {"matmul_128", "dispatch_overhead"} | MODELS


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
        assert set(mine) == QUICK  # exactly the tier's table: dropped groups are not run
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
    assert {c.workload for c in pair} == QUICK
    assert not {b.workload for b in report.benchmarks} & set(QUICK_DROPPED)  # numpy's too
    for c in pair:
        assert c.method == "paired" and c.ratio > 0
        assert c.ci_low is not None and c.ci_high is not None
        assert c.ci_low <= c.ratio <= c.ci_high
        assert c.pairs_used is not None and c.pairs_run is not None
        assert 1 <= c.pairs_used <= c.pairs_run
        if c.verdict == "faster":
            assert not c.unreliable and c.pairs_used >= 3
    # either every comparison could be judged, or the report says to re-run, prominently
    if any(c.unreliable for c in report.comparisons):
        assert report.host_busy and report.rerun_advice and "idle machine" in report.rerun_advice
    else:
        assert report.host_busy is False and report.rerun_advice is None
    assert events[-1].done == events[-1].total
    # one progress step per measured group, none for a dropped one
    assert any("cnn_train_eager" in e.step for e in events)
    assert not any(name in e.step for e in events for name in QUICK_DROPPED)
    assert parse_report(dump_report(report), "r.json") == report
