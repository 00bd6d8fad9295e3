"""Page: the recommendation, answer first.

The decision card (verdict, reasons, trade-offs, what-ifs, install command, next steps) comes
first; the what-if sliders, charts, flip points, evidence, answers used, article claims and
warnings sit behind tabs. What-if weights are compared side by side with the answers' result.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import streamlit as st

from app_pages.common import kb_search, state, target_choice, views
from app_pages.common.inert import inert
from app_pages.common.services import ServiceError
from kb.texts import colon, t, tx

if TYPE_CHECKING:
    from kb.schema import KnowledgeBase
    from probes.report import ProbeReport
    from recommender.models import Recommendation

SLIDER_PREFIX = "wi_"
SLIDER_MAX = 30.0  # percent; keeps the typical 1–10 % weights easy to move
FLIP_HEADROOM = 5.0  # percent past a stated flip point, so the slider can cross it
SCENARIOS = "whatif_scenarios"  # list of (name, overrides) saved by the user
IMPACT_BARS = 12  # bars in the app's impact chart (all criteria are in the full chart)


def _names(kb: KnowledgeBase) -> dict[str, str]:
    return {fid: fw.name for fid, fw in kb.frameworks.items()}


def _percent(weight: float) -> float:
    """A weight (share of 1) as the slider shows it: percent, one decimal."""
    return round(weight * 100, 1)


def _seed_sliders(rec_base: Recommendation) -> None:
    """Give every slider its value before anything reads it: the kept what-if weight, else the
    weight the answers produced (widget keys are dropped while another page is shown)."""
    kept = st.session_state.get(state.OVERRIDES, {})
    for w in rec_base.weights:
        key = SLIDER_PREFIX + w.criterion
        if key not in st.session_state:
            st.session_state[key] = _percent(kept.get(w.criterion, w.weight))


def _overrides(rec_base: Recommendation) -> dict[str, float]:
    """Slider values (percent) that differ from the weights the answers produced, as shares."""
    _seed_sliders(rec_base)
    chosen: dict[str, float] = {}
    for w in rec_base.weights:
        value = st.session_state.get(SLIDER_PREFIX + w.criterion)
        if value is not None and abs(float(value) - _percent(w.weight)) > 1e-6:
            chosen[w.criterion] = float(value) / 100
    return chosen


def _reset_sliders() -> None:
    state.forget_widgets(SLIDER_PREFIX)
    st.session_state[state.OVERRIDES] = {}


def slider_max(current: float, flip_weight: float | None) -> float:
    """Top of a what-if slider (percent): past the flip point the page states, at most 100."""
    top = max(SLIDER_MAX, float(math.ceil(_percent(current))))
    if flip_weight is not None:
        top = max(top, float(math.ceil(flip_weight * 100 + FLIP_HEADROOM)))
    return min(top, 100.0)


def _charts(rec: Recommendation, kb: KnowledgeBase, lang: str) -> None:
    from recommender.export import charts

    names = _names(kb)
    impact = charts.impact_chart(rec, lang, names, limit=IMPACT_BARS)
    if impact.bars:
        st.vega_lite_chart(charts.to_vega_lite(impact), width="stretch", key="chart_impact")
        st.caption(t("impact_top", lang))
    with st.expander(t("all_criteria_chart", lang)):
        spec = charts.to_vega_lite(charts.contribution_chart(rec, lang, names))
        st.vega_lite_chart(spec, width="stretch", key="chart_contrib")
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
        with st.expander(f"{t('evidence', lang)}{colon(lang)}{title}"):
            kb_search.link(c.criterion, lang)
            for v in c.values:
                if v.note:
                    st.caption(f"{views.framework_name(kb, v.framework)}: {inert(v.note)}")
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
        # the rule id (questions.yaml:…, rules.yaml:…) is for maintainers: the JSON export keeps it
        name = views.framework_name(kb, e.framework)
        st.warning(f"**{name}** — {kind}{colon(lang)}{reason}")


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
    rows = []
    for q in kb.questions:
        chosen = rec.effective_answers.get(q.id, [])
        origin = rec.answer_origin.get(q.id, "default")
        rows.append(
            {
                t("question", lang): tx(q.text, lang),
                t("answer", lang): ", ".join(views.option_label(kb, q.id, o, lang) for o in chosen)
                or "—",
                t("origin", lang): t(f"origin_{origin}", lang),
            }
        )
    st.dataframe(rows, hide_index=True, width="stretch")


def _extras(rec: Recommendation, lang: str) -> None:
    if rec.consequences:
        st.subheader(t("consequences", lang), anchor=False)
        marks = {"good": "✔", "neutral": "•", "bad": "⚠"}
        for c in rec.consequences:
            st.markdown(f"- {marks[c.kind]} " + (c.text_zh if lang == "zh" else c.text_en))
    triggers = rec.revisit_triggers_zh if lang == "zh" else rec.revisit_triggers_en
    if triggers:
        st.subheader(t("revisit", lang), anchor=False)
        for item in triggers:
            st.markdown(f"- {item}")


def _warnings(rec: Recommendation, lang: str) -> list[str]:
    return rec.warnings_zh if lang == "zh" and rec.warnings_zh else rec.warnings


def _summary_line(rec: Recommendation, kb: KnowledgeBase, lang: str) -> tuple[str, str, str]:
    """(scores, verdict, install command) of one result, for the side-by-side comparison."""
    scores = " · ".join(
        f"{views.framework_name(kb, f)} {v:.1f}"
        for f, v in sorted(rec.scores.items(), key=lambda kv: -kv[1])
    )
    who = views.framework_name(kb, rec.winner or rec.leader)
    verdict = f"{who} ({views.verdict_text(rec, lang)})"
    return scores, verdict, rec.install_command or t("no_install_short", lang)


def _compare(base: Recommendation, rec: Recommendation, kb: KnowledgeBase, lang: str) -> None:
    """Baseline and what-if side by side: score, verdict and install command."""
    st.markdown(f"**{t('whatif_compare', lang)}**")
    left, right = st.columns(2)
    for col, title, r in ((left, t("baseline", lang), base), (right, t("whatif_col", lang), rec)):
        scores, verdict, cmd = _summary_line(r, kb, lang)
        with col.container(border=True):
            st.markdown(f"**{title}**")
            st.markdown(f"{t('verdict', lang)}{colon(lang)}**{verdict}**")
            st.caption(scores)
            st.code(cmd, language=None, wrap_lines=True)  # plain: the highlight palette fails AA


def _criterion_label(kb: KnowledgeBase, cid: str, lang: str) -> str:
    crit = kb.criteria.get(cid)
    return tx(crit.title, lang) if crit else cid


def _save_scenario(name_key: str) -> None:
    saved = list(st.session_state.get(SCENARIOS, []))
    name = str(st.session_state.get(name_key) or "").strip()[:60]
    name = name or t("scenario_default", state.lang(), n=len(saved) + 1)
    saved.append((name, dict(st.session_state.get(state.OVERRIDES, {}))))
    st.session_state[SCENARIOS] = saved[-6:]
    st.session_state[name_key] = ""


def _drop_scenarios() -> None:
    st.session_state[SCENARIOS] = []


def _scenarios(
    base: Recommendation, kb: KnowledgeBase, probe: ProbeReport | None, lang: str
) -> None:
    """Saved what-if scenarios next to the answers' result, one column each."""
    saved: list[tuple[str, dict[str, float]]] = st.session_state.get(SCENARIOS, [])
    name_col, button_col = st.columns([3, 2], vertical_alignment="bottom")
    name_col.text_input(t("scenario_name", lang), key="w_scenario_name", max_chars=60)
    button_col.button(
        t("scenario_save", lang), on_click=_save_scenario, args=("w_scenario_name",),
        key="scenario_save",
    )  # fmt: skip
    if not saved:
        return
    st.markdown(f"**{t('scenarios', lang)}**")
    rows: dict[str, list[str]] = {
        "": [t("verdict", lang), t("score", lang), t("install", lang), t("scenario_weights", lang)]
    }
    results: list[tuple[str, Recommendation, dict[str, float]]] = [(t("baseline", lang), base, {})]
    for name, overrides in saved:
        try:
            results.append(
                (name, views.current_recommendation(kb, probe, overrides or None), overrides)
            )
        except ServiceError as exc:
            st.caption(f"{views.md_escape(name)}: {views.md_escape(str(exc))}")
    for name, r, overrides in results:
        scores, verdict, cmd = _summary_line(r, kb, lang)
        changed = ", ".join(
            f"{_criterion_label(kb, c, lang)} {w:.0%}" for c, w in sorted(overrides.items())
        )
        rows[name] = [verdict, scores, cmd, changed or t("scenario_answers_only", lang)]
    st.dataframe(rows, hide_index=True, width="stretch", key="scenario_table")
    st.button(t("scenario_delete", lang), on_click=_drop_scenarios, key="scenario_drop")


