"""Settling a borderline comparison: more pairs while its interval straddles the tie band's edge.

Scripted sides (no worker process): side ``a`` always takes 1 ms, side ``b`` takes ``ratio`` ms in
each round, so the pair ratios are exactly the script's. The rounds are far too short for
/proc/stat to resolve, so they are judged by the ``host_load`` given (calm), whatever else runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from probes import interleave, pairing

PLAN = interleave.Plan(5, 8, 3, 5.0, 10.0, 10.0, 10.0, extra_rounds=6, settle_budget_s=5.0)


class Scripted(interleave.Slot):
    """A side whose block ``r`` takes ``times(r)`` milliseconds."""

    def __init__(self, framework: str, times: Callable[[int], float]) -> None:
        super().__init__(framework, "eager", {"workload": "w", "dtype": "float32"})
        self.times = times
        self.calls = 0

    def request(self, cmd: dict[str, Any], timeout_s: float) -> dict[str, Any] | None:
        if cmd["cmd"] == "prepare":
            return {"type": "prepared", "device": "cpu"}
        t = self.times(self.calls) / 1000.0
        self.calls += 1
        return {"type": "block", "times": [t, t, t], "cpu_s": 3 * t, "wall_s": 3 * t}


def _run(ratios: Callable[[int], float], plan: interleave.Plan = PLAN) -> interleave.GroupOutcome:
    slots: list[interleave.Slot] = [Scripted("a", lambda r: 1.0), Scripted("b", ratios)]
    bench = interleave.Bench(plan, 2, 1, pairs=(("a", "b"),))
    return interleave.run_group("w", slots, bench, host_load=(0.0, 0.0))


def test_a_clear_difference_stops_at_the_planned_pairs() -> None:
    out = _run(lambda r: 2.0)
    (comp,) = out.comparisons
    assert comp.verdict == "faster" and comp.faster == "a"
    assert comp.pairs_used == PLAN.rounds


def test_a_clear_tie_stops_at_the_planned_pairs() -> None:
    out = _run(lambda r: 1.0 + 0.01 * (r % 2))
    (comp,) = out.comparisons
    assert comp.verdict == "tie" and comp.pairs_used == PLAN.rounds


def test_a_ratio_on_the_band_edge_gets_more_pairs_until_it_is_settled() -> None:
    """Five pairs straddle 1.10 (an interval from 1.05 to 1.2); then the side is steadily
    14 % slower, and the added pairs settle it as "faster" before the cap."""
    first = [1.05, 1.2, 1.08, 1.18, 1.12]
    out = _run(lambda r: first[r] if r < len(first) else 1.14)
    (comp,) = out.comparisons
    assert pairing.undecided(first)
    assert PLAN.rounds < (comp.pairs_used or 0) < PLAN.rounds + PLAN.extra_rounds
    assert comp.verdict == "faster" and comp.faster == "a"


def test_a_ratio_that_never_settles_stops_at_the_cap() -> None:
    out = _run(lambda r: 1.0 if r % 2 else 1.25)
    (comp,) = out.comparisons
    assert comp.pairs_used == PLAN.rounds + PLAN.extra_rounds
    assert comp.verdict == "tie"


def test_without_extra_rounds_nothing_is_added() -> None:
    plan = interleave.Plan(5, 8, 3, 5.0, 10.0, 10.0, 10.0)
    out = _run(lambda r: 1.0 if r % 2 else 1.25, plan)
    (comp,) = out.comparisons
    assert comp.pairs_used == plan.rounds


def test_undecided_means_the_interval_straddles_an_edge() -> None:
    assert not pairing.undecided([2.0] * 5)  # clearly faster
    assert not pairing.undecided([1.0, 1.01, 0.99, 1.0, 1.02])  # clearly a tie
    assert pairing.undecided([1.05, 1.2, 1.08, 1.18, 1.12])  # across 1.10
    assert pairing.undecided([0.95, 0.85, 0.9, 0.83, 0.93])  # across 1/1.10
    assert pairing.undecided([1.5, 1.5])  # too few pairs to say anything
