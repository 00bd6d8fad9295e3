"""Facts, rules and hard constraints: unknown is never true, vetoes name their rule."""

from __future__ import annotations

from typing import Any

import pytest

from kb.schema import Condition, KnowledgeBase
from recommender import recommend
from recommender.facts import FactValue, compat_facts, effective_answers, holds, probe_facts
from recommender.models import Profile
from tests.recommender.rec_kbfactory import NOW, make_kb, probe


@pytest.mark.parametrize(
    ("condition", "facts", "expected"),
    [
        ({"fact": "a", "equals": "x"}, {"a": "x"}, True),
        ({"fact": "a", "equals": "x"}, {"a": "y"}, False),
        ({"fact": "a", "equals": "x"}, {}, False),
        ({"fact": "a", "equals": False}, {}, False),  # unknown is not False
        ({"fact": "a", "equals": False}, {"a": False}, True),
        ({"fact": "a", "equals": False}, {"a": 0}, False),
        ({"fact": "a", "any_of": ["x", "z"]}, {"a": ["y", "z"]}, True),
        ({"fact": "a", "any_of": ["x"]}, {"a": "x"}, True),
        ({"fact": "a", "contains": "nvidia"}, {"a": ["amd", "nvidia"]}, True),
        ({"fact": "a", "contains": "nvidia"}, {"a": []}, False),
        ({"fact": "a", "equals": 3}, {"a": "3"}, True),
    ],
)
def test_condition_truth_table(
    condition: dict[str, Any], facts: dict[str, FactValue], expected: bool
) -> None:
    assert holds(Condition.model_validate(condition), facts) is expected


def test_probe_facts_are_flat_and_skip_unknowns() -> None:
    facts = probe_facts(probe(vendors=["nvidia"], python="3.12.1"))
    assert facts["probe.host.os"] == "linux"
    assert facts["probe.python.minor"] == "3.12"
    assert facts["probe.accelerators.vendors"] == ["nvidia"]
    assert facts["probe.frameworks.tensorflow.status"] == "ok"
    assert "probe.host.wsl" not in facts  # None = unknown is left out


def test_compat_python_supported_uses_latest_release(small_kb: KnowledgeBase) -> None:
    facts = compat_facts(small_kb, probe(python="3.9.18"))
    assert facts["compat.tensorflow.python_supported"] is False
    assert facts["compat.tensorflow.python_supported_any"] is True
    assert facts["compat.pytorch.python_supported"] is False
    assert "compat.tensorflow.python_supported" not in compat_facts(small_kb, None)


def test_rule_over_computed_compat_fact_vetoes(small_kb: KnowledgeBase) -> None:
    rec = recommend(small_kb, Profile(), probe(python="3.14.0"), draws=200, now=NOW)
    vetoes = [e for e in rec.eliminated if e.kind == "veto"]
    assert [(e.framework, e.rule) for e in vetoes] == [
        ("tensorflow", "rules.yaml:python_unsupported_tf")
    ]
    assert rec.winner == "pytorch" and rec.verdict == "clear"
    assert rec.win_probability == {"pytorch": 1.0, "tensorflow": 0.0}
    assert "only option" in rec.because_en and "唯一" in rec.because_zh


def test_option_veto_names_question_and_option(small_kb: KnowledgeBase) -> None:
    rec = recommend(
        small_kb, Profile(answers={"deploy_targets": ["microcontroller"]}), draws=100, now=NOW
    )
    assert rec.eliminated[0].rule == "questions.yaml:deploy_targets=microcontroller"
    assert rec.eliminated[0].reason_en and rec.eliminated[0].reason_zh
    assert rec.winner == "tensorflow"
    assert rec.flip_points == []


