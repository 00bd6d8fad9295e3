"""Page: describe your project. Questions come from the KB, grouped, with their help text."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from app_pages.common import inert, state, target_choice, views
from app_pages.common.question_groups import GROUP, group_tab_key, group_title
from app_pages.common.services import ServiceError, load_kb, make_profile, parse_profile
from kb.texts import t, tx
from recommender.models import MAX_DESCRIPTION_CHARS

if TYPE_CHECKING:
    from kb.schema import Question

WIDGET_PREFIX = "q_"
DESC_KEY = "w_desc"
UPLOAD_KEY = "w_profile_upload"
PROFILE = "profile"  # where the profile box's notices appear
PROFILE_BOX = "w_profile_box"  # the profile box's open state


def _widget_value(q: Question, prefills: dict[str, list[str]]) -> str | list[str] | None:
    value: str | list[str] | None = st.session_state[state.ANSWERS].get(q.id)
    if value is None and q.id in prefills:
        value = prefills[q.id] if q.kind == "multi" else prefills[q.id][0]
    if q.kind == "multi":
        return list(value) if isinstance(value, list) else ([value] if value else [])
    return value if isinstance(value, str) else None


def _exclusive(qid: str, value: list[str]) -> list[str]:
    """An exclusive option ("CPU only") and others cannot stand together: the one just picked
    wins, and a notice next to the question says what was unselected."""
    q = load_kb().question(qid)
    contradicted = q.contradicted(value) if q is not None else []
    if q is None or not contradicted:  # an unknown question, or nothing to settle
        return value
    before = st.session_state[state.ANSWERS].get(qid) or []
    just_picked = [o for o in contradicted if o not in before]
    lang = state.lang()
    if just_picked:  # the exclusive option was just picked: it stands alone
        kept, key = just_picked[:1], "exclusive_kept_alone"
        option = just_picked[0]
    else:  # another option was just picked: the exclusive one gives way
        kept, key = [o for o in value if o not in contradicted], "exclusive_unselected"
        option = contradicted[0]
    opt = q.option(option)
    label = views.md_escape(tx(opt.label, lang) if opt else option)
    state.notice("info", t(key, lang, option=label), WIDGET_PREFIX + qid)
    st.session_state[WIDGET_PREFIX + qid] = kept
    return kept


def _on_answer(qid: str, kind: str, max_choices: int | None) -> None:
    value = st.session_state.get(WIDGET_PREFIX + qid)
    if kind == "multi" and isinstance(value, list):
        value = _exclusive(qid, value)
    if kind == "multi" and isinstance(value, list) and max_choices and len(value) > max_choices:
        value = value[:max_choices]
        st.session_state[WIDGET_PREFIX + qid] = value
        # next to the question that caused it, not at the top of a long page
        state.notice("warning", t("max_choices", state.lang(), n=max_choices), WIDGET_PREFIX + qid)
    state.set_answer(qid, value)
    st.session_state.pop(state.UNDO, None)


def _on_description() -> None:
    """Keep the text, cut to the profile's limit with a visible notice (never dropped)."""
    text = st.session_state.get(DESC_KEY, "") or ""
    if len(text) > MAX_DESCRIPTION_CHARS:
        lang = state.lang()
        message = t("desc_truncated", lang, n=len(text), limit=MAX_DESCRIPTION_CHARS)
        state.notice("warning", message, DESC_KEY)
        text = text[:MAX_DESCRIPTION_CHARS]
        st.session_state[DESC_KEY] = text
    st.session_state[state.DESCRIPTION] = text
    st.session_state.pop(state.UNDO, None)


def _forget_widgets() -> None:
    state.forget_widgets(WIDGET_PREFIX)
    st.session_state.pop(DESC_KEY, None)


@inert.guarded(PROFILE)
def _on_profile_upload() -> None:
    lang = state.lang()
    uploaded = st.session_state.get(UPLOAD_KEY)
    if uploaded is None:
        return
    try:
        profile = parse_profile(uploaded.getvalue(), uploaded.name, load_kb())
    except ServiceError as exc:
        message = f"{t('profile_rejected', lang)}\n\n{views.md_escape(str(exc))}"
        state.notice("error", message, PROFILE)
        return
    st.session_state[state.ANSWERS] = dict(profile.answers)
    st.session_state[state.DESCRIPTION] = profile.description
    _forget_widgets()
    st.session_state.pop(state.UNDO, None)
    state.notice("success", t("profile_loaded", lang, name=views.md_escape(uploaded.name)), PROFILE)


def _on_reset() -> None:
    state.clear_answers()  # undoable: the undo button appears next to this one
    _forget_widgets()


def _on_undo() -> None:
    if state.undo_clear():
        _forget_widgets()
        state.notice("success", t("restored", state.lang()), PROFILE)


def _on_group_tab(key: str, groups_by_title: dict[str, str]) -> None:
    title = st.session_state.get(key)
    if title in groups_by_title:
        st.session_state[GROUP] = groups_by_title[title]


def _open_group(key: str, title: str, group: str) -> None:
    """The "Next" button: open the following group's tab."""
    st.session_state[key] = title
    st.session_state[GROUP] = group