def _sliders(base: Recommendation, kb: KnowledgeBase, lang: str) -> None:
    st.caption(t("whatif_help", lang))
    st.caption(t("whatif_range_note", lang))
    flips = {f.criterion: f.flip_weight for f in base.flip_points}
    st.button(t("whatif_reset", lang), on_click=_reset_sliders, key="whatif_reset")
    cols = st.columns(2)
    ordered = sorted(base.weights, key=lambda w: -w.weight)
    for i, w in enumerate(ordered):
        label = _criterion_label(kb, w.criterion, lang)
        key = SLIDER_PREFIX + w.criterion  # seeded by _seed_sliders
        flip = flips.get(w.criterion)
        help_text = t("flip_at", lang, w=f"{flip:.1%}") if flip is not None else None
        cols[i % 2].slider(
            label,
            min_value=0.0,
            max_value=slider_max(w.weight, flip),
            step=0.5,
            key=key,
            format="%.1f%%",
            help=help_text,
        )


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
    # The card shows the answers' result; a what-if is shown next to it, never instead of it.
    views.render_card(base, kb, lang)
    if overrides:
        st.info(t("whatif_changed", lang), icon="🎚️")
        _compare(base, rec, kb, lang)
    warnings = _warnings(rec, lang)
    tabs = st.tabs(
        [
            t("tab_whatif", lang),
            t("tab_charts", lang),
            t("tab_flips", lang),
            t("evidence", lang),
            t("tab_answers", lang),
            t("tab_claims", lang),
            t("tab_warnings", lang, n=len(warnings)),
        ]
    )
    with tabs[0]:
        if base.ruled_out_all():  # no weight can bring back a framework a must-have ruled out
            st.caption(t("whatif_conflict", lang))
        else:
            _sliders(base, kb, lang)
            _scenarios(base, kb, probe, lang)
    with tabs[1]:
        _charts(rec, kb, lang)
        st.caption(t("uncertainty_note", lang, n=rec.monte_carlo_draws))
    with tabs[2]:
        _flip_points(rec, lang)
        _eliminated(rec, kb, lang)
    with tabs[3]:
        _per_criterion(rec, kb, lang)
        _extras(rec, lang)
    with tabs[4]:
        _answers_used(rec, kb, lang)
    with tabs[5]:
        _stale_claims(rec, kb, lang)
    with tabs[6]:
        for w in warnings:  # may quote probe strings from another machine
            st.warning(inert(w))


def main() -> None:
    lang = state.lang()
    kb = views.kb_or_stop(lang)
    st.title(t("page_recommendation", lang), anchor=False)
    key, _ = views.active_probe()
    st.caption(t("for_machine", lang, machine=views.md_escape(views.machine_label(key, lang))))
    target_choice.render("recommendation", lang, kb, compact=True)  # the explicit target (issue 13)
    _body(kb, lang)


main()
