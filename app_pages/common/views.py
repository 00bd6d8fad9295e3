"""Rendering helpers shared by pages: the current inputs, the recommendation summary, errors.

User-provided text (descriptions, file names, machine names from uploads) is only ever shown
through elements that do not interpret HTML; nothing here uses ``unsafe_allow_html``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import streamlit as st

from app_pages.common import state
from app_pages.common.inert import escape_markdown
from app_pages.common.services import ServiceError, dump_profile, load_kb, make_profile, recommend
from kb.texts import colon, t, tx

if TYPE_CHECKING:
    from kb.schema import KnowledgeBase, StaleClaim
    from probes.report import ProbeReport
    from recommender.export.card import DecisionCard
    from recommender.models import Profile, Recommendation


def kb_or_stop(lang: str) -> KnowledgeBase:
    """The KB, or a friendly message and the end of this page's run."""
    try:
        return load_kb()
    except ServiceError as exc:
        st.error(t("error_kb", lang))
        st.code(str(exc), language=None)
        st.stop()
        raise  # unreachable; keeps type checkers honest


def active_probe() -> tuple[str | None, ProbeReport | None]:
    """(machine key, report) the recommendation is for, or (None, None)."""
    key = st.session_state.get(state.ACTIVE)
    machines = st.session_state.get(state.MACHINES, {})
    if key in machines:
        return key, machines[key]
    return None, None


def machine_label(key: str | None, lang: str) -> str:
    if key is None:
        return t("no_machine", lang)
    names = st.session_state.get(state.MACHINE_NAMES, {})
    name = names.get(key, key)
    report = st.session_state.get(state.MACHINES, {}).get(key)
    if key == state.LOCAL:
        name = t("this_machine_label", lang)
    return f"{name} — {machine_summary(report, lang)}" if report is not None else str(name)


def machine_summary(report: ProbeReport | None, lang: str = "en") -> str:
    """One line naming the OS, CPU, cores, RAM and accelerators of a probed machine."""
    if report is None:
        return ""
    parts = [f"{report.host.os_name} {report.host.arch}"]
    if report.cpu.model:
        parts.append(report.cpu.model)
    if report.cpu.logical_cores:
        parts.append(t("n_cores", lang, n=report.cpu.logical_cores))
    if report.memory.total_gb:
        parts.append(t("n_gb_ram", lang, n=f"{report.memory.total_gb:.0f}"))
    sep = "，" if lang == "zh" else ", "  # a full-width comma after "40 核" and "内存"
    accel = sep.join(a.name for a in report.accelerators) or t("no_gpu", lang)
    parts.append(accel)
    return sep.join(parts)


def current_recommendation(
    kb: KnowledgeBase,
    probe: ProbeReport | None,
    overrides: dict[str, float] | None = None,
) -> Recommendation:
    profile = make_profile(
        st.session_state.get(state.DESCRIPTION, ""), st.session_state.get(state.ANSWERS, {})
    )
    return recommend(kb, profile, probe, overrides)


def framework_name(kb: KnowledgeBase, fid: str | None) -> str:
    if fid is None:
        return "—"
    fw = kb.frameworks.get(fid)
    return fw.name if fw else fid


def no_winner(rec: Recommendation, lang: str) -> str:
    """What stands where a winner's name would: a close call, or requirements that conflict."""
    return t("card_headline_conflict" if rec.ruled_out_all() else "no_winner", lang)


def verdict_text(rec: Recommendation, lang: str) -> str:
    return t(f"verdict_{rec.shown_verdict}", lang)


