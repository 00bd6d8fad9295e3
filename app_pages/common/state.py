"""Session state of one browser tab, its mirror in the URL and its server-side copy.

A browser reload starts a new Streamlit session. The answers and the language are mirrored into
the query string (``lang``, ``a_<question>``, and the first 1,000 characters of ``desc``) so a
shared link works on its own; everything else — the full description, probed and uploaded
machines, the chosen target — is kept server-side (app_pages/common/session_store.py) under the
opaque id in ``sid``. The canonical copy lives in ``st.session_state`` under plain keys (not widget
keys), because Streamlit drops a widget's key when its page is not shown.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, NamedTuple

import streamlit as st

from app_pages.common import session_store
from kb.texts import LANGS

LANG = "ui_lang"
LANG_DEFAULT = "ui_lang_default"  # from the browser's locale, so the URL only stores a change
ANSWERS = "answers"  # question id -> option id | list[option ids]
DESCRIPTION = "description"
MACHINES = "machines"  # machine key -> ProbeReport
MACHINE_NAMES = "machine_names"  # machine key -> label shown to the user
MACHINE_SIZES = "machine_sizes"  # machine key -> bytes of its JSON (for the store's bounds)
ACTIVE = "active_machine"  # the target: machine key, or None for "answers only"
TARGET_CHOSEN = "target_chosen"  # the user picked the target; nothing may change it for them
OVERRIDES = "weight_overrides"  # criterion id -> weight
NOTICE = "notice"  # place -> (kind, message), shown once next to the control that caused it
LOCAL = "local"  # machine key of the probed machine the app runs on
SID = "sid"  # this tab's id in the session store (and in the URL)
SAVED = "saved_fingerprint"  # what was last written to the store
UNDO = "undo_snapshot"  # (answers, description) before "Clear all answers"
NOT_KEPT = "not_kept"  # the session store refused this tab's inputs (over its size cap)

ANSWER_PREFIX = "a_"
MAX_DESC_IN_URL = 1000  # 1000 CJK chars are ~9 kB URL-encoded; servers cap request lines
MAX_MACHINES = 6  # per tab: a probed machine and a few uploads to compare
TOP = "top"  # the default notice place: under the page title
KEPT_PARAMS = ("kb",)  # query parameters a page reads itself (app_pages/common/kb_search.py)


class AnswerSpec(NamedTuple):
    """What a URL may say for one question: its kind, its option ids and the exclusive ones
    ("Not deployed"), which give way to the other options of their question (kb/schema.py)."""

    kind: str
    allowed: set[str]
    exclusive: frozenset[str] = frozenset()


@st.cache_resource(show_spinner=False)
def shared_store() -> session_store.SessionStore:
    """The server's one session store (shared by every tab, thread-safe)."""
    return session_store.SessionStore()


def init(question_ids: Mapping[str, AnswerSpec] | None) -> None:
    """Create the session's keys once: from the session store when the URL's id is known there,
    else from the URL's answers.

    ``question_ids`` maps question id -> (kind, allowed option ids); values in the URL that the KB
    does not know are dropped, so a stale or hand-edited link cannot break the page.
    """
    ss = st.session_state
    if LANG not in ss:
        ss[LANG_DEFAULT] = locale_lang(getattr(st.context, "locale", None))
        lang = st.query_params.get("lang", ss[LANG_DEFAULT])
        ss[LANG] = lang if lang in LANGS else ss[LANG_DEFAULT]
    if ANSWERS not in ss:
        sid = st.query_params.get(session_store.SID_PARAM)
        snap = shared_store().get(sid)
        if snap is not None:
            restore(snap, question_ids or {})
            ss[SID] = sid
        else:
            ss[ANSWERS] = answers_from_params(dict(st.query_params), question_ids or {})
            ss[DESCRIPTION] = str(st.query_params.get("desc", ""))[:MAX_DESC_IN_URL]
            ss[SID] = session_store.new_id()
    for key, default in (
        (MACHINES, {}),
        (MACHINE_NAMES, {}),
        (MACHINE_SIZES, {}),
        (ACTIVE, None),
        (TARGET_CHOSEN, False),
        (OVERRIDES, {}),
    ):
        if key not in ss:
            ss[key] = default


