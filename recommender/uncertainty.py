"""How sure are we? Seeded Monte Carlo over weights and ratings (SMAA-style), and the verdict.

Each draw samples

* weights from a Dirichlet centred on the elicited weights, ``α_j = C·w_j`` with concentration
  ``C = 100``: a weight of 0.20 then varies with a standard deviation of about 0.04 (20 %), a weight
  of 0.05 by about 40 %; that is roughly how loosely a ten-question survey pins importance down.
  Weights that are exactly 0 (a slider set to zero) stay 0.
* every rating from a triangular(low, mode, high) distribution, independently.

Penalties are fixed. P(win) of a framework is the share of draws in which it has the highest net
total among the frameworks that survived the hard constraints.

Verdict thresholds (leader vs runner-up, deterministic margin in points of 100):

* ``clear``     — P(win) ≥ 0.80 **and** margin ≥ 5 points;
* ``too_close`` — P(win) < 0.60 **or** margin < 2 points (then there is no winner);
* ``lean``      — everything in between.

A 2-point margin is about one rating point on a criterion that carries 20 % of the weight, which
is inside the spread of most KB ratings; 0.6 means the leader loses in two draws of five.
A single survivor of the hard constraints is ``clear`` by construction.
"""

from __future__ import annotations

import numpy as np

from recommender.models import Verdict

WEIGHT_CONCENTRATION = 100.0
CLEAR_P = 0.80
CLEAR_MARGIN = 5.0
CLOSE_P = 0.60
CLOSE_MARGIN = 2.0


def triangular(u: np.ndarray, low: np.ndarray, mode: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Inverse-CDF triangular sampling that also works when low == high (a point mass)."""
    width = high - low
    safe = np.where(width > 0, width, 1.0)
    cut = np.where(width > 0, (mode - low) / safe, 0.5)
    left = low + np.sqrt(u * width * (mode - low))
    right = high - np.sqrt((1.0 - u) * width * (high - mode))
    return np.where(u < cut, left, right)


def sample_weights(rng: np.random.Generator, weights: np.ndarray, draws: int) -> np.ndarray:
    """Dirichlet(C·w) draws over the positive weights; zero weights stay zero."""
    positive = weights > 0
    out = np.zeros((draws, weights.size))
    alpha = WEIGHT_CONCENTRATION * weights[positive]
    gammas = rng.standard_gamma(alpha, size=(draws, alpha.size))
    out[:, positive] = gammas / gammas.sum(axis=1, keepdims=True)
    return out


def win_probability(
    weights: np.ndarray,
    low: np.ndarray,
    mode: np.ndarray,
    high: np.ndarray,
    penalties: np.ndarray,
    survivors: list[int],
    *,
    draws: int,
    seed: int,
) -> np.ndarray:
    """P(win) per framework (zeros for eliminated ones). Same inputs and seed → same output."""
    n_fw = mode.shape[0]
    result = np.zeros(n_fw)
    if not survivors:
        return result
    idx = np.array(survivors)
    if len(survivors) == 1 or draws <= 0:
        # No sampling asked for: the deterministic leader is certain, by definition only.
        best = np.argmax(mode[idx] @ weights * 10.0 - penalties[idx])
        result[idx[best]] = 1.0
        return result
    rng = np.random.default_rng(seed)
    w = sample_weights(rng, weights, draws)  # draws × C
    u = rng.random((draws, idx.size, weights.size))
    ratings = triangular(u, low[idx], mode[idx], high[idx])  # draws × S × C
    totals = np.einsum("dsc,dc->ds", ratings, w) * 10.0 - penalties[idx]
    wins = np.bincount(np.argmax(totals, axis=1), minlength=idx.size)
    result[idx] = wins / draws
    return result


def verdict(p_leader: float, margin: float, survivors: int) -> Verdict:
    """Apply the documented thresholds (see module docstring)."""
    if survivors == 0:
        return "too_close"
    if survivors == 1:
        return "clear"
    if p_leader < CLOSE_P or margin < CLOSE_MARGIN:
        return "too_close"
    if p_leader >= CLEAR_P and margin >= CLEAR_MARGIN:
        return "clear"
    return "lean"
