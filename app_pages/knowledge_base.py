"""Page: browse the knowledge base: criteria, ratings, evidence, sources, freshness.

The freshness check (``python -m kb freshness``) asks the package index, so it runs as a child
process (``kb.freshness_job``): the page starts it, polls it on later reruns and shows what is
behind; it never waits on the network and never shows a traceback.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import streamlit as st

from app_pages.common import kb_search, state, views
from kb import freshness_job
from kb.freshness import kb_as_of
from kb.freshness_job import FreshnessOutcome
from kb.texts import colon, t, tx

if TYPE_CHECKING:
    from kb.schema import Evidence, KnowledgeBase

SECTION_KEY = "w_kb_sections"
STALE_KEY = "w_kb_stale"
FRESHNESS_BUTTON = "w_kb_freshness"
JOB_KEY = "kb_freshness_job"
OUTCOME_KEY = "kb_freshness_outcome"


def _age_days(evidence: Evidence, today: date) -> int:
    return (today - evidence.as_of).days


def _freshness(kb: KnowledgeBase, evidence: Evidence, today: date, lang: str) -> str:
    days = _age_days(evidence, today)
    word = t("stale", lang) if days > kb.meta.freshness_limit_days else t("fresh", lang)
    return f"{word} · {t('days_old', lang, d=days)}"


def _show_outcome(outcome: FreshnessOutcome, lang: str) -> None:
    report = outcome.report
    if outcome.status == "up_to_date" and report is not None:
        st.success(t("kb_fresh_up_to_date", lang, n=len(report.packages)))
    elif outcome.status == "behind" and report is not None:
        st.warning(t("kb_fresh_behind", lang, n=len(report.newer), m=len(report.stale)))
        if report.newer:
            st.dataframe(
                [
                    {
                        t("c_package", lang): p.package,
                        t("kb_fresh_on_index", lang): p.index_version,
                        t("kb_fresh_kb_has", lang): p.kb_where,
                    }
                    for p in report.newer
                ],
                hide_index=True,
                width="stretch",
            )
        if report.stale:
            with st.expander(f"{t('kb_fresh_old_evidence', lang)} ({len(report.stale)})"):
                for s in report.stale:
                    st.markdown(f"- {s.as_of} · `{s.where}` · {s.source}")
    elif outcome.status == "offline":
        st.warning(t("kb_fresh_offline", lang))
        if outcome.message:
            st.caption(outcome.message)
    else:
        st.error(t("kb_fresh_failed", lang))
        if outcome.message:
            st.caption(outcome.message)
    if report is not None and report.index:
        st.caption(t("kb_fresh_asked", lang, x=", ".join(report.index)))


def _freshness_panel(lang: str) -> None:
    job = st.session_state.get(JOB_KEY)
    if job is not None:
        try:
            outcome = freshness_job.poll(job)
        except Exception as exc:  # never raise to the user
            outcome = FreshnessOutcome("failed", message=f"{type(exc).__name__}: {exc}")
        if outcome.status == "running":
            st.info(t("kb_fresh_running", lang))
            return
        st.session_state.pop(JOB_KEY, None)
        st.session_state[OUTCOME_KEY] = outcome
    done = st.session_state.get(OUTCOME_KEY)
    if isinstance(done, FreshnessOutcome):
        _show_outcome(done, lang)


def _freshness_section(lang: str) -> None:
    """The button starts the check in a child process; a fragment polls it every second."""
    clicked = st.button(
        t("kb_fresh_check", lang), key=FRESHNESS_BUTTON, help=t("kb_fresh_check_help", lang)
    )
    if clicked and st.session_state.get(JOB_KEY) is None:  # one check at a time
        try:
            st.session_state[JOB_KEY] = freshness_job.start()
            st.session_state.pop(OUTCOME_KEY, None)
        except Exception as exc:  # e.g. no interpreter to start: say so, keep the page
            st.session_state[OUTCOME_KEY] = FreshnessOutcome(
                "failed", message=f"{type(exc).__name__}: {exc}"
            )
    running = st.session_state.get(JOB_KEY) is not None
    st.fragment(run_every=1.0 if running else None)(_freshness_panel)(lang)


def _wanted_criteria(kb: KnowledgeBase, lang: str) -> tuple[list[str], set[str], bool, str | None]:
    """The filters above the tabs: chosen article sections, the criteria they and the keyword
    search leave, "only stale", and the card a reason's link opened."""
    sections = {s.id: s for s in kb.article_sections}
    chosen = st.multiselect(
        t("filter_section", lang),
        options=list(sections),
        format_func=lambda sid: f"{sid} {tx(sections[sid].title, lang)}",
        key=SECTION_KEY,
        placeholder=t("all_sections", lang),
    )
    only_stale = st.toggle(t("only_stale", lang), key=STALE_KEY)
    found, focused = kb_search.controls(kb, lang)  # keyword search; a reason's link opens one card
    if chosen:
        wanted = {c for sid in chosen for c in sections[sid].criteria}
        wanted |= {c.id for c in kb.criteria.values() if set(c.article_sections) & set(chosen)}
        for sid in chosen:
            why = sections[sid].not_mapped_because
            if why is not None and not sections[sid].criteria:
                st.caption(f"{sid}{colon(lang)}{t('not_mapped', lang)} — {tx(why, lang)}")
    else:
        wanted = set(kb.criteria)
    return chosen, wanted & found, only_stale, focused