def _questionnaire(
    groups: dict[str, list[Question]], prefills: dict[str, list[str]], machine: str, lang: str
) -> None:
    """One tab per question group, and only the open tab's questions are drawn (lazy tabs): the
    first page after a server start renders about 0.2 s sooner than with every group on it
    (docs/app-performance.md "Straight through"), and the live result sits right under the
    questions. A line above the tabs counts the answers of every group, so none is missed."""
    answered = st.session_state[state.ANSWERS]
    titles = {group: group_title(group, lang) for group in groups}
    counts = {
        group: (sum(1 for q in qs if answered.get(q.id) or q.id in prefills), len(qs))
        for group, qs in groups.items()
    }
    done, total = sum(c[0] for c in counts.values()), sum(c[1] for c in counts.values())
    per_group = " · ".join(f"{titles[g]} {d}/{n}" for g, (d, n) in counts.items())
    st.caption(t("questions_progress", lang, done=done, total=total, groups=per_group))
    key = group_tab_key(lang)
    if key not in st.session_state and st.session_state.get(GROUP) in titles:
        # the other language's tabs were open: open the same group here. Through the state,
        # not ``default``: the tabs' identity includes ``default``, so changing it makes them
        # new tabs that forget the open one.
        st.session_state[key] = titles[st.session_state[GROUP]]
    tabs = st.tabs(
        list(titles.values()),
        key=key,
        on_change=_on_group_tab,
        args=(key, {title: group for group, title in titles.items()}),
    )
    order = list(groups)
    for i, (tab, group) in enumerate(zip(tabs, order, strict=True)):
        if not tab.open:
            continue
        with tab:
            for q in groups[group]:
                _question(q, prefills, machine, lang)
            if i + 1 < len(order):
                following = order[i + 1]
                st.button(
                    t("next_group", lang, group=titles[following]),
                    key=f"next_group_{group}",
                    icon=":material/arrow_forward:",
                    on_click=_open_group,
                    args=(key, titles[following], following),
                )


def _question(q: Question, prefills: dict[str, list[str]], machine: str, lang: str) -> None:
    key = WIDGET_PREFIX + q.id
    if key not in st.session_state:
        st.session_state[key] = _widget_value(q, prefills)
    labels = {o.id: tx(o.label, lang) for o in q.options}
    st.pills(
        tx(q.text, lang),
        options=[o.id for o in q.options],
        format_func=labels.__getitem__,
        selection_mode="multi" if q.kind == "multi" else "single",
        key=key,
        help=tx(q.help, lang),
        on_change=_on_answer,
        args=(q.id, q.kind, q.max_choices),
    )
    state.show_notice(key)
    if q.id in prefills and q.id not in st.session_state[state.ANSWERS]:
        st.caption(
            ":material/subdirectory_arrow_right: " + t("prefilled_from", lang, machine=machine)
        )


def _profile_box(lang: str) -> None:
    """Save, load or clear the answers. Drawn only while open (a lazy expander): closed, as on
    a first visit, it sends no download payloads, uploader or buttons to the browser."""
    if PROFILE in (st.session_state.get(state.NOTICE) or {}):  # a new notice inside is seen
        st.session_state[PROFILE_BOX] = True
    box = st.expander(t("profile_section", lang), key=PROFILE_BOX, on_change="rerun")
    if not box.open:
        return
    with box:
        profile = make_profile(
            st.session_state.get(state.DESCRIPTION, ""), st.session_state[state.ANSWERS]
        )
        views.profile_downloads(profile, lang, "dl_profile")
        st.file_uploader(
            t("profile_upload", lang),
            type=["yaml", "yml", "json"],
            key=UPLOAD_KEY,
            on_change=_on_profile_upload,
            max_upload_size=5,
        )
        state.show_notice(PROFILE)
        st.button(t("reset_answers", lang), on_click=_on_reset, key="reset_answers")
        if state.UNDO in st.session_state:
            st.info(t("cleared", lang), icon=":material/undo:")
            st.button(t("undo", lang), on_click=_on_undo, key="undo_clear_button", type="primary")


def main() -> None:
    lang = state.lang()
    kb = views.kb_or_stop(lang)
    st.title(t("page_describe", lang), anchor=False)
    st.caption(t("describe_intro", lang))
    views.preset_buttons(kb, lang)
    state.show_notice()

    if DESC_KEY not in st.session_state:
        st.session_state[DESC_KEY] = st.session_state.get(state.DESCRIPTION, "")
    st.text_area(
        t("description", lang),
        key=DESC_KEY,
        help=t("description_help", lang),
        on_change=_on_description,
        height=90,
    )
    state.show_notice(DESC_KEY)

    key, probe = views.active_probe()
    machine = views.md_escape(views.machine_label(key, lang))  # shown in Markdown captions
    prefills = views.prefills(kb, probe)
    groups: dict[str, list[Question]] = {}
    for q in kb.questions:
        groups.setdefault(q.group, []).append(q)
    _questionnaire(groups, prefills, machine, lang)

    _profile_box(lang)

    st.divider()
    st.header(t("live_result", lang), anchor=False)
    target_choice.render("describe", lang, kb)
    try:
        rec = views.current_recommendation(kb, probe)
    except ServiceError as exc:
        st.error(t("error_recommend", lang))
        st.code(str(exc), language=None)
        return
    views.render_summary(rec, kb, lang)
    st.page_link(
        "app_pages/recommendation.py", label=t("see_details", lang), icon=":material/arrow_forward:"
    )


main()
