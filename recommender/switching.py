"""Switching costs as distributions: what moving existing code and skills would cost, sampled.

The questionnaire declares every number (``kb/data/questions.yaml``): ``switch_cost`` effects give
a triangular cost in points for the framework you would move to (existing code, team skills), and
``switch_scale`` effects multiply the *code* costs by triangular factors (code size, tests,
"rewritten anyway"); the code-size factor also carries the porting effort in person-weeks. An
unanswered size question contributes its ``unanswered_effects``: a wide spread, because not
knowing the size is itself uncertain.

The deterministic score uses the modes (cost × product of mode factors). The Monte Carlo draws
each cost and each factor independently per draw, so the verdict carries the spread of the most
uncertain numbers in the model. Person-weeks scale with the same factors as the points, so a
break-even in points converts to person-weeks at this profile's own rate.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kb.schema import Spread
from recommender.constraints import AppliedEffect
from recommender.uncertainty import triangular

INTERVAL_DRAWS = 4000
INTERVAL_SEED = 0


@dataclass(frozen=True)
class Cost:
    framework: int
    low: float
    mode: float
    high: float
    scaled: bool
    source: AppliedEffect


@dataclass(frozen=True)
class Switching:
    """All switching costs in play for one set of answers."""

    costs: list[Cost]
    scales: list[tuple[float, float, float, AppliedEffect]]
    effort: Spread | None  # person-weeks of porting the code (before the other factors)
    n_frameworks: int

    @property
    def code_factor(self) -> tuple[float, float, float]:
        """Product of the scale factors (low, mode, high)."""
        lo = md = hi = 1.0
        for a, b, c, _ in self.scales:
            lo, md, hi = lo * a, md * b, hi * c
        return lo, md, hi

    def mode_points(self) -> np.ndarray:
        """Points per framework at the modes (what the deterministic score subtracts)."""
        out = np.zeros(self.n_frameworks)
        _, factor, _ = self.code_factor
        for c in self.costs:
            out[c.framework] += c.mode * (factor if c.scaled else 1.0)
        return out

    def code_points(self, framework: int) -> float:
        """Mode points of the code-porting part only (what person-weeks stand for)."""
        _, factor, _ = self.code_factor
        return sum(c.mode * factor for c in self.costs if c.framework == framework and c.scaled)

    def person_weeks(self) -> tuple[float, float, float] | None:
        """Porting effort (low, mode, high) in person-weeks, or None without code to port."""
        if self.effort is None or not any(c.scaled for c in self.costs):
            return None
        others = [s for s in self.scales if s[3].effect is not None and not _is_size(s[3])]
        lo = self.effort.low
        md = self.effort.mode
        hi = self.effort.high
        for a, b, c, _ in others:
            lo, md, hi = lo * a, md * b, hi * c
        return lo, md, hi

    def interval(self, framework: int, *, code_only: bool = True) -> tuple[float, float]:
        """10th and 90th percentile of one framework's cost (a fixed-seed sample, so reports
        are stable). Multiplying the ends of every range would overstate the spread: a large,
        untested codebase at the top of every range at once is rare."""
        mine = [c for c in self.costs if c.framework == framework and (c.scaled or not code_only)]
        if not mine:
            return 0.0, 0.0
        rng = np.random.default_rng(INTERVAL_SEED)
        factor = self._factor(rng, INTERVAL_DRAWS)
        total = np.zeros(INTERVAL_DRAWS)
        for c in mine:
            total += _tri(rng, INTERVAL_DRAWS, c.low, c.mode, c.high) * (
                factor if c.scaled else 1.0
            )
        lo, hi = np.percentile(total, [10, 90])
        return float(lo), float(hi)

    def person_weeks_interval(self) -> tuple[float, float] | None:
        """10th and 90th percentile of the porting effort in person-weeks (see ``interval``)."""
        if self.effort is None or not any(c.scaled for c in self.costs):
            return None
        rng = np.random.default_rng(INTERVAL_SEED)
        e = self.effort
        weeks = _tri(rng, INTERVAL_DRAWS, e.low, e.mode, e.high)
        for a, b, c, applied in self.scales:
            if not _is_size(applied):
                weeks = weeks * _tri(rng, INTERVAL_DRAWS, a, b, c)
        lo, hi = np.percentile(weeks, [10, 90])
        return float(lo), float(hi)

    def _factor(self, rng: np.random.Generator, draws: int) -> np.ndarray:
        factor = np.ones(draws)
        for a, b, c, _ in self.scales:
            factor *= _tri(rng, draws, a, b, c)
        return factor

    def sample(self, rng: np.random.Generator, draws: int) -> np.ndarray:
        """draws × frameworks matrix of sampled switching costs (zeros when there are none)."""
        out = np.zeros((draws, self.n_frameworks))
        if not self.costs:
            return out
        factor = self._factor(rng, draws)
        for cost in self.costs:
            points = _tri(rng, draws, cost.low, cost.mode, cost.high)
            out[:, cost.framework] += points * (factor if cost.scaled else 1.0)
        return out


def _tri(rng: np.random.Generator, n: int, low: float, mode: float, high: float) -> np.ndarray:
    return triangular(rng.random(n), np.full(n, low), np.full(n, mode), np.full(n, high))


def _is_size(applied: AppliedEffect) -> bool:
    effect = applied.effect
    return effect.kind == "switch_scale" and effect.person_weeks is not None


def build(frameworks: list[str], effects: list[AppliedEffect]) -> Switching:
    """Collect the switching-cost effects in play (costs for known frameworks only)."""
    index = {fw: i for i, fw in enumerate(frameworks)}
    costs: list[Cost] = []
    scales: list[tuple[float, float, float, AppliedEffect]] = []
    effort: Spread | None = None
    for applied in effects:
        effect = applied.effect
        if effect.kind == "switch_cost" and effect.framework in index:
            costs.append(
                Cost(
                    index[effect.framework],
                    effect.low,
                    effect.points,
                    effect.high,
                    effect.scales_with_code,
                    applied,
                )
            )
        elif effect.kind == "switch_scale":
            scales.append((effect.low, effect.factor, effect.high, applied))
            if effect.person_weeks is not None:
                effort = effect.person_weeks
    return Switching(costs, scales, effort, len(frameworks))
