"""One-click presets (kb/presets.yaml): validated against the KB, shown on the Describe page."""

from __future__ import annotations

import pytest

from kb.presets import PresetError, load_presets, parse_presets
from kb.schema import KnowledgeBase
from tests.app.conftest import new_app, open_group_of

EXPECTED = {
    "llm_finetuning": "LLM fine-tuning",
    "mobile_cv_app": "Mobile CV app",
    "tpu_research": "TPU research",
    "legacy_tf_serving": "Legacy TF serving shop",
    "browser_app": "Browser app",
    "microcontroller": "Microcontroller",
}


def test_shipped_presets_are_valid_and_bilingual(kb: KnowledgeBase) -> None:
    presets = load_presets(kb)
    assert {p.id: p.title.en for p in presets} == EXPECTED
    for p in presets:
        assert p.title.zh and p.title.zh != p.title.en
        assert p.description.zh and p.description.en


@pytest.mark.parametrize(
    ("answers", "problem"),
    [
        ("{stage: shipping}", "llm.stage: unknown option 'shipping'"),
        ("{colour: red}", "llm.colour: unknown question"),
        ("{domains: llm}", "llm.domains: multi-choice question takes a list"),
        ("{stage: [research]}", "llm.stage: single-choice question takes one option"),
        (
            "{priorities: [debugging, ecosystem, training_speed, inference_speed]}",
            "llm.priorities: at most 3 choices",
        ),
    ],
)
def test_a_preset_naming_what_the_kb_lacks_is_refused(
    kb: KnowledgeBase, answers: str, problem: str
) -> None:
    text = (
        "presets:\n  - id: llm\n    title: {en: LLM, zh: 大模型}\n"
        f"    description: {{en: x, zh: 某}}\n    answers: {answers}\n"
    )
    with pytest.raises(PresetError) as err:
        parse_presets(text, kb)
    assert problem in str(err.value)


def test_a_preset_with_an_unknown_key_is_refused(kb: KnowledgeBase) -> None:
    text = "presets:\n  - id: a\n    title: {en: A, zh: 甲}\n    description: {en: x, zh: 某}\n"
    text += "    answers: {stage: research}\n    weights: {debugging: 1}\n"
    with pytest.raises(PresetError, match="weights"):
        parse_presets(text, kb)


def test_preset_button_fills_the_questionnaire(kb: KnowledgeBase) -> None:
    preset = next(p for p in load_presets(kb) if p.id == "legacy_tf_serving")
    at = new_app().run()
    assert not at.exception
    labels = [b.label for b in at.button if b.key and b.key.startswith("preset_")]
    assert labels == list(EXPECTED.values())
    next(b for b in at.button if b.key == "preset_legacy_tf_serving").click().run()
    assert not at.exception
    assert at.session_state["answers"] == dict(preset.answers)
    assert at.session_state["description"] == preset.description.en
    assert any("Legacy TF serving shop" in s.value for s in at.success)
    # the widgets show the preset's answers and the live result follows them
    assert open_group_of(at, "existing_code").pills(key="q_existing_code").value == "tensorflow"
    assert any(s.value.startswith("Recommended: TensorFlow") for s in at.subheader)


def test_preset_titles_in_chinese(kb: KnowledgeBase) -> None:
    at = new_app({"lang": "zh"}).run()
    labels = [b.label for b in at.button if b.key and b.key.startswith("preset_")]
    assert labels == [p.title.zh for p in load_presets(kb)]
