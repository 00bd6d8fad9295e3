"""How sure are we? Seeded Monte Carlo over weights and ratings (SMAA-style), and the verdict.

Each draw samples

* weights from a Dirichlet centred on the elicited weights, ``α_j = C·w_j`` with concentration
  ``C = 100``: a weight of 0.20 then varies with a standard deviation of about 0.04 (20 %), a weight
  of 0.05 by about 40 %; that is roughly how loosely a ten-question survey pins importance down.
  Weights that are exactly 0 (a slider set to zero) stay 0.
  Criteria no answer made relevant (``touched`` false) get a looser concentration
  (``UNTOUCHED_CONCENTRATION``): nobody told us how much they matter.
* every rating from a triangular(low, mode, high) distribution. Ratings are not independent: the
  ratings of one framework within one criterion group (``criteria.yaml`` ``group``) rest on
  overlapping evidence and the same raters, so with probability ``SHARED_EVIDENCE`` a rating
  takes its group's common quantile instead of its own (a mixture copula): a KB that is too kind
  to a framework on deployment is too kind on all of deployment at once. With probability
  ``SHARED_KB`` a rating takes instead the framework's KB-wide quantile: the whole table was
  written by the same people from overlapping sources, so its errors do not average out.
* switching costs (``recommender.switching``) from their triangular costs and scale factors.
* unanswered questions: in a share ``UNANSWERED_SHARE × (unanswered / all questions)`` of the
  draws, one unanswered question is taken to have one of its answers (uniformly over every such
  single answer), with that answer's weights, costs and must-haves (``Scenarios``). Not knowing
  the project is the largest uncertainty of all; a lead that one unsaid answer would overturn is
  not certain.

Other penalties are fixed. P(win) of a framework is the share of draws in which it has the
highest net total among the frameworks that survived the hard constraints.

Verdict thresholds (leader vs runner-up, deterministic margin in points of 100):

* ``clear``     — P(win) ≥ 0.80 **and** margin ≥ 10 points **and** a lead of ≥ 10 points built from
  what the answers made relevant (touched criteria, constraints and costs) **and** at least
  ``MIN_ANSWERED_FOR_CLEAR`` answered questions: an empty or near-empty profile is never clear;
  **and**, when both frameworks survive, the leader itself carries less than
  ``LEADER_COST_FOR_LEAN`` points of charges (a required toolchain reached only by conversion or in
  beta, switching away from the team's code, a graded shortfall): choosing a framework that costs
  the project something is a trade-off, which is what "lean" says;
* ``too_close`` — P(win) < 0.60 **or** margin < 2 points **or** a relevant lead under 2 points
  (what the answers made relevant does not favour the leader: defaults and noise decide, as for
  an empty profile) — then there is no winner;
* ``lean``      — everything in between.

A 2-point margin is about one rating point on a criterion that carries 20 % of the weight, which
is inside the spread of most KB ratings; 0.6 means the leader loses in two draws of five. The
clear margin is 10 points (it was 5): against the expert-labelled personas under
``tests/fixtures/expert_personas`` the tool called "clear" far more often than the experts did.
A single survivor of the hard constraints is ``clear`` by construction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from recommender.models import Verdict


class Switchable(Protocol):
    """Anything that samples a draws × frameworks matrix of extra costs."""

    def sample(self, rng: np.random.Generator, draws: int) -> np.ndarray: ...

    def mode_points(self) -> np.ndarray: ...


@dataclass(frozen=True)
class Scenarios:
    """Answers the user did not give, each as the decision it would lead to."""

    weights: np.ndarray  # K × criteria
    penalties: np.ndarray  # K × frameworks, every cost at its mode
    alive: np.ndarray  # K × frameworks, bool: still meets every must-have
    share: float  # share of the draws that take one of these scenarios


WEIGHT_CONCENTRATION = 100.0
UNTOUCHED_CONCENTRATION = 20.0
SHARED_EVIDENCE = 0.5
SHARED_KB = 0.3
MIN_ANSWERED_FOR_CLEAR = 3
UNANSWERED_SHARE = 0.5
CLEAR_P = 0.80
CLEAR_MARGIN = 10.0
CLOSE_P = 0.60
CLOSE_MARGIN = 2.0
# The smallest charge in the cost tables (a beta or maintenance path, ``questions.yaml``
# ``toolchain_costs``) is 5 points: any documented cost the leader itself pays counts.
LEADER_COST_FOR_LEAN = 5.0


def triangular(u: np.ndarray, low: np.ndarray, mode: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Inverse-CDF triangular sampling that also works when low == high (a point mass)."""
    width = high - low
    safe = np.where(width > 0, width, 1.0)
    cut = np.where(width > 0, (mode - low) / safe, 0.5)
    left = low + np.sqrt(u * width * (mode - low))
    right = high - np.sqrt((1.0 - u) * width * (high - mode))
    sample: np.ndarray = np.where(u < cut, left, right)
    return sample


