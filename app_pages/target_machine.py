"""Page: upload a probe report from the machine that will do the work; compare two machines."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from app_pages.common import inert, machine_view, state, target_choice, views
from app_pages.common.services import MAX_UPLOAD_BYTES, ServiceError, parse_report
from kb.texts import colon, t

if TYPE_CHECKING:
    from kb.schema import KnowledgeBase

UPLOAD_KEY = "w_probe_upload"
UPLOAD_PREFIX = "upload:"
UPLOAD = "upload"  # where the uploader's notices appear


@inert.guarded(UPLOAD)
def _on_upload() -> None:
    """Add the uploaded report as a choice; it never takes over a target the user picked."""
    lang = state.lang()
    uploaded = st.session_state.get(UPLOAD_KEY)
    if uploaded is None:
        return
    data = uploaded.getvalue()
    if len(data) > MAX_UPLOAD_BYTES:
        message = t("too_large", lang, name=uploaded.name, size=len(data), limit=MAX_UPLOAD_BYTES)
        state.notice("error", f"{t('upload_rejected', lang)}\n\n{views.md_escape(message)}", UPLOAD)
        return
    try:
        report = parse_report(data, uploaded.name)
    except ServiceError as exc:
        message = views.md_escape(str(exc))
        state.notice("error", f"{t('upload_rejected', lang)}\n\n{message}", UPLOAD)
        return
    key = state.machine_key(UPLOAD_PREFIX + uploaded.name, report)
    machines = st.session_state[state.MACHINES]
    if key not in machines and len(machines) >= state.MAX_MACHINES:
        message = t("too_many_machines", lang, n=state.MAX_MACHINES)
        state.notice("error", f"{t('upload_rejected', lang)}\n\n{message}", UPLOAD)
        return
    name = key[len(UPLOAD_PREFIX) :]
    became_target = state.add_machine(key, name, report)
    target_key, _ = views.active_probe()
    state.notice(
        "success",
        t(
            "machine_added_target" if became_target else "machine_added",
            lang,
            name=views.md_escape(name),
            machine=views.md_escape(views.machine_summary(report, lang)),
            target=views.md_escape(target_choice.choice_label(target_key or "-", lang)),
        ),
        UPLOAD,
    )


def _on_remove(key: str) -> None:
    state.remove_machine(key)


def _machine_column(kb: KnowledgeBase, key: str, lang: str) -> None:
    report = st.session_state[state.MACHINES][key]
    st.markdown(f"**{views.md_escape(views.machine_label(key, lang))}**")
    try:
        rec = views.current_recommendation(kb, report)
    except ServiceError as exc:
        st.error(f"{t('error_recommend', lang)} {exc}")
    else:
        winner = views.framework_name(kb, rec.winner) if rec.winner else views.no_winner(rec, lang)
        st.metric(
            t("winner", lang),
            winner,
            help=f"{t('verdict', lang)}{colon(lang)}{views.verdict_text(rec, lang)}",
        )
        from recommender.uncertainty import shown_probability  # "> 99 %", never "100 %"

        st.dataframe(
            [
                {
                    t("framework", lang): views.framework_name(kb, fid),
                    t("score", lang): round(score, 1),
                    t("p_win", lang): shown_probability(rec.win_probability.get(fid, 0.0)),
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
    state.show_notice(UPLOAD)  # next to the uploader that caused it

    machines = st.session_state[state.MACHINES]
    st.subheader(t("machines", lang), anchor=False)
    target_choice.render("target_page", lang, kb)
    if not machines:
        st.info(t("no_machines", lang))
        return
    names = st.session_state[state.MACHINE_NAMES]
    for key in machines:  # the name is enough here: the radio above shows the whole machine
        name = t("this_machine_label", lang) if key == state.LOCAL else names.get(key, key)
        st.button(
            f"{t('remove', lang)}{colon(lang)}{views.md_escape(name)}",
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