def render_summary(
    rec: Recommendation, kb: KnowledgeBase, lang: str, *, show_eliminated: bool = True
) -> None:
    """Winner, verdict, scores and P(win) as metrics: the one-glance answer."""
    if rec.winner is not None:
        headline = f"{t('winner', lang)}{colon(lang)}{framework_name(kb, rec.winner)}"
    else:
        headline = no_winner(rec, lang)
    st.subheader(headline, anchor=False)
    if rec.winner is None and rec.leader:
        st.caption(t("slightly_ahead", lang, fw=framework_name(kb, rec.leader)))
    st.caption(f"{t('verdict', lang)}{colon(lang)}{verdict_text(rec, lang)}")
    out = rec.ruled_out()
    # The winner first, then the rest by score; an eliminated framework is labelled as such.
    ranked = sorted(rec.scores.items(), key=lambda kv: (kv[0] != rec.winner, kv[0] in out, -kv[1]))
    in_running = [fid for fid, _ in ranked if fid not in out]
    cols = st.columns(max(len(ranked), 1) + 1)
    for col, (fid, score) in zip(cols, ranked, strict=False):
        label = f"{framework_name(kb, fid)} — {t('score', lang)}"
        if fid in out:
            label += f" ({t('kind_veto', lang)})"
        col.metric(label, f"{score:.1f}")
        p = rec.win_probability.get(fid)
        if p is not None:
            from recommender.uncertainty import shown_probability  # "> 99 %", never "100 %"

            col.caption(f"{t('p_win', lang)}{colon(lang)}{shown_probability(p)}")
    if len(in_running) > 1:
        cols[-1].metric(t("margin", lang), f"{rec.margin:.1f}")
    because = rec.because_zh if lang == "zh" else rec.because_en
    if because:
        st.markdown(f"**{t('why', lang)}:** {because}")
    if st.session_state.get(state.OVERRIDES):  # say which weights this result uses (issue 13)
        st.caption(t("whatif_not_here", lang))
    if show_eliminated:
        for elim in rec.eliminated:
            reason = elim.reason_zh if lang == "zh" else elim.reason_en
            st.warning(f"{framework_name(kb, elim.framework)}: {reason}")


def stale_claim_markdown(claim: StaleClaim, kb: KnowledgeBase, lang: str) -> str:
    """What the article said, what holds now and since when, with dated source links (KB text
    only, never user text) — the same wording on the recommendation and knowledge-base pages."""
    sources = ", ".join(
        f"[{kb.sources[e.source].title}]({kb.sources[e.source].url}) ({e.as_of})"
        for e in claim.evidence
        if e.source in kb.sources
    )
    return (
        f"**{t('article_said', lang)}** ({', '.join(claim.article_sections)}): "
        f"{tx(claim.article_said, lang)}\n\n"
        f"**{t('holds_now', lang)}** ({t('since', lang)} {claim.since}): "
        f"{tx(claim.holds_now, lang)}\n\n{sources}"
    )


def option_label(kb: KnowledgeBase, qid: str, oid: str, lang: str) -> str:
    q = kb.question(qid)
    opt = q.option(oid) if q else None
    return tx(opt.label, lang) if opt else oid


def prefills(kb: KnowledgeBase, probe: ProbeReport | None) -> dict[str, list[str]]:
    """Answers the recommender will take from the probe for questions the user left blank."""
    if probe is None:
        return {}
    from recommender.facts import effective_answers, probe_facts

    profile = make_profile("", st.session_state.get(state.ANSWERS, {}))
    eff = effective_answers(kb, profile, probe_facts(probe))
    return {qid: eff.values[qid] for qid, origin in eff.origin.items() if origin == "prefilled"}


_MD_CHARS = frozenset("\\`*_{}[]()#+-.!|<>~$=^&")


def md_escape(text: str) -> str:
    """Escape Markdown control characters in user text shown inside a Markdown element."""
    # the escaping of app_pages/common/inert.py (no autolink, directive or math), plus "-" and "."
    return escape_markdown(text, _MD_CHARS)


def tx_question(kb: KnowledgeBase, qid: str, lang: str) -> str:
    q = kb.question(qid)
    return tx(q.text, lang) if q else qid


def profile_downloads(profile: Profile, lang: str, key: str) -> None:
    """YAML and JSON download buttons for the profile (the format the CLI reads)."""
    try:
        files: list[tuple[Literal["yaml", "json"], str]] = [
            ("yaml", "application/x-yaml"),
            ("json", "application/json"),
        ]
        payloads = [(fmt, mime, dump_profile(profile, fmt)) for fmt, mime in files]
    except ServiceError as exc:
        st.caption(f"{t('error_unavailable', lang)} {exc}")
        return
    for col, (fmt, mime, data) in zip(st.columns(len(payloads)), payloads, strict=True):
        col.download_button(
            t(f"profile_download_{fmt}", lang),
            data=data,
            file_name=f"profile.{fmt}",
            mime=mime,
            on_click="ignore",
            key=f"{key}_{fmt}",
        )


# --- decision card (issue 13) ---------------------------------------------------------------

BADGE_COLOR: dict[str, Literal["green", "orange", "gray", "red"]] = {
    "clear": "green",
    "lean": "orange",
    "too_close": "gray",
    "conflict": "red",  # every framework fails a must-have (Recommendation.shown_verdict)
}
INSTALL_KEY = "w_install_target"


def decision_card(rec: Recommendation, kb: KnowledgeBase, lang: str) -> DecisionCard:
    """The card's content (recommender/export/card.py), the same one the reports print."""
    from recommender.export.card import decision_card as build

    return build(rec, kb, lang)


