"""Paired comparison statistics: ratios, bootstrap interval, tie band, disturbed rounds.

Property tests (hypothesis) for the pure functions in probes/pairing.py and for the choice of
which slots are compared (probes/interleave.py).
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from probes.interleave import Slot, designated_pairs
from probes.pairing import (
    MIN_PAIRS,
    TIE_BAND,
    bootstrap_ci,
    disturbed,
    judge,
    pair_ratios,
    utilisation_drops,
)

ratios_st = st.lists(st.floats(0.05, 20.0, allow_nan=False), min_size=1, max_size=12)


def test_pair_ratios_are_b_over_a_and_skip_broken_pairs() -> None:
    assert pair_ratios([1.0, 2.0, 0.0, 1.0], [2.0, 2.0, 1.0, math.inf]) == [2.0, 1.0]


@given(ratios_st)
@settings(max_examples=60, deadline=None)
def test_ci_brackets_the_median_within_the_data_and_is_deterministic(values: list[float]) -> None:
    lo, hi = bootstrap_ci(values)
    j = judge(values)
    assert min(values) - 1e-9 <= lo <= j.ratio * (1 + 1e-9)
    assert j.ratio <= hi * (1 + 1e-9) and hi <= max(values) + 1e-9
    assert bootstrap_ci(values) == (lo, hi)  # fixed seed: a rerun on the same data agrees


@given(ratios_st)
@settings(max_examples=60, deadline=None)
def test_swapping_sides_mirrors_the_verdict(values: list[float]) -> None:
    """a/b and b/a are the same measurement: the interval and the winner mirror exactly."""
    j, k = judge(values), judge([1 / v for v in values])
    assert math.isclose(j.ratio * k.ratio, 1.0, rel_tol=1e-9)
    assert math.isclose(j.ci_low * k.ci_high, 1.0, rel_tol=1e-9)
    assert j.verdict == k.verdict
    assert {j.side, k.side} in ({None}, {"a", "b"})


@given(ratios_st)
@settings(max_examples=60, deadline=None)
def test_faster_only_when_the_interval_clears_the_tie_band(values: list[float]) -> None:
    j = judge(values)
    if j.verdict == "faster":
        assert len(values) >= MIN_PAIRS
        assert j.ci_low > 1 + TIE_BAND or j.ci_high < 1 / (1 + TIE_BAND)
    else:
        assert j.side is None
        outside = j.ci_low > 1 + TIE_BAND or j.ci_high < 1 / (1 + TIE_BAND)
        assert len(values) < MIN_PAIRS or not outside


@given(st.lists(st.floats(1 / (1 + TIE_BAND) + 1e-6, 1 + TIE_BAND - 1e-6), min_size=1))
@settings(max_examples=40, deadline=None)
def test_ratios_inside_the_band_are_always_a_tie(values: list[float]) -> None:
    assert judge(values).verdict == "tie"


@given(st.floats(1.2, 10.0), st.integers(MIN_PAIRS, 12))
@settings(max_examples=40, deadline=None)
def test_consistent_pairs_beyond_the_band_name_a_winner(ratio: float, n: int) -> None:
    values = [ratio * (1 + 0.01 * ((i % 3) - 1)) for i in range(n)]
    j = judge(values)
    assert j.verdict == "faster" and j.side == "a" and j.pairs == n


def test_two_pairs_are_never_enough_and_an_outlier_pair_does_not_decide() -> None:
    assert judge([3.0, 3.1]).verdict == "tie"
    # four pairs say "tie", one disturbed pair says 5x: the median and its interval hold
    j = judge([1.01, 0.98, 1.03, 0.99, 5.0])
    assert j.verdict == "tie" and 0.97 < j.ratio < 1.04
    with pytest.raises(ValueError):
        judge([])


def test_disturbed_rounds() -> None:
    assert not disturbed(0.02, 0.0, 2, 2, False)
    assert disturbed(0.15, 0.0, 2, 2, False)  # 1.7 free cores for 2 threads
    assert not disturbed(0.4, 0.0, 2, 1, False)  # one thread still has its core
    assert disturbed(0.1, 0.5, 2, 1, False)  # hypervisor steal counts as taken
    assert disturbed(None, None, 2, 1, True)  # the worker's own CPU time dropped
    assert not disturbed(None, None, 2, 1, False)  # unknown load: judged by utilisation only


def test_utilisation_drop_is_relative_to_the_slot() -> None:
    assert utilisation_drops([1.9, 1.95, 1.2, 1.9]) == [False, False, True, False]
    assert utilisation_drops([0.9, 0.3]) == [False, False]  # too few blocks to judge


def _slot(fw: str, variant: str, dtype: str = "float32") -> Slot:
    return Slot(fw, variant, {"dtype": dtype}, info={"device": "cpu"})


def test_designated_pairs_same_variant_first_then_primary() -> None:
    conv = [
        _slot("pytorch", "channels_last"),
        _slot("pytorch", "nchw"),
        _slot("tensorflow", "nhwc"),
    ]
    ((a, b, name),) = designated_pairs(conv, "conv2d")
    assert (a.variant, b.variant, name) == ("channels_last", "nhwc", "conv2d")
    gpu = [
        _slot(fw, v, d)
        for fw in ("pytorch", "tensorflow")
        for v, d in (("eager", "float32"), ("bf16", "bfloat16"), ("tf32", "tf32"))
    ]
    names = sorted(n for _, _, n in designated_pairs(gpu, "matmul_8192"))
    assert names == ["matmul_8192", "matmul_8192_bf16", "matmul_8192_tf32"]
    mm = [
        _slot("numpy", "blas"),
        _slot("pytorch", "eager"),
        _slot("tensorflow", "eager"),
        _slot("tensorflow", "xla"),
    ]
    pairs = {
        (a.framework, a.variant, b.framework, b.variant) for a, b, _ in designated_pairs(mm, "m")
    }
    assert pairs == {
        ("pytorch", "eager", "tensorflow", "eager"),
        ("pytorch", "eager", "numpy", "blas"),
        ("tensorflow", "eager", "numpy", "blas"),
    }
    gpu_torch = Slot("pytorch", "eager", {}, info={"device": "cuda"})
    assert designated_pairs([gpu_torch, _slot("numpy", "blas")], "matmul_2048") == []
    failed = Slot("tensorflow", "nhwc", {}, info=None)  # prepare failed: nothing to compare
    assert designated_pairs([_slot("pytorch", "channels_last"), failed], "conv2d") == []


def test_round_load_subtracts_our_workers_and_states_tick_uncertainty() -> None:
    from probes.noise import CpuSample, round_share, tick_s

    before = CpuSample(busy_s=100.0, steal_s=1.0, ours_s=5.0, wall=0.0)
    # 0.2 s round on 2 CPUs: 0.30 s busy in all, 0.02 s of it the coordinator, 0.18 s our worker
    after = CpuSample(busy_s=100.30, steal_s=1.0, ours_s=5.02, wall=0.2)
    share = round_share(before, after, 2, 0.18)
    assert share is not None
    others, steal, uncertainty = share
    assert math.isclose(others, 0.10 / 0.4) and steal == 0.0
    assert math.isclose(uncertainty, 2 * 2 * tick_s() / 0.4)
    assert round_share(before, CpuSample(100.0, 1.0, 5.0, 0.01), 2, 0.0) is None  # too short


def test_a_starved_block_is_judged_by_its_own_cpu_share() -> None:
    """A steady load starves every block alike; its own CPU per wall second still shows it."""
    from probes.pairing import starved

    assert starved(0.4, 1) and starved(0.67, 2)  # 4 busy loops on 2 cores: 2/5, 2 x 2/6
    assert not starved(0.97, 1) and not starved(1.1, 2) and not starved(1.9, 4)
    assert not starved(0.0, 1)  # no reading is not evidence of starvation