def sample_weights(
    rng: np.random.Generator,
    weights: np.ndarray,
    draws: int,
    touched: np.ndarray | None = None,
) -> np.ndarray:
    """Dirichlet(C·w) draws over the positive weights; zero weights stay zero.

    With ``touched`` given (and some criterion touched), untouched criteria use the looser
    concentration: Gamma(C_j·w_j)/C_j keeps each mean at w_j before renormalising.
    """
    positive = weights > 0
    out = np.zeros((draws, weights.size))
    conc = np.full(weights.size, WEIGHT_CONCENTRATION)
    if touched is not None and touched.any():
        conc[~touched] = UNTOUCHED_CONCENTRATION
    alpha = conc[positive] * weights[positive]
    gammas = rng.standard_gamma(
        alpha.astype(np.float32), size=(draws, alpha.size), dtype=np.float32
    ) / conc[positive].astype(np.float32)
    out[:, positive] = gammas / gammas.sum(axis=1, keepdims=True)
    return out


def correlated_uniforms(
    rng: np.random.Generator, draws: int, n_fw: int, groups: np.ndarray
) -> np.ndarray:
    """draws × frameworks × criteria uniforms: a group's common one with p = ``SHARED_EVIDENCE``,
    the framework's table-wide one with p = ``SHARED_KB``, else the rating's own.

    One uniform ``v`` both picks the case and, in the middle band, *is* the rating's own uniform
    once rescaled (conditioned on the band it is again uniform and independent of the pick), so
    the largest array is drawn once. float32: 2^-24 resolution is far below rating noise.
    """
    n_c = groups.size
    v = rng.random((draws, n_fw, n_c), dtype=np.float32)
    n_groups = int(groups.max()) + 1 if groups.size else 0
    common = rng.random((draws, n_fw, n_groups), dtype=np.float32)[:, :, groups]
    everywhere = rng.random((draws, n_fw, 1), dtype=np.float32)
    lo, hi = SHARED_EVIDENCE, 1.0 - SHARED_KB
    own = (v - lo) / np.float32(hi - lo)
    return np.where(v < lo, common, np.where(v >= hi, everywhere, own))


@dataclass(frozen=True)
class Ratings:
    """Frameworks × criteria ratings as triangular distributions."""

    low: np.ndarray
    mode: np.ndarray
    high: np.ndarray


@dataclass(frozen=True)
class Doubts:
    """What the simulation samples besides weights and ratings; each part optional.

    ``groups`` (criterion → group index) turns on shared-evidence correlation, ``touched`` the
    looser weights of untouched criteria, ``switching`` the sampled switching costs (then the
    fixed penalties must exclude them), ``scenarios`` the unanswered questions.
    """

    groups: np.ndarray | None = None
    touched: np.ndarray | None = None
    switching: Switchable | None = None
    scenarios: Scenarios | None = None