def restore(snap: session_store.Snapshot, questions: Mapping[str, AnswerSpec]) -> None:
    """Put a stored snapshot back into this session (answers re-checked against the KB)."""
    ss = st.session_state
    encoded = params_for("en", snap.answers, "")
    ss[ANSWERS] = answers_from_params(encoded, questions) if questions else dict(snap.answers)
    ss[DESCRIPTION] = snap.description
    ss[MACHINES] = dict(snap.machines)
    ss[MACHINE_NAMES] = dict(snap.machine_names)
    ss[MACHINE_SIZES] = {}
    ss[ACTIVE] = snap.active if snap.active in snap.machines else None
    ss[TARGET_CHOSEN] = snap.target_chosen


def locale_lang(locale: object) -> str:
    """'zh', 'zh-CN', 'zh_TW' … -> 'zh'; anything else (or unknown) -> 'en'."""
    return "zh" if str(locale or "").lower().startswith("zh") else "en"


def answers_from_params(
    params: Mapping[str, str], questions: Mapping[str, AnswerSpec]
) -> dict[str, str | list[str]]:
    """Decode ``a_<id>=opt`` / ``a_<id>=opt1,opt2``; unknown ids and options are ignored, and
    an exclusive option beside others of its question gives way (a hand-edited URL)."""
    answers: dict[str, str | list[str]] = {}
    for key, raw in params.items():
        if not key.startswith(ANSWER_PREFIX):
            continue
        qid = key[len(ANSWER_PREFIX) :]
        if qid not in questions:
            continue
        spec = questions[qid]
        values = [v for v in str(raw).split(",") if v in spec.allowed]
        if spec.kind == "single":
            if values:
                answers[qid] = values[0]
        else:
            values = list(dict.fromkeys(values))
            if any(v not in spec.exclusive for v in values):
                values = [v for v in values if v not in spec.exclusive]
            answers[qid] = values
    return answers


def params_for(
    lang: str, answers: Mapping[str, Any], description: str, default_lang: str = "en"
) -> dict[str, str]:
    """The query string that restores the answers after a reload (without the session id)."""
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


def link_params() -> dict[str, str]:
    """What a sidebar link carries so that a new tab opens this tab's state: its id and language."""
    ss = st.session_state
    params = {session_store.SID_PARAM: str(ss.get(SID, ""))}
    if ss.get(LANG) != ss.get(LANG_DEFAULT, "en"):
        params["lang"] = str(ss.get(LANG))
    return params


def sync_url() -> None:
    """Write the state into the URL when it differs (page navigation clears the URL), and keep
    the server-side copy current."""
    ss = st.session_state
    wanted = params_for(ss[LANG], ss[ANSWERS], ss.get(DESCRIPTION, ""), ss.get(LANG_DEFAULT, "en"))
    wanted[session_store.SID_PARAM] = str(ss[SID])
    for key in KEPT_PARAMS:  # a page's own parameter (e.g. which KB card a link opened)
        if key in st.query_params:
            wanted[key] = str(st.query_params.get(key))
    current = {k: st.query_params.get(k, "") for k in st.query_params}
    if current != wanted:
        st.query_params.clear()
        st.query_params.update(wanted)
    persist()


def _machine_size(key: str, report: Any) -> int:
    sizes: dict[str, int] = st.session_state.setdefault(MACHINE_SIZES, {})
    if key not in sizes:
        sizes[key] = len(report.model_dump_json()) if hasattr(report, "model_dump_json") else 0
    return sizes[key]


