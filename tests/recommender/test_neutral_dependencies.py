"""A lead made of general ratings only is not a recommendation for this project.

When every dependency a project chose reaches both frameworks the same way (Hailo's compiler by
conversion from either, Keras 3 natively on either backend) and nothing concrete — a deployment
or hardware criterion the answers raised, a charge, existing code — puts the leader ahead, the
verdict is "too close" and says why; without any dependency such a lead is at most "lean"
(recommender/neutral.py, docs/decision-model.md section 3).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import pytest

from kb.schema import KnowledgeBase
from recommender import recommend
from recommender.evidence import build_values
from recommender.facts import EffectiveAnswers, compat_facts, effective_answers
from recommender.models import Profile, Recommendation
from recommender.neutral import concrete_lead, neutral_picks
from recommender.pipeline import decide
from tests.recommender.rec_kbfactory import NOW

DRAWS = 400
NEW_TEAM = {
    "stage": "prototype",
    "domains": ["vision"],
    "scale": "single_gpu",
    "hardware": ["nvidia"],
    "os": "linux",
    "team_experience": "neither",
    "existing_code": "none",
}
NEUTRAL_SENTENCE = "reaches PyTorch and TensorFlow the same way"


def _rec(kb: KnowledgeBase, answers: Mapping[str, object]) -> Recommendation:
    return recommend(kb, Profile(answers=dict(answers)), draws=DRAWS, now=NOW)


def _without_rule(kb: KnowledgeBase) -> KnowledgeBase:
    """The same KB with no concrete groups: both rules are off (data, not code, switches them)."""
    return kb.model_copy(update={"meta": kb.meta.model_copy(update={"concrete_groups": []})})


def _neutral_options(kb: KnowledgeBase) -> list[str]:
    """Options of the toolchains question that reach PyTorch and TensorFlow the same way."""
    question = kb.question("toolchains")
    assert question is not None
    return [
        o.id
        for o in question.options
        if o.toolchains
        and neutral_picks(
            kb, EffectiveAnswers({"toolchains": [o.id]}, {"toolchains": "answered"}),
            "pytorch", "tensorflow",
        )
    ]  # fmt: skip


def test_the_kb_names_concrete_groups_that_exist(real_kb: KnowledgeBase) -> None:
    groups = {c.group for c in real_kb.criteria.values()}
    assert real_kb.meta.concrete_groups, "kb.yaml concrete_groups is empty: the rules are off"
    assert set(real_kb.meta.concrete_groups) <= groups


def test_some_dependencies_are_neutral_and_some_are_not(real_kb: KnowledgeBase) -> None:
    neutral = _neutral_options(real_kb)
    assert {"hailo", "keras3", "onnx_runtime"} <= set(neutral)
    # one framework only, or a native path against a conversion: those decide something
    assert not {"transformers", "tfjs", "litert", "ultralytics"} & set(neutral)


@pytest.mark.parametrize("pick", ["hailo", "keras3"])
def test_only_neutral_dependencies_and_nothing_concrete_is_too_close(
    real_kb: KnowledgeBase, pick: str
) -> None:
    answers = {**NEW_TEAM, "toolchains": [pick]}
    rec = _rec(real_kb, answers)
    assert rec.verdict == "too_close" and rec.winner is None
    assert NEUTRAL_SENTENCE in rec.because_en
    assert "以同样的方式支持 PyTorch 和 TensorFlow" in rec.because_zh
    # the same project where the KB lists no concrete groups: the general lead stands
    before = _rec(_without_rule(real_kb), answers)
    assert before.verdict in ("lean", "clear") and before.winner == rec.leader
    assert rec.margin == before.margin  # only the reading changes, not the scores


def test_existing_code_is_concrete(real_kb: KnowledgeBase) -> None:
    """The same neutral dependency with PyTorch code to keep: the charge on TensorFlow decides."""
    rec = _rec(real_kb, {**NEW_TEAM, "toolchains": ["hailo"], "existing_code": "pytorch"})
    assert rec.verdict in ("lean", "clear") and rec.winner == "pytorch"
    assert NEUTRAL_SENTENCE not in rec.because_en


def test_one_dependency_that_separates_them_ends_the_neutral_case(real_kb: KnowledgeBase) -> None:
    both = EffectiveAnswers({"toolchains": ["hailo", "ultralytics"]}, {"toolchains": "answered"})
    assert neutral_picks(real_kb, both, "pytorch", "tensorflow") == ()
    only_hailo = EffectiveAnswers({"toolchains": ["hailo"]}, {"toolchains": "answered"})
    assert [o.id for _, o in neutral_picks(real_kb, only_hailo, "pytorch", "tensorflow")] == [
        "hailo"
    ]


def test_a_default_is_not_a_dependency_the_project_chose(real_kb: KnowledgeBase) -> None:
    defaulted = EffectiveAnswers({"toolchains": ["hailo"]}, {"toolchains": "default"})
    assert neutral_picks(real_kb, defaulted, "pytorch", "tensorflow") == ()


def test_general_ratings_alone_are_at_most_lean(real_kb: KnowledgeBase) -> None:
    """Across plain projects (no dependency, no code, no platform constraint), a two-framework
    "clear" always has a concrete lead of at least the too-close margin behind it, and the
    research project that general ratings alone used to call clear reads lean, with the reason."""
    research = {
        **NEW_TEAM,
        "stage": "research",
        "domains": ["scientific"],
        "deploy_targets": ["none"],
    }
    rec = _rec(real_kb, research)
    assert rec.verdict == "lean" and rec.winner == "pytorch"
    assert any("general ecosystem and usability ratings" in w for w in rec.warnings)
    assert any("通用的生态与易用性评分" in w for w in rec.warnings_zh)
    assert _rec(_without_rule(real_kb), research).verdict == "clear"

    values = build_values(real_kb, None, NOW.date())
    checked = 0
    for stage, domain, os_ in itertools.product(
        ("learning", "research", "prototype", "production"),
        ("vision", "nlp", "tabular", "scientific"),
        ("linux", "windows", "macos"),
    ):
        profile = Profile(answers={**NEW_TEAM, "stage": stage, "domains": [domain], "os": os_})
        rec = recommend(real_kb, profile, draws=DRAWS, now=NOW)
        if rec.verdict != "clear" or len([r for r in rec.eliminated if r.kind != "penalty"]):
            continue
        answers = effective_answers(real_kb, profile, {})
        dec = decide(real_kb, answers, compat_facts(real_kb, None), values, None)
        lead, run = dec.scores.ranking[0], dec.scores.ranking[1]
        got = concrete_lead(
            real_kb,
            values.criteria,
            dec.scores.contributions,
            dec.weights.relevant,
            dec.penalties,
            lead,
            run,
        )
        assert got >= 2.0, (stage, domain, os_, got)
        checked += 1
    assert checked >= 3, "no plain project reads clear: the property checked nothing"


def test_the_card_says_why_and_lists_no_cost_both_pay(real_kb: KnowledgeBase) -> None:
    """The decision card (app, HTML, PDF, Markdown) says under the headline why it is too close,
    and a charge both frameworks pay for the same dependency is no reason on either side."""
    from recommender.export import get_exporter
    from recommender.export.card import decision_card

    rec = _rec(real_kb, {**NEW_TEAM, "toolchains": ["hailo"], "deploy_targets": ["hailo"]})
    assert rec.verdict == "too_close"
    for lang, words in (("en", NEUTRAL_SENTENCE), ("zh", "以同样的方式支持 PyTorch 和 TensorFlow")):
        card = decision_card(rec, real_kb, lang)
        assert card.verdict_reason is not None and words in card.verdict_reason
        lines = [r.text for r in card.reasons] + card.give_up
        assert not any("Hailo" in line for line in lines), lines
        md = get_exporter("md").render(rec, real_kb, lang).decode()
        assert words in md.split("# ")[2]  # in the decision section, before the appendix
    assert rec.verdict_reason_en is not None and rec.verdict_reason_zh is not None


def test_a_clear_verdict_has_no_reason_held_back(real_kb: KnowledgeBase) -> None:
    rec = _rec(real_kb, {**NEW_TEAM, "hardware": ["amd"], "stage": "research"})
    assert rec.verdict == "clear"  # AMD hardware is concrete: nothing held this one back
    assert rec.verdict_reason_en is None
    lean = _rec(real_kb, {**NEW_TEAM, "stage": "research", "domains": ["scientific"]})
    assert lean.verdict == "lean" and lean.verdict_reason_en is not None
    assert lean.verdict_reason_en.startswith("Not “clear”")