def win_probability(
    weights: np.ndarray,
    ratings: Ratings,
    penalties: np.ndarray,
    survivors: list[int],
    *,
    draws: int,
    seed: int,
    doubts: Doubts | None = None,
) -> np.ndarray:
    """P(win) per framework (zeros for eliminated ones). Same inputs and seed → same output.

    A draw in which a scenario (``doubts.scenarios``) rules out every survivor counts for nobody.
    """
    low, mode, high = ratings.low, ratings.mode, ratings.high
    given = doubts or Doubts()
    groups, touched, switching, scenarios = (
        given.groups,
        given.touched,
        given.switching,
        given.scenarios,
    )
    n_fw = mode.shape[0]
    result = np.zeros(n_fw)
    if not survivors:
        return result
    idx = np.array(survivors)
    if len(survivors) == 1 or draws <= 0:
        # No sampling asked for: the deterministic leader is certain, by definition only.
        extra = switching.mode_points() if switching is not None else np.zeros(n_fw)
        best = np.argmax(mode[idx] @ weights * 10.0 - penalties[idx] - extra[idx])
        result[idx[best]] = 1.0
        return result
    rng = np.random.default_rng(seed)
    w = sample_weights(rng, weights, draws, touched)  # draws × C
    if groups is not None:
        u = correlated_uniforms(rng, draws, idx.size, groups)
    else:
        u = rng.random((draws, idx.size, weights.size))
    drawn = triangular(u, low[idx], mode[idx], high[idx])  # draws × S × C
    pen = np.broadcast_to(penalties[idx], (draws, idx.size)).copy()
    if switching is not None:
        pen += switching.sample(rng, draws)[:, idx]
    alive = np.ones((draws, idx.size), dtype=bool)
    if scenarios is not None and scenarios.share > 0 and scenarios.weights.shape[0] > 0:
        pick = rng.random(draws) < scenarios.share
        which = rng.integers(0, scenarios.weights.shape[0], size=draws)[pick]
        w[pick] = scenarios.weights[which]
        pen[pick] = scenarios.penalties[which][:, idx]
        alive[pick] = scenarios.alive[which][:, idx]
    totals = np.einsum("dsc,dc->ds", drawn, w) * 10.0 - pen
    totals = np.where(alive, totals, -np.inf)
    valid = alive.any(axis=1)
    wins = np.bincount(np.argmax(totals[valid], axis=1), minlength=idx.size)
    result[idx] = wins / draws
    return result


def verdict(
    p_leader: float,
    margin: float,
    survivors: int,
    *,
    relevant_margin: float | None = None,
    answered: int | None = None,
    leader_cost: float = 0.0,
) -> Verdict:
    """Apply the documented thresholds (see module docstring).

    ``relevant_margin`` (when given) below ``CLOSE_MARGIN`` means too close; below
    ``CLEAR_MARGIN`` at most lean. ``answered`` below ``MIN_ANSWERED_FOR_CLEAR``: at most lean.
    ``leader_cost`` (the leader's own charges, points) of ``LEADER_COST_FOR_LEAN`` or more: at
    most lean, except for a single survivor (it pays them whatever is chosen).
    """
    if survivors == 0:
        return "too_close"
    if survivors == 1:
        return "clear"
    if p_leader < CLOSE_P or margin < CLOSE_MARGIN:
        return "too_close"
    if relevant_margin is not None and relevant_margin < CLOSE_MARGIN:
        return "too_close"
    if p_leader >= CLEAR_P and margin >= CLEAR_MARGIN:
        if relevant_margin is not None and relevant_margin < CLEAR_MARGIN:
            return "lean"
        if answered is not None and answered < MIN_ANSWERED_FOR_CLEAR:
            return "lean"
        if leader_cost >= LEADER_COST_FOR_LEAN:
            return "lean"
        return "clear"
    return "lean"


def shown_probability(p: float) -> str:
    """A probability as people read it: never 100 % or 0 % from a finite simulation."""
    if p > 0.99:
        return "> 99 %"
    if 0 < p < 0.01:
        return "< 1 %"
    return f"{p * 100:.0f} %"