def render_card(rec: Recommendation, kb: KnowledgeBase, lang: str) -> None:
    """Answer first: verdict badge (colour AND words), reasons, trade-offs, what-ifs, install."""
    from app_pages.common import kb_search
    from recommender.export.card import reason_line

    card = decision_card(rec, kb, lang)
    with st.container(border=True, key="decision_card"):
        left, right = st.columns([3, 2])
        with left:
            st.badge(f"{card.verdict_symbol} {card.verdict_label}", color=BADGE_COLOR[card.verdict])
            st.subheader(card.headline, anchor=False)
            st.caption(card.score_line)
            if card.verdict_reason:
                st.markdown(f"*{md_escape(card.verdict_reason)}*")
            st.markdown(f"**{t('why', lang)}**")
            reasons = [(reason_line(r, lang), r.criterion) for r in card.reasons]
            if reasons:  # each criterion reason links to its knowledge-base card
                st.markdown(
                    "\n".join(
                        f"- {md_escape(x)}{kb_search.link_markdown(cid, lang)}"
                        for x, cid in reasons
                    )
                )
            else:
                st.markdown(rec.because_zh if lang == "zh" else rec.because_en)
            st.markdown(f"**{t('card_give_up', lang)}**")
            st.markdown("\n".join(f"- {md_escape(x)}" for x in card.give_up) or card.give_up_none)
        with right:
            render_install(card, lang)
            st.markdown(f"**{t('card_what_ifs', lang)}**")
            st.markdown("\n".join(f"- {md_escape(x)}" for x in card.what_ifs) or card.what_ifs_none)
            if card.next_steps:
                st.markdown(f"**{t('card_next', lang)}**")
                st.markdown(
                    "\n".join(
                        f"- [{md_escape(n.text)}]({n.url})" if n.url else f"- {md_escape(n.text)}"
                        for n in card.next_steps
                    )
                )


def render_install(card: DecisionCard, lang: str) -> None:
    """A target selector (pre-filled from the recommendation) and a copyable command."""
    options = {o.target: o for o in card.install_options}
    if not options:
        st.caption(t("card_no_install", lang))
        return
    if st.session_state.get(INSTALL_KEY) not in options:
        st.session_state[INSTALL_KEY] = card.install_target or next(iter(options))
    target = st.selectbox(  # fits a narrow column, where five segments would be cut off
        t("card_install", lang, fw=card.install_framework),
        options=list(options),
        format_func=lambda k: options[k].label,
        key=INSTALL_KEY,
    )
    chosen = options[target] if target in options else next(iter(options.values()))
    if chosen.command:
        # plain text: the bash highlight palette fails WCAG AA on the code background
        st.code(chosen.command, language=None, wrap_lines=True)
    else:
        st.caption(t("card_no_command", lang))
    if chosen.target == card.install_target:
        st.caption(t("card_install_recommended", lang))
    for note in chosen.notes:
        st.caption(note)
    if card.verdict == "too_close":
        st.caption(t("card_install_close", lang, fw=card.install_framework))


# --- presets (issue 13) -----------------------------------------------------------------------


def _apply_preset(preset_id: str) -> None:
    from kb.presets import load_presets

    lang = state.lang()
    try:
        preset = next(p for p in load_presets(load_kb()) if p.id == preset_id)
    except (StopIteration, ServiceError, ValueError, OSError) as exc:
        state.notice("error", f"{t('preset_failed', lang)} {md_escape(str(exc))}")
        return
    st.session_state[state.ANSWERS] = {
        k: list(v) if isinstance(v, list) else v for k, v in preset.answers.items()
    }
    st.session_state[state.DESCRIPTION] = tx(preset.description, lang)
    state.forget_widgets("q_")
    st.session_state.pop("w_desc", None)
    state.notice("success", t("preset_loaded", lang, name=tx(preset.title, lang)))


def preset_buttons(kb: KnowledgeBase, lang: str) -> None:
    """One button per preset in kb/presets.yaml; a click fills the questionnaire."""
    from kb.presets import PresetError, load_presets

    try:
        presets = load_presets(kb)
    except (PresetError, OSError) as exc:
        st.caption(f"{t('error_unavailable', lang)} {md_escape(str(exc))}")
        return
    st.markdown(f"**{t('presets', lang)}**")
    cols = st.columns(min(len(presets), 6))
    for i, p in enumerate(presets):
        cols[i % len(cols)].button(
            tx(p.title, lang),
            key=f"preset_{p.id}",
            help=tx(p.description, lang),
            on_click=_apply_preset,
            args=(p.id,),
            width="stretch",
        )
