"""Names for ids: reports and warnings show labels from the KB, never ``question=option``."""

from __future__ import annotations

from kb.schema import KnowledgeBase
from recommender.labels import (
    answer_phrase,
    framework_status,
    ignored_answer,
    must_label,
    option_label,
    rule_source,
)


def test_option_label_is_the_label_alone(real_kb: KnowledgeBase) -> None:
    assert option_label(real_kb, "stage", "prototype") == ("Prototype", "原型")
    assert option_label(real_kb, "stage", "no_such_option") == ("no_such_option",) * 2


def test_answer_phrase_names_question_and_options(real_kb: KnowledgeBase) -> None:
    en, zh = answer_phrase(real_kb, "hardware", ["nvidia", "amd"])
    assert en == "“Which accelerators will you use” = “NVIDIA GPU”, “AMD GPU (ROCm)”"
    assert zh == "“将使用哪些加速硬件”＝“NVIDIA GPU”、“AMD GPU（ROCm）”"
    assert "nvidia" not in en and "hardware" not in en


def test_rule_source_for_an_answer_a_default_and_a_kb_rule(real_kb: KnowledgeBase) -> None:
    en, zh = rule_source(real_kb, "questions.yaml:deploy_targets=microcontroller")
    assert en == "Your answer “Where will the model run” = “Microcontroller”"
    assert zh == "你的回答“模型将部署在哪里”＝“微控制器”"
    en, zh = rule_source(real_kb, "questions.yaml:hardware=")
    assert en == "“Which accelerators will you use” left unanswered" and "未回答" in zh
    rule = next(r for r in real_kb.rules if r.id == "tf_python_unsupported")
    assert rule_source(real_kb, "rules.yaml:tf_python_unsupported") == (
        rule.description.en,
        rule.description.zh,
    )
    assert must_label(real_kb, "rules.yaml:tf_python_unsupported")[0].startswith("the rule “No ")
    assert must_label(real_kb, "questions.yaml:deploy_targets=microcontroller") == (
        "“Microcontroller”",
        "“微控制器”",
    )
    assert rule_source(real_kb, "rules.yaml:gone") == ("rules.yaml:gone",) * 2  # unknown: as given


def test_ignored_answer_and_status_words(real_kb: KnowledgeBase) -> None:
    assert (
        ignored_answer(real_kb, "stage=someday")[0] == "“What stage is the project in” = “someday”"
    )
    assert ignored_answer(real_kb, "mood=happy") == ("“mood” = “happy”", "“mood”＝“happy”")
    assert framework_status("import_error") == ("import failed", "导入失败")
    assert framework_status("weird") == ("weird", "weird")
