"""The CPU clock under load, read from the OS while a GEMM block runs (Linux cpufreq).

A nominal clock (``/proc/cpuinfo`` "cpu MHz", or the model name's "@ 2.60GHz") is not what the
cores run at under a vector load: turbo pushes it up, AVX-512 licences pull it down. Where the
kernel exposes ``scaling_cur_freq`` the clock is sampled during the matmul blocks and the peak is
recomputed from it; VMs usually expose no cpufreq at all, and then the report says the peak
rests on a clock that was not measured under load.
"""

from __future__ import annotations

import glob
import statistics
import threading

from probes.host import read_text

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

    def __init__(self, threads: int, period_s: float = 0.02) -> None:
        self.paths = sorted(glob.glob(CPUFREQ_GLOB))
        self.threads = max(1, threads)
        self.period_s = period_s
        self.readings: list[float] = []
        self._active = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        if self.paths:
            self._thread = threading.Thread(target=self._loop, name="clock", daemon=True)
            self._thread.start()

    @property
    def available(self) -> bool:
        return bool(self.paths)

    def _loop(self) -> None:
        while not self._stop.is_set():
            if self._active.wait(0.2):
                mhz = sorted(read_cur_mhz(self.paths), reverse=True)[: self.threads]
                if mhz:
                    # the cores our threads ran on are the fastest ones under this load
                    self.readings.append(min(mhz))
                self._stop.wait(self.period_s)

    def start(self) -> None:
        self._active.set()

    def stop(self) -> None:
        self._active.clear()

    def close(self) -> None:
        self._stop.set()
        self._active.set()

    def sustained_mhz(self) -> float | None:
        """Median clock seen under load; None without cpufreq or without enough readings."""
        return statistics.median(self.readings) if len(self.readings) >= 3 else None
