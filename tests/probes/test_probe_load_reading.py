"""How a round's load reading is judged when /proc/stat is too coarse to resolve it.

Scripted CPU samples stand in for /proc/stat (its tick resolution is the point) and scripted
workers for the framework processes; the judging logic in probes/interleave.py is real.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Sequence
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

    def sample(self, pids: Sequence[int] = ()) -> noise.CpuSample:
        self.wall += self.step
        self.busy += self.step * self.others
        return noise.CpuSample(busy_s=self.busy, steal_s=0.0, ours_s=0.0, wall=self.wall)


def _run(
    monkeypatch: pytest.MonkeyPatch, clock: _Clock, host_load: tuple[float, float] | None
) -> interleave.GroupOutcome:
    monkeypatch.setattr(noise, "sample", clock.sample)
    monkeypatch.setattr(noise, "tick_s", lambda: 0.01)
    item = {"workload": "mlp_train_eager", "variant": "v", "dtype": "float32"}
    slots: list[interleave.Slot] = [_ScriptedSlot(fw, "v", item) for fw in ("a", "b")]
    plan = interleave.Plan(5, 8, 3, 60.0, 10.0, 10.0, 10.0)
    bench = interleave.Bench(plan, 2, 1, pairs=(("a", "b"),))
    return interleave.run_group("mlp_train_eager", slots, bench, host_load)


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


def test_pid_stat_fields_survive_a_command_name_with_spaces_and_parens() -> None:
    text = "4242 (tf worker (x) 2) S 1 4242 4242 0 -1 4194304 100 0 0 0 250 37 0 0 20 0 9 0"
    assert noise.parse_pid_stat(text) == 287.0
    assert noise.parse_pid_stat("4242 (short) S 1") is None
    assert noise.parse_pid_stat("garbage") is None


def test_a_workers_whole_cpu_is_ours_not_a_neighbours() -> None:
    """A real child that keeps a core busy outside any block (as a spinning BLAS pool does):
    read through /proc as the worker family, its CPU no longer counts as another process's."""
    child = subprocess.Popen(
        [sys.executable, "-c", "import time\nt = time.time()\nwhile time.time() - t < 5: pass"]
    )
    try:
        time.sleep(0.2)
        family = noise.family([child.pid])
        before = noise.sample(family)
        time.sleep(0.6)
        after = noise.sample(family)
    finally:
        child.kill()
        child.wait()
    assert child.pid in family
    assert before is not None and after is not None
    spent = after.family_s - before.family_s
    assert spent >= 0.02  # the child ran (on a loaded machine it may get little of the 0.6 s)
    cpus = 2
    counted = noise.round_share(before, after, cpus, 0.0)
    uncounted = noise.round_share(
        noise.CpuSample(before.busy_s, before.steal_s, before.ours_s, before.wall),
        noise.CpuSample(after.busy_s, after.steal_s, after.ours_s, after.wall),
        cpus,
        0.0,
    )
    assert counted is not None and uncounted is not None
    wall = after.wall - before.wall
    # the child's share comes off "other processes" (down to zero: a share is never negative)
    expected = min(uncounted[0], spent / (wall * cpus))
    assert uncounted[0] - counted[0] == pytest.approx(expected, abs=1e-6)


def test_family_finds_a_workers_own_children() -> None:
    """A compile pool is a child of the worker: its CPU is the worker's too."""
    code = (
        "import subprocess, sys, time\n"
        "p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(30)'])\n"
        "print(p.pid, flush=True)\n"
        "time.sleep(30)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        grandchild = int(parent.stdout.readline())
        time.sleep(0.1)
        assert set(noise.family([parent.pid])) >= {parent.pid, grandchild}
    finally:
        subprocess.run(["pkill", "-P", str(parent.pid)], check=False)
        parent.kill()
        parent.wait()
