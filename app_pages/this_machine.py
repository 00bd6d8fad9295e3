"""Page: probe the machine the app runs on, with live progress, cancel and result tables."""

from __future__ import annotations

import streamlit as st

from app_pages.common import machine_view, probe_state, state, views
from app_pages.common.probe_runner import TIERS
from kb.texts import colon, t
from probes.steps import step_text

TIER_KEY = "w_tier"


def _on_start() -> None:
    lang = state.lang()
    tier = st.session_state.get(TIER_KEY) or "quick"
    if not probe_state.start(tier):
        state.notice("warning", t("probe_busy", lang))


def _on_cancel() -> None:
    run = probe_state.current()
    if run is not None:
        run.cancel()


@st.fragment(run_every=0.5)
def _progress_panel() -> None:
    """Polls the child twice a second without rerunning the whole page."""
    lang = state.lang()
    run = probe_state.current()
    if run is None:
        return
    if run.poll() is not None:
        probe_state.collect_if_finished()
        st.rerun()
    progress = run.progress()
    step = step_text(progress.step, lang) if progress.step else t("probe_starting", lang)
    text = t("probe_running", lang, step=step)
    if progress.eta_s is not None:
        text += " · " + t("eta", lang, s=progress.eta_s)
    st.progress(progress.fraction, text=text)
    # Not a ``with`` block: leaving one marks the status complete while the probe still runs.
    tier = t(f"tier_{run.tier}", lang)
    box = st.status(f"{tier}{colon(lang)}{step}", state="running", expanded=True)
    for i, name in enumerate(progress.steps):
        done = i < len(progress.steps) - 1
        mark = ":material/check_circle:" if done else ":material/hourglass_top:"
        box.markdown(f"{mark} {views.md_escape(step_text(name, lang))}")
    st.button(t("cancel_probe", lang), on_click=_on_cancel, key="cancel_probe", type="secondary")


def main() -> None:
    lang = state.lang()
    views.kb_or_stop(lang)
    st.title(t("page_this_machine", lang), anchor=False)
    st.caption(t("probe_intro", lang))
    state.show_notice()

    running = probe_state.current() is not None
    if TIER_KEY not in st.session_state:
        st.session_state[TIER_KEY] = "quick"
    st.segmented_control(
        t("tier", lang),
        options=list(TIERS),
        format_func=lambda tier: t(f"tier_{tier}", lang),
        key=TIER_KEY,
        disabled=running,
        required=True,
    )
    st.button(
        t("run_probe", lang), type="primary", on_click=_on_start, disabled=running, key="run_probe"
    )
    if running:  # no timer while idle: the fragment polls only during a run
        _progress_panel()

    outcome = st.session_state.get(probe_state.RESULT_KEY)
    if outcome and not running:
        kind, message = outcome
        {"error": st.error, "success": st.success}.get(kind, st.info)(message)

    report = st.session_state[state.MACHINES].get(state.LOCAL)
    if report is None:
        return
    st.divider()
    st.subheader(views.md_escape(views.machine_summary(report, lang)), anchor=False)
    if st.session_state.get(state.ACTIVE) == state.LOCAL:
        st.success(t("using_for_rec", lang))
    else:
        st.button(
            t("use_for_rec", lang),
            on_click=state.set_active_machine,
            args=(state.LOCAL,),
            key="use_local",
        )
    kb = views.kb_or_stop(lang)
    pre = views.prefills(kb, report)
    if pre:
        shown = "; ".join(
            f"{views.tx_question(kb, qid, lang)} = "
            + ", ".join(views.option_label(kb, qid, o, lang) for o in opts)
            for qid, opts in pre.items()
        )
        st.info(t("prefilled_note", lang, answers=shown))
    machine_view.render_report(report, lang)


main()
