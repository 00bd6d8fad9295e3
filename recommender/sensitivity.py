"""What would change the answer: flip weights and rating changes, leader vs runner-up.

Closed form (derived here). With ``d_j = (v_a,j − v_b,j) × 10`` the points per unit of
weight by which the leader ``a`` beats the runner-up ``b`` on criterion ``j`` and ``ΔP`` the
difference of their penalties, the margin is ``D = Σ w_j d_j − ΔP``.

* Set the weight of criterion ``k`` to ``x`` and rescale the others proportionally
  (``w_j → w_j (1−x)/(1−w_k)``): ``D(x) = x·d_k + (1−x)·r_k − ΔP`` with
  ``r_k = Σ_{j≠k} w_j d_j / (1 − w_k)``. ``D`` is linear in ``x``, so the winner flips at
  ``x* = (ΔP − r_k) / (d_k − r_k)`` when that lies in [0, 1]; otherwise never (``None``).
* A single rating change that ties: the leader's rating on ``k`` moved by ``−D / (10·w_k)``, or
  the runner-up's by ``+D / (10·w_k)``, whichever stays on the 0–10 scale.

With more than two frameworks the same analysis runs on leader vs runner-up; a third framework
could overtake earlier, which tests check with a brute-force sweep.

Order: most plausible first, i.e. the smallest *relative* change of the weight (``flip_distance``):
moving a weight from 20 % to 30 % is a change of mind, from 0.6 % to 51 % is a different project,
although the second is the shorter distance on a 0–1 scale.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kb.texts import pair
from recommender.models import FlipPoint

EPS = 1e-12


@dataclass(frozen=True)
class Names:
    """Display names the sentences need."""

    leader: str
    runner_up: str
    criteria_ids: list[str]
    criteria_en: list[str]
    criteria_zh: list[str]


def flip_weight(weights: np.ndarray, d: np.ndarray, penalty_gap: float, k: int) -> float | None:
    """Weight of criterion k at which the margin reaches zero, or None if never in [0, 1]."""
    wk = float(weights[k])
    if wk >= 1.0 - EPS:
        return None
    rest = (float(weights @ d) - wk * float(d[k])) / (1.0 - wk)
    # D(0) = rest − ΔP and D(1) = d_k − ΔP; a flip needs the margin to go strictly negative
    # somewhere in [0, 1] (reaching exactly zero at an end is a tie, not a flip).
    if min(rest, float(d[k])) - penalty_gap >= -1e-9:
        return None
    denom = float(d[k]) - rest
    if abs(denom) < EPS:
        return None
    x = (penalty_gap - rest) / denom
    if x < -EPS or x > 1.0 + EPS:
        return None
    return float(min(1.0, max(0.0, x)))


def flip_points(
    weights: np.ndarray,
    modes: np.ndarray,
    penalties: np.ndarray,
    leader: int,
    runner_up: int,
    names: Names,
) -> list[FlipPoint]:
    """One flip point per criterion, nearest flips first, then the criteria that never flip."""
    d = (modes[leader] - modes[runner_up]) * 10.0
    gap = float(penalties[leader] - penalties[runner_up])
    margin = float(weights @ d) - gap
    out: list[tuple[float, FlipPoint]] = []
    for k in range(weights.size):
        wk = float(weights[k])
        x = flip_weight(weights, d, gap, k)
        lead_change = runner_change = None
        if wk > EPS:
            delta = margin / (10.0 * wk)
            if 0.0 <= modes[leader, k] - delta <= 10.0:
                lead_change = round(-delta, 3)
            if 0.0 <= modes[runner_up, k] + delta <= 10.0:
                runner_change = round(delta, 3)
        w_en, w_zh = _weight_sentence(names, k, wk, x)
        va, vb = float(modes[leader, k]), float(modes[runner_up, k])
        r_en, r_zh = _rating_sentence(names, (va, lead_change), (vb, runner_change))
        en, zh = w_en + r_en, w_zh + r_zh
        point = FlipPoint(
            criterion=names.criteria_ids[k],
            current_weight=round(wk, 6),
            flip_weight=None if x is None else round(x, 6),
            rating_change=lead_change,
            runner_up_rating_change=runner_change,
            sentence_en=en,
            sentence_zh=zh,
        )
        out.append((flip_distance(wk, x), point))
    out.sort(key=lambda item: item[0])
    return [p for _, p in out]


def flip_distance(current: float, flip: float | None) -> float:
    """How far a weight must move, as a ratio (|ln(flip / current)|); never-flips sort last."""
    if flip is None:
        return float("inf")
    lo, hi = min(current, flip), max(current, flip)
    return float(np.log(max(hi, EPS) / max(lo, 1e-6)))


def _pct(x: float) -> str:
    return f"{x * 100:.1f}%"


def _weight_sentence(names: Names, k: int, wk: float, x: float | None) -> tuple[str, str]:
    """Which weight on criterion ``k`` would make the runner-up overtake (en, zh)."""
    words = {
        "criterion": (names.criteria_en[k], names.criteria_zh[k]),
        "a": names.leader,
        "b": names.runner_up,
        "now": _pct(wk),
    }
    if x is None:
        return pair("sensitivity_no_weight_flips", **words)
    key = "sensitivity_weight_rises" if x >= wk else "sensitivity_weight_falls"
    return pair(key, flip=_pct(x), **words)


def _rating_sentence(
    names: Names, lead: tuple[float, float | None], runner: tuple[float, float | None]
) -> tuple[str, str]:
    """Which single rating change on the same criterion would also tie: ``(rating, change)``
    for the leader and the runner-up."""
    (va, lead_change), (vb, runner_change) = lead, runner
    if lead_change is not None:
        return _rating_ties(names.leader, va, va + lead_change)
    if runner_change is not None:
        return _rating_ties(names.runner_up, vb, vb + runner_change)
    return pair("sensitivity_no_rating_ties")


def _rating_ties(fw: str, old: float, new: float) -> tuple[str, str]:
    return pair("sensitivity_rating_ties", fw=fw, old=old, new=new)