def _criteria_tab(
    kb: KnowledgeBase, wanted: set[str], only_stale: bool, focused: str | None, lang: str
) -> None:
    """The overview table, then one card per criterion with its ratings and dated evidence."""
    today = date.today()
    limit = kb.meta.freshness_limit_days
    overview = []
    for cid, crit in kb.criteria.items():
        if cid not in wanted:
            continue
        row: dict[str, object] = {
            t("criterion", lang): tx(crit.title, lang),
            t("section", lang): ", ".join(crit.article_sections),
            t("weight", lang): crit.default_weight,
        }
        for _fid, fw in kb.frameworks.items():
            r = fw.ratings.get(cid)
            row[fw.name] = f"{r.mode:.1f} ({r.low:.0f}–{r.high:.0f})" if r else "—"
        overview.append(row)
    st.dataframe(overview, hide_index=True, width="stretch")
    for cid, crit in kb.criteria.items():
        if cid not in wanted:
            continue
        ratings = [(fw, fw.ratings.get(cid)) for fw in kb.frameworks.values()]
        evidence_all = [e for _, r in ratings if r for e in r.evidence]
        if only_stale and not any(_age_days(e, today) > limit for e in evidence_all):
            continue
        with st.expander(
            f"{tx(crit.title, lang)} ({', '.join(crit.article_sections) or '—'})",
            expanded=cid == focused,
        ):
            st.markdown(tx(crit.description, lang))
            for fw, rating in ratings:
                if rating is None:
                    continue
                st.markdown(
                    f"**{fw.name}** — {t('rating', lang)} {rating.mode:.1f} "
                    f"({t('range', lang)} {rating.low:.1f}–{rating.high:.1f}, "
                    f"{t('confidence', lang)} {rating.confidence})"
                )
                st.caption(tx(rating.rationale, lang))
                for e in rating.evidence:
                    if only_stale and _age_days(e, today) <= limit:
                        continue
                    src = kb.sources.get(e.source)
                    link = f"[{src.title}]({src.url})" if src else e.source
                    st.markdown(
                        f"- {link} · {e.as_of} · {_freshness(kb, e, today, lang)}"
                        f"{' · ' + e.section if e.section else ''}: {e.claim}"
                    )


def _sources_tab(kb: KnowledgeBase, lang: str) -> None:
    rows = [
        {
            t("title", lang): s.title,
            t("publisher", lang): s.publisher,
            t("published", lang): s.published.isoformat() if s.published else "—",
            t("accessed", lang): s.accessed.isoformat(),
            t("link", lang): s.url,
        }
        for s in kb.sources.values()
    ]
    st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        column_config={t("link", lang): st.column_config.LinkColumn()},
    )


def _sections_tab(kb: KnowledgeBase, chosen: list[str], lang: str) -> None:
    for s in kb.article_sections:
        if chosen and s.id not in chosen:
            continue
        crits = ", ".join(tx(kb.criteria[c].title, lang) for c in s.criteria if c in kb.criteria)
        note = f" — {tx(s.not_mapped_because, lang)}" if s.not_mapped_because else ""
        st.markdown(f"- **{s.id} {tx(s.title, lang)}**: {crits or t('not_mapped', lang)}{note}")


def main() -> None:
    lang = state.lang()
    kb = views.kb_or_stop(lang)
    st.title(t("page_kb", lang), anchor=False)
    st.caption(t("kb_intro", lang))
    st.caption(t("kb_version", lang, v=kb.kb_version, h=kb.content_hash[:12]))
    as_of = kb_as_of(kb)
    st.caption(t("kb_fresh_as_of", lang, d=as_of or "—", n=kb.meta.freshness_limit_days))
    _freshness_section(lang)
    chosen, wanted, only_stale, focused = _wanted_criteria(kb, lang)
    tab_crit, tab_stale, tab_sources, tab_sections = st.tabs(
        [
            t("criteria", lang),
            t("stale_claims", lang),
            t("sources", lang),
            t("filter_section", lang),
        ]
    )
    with tab_crit:
        _criteria_tab(kb, wanted, only_stale, focused, lang)
    with tab_stale:
        for claim in kb.stale_claims:
            if chosen and not set(claim.article_sections) & set(chosen):
                continue
            st.markdown(views.stale_claim_markdown(claim, kb, lang))
            st.divider()
    with tab_sources:
        _sources_tab(kb, lang)
    with tab_sections:
        _sections_tab(kb, chosen, lang)


main()
