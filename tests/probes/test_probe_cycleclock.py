"""The add-chain clock on this machine: real machine code, real timing (x86-64 Linux only)."""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from probes import cycleclock
from probes.clock import ClockSampler

pytestmark = pytest.mark.skipif(
    not cycleclock.supported(), reason="the add chain is x86-64 Linux machine code"
)


def _cpuinfo_max_mhz() -> float | None:
    """The highest clock any source on this machine admits to (for a plausibility bound)."""
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    except OSError:
        return None
    mhz = [float(m) for m in re.findall(r"cpu MHz\s*:\s*([\d.]+)", text)]
    return max(mhz) if mhz else None


def test_the_chain_runs_every_add_and_reads_a_plausible_clock() -> None:
    counter = cycleclock.open_counter()
    assert counter is not None  # the add and multiply chains agreed on this machine
    try:
        assert counter.run(1000) == 1000 * cycleclock.ADDS_PER_ITERATION
        readings = [r for r in (counter.mhz() for _ in range(15)) if r is not None]
    finally:
        counter.close()
    assert len(readings) >= 10
    clock = statistics.median(readings)
    # no x86-64 core has run an add chain below 500 MHz or above 7 GHz
    assert 500 < clock < 7000
    nominal = _cpuinfo_max_mhz()
    if nominal:  # turbo may exceed the nominal clock, but not by 2x; throttling not to a third
        assert nominal / 3 < clock < 2 * nominal


def test_the_clock_reading_ignores_time_spent_descheduled() -> None:
    """Thread CPU time, not wall time: with four busy loops per core the chain still reads
    close to the calm clock (wall time would read about a fifth of it). The bound is loose
    because a busy SMT sibling may really slow the chain a little."""
    counter = cycleclock.open_counter()
    assert counter is not None
    calm = statistics.median(r for r in (counter.mhz() for _ in range(11)) if r)
    hogs = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"], start_new_session=True)
        for _ in range(4 * (os.cpu_count() or 2))
    ]
    try:
        time.sleep(0.3)
        busy = statistics.median(r for r in (counter.mhz(200_000) for _ in range(7)) if r)
    finally:
        for h in hogs:
            h.kill()
            h.wait()
        counter.close()
    assert 0.6 * calm < busy < 1.25 * calm


def test_without_cpufreq_the_sampler_times_the_chain_only_while_started() -> None:
    sampler = ClockSampler(2, paths=[])
    try:
        assert sampler.available and sampler.source == "cycles_under_load"
        time.sleep(0.3)
        assert sampler.readings == []  # nothing is measured outside GEMM blocks
        sampler.start()
        time.sleep(0.5)
        sampler.stop()
        time.sleep(0.1)
        taken = len(sampler.readings)
        assert taken >= 3
        time.sleep(0.3)
        assert len(sampler.readings) <= taken + 1
        mhz = sampler.sustained_mhz()
        assert mhz is not None and 500 < mhz < 7000
    finally:
        sampler.close()


def test_chains_that_disagree_give_no_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """A core that folds adds (reads twice the clock) must give "unknown", never 2x the peak."""
    counter = cycleclock.open_counter(check=False)
    assert counter is not None
    try:
        assert counter.agrees()
        real = counter.mhz
        monkeypatch.setattr(counter, "mhz", lambda iterations=30_000: 2 * (real(iterations) or 0))
        assert not counter.agrees()
    finally:
        counter.close()
