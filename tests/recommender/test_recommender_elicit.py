"""Answers → weights: neutral defaults, multipliers, no compounding within a question, overrides."""

from __future__ import annotations

import numpy as np
import pytest

from kb.schema import KnowledgeBase
from recommender import recommend
from recommender.constraints import collect_effects, fired_rules
from recommender.elicit import Weights, apply_overrides, elicit_weights
from recommender.facts import answer_facts, effective_answers
from recommender.models import Profile
from tests.recommender.rec_kbfactory import NOW


def weights_for(
    kb: KnowledgeBase,
    answers: dict[str, str | list[str]],
    overrides: dict[str, float] | None = None,
) -> Weights:
    eff = effective_answers(kb, Profile(answers=answers))
    effects = collect_effects(kb, eff, fired_rules(kb, answer_facts(kb, eff)))
    return elicit_weights(kb, effects, overrides)


def test_unanswered_profile_uses_default_weights(small_kb: KnowledgeBase) -> None:
    w = weights_for(small_kb, {})
    assert np.allclose(w.values, 0.25)
    assert all(not r.sources for r in w.records)
    assert all(r.default_weight == pytest.approx(0.25) for r in w.records)


def test_multiplier_then_renormalise(small_kb: KnowledgeBase) -> None:
    # Issue 11: once an answer moved a criterion, the untouched ones count at half weight.
    w = weights_for(small_kb, {"deploy_targets": ["mobile"]})
    by = dict(zip(w.criteria, w.values, strict=True))
    assert by["mobile"] == pytest.approx(3 / 4.5)
    assert by["speed"] == pytest.approx(0.5 / 4.5)
    assert w.values.sum() == pytest.approx(1.0)
    assert w.untouched_share == pytest.approx(1.5 / 4.5)
    record = next(r for r in w.records if r.criterion == "mobile")
    assert record.raw_weight == pytest.approx(3.0)
    assert [(s.question, s.option, s.factor) for s in record.sources] == [
        ("deploy_targets", "mobile", 3.0)
    ]
    speed = next(r for r in w.records if r.criterion == "speed")
    assert [(s.question, s.factor) for s in speed.sources] == [("untouched", 0.5)]
    assert record.sources[0].reason_zh


def test_factors_within_one_question_do_not_compound(small_kb: KnowledgeBase) -> None:
    one = weights_for(small_kb, {"deploy_targets": ["mobile"]})
    three = weights_for(small_kb, {"deploy_targets": ["mobile", "browser", "microcontroller"]})
    assert np.allclose(one.values, three.values)


def test_factors_across_questions_multiply(small_kb: KnowledgeBase) -> None:
    w = weights_for(small_kb, {"deploy_targets": ["mobile"], "priorities": ["deployment_breadth"]})
    record = next(r for r in w.records if r.criterion == "mobile")
    assert record.raw_weight == pytest.approx(6.0)
    assert len(record.sources) == 2


def test_default_option_effects_apply(small_kb: KnowledgeBase) -> None:
    # team_experience defaults to "neither" (no effect); answering "pytorch" halves learning.
    w = weights_for(small_kb, {"team_experience": "pytorch"})
    record = next(r for r in w.records if r.criterion == "learning")
    assert record.raw_weight == pytest.approx(0.5)


def test_overrides_fix_named_weights_and_rescale_the_rest() -> None:
    out = apply_overrides(["a", "b", "c"], np.array([0.5, 0.25, 0.25]), {"a": 0.2})
    assert out == pytest.approx([0.2, 0.4, 0.4])
    assert out.sum() == pytest.approx(1.0)


def test_overrides_over_one_are_normalised() -> None:
    out = apply_overrides(["a", "b"], np.array([0.5, 0.5]), {"a": 1.0, "b": 1.0})
    assert out == pytest.approx([0.5, 0.5])


@pytest.mark.parametrize(
    ("overrides", "needle"),
    [({"nope": 0.5}, "unknown criterion nope"), ({"speed": 1.5}, "out of range")],
)
def test_bad_overrides_raise_with_allowed_values(
    small_kb: KnowledgeBase, overrides: dict[str, float], needle: str
) -> None:
    with pytest.raises(ValueError, match=needle):
        recommend(small_kb, Profile(), draws=0, weight_overrides=overrides, now=NOW)


def test_override_is_recorded_as_provenance(small_kb: KnowledgeBase) -> None:
    rec = recommend(small_kb, Profile(), draws=0, weight_overrides={"speed": 0.7}, now=NOW)
    speed = next(w for w in rec.weights if w.criterion == "speed")
    assert speed.weight == pytest.approx(0.7)
    assert speed.sources[-1].question == "override"
    assert sum(w.weight for w in rec.weights) == pytest.approx(1.0)
