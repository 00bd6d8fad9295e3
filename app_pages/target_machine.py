"""Page: upload a probe report from the machine that will do the work; compare two machines."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from app_pages import machine_view, state, views
from app_pages.i18n import t
from app_pages.services import MAX_UPLOAD_BYTES, ServiceError, parse_report

if TYPE_CHECKING:
    from kb.schema import KnowledgeBase

UPLOAD_KEY = "w_probe_upload"
ACTIVE_KEY = "w_active_machine"
UPLOAD_PREFIX = "upload:"
LABELS_KEY = "machine_labels"


def _on_upload() -> None:
    lang = state.lang()
    uploaded = st.session_state.get(UPLOAD_KEY)
    if uploaded is None:
        return
    data = uploaded.getvalue()
    if len(data) > MAX_UPLOAD_BYTES:
        message = t("too_large", lang, name=uploaded.name, size=len(data), limit=MAX_UPLOAD_BYTES)
        state.notice("error", f"{t('upload_rejected', lang)}\n\n{views.md_escape(message)}")
        return
    try:
        report = parse_report(data, uploaded.name)
    except ServiceError as exc:
        state.notice("error", f"{t('upload_rejected', lang)}\n\n{views.md_escape(str(exc))}")
        return
    key = UPLOAD_PREFIX + uploaded.name
    st.session_state[state.MACHINES][key] = report
    st.session_state[state.MACHINE_NAMES][key] = uploaded.name
    state.set_active_machine(key)
    st.session_state.pop(ACTIVE_KEY, None)
    state.notice(
        "success",
        t(
            "upload_ok",
            lang,
            name=views.md_escape(uploaded.name),
            machine=views.md_escape(views.machine_summary(report, lang)),
        ),
    )


def _on_active() -> None:
    choice = st.session_state.get(LABELS_KEY, {}).get(st.session_state.get(ACTIVE_KEY), "-")
    state.set_active_machine(None if choice == "-" else choice)


def _on_remove(key: str) -> None:
    st.session_state[state.MACHINES].pop(key, None)
    st.session_state[state.MACHINE_NAMES].pop(key, None)
    if st.session_state.get(state.ACTIVE) == key:
        state.set_active_machine(None)
    st.session_state.pop(ACTIVE_KEY, None)


def _machine_column(kb: KnowledgeBase, key: str, lang: str) -> None:
    report = st.session_state[state.MACHINES][key]
    st.markdown(f"**{views.md_escape(views.machine_label(key, lang))}**")
    try:
        rec = views.current_recommendation(kb, report)
    except ServiceError as exc:
        st.error(f"{t('error_recommend', lang)} {exc}")
    else:
        winner = views.framework_name(kb, rec.winner) if rec.winner else t("no_winner", lang)
        st.metric(
            t("winner", lang), winner, help=f"{t('verdict', lang)}: {views.verdict_text(rec, lang)}"
        )
        st.dataframe(
            [
                {
                    t("framework", lang): views.framework_name(kb, fid),
                    t("score", lang): round(score, 1),
                    t("p_win", lang): f"{rec.win_probability.get(fid, 0.0):.0%}",
                }
                for fid, score in sorted(rec.scores.items(), key=lambda kv: -kv[1])
            ],
            hide_index=True,
            width="stretch",
        )
    machine_view.render_report(report, lang)


def main() -> None:
    lang = state.lang()
    kb = views.kb_or_stop(lang)
    st.title(t("page_target", lang), anchor=False)
    st.markdown(t("target_intro", lang))
    state.show_notice()

    st.file_uploader(
        t("upload_probe", lang, mb=MAX_UPLOAD_BYTES // (1024 * 1024)),
        type=["json"],
        key=UPLOAD_KEY,
        on_change=_on_upload,
        max_upload_size=MAX_UPLOAD_BYTES // (1024 * 1024),
    )

    machines = st.session_state[state.MACHINES]
    st.subheader(t("machines", lang), anchor=False)
    if not machines:
        st.info(t("no_machines", lang))
        return
    # Options are the shown labels (plain text in a selectbox); map them back to machine keys.
    labels = {t("general", lang): "-"} | {views.machine_label(k, lang): k for k in machines}
    st.session_state[LABELS_KEY] = labels
    active = st.session_state.get(state.ACTIVE)
    by_key = {v: k for k, v in labels.items()}
    st.session_state[ACTIVE_KEY] = by_key.get(active or "-", t("general", lang))
    st.selectbox(t("rec_for", lang), options=list(labels), key=ACTIVE_KEY, on_change=_on_active)
    for key in machines:
        st.button(
            f"{t('remove', lang)}: {views.md_escape(views.machine_label(key, lang))}",
            on_click=_on_remove,
            args=(key,),
            key=f"remove_{key}",
        )

    st.divider()
    st.subheader(t("compare", lang), anchor=False)
    keys = list(machines.keys())
    if len(keys) < 2:
        st.caption(t("compare_need_two", lang))
        _machine_column(kb, keys[0], lang)
        return
    c1, c2 = st.columns(2)
    names = {views.machine_label(k, lang): k for k in keys}
    left = names[c1.selectbox(t("left", lang), list(names), index=0, key="cmp_left")]
    right = names[c2.selectbox(t("right", lang), list(names), index=1, key="cmp_right")]
    with c1:
        _machine_column(kb, left, lang)
    with c2:
        _machine_column(kb, right, lang)


main()
