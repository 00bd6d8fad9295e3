"""Measured beats claimed: probe comparisons replace the general rating, conservatively."""

from __future__ import annotations

import pytest
from rec_kbfactory import NOW, make_kb, probe, today

from kb.schema import KnowledgeBase
from probes.report import Comparison
from recommender import recommend
from recommender.evidence import MAX_SHIFT, POINTS_PER_DOUBLING, build_values, log_speeds
from recommender.models import Profile

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


def comp(ratio: float, verdict: str = "faster", workload: str = "matmul") -> dict:
    faster = None if verdict == "tie" else ("pytorch" if ratio >= 1 else "tensorflow")
    return {
        "workload": workload,
        "a": "pytorch",
        "b": "tensorflow",
        "ratio": ratio,
        "verdict": verdict,
        "faster": faster,
    }


def speed(vm, fw: str) -> float:
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
