"""Flip points: the closed form agrees with a brute-force weight sweep and with recommend()."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.schema import KnowledgeBase
from recommender import recommend
from recommender.models import Profile
from recommender.sensitivity import flip_distance, flip_weight
from tests.recommender.rec_kbfactory import NOW

GRID = np.linspace(0.0, 1.0, 4001)


def swept_margins(w: np.ndarray, d: np.ndarray, gap: float, k: int) -> np.ndarray:
    """Independent recomputation: set w_k = x, rescale the rest, recompute the margin."""
    swept = w[np.newaxis, :] * ((1 - GRID) / (1 - w[k]))[:, np.newaxis]
    swept[:, k] = GRID
    margins: np.ndarray = swept @ d - gap
    return margins


@settings(max_examples=60, deadline=None)
@given(
    raw=st.lists(st.floats(0.05, 5.0), min_size=2, max_size=7),
    data=st.data(),
)
def test_closed_form_matches_brute_force_sweep(raw: list[float], data: st.DataObject) -> None:
    n = len(raw)
    w = np.array(raw) / sum(raw)
    d = np.array(data.draw(st.lists(st.floats(-100, 100), min_size=n, max_size=n)))
    gap = data.draw(st.floats(0, 10))
    if w @ d - gap <= 0.5:  # orient so the first framework leads, as recommend() does
        d = -d
        gap = -gap
    if w @ d - gap <= 0.5:
        return
    for k in range(n):
        margins = swept_margins(w, d, gap, k)
        x = flip_weight(w, d, gap, k)
        step = GRID[1] - GRID[0]
        if x is None:
            assert (margins >= -1e-6).all(), (k, margins.min())
        else:
            assert abs(np.interp(x, GRID, margins)) < 1e-6 + 200 * step
            current = int(np.searchsorted(GRID, w[k]))
            side = margins[current:] if x >= w[k] else margins[: current + 1]
            assert (side < 1e-6).any()


def test_flip_points_flip_recommend_itself(small_kb: KnowledgeBase) -> None:
    profile = Profile(answers={"deploy_targets": ["mobile"]})
    rec = recommend(small_kb, profile, draws=0, now=NOW)
    assert rec.leader == "tensorflow"
    flips = [f for f in rec.flip_points if f.flip_weight is not None]
    assert flips, "expected at least one criterion that can flip this decision"
    for f in flips:
        assert f.flip_weight is not None
        past = f.flip_weight + (0.02 if f.flip_weight > f.current_weight else -0.02)
        before = f.flip_weight - (0.02 if f.flip_weight > f.current_weight else -0.02)
        if not (0 <= past <= 1 and 0 <= before <= 1):
            continue
        after_rec = recommend(
            small_kb, profile, draws=0, weight_overrides={f.criterion: past}, now=NOW
        )
        before_rec = recommend(
            small_kb, profile, draws=0, weight_overrides={f.criterion: before}, now=NOW
        )
        assert after_rec.leader == "pytorch", f.criterion
        assert before_rec.leader == "tensorflow", f.criterion


def test_rating_change_would_tie(small_kb: KnowledgeBase) -> None:
    rec = recommend(small_kb, Profile(answers={"deploy_targets": ["mobile"]}), draws=0, now=NOW)
    weights = {w.criterion: w.weight for w in rec.weights}
    for f in rec.flip_points:
        if f.rating_change is not None:
            assert f.rating_change * weights[f.criterion] * 10 == pytest.approx(
                -rec.margin, abs=1e-2
            )
        if f.runner_up_rating_change is not None:
            assert f.runner_up_rating_change * weights[f.criterion] * 10 == pytest.approx(
                rec.margin, abs=1e-2
            )
        assert f.sentence_en and f.sentence_zh


def test_sentences_describe_direction(small_kb: KnowledgeBase) -> None:
    rec = recommend(small_kb, Profile(answers={"deploy_targets": ["mobile"]}), draws=0, now=NOW)
    by = {f.criterion: f for f in rec.flip_points}
    # TensorFlow leads on mobile: lowering its weight is what flips.
    assert (
        by["mobile"].flip_weight is not None
        and by["mobile"].flip_weight < by["mobile"].current_weight
    )
    assert "falls below" in by["mobile"].sentence_en and "降至" in by["mobile"].sentence_zh
    assert "rises above" in by["ecosystem"].sentence_en
    # Equal ratings on speed: moving its weight only scales the margin.
    assert by["speed"].flip_weight is None
    # most plausible flips first: the smallest relative change of the weight (issue 11)
    nearest = [
        flip_distance(f.current_weight, f.flip_weight)
        for f in rec.flip_points
        if f.flip_weight is not None
    ]
    assert nearest == sorted(nearest)
    assert all(f.flip_weight is not None for f in rec.flip_points[: len(nearest)])
