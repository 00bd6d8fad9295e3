"""How a round's load reading is judged when /proc/stat is too coarse to resolve it.

Scripted CPU samples stand in for /proc/stat (its tick resolution is the point) and scripted
workers for the framework processes; the judging logic in probes/interleave.py is real.
"""

from __future__ import annotations

from typing import Any

import pytest

from probes import interleave, noise


class _ScriptedSlot(interleave.Slot):
    """A worker that prepares at once and returns 3 equal samples per block, never starved."""

    def request(self, cmd: dict[str, Any], timeout_s: float) -> dict[str, Any] | None:
        if cmd["cmd"] == "prepare":
            return {"type": "prepared", "device": "cpu", "loops": 1, "kind": "kernel"}
        return {"type": "block", "times": [0.004] * 3, "wall_s": 0.012, "cpu_s": 0.012}


class _Clock:
    """/proc/stat as seen by the coordinator: each read advances wall time by ``step`` and
    other processes' busy time by ``others`` CPUs for that step."""

    def __init__(self, step: float, others: float) -> None:
        self.step, self.others = step, others
        self.wall = self.busy = 0.0

    def sample(self) -> noise.CpuSample:
        self.wall += self.step
        self.busy += self.step * self.others
        return noise.CpuSample(busy_s=self.busy, steal_s=0.0, ours_s=0.0, wall=self.wall)


def _run(
    monkeypatch: pytest.MonkeyPatch, clock: _Clock, host_load: tuple[float, float] | None
) -> interleave.GroupOutcome:
    monkeypatch.setattr(interleave.noise, "sample", clock.sample)
    monkeypatch.setattr(interleave.noise, "tick_s", lambda: 0.01)
    item = {"workload": "mlp_train_eager", "variant": "v", "dtype": "float32"}
    slots: list[interleave.Slot] = [_ScriptedSlot(fw, "v", item) for fw in ("a", "b")]
    plan = interleave.Plan(5, 8, 3, 60.0, 10.0, 10.0, 10.0)
    return interleave.run_group(
        "mlp_train_eager", slots, plan, 2, 1, None, pairs=(("a", "b"),), host_load=host_load
    )


def test_short_rounds_on_a_busy_host_are_judged_by_the_last_precise_reading(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Rounds of a few ms read 'all CPUs busy ± 60 %'. Subtracting the uncertainty would call
    them clean; the precise reading taken before (95 % busy) says they are not."""
    out = _run(monkeypatch, _Clock(step=0.004, others=1.9), host_load=(0.95, 0.0))
    assert out.host_busy and out.rounds_clean == 0
    (comp,) = out.comparisons
    assert comp.unreliable and comp.verdict == "tie" and comp.faster is None


def test_short_rounds_on_a_calm_host_stay_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    out = _run(monkeypatch, _Clock(step=0.004, others=0.0), host_load=(0.02, 0.0))
    assert not out.host_busy and out.rounds_clean == 5
    assert out.host_load == (0.02, 0.0)  # nothing precise read since: the old reading stands


def test_a_precise_reading_is_carried_to_the_next_workload(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Long rounds resolve the load themselves; the outcome hands the latest reading on, net of
    its own uncertainty, so the next workload's short rounds are judged by it."""
    out = _run(monkeypatch, _Clock(step=0.5, others=1.8), host_load=(0.0, 0.0))
    assert out.host_busy
    assert out.host_load is not None
    capacity = 0.5 * 2  # one step on two CPUs
    others = (1.8 * 0.5 - 2 * 0.012) / capacity  # minus the two blocks' own CPU
    unc = 2 * 2 * 0.01 / capacity  # two ticks per CPU
    assert out.host_load[0] == pytest.approx(others - unc)
