"""Describe-your-project page: questions from the KB, answers, live recommendation, reload."""

from __future__ import annotations

import re
from typing import Any

from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import ButtonGroup

from app_pages.common.question_groups import group_title
from kb.schema import KnowledgeBase, Question
from tests.app.conftest import new_app, open_group_of, open_profile_box
from tests.lookup import question


def _pill(at: AppTest, question_text: str) -> ButtonGroup[Any]:
    return next(p for p in at.pills if p.label == question_text)


def _no_errors(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def test_questions_come_from_the_kb_with_help(app: AppTest, kb: KnowledgeBase) -> None:
    """Each group's tab draws its questions in the KB's order; together every question."""
    _no_errors(app)
    labels: list[str] = []
    for q in sorted_by_group(kb):
        if q.text.en not in labels:
            labels += [p.label for p in open_group_of(app, q.id).pills]
    assert labels == [q.text.en for q in sorted_by_group(kb)]
    open_group_of(app, "stage")
    stage = _pill(app, question(kb, "stage").text.en)
    assert stage.help == question(kb, "stage").help.en
    assert set(stage.options) == {o.label.en for o in question(kb, "stage").options}


def sorted_by_group(kb: KnowledgeBase) -> list[Question]:
    groups: dict[str, list[Question]] = {}
    for q in kb.questions:
        groups.setdefault(q.group, []).append(q)
    return [q for qs in groups.values() for q in qs]


def test_answer_updates_recommendation_and_url(app: AppTest, kb: KnowledgeBase) -> None:
    before = [m.value for m in app.metric]
    assert before, "a recommendation is shown before any answer (neutral defaults)"
    open_group_of(app, "deploy_targets")
    _pill(app, question(kb, "deploy_targets").text.en).set_value(["mobile", "browser"]).run()
    open_group_of(app, "stage")
    _pill(app, question(kb, "stage").text.en).set_value("production").run()
    _no_errors(app)
    assert app.session_state["answers"] == {
        "deploy_targets": ["mobile", "browser"],
        "stage": "production",
    }
    assert app.query_params["a_stage"] == "production"
    assert app.query_params["a_deploy_targets"] == "mobile,browser"
    heads = [h.value for h in app.subheader]
    assert any(h.startswith("Recommended:") or h == "Too close to call" for h in heads)


def test_reload_restores_answers_from_url(kb: KnowledgeBase) -> None:
    at = new_app({"a_stage": "research", "a_domains": "nlp,vision", "desc": "speech bot"}).run()
    _no_errors(at)
    assert at.session_state["answers"] == {"stage": "research", "domains": ["nlp", "vision"]}
    assert _pill(at, question(kb, "stage").text.en).value == "research"
    assert _pill(at, question(kb, "domains").text.en).value == ["nlp", "vision"]
    assert at.text_area[0].value == "speech bot"


def test_unknown_answers_in_url_are_ignored(kb: KnowledgeBase) -> None:
    at = new_app({"a_stage": "bogus", "a_nope": "x", "a_domains": "nlp,<script>"}).run()
    _no_errors(at)
    assert at.session_state["answers"] == {"domains": ["nlp"]}


def test_an_exclusive_option_and_the_others_never_stand_together(
    app: AppTest, kb: KnowledgeBase
) -> None:
    """ "CPU only" beside "NVIDIA GPU": the one just picked wins, a notice beside the question
    says what was unselected (kb/schema.py ``Option.exclusive``)."""
    q = next(q for q in kb.questions if any(o.exclusive for o in q.options))
    exclusive = next(o for o in q.options if o.exclusive)
    other = next(o for o in q.options if not o.exclusive)
    open_group_of(app, q.id)
    pill = next(p for p in app.pills if p.key == f"q_{q.id}")
    pill.set_value([other.id]).run()
    next(p for p in app.pills if p.key == f"q_{q.id}").set_value([other.id, exclusive.id]).run()
    _no_errors(app)
    assert app.session_state["answers"][q.id] == [exclusive.id]
    assert any("excludes the other answers" in i.value for i in app.info)
    next(p for p in app.pills if p.key == f"q_{q.id}").set_value([exclusive.id, other.id]).run()
    _no_errors(app)
    assert app.session_state["answers"][q.id] == [other.id]
    assert next(p for p in app.pills if p.key == f"q_{q.id}").value == [other.id]
    shown = [re.sub(r"\\(.)", r"\1", i.value) for i in app.info]  # Markdown-escaped label
    assert any(f"“{exclusive.label.en}” was unselected" in x for x in shown), shown


def test_multi_choice_limit_is_enforced(app: AppTest, kb: KnowledgeBase) -> None:
    q = next(q for q in kb.questions if q.max_choices)
    assert q.max_choices is not None
    options = [o.id for o in q.options][: q.max_choices + 1]
    open_group_of(app, q.id)
    next(p for p in app.pills if p.key == f"q_{q.id}").set_value(options).run()
    assert not app.exception
    assert app.session_state["answers"][q.id] == options[: q.max_choices]
    assert any(f"at most {q.max_choices}" in w.value for w in app.warning)


def test_the_profile_box_is_drawn_only_while_open(app: AppTest) -> None:
    """Closed (a first visit), the box sends neither its downloads nor its uploader; opened, it
    holds all of them and stays as the user leaves it; a new notice from inside opens it."""
    _no_errors(app)
    assert [e.label for e in app.expander] == ["Save or load your answers"]
    assert not app.download_button and not app.file_uploader
    assert "reset_answers" not in [b.key for b in app.button]
    open_profile_box(app)
    assert len(app.download_button) == 2 and len(app.file_uploader) == 1
    app.button(key="reset_answers").click().run()
    assert "undo_clear_button" in [b.key for b in app.button]
    app.session_state["w_profile_box"] = False  # the user closes it: the undo offer waits
    app.run()
    assert not app.file_uploader and "undo_clear_button" not in [b.key for b in app.button]
    open_profile_box(app).button(key="undo_clear_button").click().run()
    assert any("Your answers are back" in s.value for s in app.success)  # seen, box open
    app.session_state["w_profile_box"] = False
    app.run()
    assert not app.success


def _tab_keys(at: AppTest) -> list[str]:
    return [p.key for p in at.pills if p.key]


def test_only_the_open_groups_questions_are_drawn_and_the_line_above_counts_all(
    app: AppTest, kb: KnowledgeBase
) -> None:
    """Lazy tabs (the first render after a server start, docs/app-performance.md): the first
    group's questions only, a line counting every group's answers, a button to the next."""
    groups = list(dict.fromkeys(q.group for q in kb.questions))
    first = [f"q_{q.id}" for q in kb.questions if q.group == groups[0]]
    assert _tab_keys(app) == first
    assert [tab.label for tab in app.tabs] == [group_title(g, "en") for g in groups]
    line = next(c.value for c in app.caption if "questions answered" in c.value)
    assert line.startswith(f"0 of {len(kb.questions)} questions answered")
    second = [q for q in kb.questions if q.group == groups[1]]
    assert f"{group_title(groups[1], 'en')} 0/{len(second)}" in line
    next(b for b in app.button if b.key == f"next_group_{groups[0]}").click().run()
    assert _tab_keys(app) == [f"q_{q.id}" for q in second]


def test_an_answer_in_a_closed_tab_is_kept_counted_and_shown_when_it_opens_again(
    app: AppTest, kb: KnowledgeBase
) -> None:
    open_group_of(app, "deploy_targets").pills(key="q_deploy_targets").set_value(["mobile"]).run()
    open_group_of(app, "stage")
    assert "q_deploy_targets" not in _tab_keys(app)
    assert app.session_state["answers"] == {"deploy_targets": ["mobile"]}
    line = next(c.value for c in app.caption if "questions answered" in c.value)
    assert line.startswith(f"1 of {len(kb.questions)} questions answered")
    assert open_group_of(app, "deploy_targets").pills(key="q_deploy_targets").value == ["mobile"]


def test_switching_the_language_keeps_the_open_group(app: AppTest, kb: KnowledgeBase) -> None:
    hardware = [f"q_{q.id}" for q in kb.questions if q.group == "hardware"]
    groups = list(dict.fromkeys(q.group for q in kb.questions))
    before = groups[groups.index("hardware") - 1]
    open_group_of(app, next(q.id for q in kb.questions if q.group == before))
    next(b for b in app.button if b.key == f"next_group_{before}").click().run()
    assert _tab_keys(app) == hardware
    app.segmented_control(key="w_lang").set_value("zh").run()
    assert not app.exception
    assert _tab_keys(app) == hardware
    assert "硬件" in [tab.label for tab in app.tabs]
