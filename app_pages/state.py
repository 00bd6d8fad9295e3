"""Session state of one browser tab, and its mirror in the URL.

A browser reload starts a new Streamlit session, so the answers, the description and the
language are mirrored into the query string (``lang``, ``desc``, ``a_<question>``) and read back
when a session starts. The canonical copy lives in ``st.session_state`` under plain keys (not
widget keys), because Streamlit drops a widget's key when its page is not shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from app_pages.i18n import LANGS

LANG = "ui_lang"
LANG_DEFAULT = "ui_lang_default"  # from the browser's locale, so the URL only stores a change
ANSWERS = "answers"  # question id -> option id | list[option ids]
DESCRIPTION = "description"
MACHINES = "machines"  # machine key -> ProbeReport
MACHINE_NAMES = "machine_names"  # machine key -> label shown to the user
ACTIVE = "active_machine"  # machine key or None
OVERRIDES = "weight_overrides"  # criterion id -> weight
NOTICE = "notice"  # (kind, message) shown once on the next run
LOCAL = "local"  # machine key of the probed machine the app runs on

ANSWER_PREFIX = "a_"
MAX_DESC_IN_URL = 1000  # 1000 CJK chars are ~9 kB URL-encoded; servers cap request lines


def init(question_ids: Mapping[str, tuple[str, set[str]]] | None) -> None:
    """Create the session's keys once, from the URL when it carries answers.

    ``question_ids`` maps question id -> (kind, allowed option ids); values in the URL that the KB
    does not know are dropped, so a stale or hand-edited link cannot break the page.
    """
    ss = st.session_state
    if LANG not in ss:
        ss[LANG_DEFAULT] = locale_lang(getattr(st.context, "locale", None))
        lang = st.query_params.get("lang", ss[LANG_DEFAULT])
        ss[LANG] = lang if lang in LANGS else ss[LANG_DEFAULT]
    if ANSWERS not in ss:
        ss[ANSWERS] = answers_from_params(dict(st.query_params), question_ids or {})
        ss[DESCRIPTION] = str(st.query_params.get("desc", ""))[:MAX_DESC_IN_URL]
    for key, default in (
        (MACHINES, {}),
        (MACHINE_NAMES, {}),
        (ACTIVE, None),
        (OVERRIDES, {}),
    ):
        if key not in ss:
            ss[key] = default


def locale_lang(locale: object) -> str:
    """'zh', 'zh-CN', 'zh_TW' … -> 'zh'; anything else (or unknown) -> 'en'."""
    return "zh" if str(locale or "").lower().startswith("zh") else "en"


def answers_from_params(
    params: Mapping[str, str], questions: Mapping[str, tuple[str, set[str]]]
) -> dict[str, str | list[str]]:
    """Decode ``a_<id>=opt`` / ``a_<id>=opt1,opt2``; unknown ids and options are ignored."""
    answers: dict[str, str | list[str]] = {}
    for key, raw in params.items():
        if not key.startswith(ANSWER_PREFIX):
            continue
        qid = key[len(ANSWER_PREFIX) :]
        if qid not in questions:
            continue
        kind, allowed = questions[qid]
        values = [v for v in str(raw).split(",") if v in allowed]
        if kind == "single":
            if values:
                answers[qid] = values[0]
        else:
            answers[qid] = list(dict.fromkeys(values))
    return answers


def params_for(
    lang: str, answers: Mapping[str, Any], description: str, default_lang: str = "en"
) -> dict[str, str]:
    """The query string that restores this state after a reload."""
    params: dict[str, str] = {}
    if lang != default_lang:
        params["lang"] = lang
    for qid, value in sorted(answers.items()):
        if isinstance(value, list):
            if value:
                params[ANSWER_PREFIX + qid] = ",".join(value)
        elif value:
            params[ANSWER_PREFIX + qid] = str(value)
    if description:
        params["desc"] = description[:MAX_DESC_IN_URL]
    return params


def sync_url() -> None:
    """Write the state into the URL when it differs (page navigation clears the URL)."""
    ss = st.session_state
    wanted = params_for(ss[LANG], ss[ANSWERS], ss.get(DESCRIPTION, ""), ss.get(LANG_DEFAULT, "en"))
    current = {k: st.query_params.get(k, "") for k in st.query_params}
    if current != wanted:
        st.query_params.clear()
        st.query_params.update(wanted)


def lang() -> str:
    return str(st.session_state.get(LANG, "en"))


def answers() -> dict[str, str | list[str]]:
    return dict(st.session_state.get(ANSWERS, {}))


def set_answer(qid: str, value: str | list[str] | None) -> None:
    current = dict(st.session_state[ANSWERS])
    if value is None or value == []:
        current.pop(qid, None)
    else:
        current[qid] = value
    st.session_state[ANSWERS] = current


def notice(kind: str, message: str) -> None:
    """Queue a message for the next run (callbacks run before the page draws)."""
    st.session_state[NOTICE] = (kind, message)


def show_notice() -> None:
    item = st.session_state.pop(NOTICE, None)
    if not item:
        return
    kind, message = item
    {"error": st.error, "warning": st.warning, "success": st.success}.get(kind, st.info)(message)


def forget_widgets(prefix: str) -> None:
    """Drop widget keys so the next run seeds them from the canonical state."""
    for key in [k for k in st.session_state if str(k).startswith(prefix)]:
        del st.session_state[key]


def set_active_machine(key: str | None) -> None:
    """Choose the machine the recommendation is for; pre-filled answers follow it."""
    st.session_state[ACTIVE] = key
    forget_widgets("q_")