def test_rule_needs_all_conditions(small_kb: KnowledgeBase) -> None:
    only_os = recommend(small_kb, Profile(answers={"os": "windows"}), draws=0, now=NOW)
    assert not only_os.eliminated
    both = recommend(
        small_kb, Profile(answers={"os": "windows", "hardware": ["nvidia"]}), draws=0, now=NOW
    )
    assert [(e.kind, e.framework, e.points) for e in both.eliminated] == [
        ("penalty", "tensorflow", 6.0)
    ]
    assert both.scores["tensorflow"] == pytest.approx(only_os.scores["tensorflow"] - 6.0)


def test_require_eliminates_below_floor() -> None:
    data_kb = make_kb()
    q = data_kb.questions[0].model_dump(mode="json")
    q["options"][0]["effects"] = [
        {"kind": "require", "criterion": "ecosystem", "min": 7, "reason": {"en": "e", "zh": "e"}}
    ]
    kb2 = data_kb.model_copy(
        update={"questions": [type(data_kb.questions[0]).model_validate(q), *data_kb.questions[1:]]}
    )
    rec = recommend(kb2, Profile(answers={"deploy_targets": ["cloud_server"]}), draws=0, now=NOW)
    assert [(e.framework, e.kind) for e in rec.eliminated] == [("tensorflow", "require")]
    assert "rated 6" in rec.eliminated[0].reason_en


def test_every_framework_vetoed_gives_no_winner(small_kb: KnowledgeBase) -> None:
    rec = recommend(
        small_kb,
        Profile(answers={"deploy_targets": ["microcontroller"]}),
        probe(python="3.14.1"),
        draws=100,
        now=NOW,
    )
    assert rec.winner is None and rec.leader is None and rec.verdict == "too_close"
    assert rec.win_probability == {"pytorch": 0.0, "tensorflow": 0.0}
    assert "ruled out" in rec.warnings[0]


def test_probe_prefills_unanswered_os_and_hardware(small_kb: KnowledgeBase) -> None:
    eff = effective_answers(
        small_kb, Profile(), probe_facts(probe(os="windows", vendors=["nvidia"]))
    )
    assert eff.values["os"] == ["windows"] and eff.origin["os"] == "prefilled"
    assert eff.values["hardware"] == ["nvidia"]
    eff2 = effective_answers(small_kb, Profile(), probe_facts(probe(vendors=["apple"])))
    assert eff2.values["hardware"] == ["apple_silicon"]
    eff3 = effective_answers(small_kb, Profile(), probe_facts(probe(vendors=[])))
    assert eff3.values["hardware"] == ["cpu_only"]


def test_user_answer_beats_prefill(small_kb: KnowledgeBase) -> None:
    eff = effective_answers(
        small_kb, Profile(answers={"os": "linux"}), probe_facts(probe(os="windows"))
    )
    assert eff.values["os"] == ["linux"] and eff.origin["os"] == "answered"


def test_prefilled_answers_drive_rules_and_are_reported(small_kb: KnowledgeBase) -> None:
    rec = recommend(small_kb, Profile(), probe(os="windows", vendors=["nvidia"]), draws=0, now=NOW)
    assert any(e.rule == "rules.yaml:windows_nvidia_tf" for e in rec.eliminated)
    assert any("pre-filled" in w for w in rec.warnings)
    assert len(rec.warnings) == len(rec.warnings_zh)
    assert rec.answer_origin["os"] == "prefilled"


def test_answers_unknown_to_the_kb_are_ignored_with_a_warning(small_kb: KnowledgeBase) -> None:
    profile = Profile(answers={"os": "beos", "colour": "red", "deploy_targets": ["mobile", "moon"]})
    rec = recommend(small_kb, profile, draws=0, now=NOW)
    assert rec.effective_answers["deploy_targets"] == ["mobile"]
    assert rec.effective_answers["os"] == []
    joined = " ".join(rec.warnings)
    # named as people read them (the question's words where the KB knows it), never as ids
    assert "“colour” = “red”" in joined
    assert "= “beos”" in joined and "= “moon”" in joined
    assert "os=beos" not in joined and "deploy_targets=moon" not in joined
    assert "“colour”＝“red”" in " ".join(rec.warnings_zh)
