"""A third framework in the KB works without code changes; flips are leader vs runner-up."""

from __future__ import annotations

import numpy as np
import pytest

from kb.schema import KnowledgeBase
from recommender import recommend
from recommender.models import Profile
from tests.recommender.rec_kbfactory import NOW, RATINGS, make_kb, probe

JAX = {"speed": (7, 8.5, 9), "mobile": (1, 2, 3), "ecosystem": (5, 6, 7), "learning": (4, 5, 6)}


@pytest.fixture(scope="module")
def kb3() -> KnowledgeBase:
    return make_kb({**RATINGS, "jax": JAX})


def test_three_frameworks_scored_and_ranked(kb3: KnowledgeBase) -> None:
    rec = recommend(kb3, Profile(answers={"priorities": ["training_speed"]}), draws=3000, now=NOW)
    assert set(rec.scores) == {"pytorch", "tensorflow", "jax"}
    assert sum(rec.win_probability.values()) == pytest.approx(1.0, abs=1e-3)
    ordered = sorted(rec.scores, key=rec.scores.__getitem__, reverse=True)
    assert rec.leader == ordered[0] and rec.runner_up == ordered[1]
    assert all(len(c.values) == 3 for c in rec.contributions)


def test_third_framework_can_win_when_it_is_best(kb3: KnowledgeBase) -> None:
    rec = recommend(
        kb3,
        Profile(answers={"priorities": ["training_speed"]}),
        draws=2000,
        weight_overrides={"speed": 0.9},
        now=NOW,
    )
    assert rec.leader == "jax"


def test_flips_are_leader_vs_runner_up(kb3: KnowledgeBase) -> None:
    rec = recommend(kb3, Profile(answers={"priorities": ["ecosystem"]}), draws=0, now=NOW)
    weights = {w.criterion: w.weight for w in rec.weights}
    values = {(v.framework, c.criterion): v.value for c in rec.contributions for v in c.values}
    a, b = rec.leader, rec.runner_up
    assert a is not None and b is not None
    crits = list(weights)
    w = np.array([weights[c] for c in crits])
    d = np.array([values[(a, c)] - values[(b, c)] for c in crits]) * 10
    for f in rec.flip_points:
        if f.flip_weight is None:
            continue
        k = crits.index(f.criterion)
        w2 = w * (1 - f.flip_weight) / (1 - w[k])
        w2[k] = f.flip_weight
        assert w2 @ d == pytest.approx(0.0, abs=1e-3)  # inputs rounded to 6 places


def test_veto_and_probe_with_a_third_framework(kb3: KnowledgeBase) -> None:
    rec = recommend(
        kb3,
        Profile(answers={"deploy_targets": ["microcontroller"]}),
        probe(
            comparisons=[
                {"workload": "matmul", "a": "pytorch", "b": "jax", "ratio": 1.0, "verdict": "tie"}
            ]
        ),
        draws=1000,
        now=NOW,
    )
    assert rec.win_probability["pytorch"] == 0.0
    assert rec.leader in {"tensorflow", "jax"}
    speed = next(c for c in rec.contributions if c.criterion == "speed")
    measured = {v.framework for v in speed.values if v.measured}
    assert measured == {"pytorch", "jax"}
    tied = [v.value for v in speed.values if v.measured]
    assert tied[0] == pytest.approx(tied[1])
