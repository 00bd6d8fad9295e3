"""Page: the recommendation with its reasons, evidence, flip points and what-if weights."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import streamlit as st

from app_pages import state, views
from app_pages.i18n import t, tx
from app_pages.services import ServiceError

if TYPE_CHECKING:
    from kb.schema import KnowledgeBase
    from recommender.models import Recommendation

SLIDER_PREFIX = "wi_"
SLIDER_MAX = 30.0  # percent; keeps the typical 1–10 % weights easy to move


def _names(kb: KnowledgeBase) -> dict[str, str]:
    return {fid: fw.name for fid, fw in kb.frameworks.items()}


def _percent(weight: float) -> float:
    """A weight (share of 1) as the slider shows it: percent, one decimal."""
    return round(weight * 100, 1)


def _overrides(rec_base: Recommendation) -> dict[str, float]:
    """Slider values (percent) that differ from the weights the answers produced, as shares."""
    chosen: dict[str, float] = {}
    for w in rec_base.weights:
        value = st.session_state.get(SLIDER_PREFIX + w.criterion)
        if value is not None and abs(float(value) - _percent(w.weight)) > 1e-6:
            chosen[w.criterion] = float(value) / 100
    return chosen


def _reset_sliders() -> None:
    state.forget_widgets(SLIDER_PREFIX)
    st.session_state[state.OVERRIDES] = {}


def _contribution_chart(rec: Recommendation, kb: KnowledgeBase, lang: str) -> None:
    from recommender.export import charts

    spec = charts.to_vega_lite(charts.contribution_chart(rec, lang, _names(kb)))
    st.vega_lite_chart(spec, width="stretch")
    st.caption(t("contrib_chart_caption", lang))


def _per_criterion(rec: Recommendation, kb: KnowledgeBase, lang: str) -> None:
    st.subheader(t("per_criterion", lang), anchor=False)
    rows = []
    for c in rec.contributions:
        row: dict[str, object] = {
            t("criterion", lang): c.title_zh if lang == "zh" else c.title_en,
            t("weight", lang): f"{c.weight:.0%}",
        }
        for v in c.values:
            name = views.framework_name(kb, v.framework)
            mark = " [m]" if v.measured else ""
            row[f"{name} {t('rating', lang)}"] = f"{v.value:.1f} ({v.low:.0f}–{v.high:.0f}){mark}"
            row[f"{name} {t('points', lang)}"] = round(v.contribution, 1)
        rows.append(row)
    st.dataframe(rows, hide_index=True, width="stretch")
    if any(v.measured for c in rec.contributions for v in c.values):
        st.caption(f"[m] = {t('measured_here', lang)}")
    for c in rec.contributions:
        title = c.title_zh if lang == "zh" else c.title_en
        with st.expander(f"{t('evidence', lang)}: {title}"):
            for v in c.values:
                if v.note:
                    st.caption(f"{views.framework_name(kb, v.framework)}: {v.note}")
            for fid, refs in c.evidence.items():
                st.markdown(f"**{views.framework_name(kb, fid)}**")
                for ref in refs:
                    stale = (
                        f" · :material/warning: {t('stale_evidence', lang)}" if ref.stale else ""
                    )
                    st.markdown(f"- [{ref.title}]({ref.url}) ({ref.as_of}{stale}): {ref.claim}")


def _eliminated(rec: Recommendation, kb: KnowledgeBase, lang: str) -> None:
    st.subheader(t("eliminated", lang), anchor=False)
    if not rec.eliminated:
        st.caption(t("none_eliminated", lang))
    for e in rec.eliminated:
        reason = e.reason_zh if lang == "zh" else e.reason_en
        kind = t(f"kind_{e.kind}", lang, points=f"{e.points or 0:.0f}")
        st.warning(f"**{views.framework_name(kb, e.framework)}** — {kind}: {reason} (`{e.rule}`)")


def _flip_points(rec: Recommendation, lang: str) -> None:
    st.subheader(t("flip_points", lang), anchor=False)
    if not rec.flip_points:
        st.caption(t("no_flip_points", lang))
    for fp in rec.flip_points:
        st.markdown("- " + (fp.sentence_zh if lang == "zh" else fp.sentence_en))


def _stale_claims(rec: Recommendation, kb: KnowledgeBase, lang: str) -> None:
    claims = [c for c in kb.stale_claims if c.id in set(rec.stale_claims)]
    if not claims:
        return
    st.subheader(t("stale_claims", lang), anchor=False)
    for claim in claims:
        st.info(
            views.stale_claim_markdown(claim, kb, lang),
            icon=":material/newspaper:",
        )


def _answers_used(rec: Recommendation, kb: KnowledgeBase, lang: str) -> None:
    """Each question with the answer the decision used and where it came from."""
    if not rec.effective_answers:
        return
    with st.expander(t("answers_used", lang)):
        rows = []
        for q in kb.questions:
            chosen = rec.effective_answers.get(q.id, [])
            origin = rec.answer_origin.get(q.id, "default")
            rows.append(
                {
                    t("question", lang): tx(q.text, lang),
                    t("answer", lang): ", ".join(
                        views.option_label(kb, q.id, o, lang) for o in chosen
                    )
                    or "—",
                    t("origin", lang): t(f"origin_{origin}", lang),
                }
            )
        st.dataframe(rows, hide_index=True, width="stretch")


def _extras(rec: Recommendation, lang: str) -> None:
    if rec.consequences:
        st.subheader(t("consequences", lang), anchor=False)
        icons = {
            "good": ":material/check_circle:",
            "neutral": ":material/remove:",
            "bad": ":material/warning:",
        }
        for c in rec.consequences:
            st.markdown(f"- {icons[c.kind]} " + (c.text_zh if lang == "zh" else c.text_en))
    triggers = rec.revisit_triggers_zh if lang == "zh" else rec.revisit_triggers_en
    if triggers:
        st.subheader(t("revisit", lang), anchor=False)
        for item in triggers:
            st.markdown(f"- {item}")
    if rec.install_command:
        st.subheader(t("install", lang), anchor=False)
        st.code(rec.install_command, language="bash")
    warnings = rec.warnings_zh if lang == "zh" and rec.warnings_zh else rec.warnings
    if warnings:
        st.subheader(t("warnings", lang), anchor=False)
        for w in warnings:
            st.warning(w)


@st.fragment
def _body(kb: KnowledgeBase, lang: str) -> None:
    """Everything that depends on the weights: a slider change reruns only this fragment."""
    _, probe = views.active_probe()
    try:
        base = views.current_recommendation(kb, probe)
    except ServiceError as exc:
        st.error(t("error_recommend", lang))
        st.code(str(exc), language=None)
        return
    main_col, side = st.columns([3, 1])
    with side:
        st.subheader(t("whatif", lang), anchor=False)
        st.caption(t("whatif_help", lang))
        for w in base.weights:
            crit = kb.criteria.get(w.criterion)
            label = tx(crit.title, lang) if crit else w.criterion
            key = SLIDER_PREFIX + w.criterion
            if key not in st.session_state:  # first show, or back from another page
                kept = st.session_state.get(state.OVERRIDES, {}).get(w.criterion)
                st.session_state[key] = _percent(w.weight if kept is None else kept)
            top = max(SLIDER_MAX, float(math.ceil(_percent(w.weight))))
            st.slider(label, min_value=0.0, max_value=top, step=0.5, key=key, format="%.1f%%")
        st.button(t("whatif_reset", lang), on_click=_reset_sliders, key="whatif_reset")
    overrides = _overrides(base)
    # Kept outside the widget keys (dropped when this page is not shown), so the export page
    # and a return visit see the same weights.
    st.session_state[state.OVERRIDES] = overrides
    rec = base
    if overrides:
        try:
            rec = views.current_recommendation(kb, probe, overrides)
        except ServiceError as exc:
            st.error(f"{t('error_recommend', lang)} {exc}")
    with main_col:
        if overrides:
            st.info(t("whatif_changed", lang), icon=":material/tune:")
        views.render_summary(rec, kb, lang, show_eliminated=False)
        st.caption(t("uncertainty_note", lang, n=rec.monte_carlo_draws))
        _answers_used(rec, kb, lang)
        st.subheader(t("contributions", lang), anchor=False)
        _contribution_chart(rec, kb, lang)
        _eliminated(rec, kb, lang)
        _flip_points(rec, lang)
        _stale_claims(rec, kb, lang)
        _per_criterion(rec, kb, lang)
        _extras(rec, lang)


def main() -> None:
    lang = state.lang()
    kb = views.kb_or_stop(lang)
    st.title(t("page_recommendation", lang), anchor=False)
    key, _ = views.active_probe()
    st.caption(t("for_machine", lang, machine=views.md_escape(views.machine_label(key, lang))))
    _body(kb, lang)


main()
