"""Measured beats claimed: probe comparisons replace the general rating, conservatively."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

import kb
from kb.schema import KnowledgeBase
from probes.report import Comparison, ProbeReport
from recommender import recommend
from recommender.comparisons import comparison_status
from recommender.evidence import (
    MAX_SHIFT,
    MODEL_WEIGHT,
    POINTS_PER_DOUBLING,
    ValueMatrix,
    build_values,
    comparison_kind,
    log_speeds,
    sure_ratio,
)
from recommender.models import Profile
from recommender.probe_summary import probe_summary
from tests.recommender.rec_kbfactory import NOW, make_kb, probe, today

SKEWED = {
    "pytorch": {
        "speed": (5, 6, 7),
        "mobile": (5, 5, 5),
        "ecosystem": (5, 5, 5),
        "learning": (5, 5, 5),
    },
    "tensorflow": {
        "speed": (7, 8, 9),
        "mobile": (5, 5, 5),
        "ecosystem": (5, 5, 5),
        "learning": (5, 5, 5),
    },
}


def comp(ratio: float, verdict: str = "faster", workload: str = "matmul") -> dict[str, Any]:
    faster = None if verdict == "tie" else ("pytorch" if ratio >= 1 else "tensorflow")
    return {
        "workload": workload,
        "a": "pytorch",
        "b": "tensorflow",
        "ratio": ratio,
        "verdict": verdict,
        "faster": faster,
    }


def speed(vm: ValueMatrix, fw: str) -> float:
    return float(vm.mode[vm.frameworks.index(fw), vm.criteria.index("speed")])


def test_without_probe_ratings_are_the_kb_ones(small_kb: KnowledgeBase) -> None:
    vm = build_values(small_kb, None, today())
    assert speed(vm, "pytorch") == 7 and not vm.measured.any()


def test_measured_tie_stays_a_tie() -> None:
    kb = make_kb(SKEWED)
    vm = build_values(kb, probe(comparisons=[comp(1.02, "tie")]), today())
    assert speed(vm, "pytorch") == speed(vm, "tensorflow") == pytest.approx(7.0)
    j = vm.criteria.index("speed")
    assert vm.measured[:, j].all()
    assert "replaces the general rating 6.0" in vm.notes[(0, j)][0]
    assert vm.evidence[(0, j)][0].source == "probe"


def test_twice_as_fast_opens_a_k_point_gap() -> None:
    kb = make_kb(SKEWED)
    vm = build_values(kb, probe(comparisons=[comp(2.0)]), today())
    assert speed(vm, "pytorch") - speed(vm, "tensorflow") == pytest.approx(POINTS_PER_DOUBLING)
    assert speed(vm, "pytorch") == pytest.approx(7.0 + POINTS_PER_DOUBLING / 2)


def test_ratio_below_one_favours_b_and_shift_is_capped() -> None:
    kb = make_kb(SKEWED)
    vm = build_values(kb, probe(comparisons=[comp(1 / 1000)]), today())
    assert speed(vm, "tensorflow") == pytest.approx(7.0 + MAX_SHIFT)
    assert speed(vm, "pytorch") == pytest.approx(7.0 - MAX_SHIFT)


def test_only_criteria_measured_by_the_workload_change() -> None:
    kb = make_kb(SKEWED)
    vm = build_values(kb, probe(comparisons=[comp(2.0, workload="unrelated")]), today())
    assert not vm.measured.any()


def test_unstable_benchmark_is_not_used_and_says_so() -> None:
    kb = make_kb(SKEWED)
    bench = [
        {
            "workload": "matmul",
            "framework": "pytorch",
            "median_s": 0.1,
            "iqr_s": 0.1,
            "samples": 5,
            "unstable": True,
        }
    ]
    vm = build_values(kb, probe(comparisons=[comp(2.0)], benchmarks=bench), today())
    assert not vm.measured.any()
    assert "unstable" in vm.warnings[0][0]


def test_report_table_and_scores_judge_a_comparison_by_one_rule() -> None:
    """The scores drop a comparison resting on an unstable row; the report's benchmark table
    (probe_summary) must then say "not compared", never "pytorch faster"."""
    kb = make_kb(SKEWED)
    row = {"workload": "matmul", "median_s": 0.1, "iqr_s": 0.01, "samples": 5}
    steady = [{**row, "framework": "pytorch"}, {**row, "framework": "tensorflow"}]
    shaky = [{**steady[0], "unstable": True}, steady[1]]
    for bench, used in ((steady, True), (shaky, False)):
        p = probe(comparisons=[comp(2.0)], benchmarks=bench)
        vm = build_values(kb, p, today())
        (shown,) = [r for r in probe_summary(p, ["pytorch", "tensorflow"]).benchmarks if "a" in r]
        assert bool(vm.measured.any()) is used
        assert shown["verdict"] == ("faster" if used else "unreliable")
        assert shown["faster"] == ("pytorch" if used else None)
        assert comparison_status(p, p.comparisons[0], vm.frameworks) == (
            "judged" if used else "unstable"
        )


def test_log_speeds_least_squares_for_three() -> None:
    comps = [
        Comparison(workload="w", a="a", b="b", ratio=2.0, verdict="faster", faster="a"),
        Comparison(workload="w", a="b", b="c", ratio=2.0, verdict="faster", faster="b"),
    ]
    s = log_speeds(comps, ["a", "b", "c"])
    assert s["a"] - s["b"] == pytest.approx(1.0)
    assert s["b"] - s["c"] == pytest.approx(1.0)
    assert sum(s.values()) == pytest.approx(0.0)


def test_measurement_flips_a_speed_driven_decision() -> None:
    kb = make_kb(SKEWED)
    profile = Profile(answers={"priorities": ["training_speed"]})
    general = recommend(kb, profile, draws=500, now=NOW)
    measured = recommend(kb, profile, probe(comparisons=[comp(3.0)]), draws=500, now=NOW)
    assert general.leader == "tensorflow"
    assert measured.leader == "pytorch"
    speed_row = next(c for c in measured.contributions if c.criterion == "speed")
    assert all(v.measured and v.note for v in speed_row.values)


def test_accelerator_comparisons_win_over_cpu_ones() -> None:
    kb = make_kb(SKEWED)
    comps = [
        {**comp(1 / 3), "device": "cpu"},  # TensorFlow faster on the host CPU
        {**comp(2.0), "device": "cuda"},  # PyTorch faster on the GPU
    ]
    vm = build_values(kb, probe(comparisons=comps), today())
    assert speed(vm, "pytorch") > speed(vm, "tensorflow")
    j = vm.criteria.index("speed")
    assert "on cuda" in vm.notes[(0, j)][0] and "cpu" not in vm.notes[(0, j)][0]


def test_real_kb_workloads_feed_performance_criteria(real_kb: KnowledgeBase) -> None:
    comps = [comp(1.0, "tie", workload="matmul_1024"), comp(1.0, "tie", workload="conv2d")]
    vm = build_values(real_kb, probe(comparisons=comps), today())
    for cid in ("training_performance", "inference_performance"):
        j = vm.criteria.index(cid)
        assert vm.measured[:, j].all(), cid
        assert vm.mode[0, j] == pytest.approx(vm.mode[1, j])


def test_cpu_measurements_do_not_rate_a_framework_blind_to_the_gpu() -> None:
    """Issue 11: a TF build that cannot see the GPU is a setup task, not a slower framework."""
    kb = make_kb(SKEWED)
    frameworks = {
        "pytorch": {"status": "ok", "version": "2.13.0", "sees_accelerators": True},
        "tensorflow": {"status": "ok", "version": "2.21.0", "sees_accelerators": False},
    }
    blind = probe(comparisons=[comp(3.0)], vendors=["nvidia"], frameworks=frameworks)
    vm = build_values(kb, blind, today())
    assert not vm.measured.any()
    assert any("cannot see this machine's accelerator" in en for en, _ in vm.warnings)
    # the same comparison on a machine without an accelerator is used as before
    frameworks["tensorflow"]["sees_accelerators"] = None
    vm = build_values(kb, probe(comparisons=[comp(3.0)], frameworks=frameworks), today())
    assert vm.measured.any()


# --- issue 12's paired, model-level results -----------------------------------------------------

REPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "probes" / "reports"


def test_paired_interval_counts_its_end_nearest_a_tie() -> None:
    """2× median with a 1.5–2.6× interval counts as 1.5×; an interval across 1 counts as a tie."""
    kb = make_kb(SKEWED)
    sure = {**comp(2.0), "ci_low": 1.5, "ci_high": 2.6, "method": "paired"}
    vm = build_values(kb, probe(comparisons=[sure]), today())
    gap = speed(vm, "pytorch") - speed(vm, "tensorflow")
    assert gap == pytest.approx(POINTS_PER_DOUBLING * math.log2(1.5))
    # TF faster: ratio < 1, the interval end nearest a tie is ci_high
    tf = {**comp(0.5), "ci_low": 0.4, "ci_high": 0.8, "method": "paired"}
    vm = build_values(kb, probe(comparisons=[tf]), today())
    gap = speed(vm, "tensorflow") - speed(vm, "pytorch")
    assert gap == pytest.approx(POINTS_PER_DOUBLING * math.log2(1 / 0.8))
    straddle = Comparison.model_validate({**comp(2.0), "ci_low": 0.9, "ci_high": 3.0})
    assert sure_ratio(straddle) == 1.0


def _bench(workload: str, kind: str) -> list[dict[str, Any]]:
    return [
        {
            "workload": workload,
            "framework": fw,
            "median_s": 0.1,
            "iqr_s": 0.01,
            "samples": 5,
            "kind": kind,
            "items_per_s": 320.0,
            "unit": "images/s",
        }
        for fw in ("pytorch", "tensorflow")
    ]


def test_a_model_step_outweighs_a_kernel_in_proportion() -> None:
    """A kernel says TF 2× faster, a model step PyTorch 2× faster: the model step decides."""
    kb = make_kb(SKEWED)
    comps = [comp(0.5, workload="matmul"), comp(2.0, workload="conv")]
    both_kernels = build_values(kb, probe(comparisons=comps), today())
    assert speed(both_kernels, "pytorch") == pytest.approx(speed(both_kernels, "tensorflow"))
    benches = _bench("matmul", "kernel") + _bench("conv", "model")
    vm = build_values(kb, probe(comparisons=comps, benchmarks=benches), today())
    gap = speed(vm, "pytorch") - speed(vm, "tensorflow")
    expected = POINTS_PER_DOUBLING * (MODEL_WEIGHT - 1) / (MODEL_WEIGHT + 1)
    assert gap == pytest.approx(expected)
    assert comparison_kind(probe(comparisons=comps, benchmarks=benches), vm_comp("conv")) == "model"


def vm_comp(workload: str) -> Comparison:
    return Comparison.model_validate(comp(2.0, workload=workload))


def test_real_kb_model_workloads_are_machine_evidence(real_kb: KnowledgeBase) -> None:
    """The model-level ids the workers emit are in kb.yaml and feed the performance criteria."""
    by_criterion = {
        "training_performance": ["cnn_train_eager", "transformer_train_eager"],
        "inference_performance": ["cnn_infer_b1_eager", "cnn_infer_b32_eager"],
        "compilers": ["cnn_train_compiled", "transformer_train_compiled"],
    }
    for cid, workloads in by_criterion.items():
        assert set(workloads) <= set(real_kb.meta.workloads)
        assert set(workloads) <= set(real_kb.criteria[cid].measured_by), cid
    comps = [comp(2.0, workload="cnn_train_eager")]
    vm = build_values(real_kb, probe(comparisons=comps), today())
    j = vm.criteria.index("training_performance")
    assert vm.measured[:, j].all() and vm.mode[0, j] > vm.mode[1, j]


def test_busy_host_drops_machine_evidence_and_says_rerun() -> None:
    """The recorded busy 2-vCPU report: every comparison unjudged, so no rating moves."""
    kb_real = kb.load()
    report = ProbeReport.model_validate_json(
        (REPORTS / "cpu_2vcpu_both_quick_paired_busy.json").read_text(encoding="utf-8")
    )
    assert report.host_busy and report.rerun_advice
    vm = build_values(kb_real, report, today())
    assert not vm.measured.any()
    en, zh = next(w for w in vm.warnings if "Machine evidence not used" in w[0])
    assert "idle machine" in en and "cnn_train_eager" in en and "空闲" in zh
    rec = recommend(kb_real, Profile(answers={"priorities": ["training_speed"]}), report, draws=200)
    assert any("Machine evidence not used" in w for w in rec.warnings)
    assert rec.probe is not None and rec.probe.host_busy is True
    assert rec.probe.rerun_advice == report.rerun_advice
    rows = [b for b in rec.probe.benchmarks if b.get("a") == "pytorch" and b.get("b")]
    cnn = next(b for b in rows if b["workload"] == "cnn_train_eager")
    low, ratio, high = cnn["ci_low"], cnn["ratio"], cnn["ci_high"]
    assert isinstance(low, float) and isinstance(ratio, float) and isinstance(high, float)
    assert low <= ratio <= high
    model_rows = [b for b in rec.probe.benchmarks if b.get("kind") == "model"]
    assert model_rows and all(b["unit"] in ("images/s", "tokens/s") for b in model_rows)
    assert all(isinstance(b["items_per_s"], float) for b in model_rows)
