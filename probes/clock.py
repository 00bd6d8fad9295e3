"""The CPU clock under load, sampled while a GEMM block runs.

A nominal clock (``/proc/cpuinfo`` "cpu MHz", or the model name's "@ 2.60GHz") is not what the
cores run at under a vector load: turbo pushes it up, AVX-512 licences pull it down. Where the
kernel exposes ``scaling_cur_freq`` the clock is read from it during the matmul blocks. VMs
usually expose no cpufreq: there the clock is timed with a chain of dependent adds
(probes/cycleclock.py, about 1 % of one core during GEMM blocks only). Where neither works, the
report says the peak rests on a clock that was not measured under load.
"""

from __future__ import annotations

import glob
import statistics
import threading
from typing import Literal

from probes.cycleclock import CycleCounter, open_counter
from probes.host import read_text

ClockSource = Literal["os_under_load", "cycles_under_load"]

CPUFREQ_GLOB = "/sys/devices/system/cpu/cpu[0-9]*/cpufreq/scaling_cur_freq"


def read_cur_mhz(paths: list[str] | None = None) -> list[float]:
    """Current clock of every CPU that reports one (kHz in sysfs), in MHz."""
    out = []
    for path in paths if paths is not None else sorted(glob.glob(CPUFREQ_GLOB)):
        text = read_text(path)
        if text and text.strip().isdigit():
            out.append(int(text.strip()) / 1000.0)
    return out


class ClockSampler:
    """Samples the busiest CPUs' clocks every ``period_s`` while started (GEMM blocks)."""

    def __init__(
        self, threads: int, period_s: float = 0.02, *, paths: list[str] | None = None
    ) -> None:
        self.paths = sorted(glob.glob(CPUFREQ_GLOB)) if paths is None else paths
        self.threads = max(1, threads)
        self.period_s = period_s
        self.readings: list[float] = []
        self._counter: CycleCounter | None = None if self.paths else open_counter()
        self._active = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        if self.available:
            self._thread = threading.Thread(target=self._loop, name="clock", daemon=True)
            self._thread.start()

    @property
    def available(self) -> bool:
        return bool(self.paths) or self._counter is not None

    @property
    def source(self) -> ClockSource | None:
        """Where the readings come from: the OS (cpufreq) or the timed add chain."""
        if self.paths:
            return "os_under_load"
        return "cycles_under_load" if self._counter is not None else None

    def _read(self) -> float | None:
        if self._counter is not None:
            # one core's clock while the GEMM threads load the chip (thread CPU time)
            return self._counter.mhz()
        mhz = sorted(read_cur_mhz(self.paths), reverse=True)[: self.threads]
        # the cores our threads ran on are the fastest ones under this load
        return min(mhz) if mhz else None

    def _loop(self) -> None:
        # the add chain takes about 0.5 ms a reading: every 50 ms is 1 % of one core
        period = self.period_s if self._counter is None else max(self.period_s, 0.05)
        while not self._stop.is_set():
            if self._active.wait(0.2):
                reading = self._read()
                if reading:
                    self.readings.append(reading)
                self._stop.wait(period)

    def start(self) -> None:
        self._active.set()

    def stop(self) -> None:
        self._active.clear()

    def close(self) -> None:
        self._stop.set()
        self._active.set()
        if self._thread is not None:
            self._thread.join(timeout=1.0)
        if self._counter is not None and (self._thread is None or not self._thread.is_alive()):
            self._counter.close()

    def sustained_mhz(self) -> float | None:
        """Median clock seen under load; None without a clock source or enough readings."""
        return statistics.median(self.readings) if len(self.readings) >= 3 else None