def persist() -> None:
    """Save this tab's inputs in the session store when they changed since the last save."""
    ss = st.session_state
    machines = dict(ss.get(MACHINES, {}))
    names = dict(ss.get(MACHINE_NAMES, {}))
    answers = dict(ss.get(ANSWERS, {}))
    description = str(ss.get(DESCRIPTION, ""))
    fingerprint = json.dumps(
        [
            description,
            answers,
            sorted((k, id(v)) for k, v in machines.items()),
            names,
            ss.get(ACTIVE),
            ss.get(TARGET_CHOSEN, False),
        ],
        sort_keys=True,
        default=str,
    )
    if ss.get(SAVED) == fingerprint:
        return
    size = len(description.encode()) + len(json.dumps(answers)) + 512
    size += sum(_machine_size(k, r) for k, r in machines.items())
    snap = session_store.Snapshot(
        description=description,
        answers=answers,
        machines=machines,
        machine_names=names,
        active=ss.get(ACTIVE),
        target_chosen=bool(ss.get(TARGET_CHOSEN, False)),
        size=size,
    )
    ss[NOT_KEPT] = not shared_store().put(str(ss[SID]), snap)  # too big: say so, once per change
    ss[SAVED] = fingerprint


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


def notice(kind: str, message: str, where: str = TOP) -> None:
    """Queue a message for the next run (callbacks run before the page draws), to be shown at
    ``where``: the place next to the control that caused it (``show_notice(where)``)."""
    notices = dict(st.session_state.get(NOTICE) or {})
    notices[where] = (kind, message)
    st.session_state[NOTICE] = notices


def show_notice(where: str = TOP) -> None:
    notices = dict(st.session_state.get(NOTICE) or {})
    item = notices.pop(where, None)
    st.session_state[NOTICE] = notices
    if not item:
        return
    kind, message = item
    {"error": st.error, "warning": st.warning, "success": st.success}.get(kind, st.info)(message)


def forget_widgets(prefix: str) -> None:
    """Drop widget keys so the next run seeds them from the canonical state."""
    for key in [k for k in st.session_state if str(k).startswith(prefix)]:
        del st.session_state[key]


def set_active_machine(key: str | None) -> None:
    """The user chose the target (a machine key, or None for "answers only"); pre-filled
    answers follow it, and nothing changes it for them from now on."""
    st.session_state[ACTIVE] = key
    st.session_state[TARGET_CHOSEN] = True
    forget_widgets("q_")


def machine_key(base: str, report: Any) -> str:
    """The key for a new machine: ``base``, or ``base (2)``, … when another report has it.

    The same report uploaded again keeps its key (nothing is added twice).
    """
    machines = st.session_state[MACHINES]
    key, n = base, 1
    while key in machines and machines[key] != report:
        n += 1
        key = f"{base} ({n})"
    return key


def add_machine(key: str, name: str, report: Any) -> bool:
    """Add a machine as a choice. It becomes the target only while the user has never chosen
    one and no other machine is there (the caller says so in its notice); returns whether it did.
    """
    ss = st.session_state
    others = [k for k in ss[MACHINES] if k != key]
    ss[MACHINES] = {**ss[MACHINES], key: report}
    ss[MACHINE_NAMES] = {**ss[MACHINE_NAMES], key: name}
    ss.setdefault(MACHINE_SIZES, {}).pop(key, None)
    if ss.get(ACTIVE) == key:
        return True
    if not ss.get(TARGET_CHOSEN) and not others and ss.get(ACTIVE) is None:
        ss[ACTIVE] = key
        forget_widgets("q_")
        return True
    return False


def remove_machine(key: str) -> None:
    ss = st.session_state
    ss[MACHINES] = {k: v for k, v in ss[MACHINES].items() if k != key}
    ss[MACHINE_NAMES] = {k: v for k, v in ss[MACHINE_NAMES].items() if k != key}
    if ss.get(ACTIVE) == key:
        ss[ACTIVE] = None
        forget_widgets("q_")


def clear_answers() -> None:
    """ "Clear all answers", undoable: the previous answers and description are kept once."""
    ss = st.session_state
    ss[UNDO] = (dict(ss[ANSWERS]), str(ss.get(DESCRIPTION, "")))
    ss[ANSWERS] = {}
    ss[DESCRIPTION] = ""


def undo_clear() -> bool:
    ss = st.session_state
    item = ss.pop(UNDO, None)
    if item is None:
        return False
    ss[ANSWERS], ss[DESCRIPTION] = dict(item[0]), str(item[1])
    return True
