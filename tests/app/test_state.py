"""The URL mirror of the answers: what goes into the query string comes back out unchanged."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app_pages.common.state import (
    MAX_DESC_IN_URL,
    AnswerSpec,
    answers_from_params,
    locale_lang,
    params_for,
)

QUESTIONS = {
    "stage": AnswerSpec("single", {"research", "prototype", "production"}),
    "domains": AnswerSpec("multi", {"vision", "nlp", "audio", "tabular"}),
    "hardware": AnswerSpec("multi", {"nvidia", "amd", "cpu_only"}, frozenset({"cpu_only"})),
}

answers_strategy = st.fixed_dictionaries(
    {},
    optional={
        "stage": st.sampled_from(sorted(QUESTIONS["stage"][1])),
        "domains": st.lists(st.sampled_from(sorted(QUESTIONS["domains"][1])), unique=True),
        "hardware": st.one_of(
            st.just(["cpu_only"]), st.lists(st.sampled_from(["nvidia", "amd"]), unique=True)
        ),
    },
)


@given(answers=answers_strategy, lang=st.sampled_from(["en", "zh"]), desc=st.text(max_size=50))
def test_params_round_trip(answers: dict[str, str | list[str]], lang: str, desc: str) -> None:
    params = params_for(lang, answers, desc)
    expected = {k: v for k, v in answers.items() if v}
    assert answers_from_params(params, QUESTIONS) == expected
    assert params.get("lang", "en") == lang
    assert params.get("desc", "") == desc


def test_description_in_url_is_capped() -> None:
    assert len(params_for("en", {}, "x" * 5000)["desc"]) == MAX_DESC_IN_URL


def test_hand_edited_urls_cannot_inject_unknown_values() -> None:
    params = {"a_stage": "production,research", "a_domains": "vision,,evil,vision", "a_x": "1"}
    assert answers_from_params(params, QUESTIONS) == {"stage": "production", "domains": ["vision"]}


def test_browser_locale_picks_the_default_language() -> None:
    assert [locale_lang(x) for x in ("zh-CN", "zh_TW", "ZH", "en-US", "de", None)] == [
        "zh",
        "zh",
        "zh",
        "en",
        "en",
        "en",
    ]
    # a Chinese browser that switched to English keeps that choice in the URL
    assert params_for("en", {}, "", default_lang="zh") == {"lang": "en"}
    assert params_for("zh", {}, "", default_lang="zh") == {}


def test_an_exclusive_option_beside_others_in_a_url_gives_way() -> None:
    params = {"a_hardware": "cpu_only,nvidia", "a_domains": "vision"}
    assert answers_from_params(params, QUESTIONS) == {"hardware": ["nvidia"], "domains": ["vision"]}
    assert answers_from_params({"a_hardware": "cpu_only"}, QUESTIONS) == {"hardware": ["cpu_only"]}
