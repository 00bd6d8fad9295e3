"""Paired, interleaved comparison statistics: pure functions, no I/O.

Two frameworks are timed in alternating short blocks inside the same round, so load that comes
and goes hits both sides of a pair; the ratio is taken per round (pair), then summarised by its
median with a percentile-bootstrap confidence interval (fixed seed: the same data always gives
the same verdict). A side is called faster only when the whole interval lies beyond the tie
band; otherwise the verdict is a tie and the interval is reported with it. See
docs/benchmarks.md for the method and the measured stability.
"""

from __future__ import annotations

import math
import random
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

TIE_BAND = 0.10  # differences under 10 % are not called (library versions move them as much)
CONFIDENCE = 0.95
BOOTSTRAP_SAMPLES = 2000
SEED = 20261128
MIN_PAIRS = 3  # fewer clean pairs than this: the comparison is not judged at all


@dataclass(frozen=True)
class Judgement:
    """ratio = time_b / time_a (> 1: a is faster), its CI and the verdict."""

    ratio: float
    ci_low: float
    ci_high: float
    verdict: Literal["faster", "tie"]
    side: Literal["a", "b"] | None
    pairs: int


def pair_ratios(times_a: Sequence[float], times_b: Sequence[float]) -> list[float]:
    """Per-pair ratio time_b / time_a; pairs with a non-positive or non-finite time dropped."""
    out = []
    for ta, tb in zip(times_a, times_b, strict=False):
        if ta > 0 and tb > 0 and math.isfinite(ta) and math.isfinite(tb):
            out.append(tb / ta)
    return out


def bootstrap_ci(
    values: Sequence[float],
    level: float = CONFIDENCE,
    samples: int = BOOTSTRAP_SAMPLES,
    seed: int = SEED,
) -> tuple[float, float]:
    """Percentile-bootstrap interval of the median, computed on log ratios (symmetric for
    a/b vs b/a). Deterministic for a given input: the generator is seeded."""
    if not values:
        raise ValueError("bootstrap of no values")
    logs = [math.log(v) for v in values]
    if len(logs) == 1:
        return values[0], values[0]
    rng = random.Random(seed)
    n = len(logs)
    meds = sorted(statistics.median(rng.choices(logs, k=n)) for _ in range(samples))
    tail = (1.0 - level) / 2.0
    lo = meds[max(0, math.floor(tail * samples))]
    hi = meds[min(samples - 1, math.ceil((1.0 - tail) * samples) - 1)]
    return math.exp(lo), math.exp(hi)


def judge(ratios: Sequence[float], band: float = TIE_BAND) -> Judgement:
    """Faster only when the CI excludes the tie band [1/(1+band), 1+band]; else a tie."""
    if not ratios:
        raise ValueError("no pairs to judge")
    ratio = math.exp(statistics.median(math.log(r) for r in ratios))
    lo, hi = bootstrap_ci(ratios)
    side: Literal["a", "b"] | None = None
    if len(ratios) >= MIN_PAIRS:
        if lo > 1.0 + band:
            side = "a"
        elif hi < 1.0 / (1.0 + band):
            side = "b"
    return Judgement(ratio, lo, hi, "faster" if side else "tie", side, len(ratios))


def undecided(ratios: Sequence[float], band: float = TIE_BAND) -> bool:
    """The interval straddles an edge of the tie band: the data call neither side faster nor
    pin down a tie, so the verdict would flip with the next run's noise; more pairs settle it."""
    if len(ratios) < MIN_PAIRS:
        return True
    j = judge(ratios, band)
    edges = (1.0 / (1.0 + band), 1.0 + band)
    return any(j.ci_low < edge < j.ci_high for edge in edges)


def disturbed(
    foreign: float | None, steal: float | None, cpus: int, threads: int, utilisation_drop: bool
) -> bool:
    """Was a round disturbed? Other processes (or the hypervisor) left fewer than 90 % of the
    cores our threads need, or a block got clearly less CPU per wall second than usual."""
    if utilisation_drop:
        return True
    if foreign is None or steal is None:
        return False
    free = cpus * (1.0 - foreign - steal)
    return free < 0.9 * threads


def starved(utilisation: float, threads: int) -> bool:
    """A CPU block whose threads together ran less than 60 % of one thread's time (or, with
    several threads, less than 90 % of one core) was descheduled for much of the block: a
    CPU-bound worker always keeps at least its driving thread busy."""
    return 0.0 < utilisation < min(0.6 * max(threads, 1), 0.9)


def utilisation_drops(utils: Sequence[float], floor: float = 0.85) -> list[bool]:
    """Per block: CPU seconds per wall second below ``floor`` x the median of its slot, i.e.
    the worker's threads were descheduled for a noticeable part of the block."""
    if len(utils) < 3:
        return [False] * len(utils)
    med = statistics.median(utils)
    return [med > 0 and u < floor * med for u in utils]
