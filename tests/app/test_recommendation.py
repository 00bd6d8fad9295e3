"""Recommendation page: the decision card first, consistent what-if, opt-in export (issue 13)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Slider

from kb.schema import KnowledgeBase
from probes.report import ProbeReport
from recommender.models import Recommendation
from tests.app.conftest import new_app
from tests.lookup import question

MUST_HAVE = {"a_toolchains": "transformers", "a_stage": "production"}
LEGACY_TF = {
    "a_stage": "production",
    "a_team_experience": "tensorflow",
    "a_existing_code": "tensorflow",
    "a_hardware": "nvidia",
    "a_os": "linux",
}


def plain(markdown: str) -> str:
    """The text a reader sees: the app backslash-escapes user and KB text inside Markdown."""
    return re.sub(r"\\(.)", r"\1", markdown)


def _no_errors(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def _weight_sliders(at: AppTest) -> dict[str, Slider[Any]]:
    """The what-if weight sliders by criterion id (their keys are ``wi_<criterion>``)."""
    return {s.key[3:]: s for s in at.slider if s.key is not None and s.key.startswith("wi_")}


def _heaviest(at: AppTest) -> tuple[str, Slider[Any]]:
    """The criterion whose weight slider stands highest, and that slider."""

    def weight(item: tuple[str, Slider[Any]]) -> float:
        value = item[1].value
        assert isinstance(value, float | int), value
        return float(value)

    return max(_weight_sliders(at).items(), key=weight)


def _page(query: dict[str, str]) -> AppTest:
    at = new_app(query)
    at.switch_page("app_pages/recommendation.py").run()
    _no_errors(at)
    return at


def _rec(
    kb: KnowledgeBase, query: dict[str, str], overrides: dict[str, float] | None = None
) -> Recommendation:
    from app_pages.common.services import make_profile, recommend

    answers: dict[str, str | list[str]] = {}
    for key, value in query.items():
        qid = key[2:]
        q = question(kb, qid)
        answers[qid] = value.split(",") if q.kind == "multi" else value
    return recommend(kb, make_profile("", answers), None, overrides)


def _texts(at: AppTest) -> list[str]:
    return [plain(m.value) for m in at.markdown]


def test_card_comes_first_with_badge_reasons_trade_offs_and_install(kb: KnowledgeBase) -> None:
    from recommender.export.card import decision_card, reason_line

    at = _page(LEGACY_TF)
    rec = _rec(kb, LEGACY_TF)
    card = decision_card(rec, kb, "en")
    texts = _texts(at)
    # the first thing after the title and the machine line is the verdict badge, in words
    assert texts[0].startswith(":") and card.verdict_label in texts[0]
    assert at.subheader[0].value == card.headline
    # the three reasons are the decision model's ranking, penalties included
    shown = "\n".join(texts)
    assert len(card.reasons) == 3
    for r in card.reasons:
        assert reason_line(r, "en") in shown
    assert any(r.kind == "penalty" for r in card.reasons), "the switching penalty is a reason"
    # a strength of the runner-up is labelled as the runner-up's, not as a plain check
    assert card.give_up and all(x.startswith("PyTorch is stronger on") for x in card.give_up[:1])
    for x in card.give_up:
        assert x in shown
    # the install command is the recommendation's own, pre-selected for the NVIDIA answer
    assert at.selectbox(key="w_install_target").value == "cuda"
    assert at.code[0].value == rec.install_command


def test_install_selector_shows_the_kb_command_for_each_target(kb: KnowledgeBase) -> None:
    from recommender.install import choose_install

    at = _page(LEGACY_TF)
    at.selectbox(key="w_install_target").set_value("rocm").run()
    _no_errors(at)
    rocm = choose_install(kb, "tensorflow", None, {"hardware": ["amd"], "os": ["linux"]})
    assert rocm is not None and at.code[0].value == rocm.command
    at.selectbox(key="w_install_target").set_value("cpu").run()
    cpu = choose_install(kb, "tensorflow", None, {"hardware": ["cpu_only"], "os": ["linux"]})
    assert cpu is not None and at.code[0].value == cpu.command != rocm.command


def test_must_have_is_a_reason_and_the_ruled_out_framework_is_labelled(kb: KnowledgeBase) -> None:
    at = _page(MUST_HAVE)
    rec = _rec(kb, MUST_HAVE)
    vetoed = [e for e in rec.eliminated if e.kind in ("veto", "require")]
    assert vetoed, "Transformers v5 has no TensorFlow path: the pick rules TensorFlow out"
    shown = "\n".join(_texts(at))
    assert vetoed[0].reason_en.rstrip(".") in shown
    score_line = next(plain(c.value) for c in at.caption if " · " in c.value)
    assert rec.winner is not None
    assert score_line.startswith(kb.frameworks[rec.winner].name)
    assert f"{kb.frameworks[vetoed[0].framework].name}" in score_line
    assert "(eliminated)" in score_line


def test_conflicting_must_haves_read_as_a_conflict_on_both_pages(kb: KnowledgeBase) -> None:
    """One pick only PyTorch meets, one only TensorFlow meets: no "too close" badge, the drops
    as what-ifs, no install command (tests/recommender/test_conflicting_must_haves.py)."""
    from recommender.export.card import decision_card

    query = {"a_toolchains": "torchtitan,tensorflow_probability"}
    rec = _rec(kb, query)
    assert rec.shown_verdict == "conflict", "the KB no longer has these as opposing must-haves"
    card = decision_card(rec, kb, "en")
    at = _page(query)
    texts = _texts(at)
    assert card.verdict_label in texts[0] and "Too close" not in texts[0]
    assert at.subheader[0].value == "No framework meets every requirement"
    shown = "\n".join(texts)
    assert card.what_ifs and all(x in shown for x in card.what_ifs)
    assert card.give_up_none in shown
    assert not at.code, "no framework is recommended, so no install command"
    assert not _weight_sliders(at), "no weight can bring back a ruled-out framework"
    assert any("Weights cannot change this result" in c.value for c in at.caption)
    describe = new_app(query)
    describe.run()
    _no_errors(describe)
    assert "No framework meets every requirement" in [h.value for h in describe.subheader]


def test_sliders_reach_past_every_stated_flip_point(kb: KnowledgeBase) -> None:
    at = _page({"a_stage": "production", "a_deploy_targets": "mobile,browser"})
    rec = _rec(kb, {"a_stage": "production", "a_deploy_targets": "mobile,browser"})
    sliders = _weight_sliders(at)
    assert set(sliders) == set(kb.criteria)
    flips = [(f.criterion, f.flip_weight) for f in rec.flip_points if f.flip_weight is not None]
    assert flips, "this profile states flip points"
    for criterion, flip_weight in flips:
        assert sliders[criterion].max >= flip_weight * 100, criterion


def test_moving_a_slider_past_its_flip_point_flips_the_what_if_side_only(kb: KnowledgeBase) -> None:
    query = {"a_stage": "production", "a_deploy_targets": "mobile,browser"}
    rec = _rec(kb, query)
    stated = [(f.flip_weight, f) for f in rec.flip_points if f.flip_weight is not None]
    flip_weight, flip = min(stated, key=lambda pair: pair[0])
    at = _page(query)
    slider = next(s for s in at.slider if s.key == "wi_" + flip.criterion)
    target = min(slider.max, round(flip_weight * 100 + 3))
    slider.set_value(float(target)).run()
    _no_errors(at)
    assert any("With your weights" in i.value for i in at.info)
    what_if = _rec(kb, query, {flip.criterion: target / 100})
    assert what_if.leader != rec.leader, "crossing the stated flip point changes the leader"
    # the card keeps the answers' result; the comparison shows both, side by side
    texts = _texts(at)
    assert rec.leader is not None and what_if.leader is not None
    assert at.subheader[0].value.endswith(kb.frameworks[rec.leader].name) or (rec.winner is None)
    verdicts = [t for t in texts if t.startswith("Verdict: ")]
    assert len(verdicts) == 2
    assert kb.frameworks[rec.leader].name in verdicts[0]
    assert kb.frameworks[what_if.leader].name in verdicts[1]
    codes = [c.value for c in at.code]
    assert (rec.install_command or "no install command") in codes
    assert (what_if.install_command or "no install command") in codes


def test_reset_brings_back_the_answers_result(kb: KnowledgeBase) -> None:
    at = _page({"a_stage": "production", "a_deploy_targets": "mobile,browser"})
    _, heaviest = _heaviest(at)
    heaviest.set_value(0.0).run()
    assert any("With your weights" in i.value for i in at.info)
    next(b for b in at.button if b.key == "whatif_reset").click().run()
    _no_errors(at)
    assert not any("With your weights" in i.value for i in at.info)
    assert not [t for t in _texts(at) if t.startswith("Verdict: ")]


def test_saved_scenarios_are_compared_side_by_side(kb: KnowledgeBase) -> None:
    at = _page({"a_stage": "production"})
    _, heaviest = _heaviest(at)
    heaviest.set_value(0.0).run()
    at.text_input(key="w_scenario_name").input("no " + heaviest.label).run()
    next(b for b in at.button if b.key == "scenario_save").click().run()
    heaviest = next(s for s in at.slider if s.key == heaviest.key)
    heaviest.set_value(heaviest.max).run()
    next(b for b in at.button if b.key == "scenario_save").click().run()
    _no_errors(at)
    table = next(d.value for d in at.dataframe if "From your answers" in d.value.columns)
    assert list(table.columns) == ["", "From your answers", "no " + heaviest.label, "Scenario 2"]
    weights = dict(zip(table[""], table["no " + heaviest.label], strict=True))
    assert weights["Weights changed"] == f"{heaviest.label} 0%"
    assert table["From your answers"].iloc[-1] == "none (answers only)"
    next(b for b in at.button if b.key == "scenario_drop").click().run()
    assert at.session_state["whatif_scenarios"] == []


def test_what_if_weights_reach_the_export_only_when_ticked(
    kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app_pages.common import views

    used: list[dict[str, float] | None] = []
    real = views.current_recommendation

    def spy(
        kb_: KnowledgeBase, probe: ProbeReport | None, overrides: dict[str, float] | None = None
    ) -> Recommendation:
        used.append(overrides)
        return real(kb_, probe, overrides)

    monkeypatch.setattr(views, "current_recommendation", spy)
    at = _page({"a_stage": "production"})
    criterion, heaviest = _heaviest(at)
    heaviest.set_value(0.0).run()
    at.switch_page("app_pages/export.py").run()
    _no_errors(at)
    box = next(c for c in at.checkbox if c.key == "w_whatif")
    assert box.value is False, "opt-in: not pre-ticked"
    assert used[-1] is None
    box.check().run()
    assert used[-1] == {criterion: 0.0}
    at.switch_page("app_pages/recommendation.py").run()
    assert next(s for s in at.slider if s.key == heaviest.key).value == 0.0
    assert any("With your weights" in i.value for i in at.info)


def test_details_sit_behind_tabs_and_the_impact_chart_is_sorted(kb: KnowledgeBase) -> None:
    at = _page({"a_stage": "production"})
    labels = [tab.label for tab in at.tabs]
    assert labels[:6] == [
        "What if",
        "Charts",
        "Flip points",
        "Evidence",
        "Answers used",
        "Article claims",
    ]
    assert labels[6].startswith("Warnings (")
    from recommender.export.charts import impact_chart

    rec = _rec(kb, {"a_stage": "production"})
    names = {fid: fw.name for fid, fw in kb.frameworks.items()}
    expected = impact_chart(rec, "en", names, limit=12)
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert spec["layer"][0]["encoding"]["y"]["sort"] == expected.categories, "largest gap first"
    assert spec["layer"][1]["mark"]["type"] == "text", "value labels"
    assert spec["config"]["axis"]["labelLimit"] <= 200, "labels leave room for bars at 400 px"
    headers = [s.value for s in at.subheader]
    assert "What would change the answer" in headers and "Eliminated or penalised" in headers
    assert at.dataframe, "per-criterion table"


def test_card_in_chinese(kb: KnowledgeBase) -> None:
    at = _page({**LEGACY_TF, "lang": "zh"})
    texts = _texts(at)
    assert "倾向推荐" in texts[0] or "明确推荐" in texts[0] or "难分高下" in texts[0]
    assert "**理由**" in texts and "**你放弃的**" in texts
    assert at.subheader[0].value.startswith("选用 ")


def test_describe_page_says_which_weights_its_live_result_uses(kb: KnowledgeBase) -> None:
    at = _page({"a_stage": "production"})
    note = "This result uses the weights from your answers"
    at.switch_page("app_pages/describe.py").run()
    assert not any(c.value.startswith(note) for c in at.caption)
    at.switch_page("app_pages/recommendation.py").run()
    _, heaviest = _heaviest(at)
    heaviest.set_value(0.0).run()
    at.switch_page("app_pages/describe.py").run()
    _no_errors(at)
    assert any(c.value.startswith(note) for c in at.caption)
