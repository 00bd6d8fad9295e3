"""The additive value model: every point of a total is one criterion's weight times one rating.

``contribution[f, j] = w_j × v[f, j] / 10 × 100`` (points of a 0–100 scale, ratings are 0–10);
``net[f] = Σ_j contribution[f, j] − penalty[f]``. Reported scores are ``net`` clipped to 0–100;
ranking uses ``net`` itself so two heavily penalised frameworks still order correctly. The margin
is leader − runner-up among the frameworks that survived the hard constraints.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Scores:
    contributions: np.ndarray  # frameworks × criteria, points
    net: np.ndarray  # per framework, after penalties (may leave 0–100)
    ranking: list[int]  # survivor indices, best first
    margin: float  # leader − runner-up (0 when fewer than two survive)


def contributions(weights: np.ndarray, modes: np.ndarray) -> np.ndarray:
    """Per-criterion points: w_j × v_fj / 10 × 100."""
    points: np.ndarray = modes * weights[np.newaxis, :] * 10.0
    return points


def score(
    weights: np.ndarray, modes: np.ndarray, penalties: np.ndarray, survivors: list[int]
) -> Scores:
    """Totals, ranking of the survivors (ties broken by KB order) and margin."""
    contrib = contributions(weights, modes)
    net = contrib.sum(axis=1) - penalties
    ranking = sorted(survivors, key=lambda i: (-round(float(net[i]), 9), i))
    margin = float(net[ranking[0]] - net[ranking[1]]) if len(ranking) >= 2 else 0.0
    return Scores(contributions=contrib, net=net, ranking=ranking, margin=margin)


def clip_score(value: float) -> float:
    """A total as reported: on the 0–100 scale, two decimals."""
    return round(min(100.0, max(0.0, value)), 2)
