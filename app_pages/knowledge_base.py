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
from app_pages.common.i18n import colon, t, tx
from kb import freshness_job
from kb.freshness import kb_as_of
from kb.freshness_job import FreshnessOutcome

if TYPE_CHECKING:
    from kb.schema import Evidence, KnowledgeBase

SECTION_KEY = "w_kb_sections"
STALE_KEY = "w_kb_stale"
FRESHNESS_BUTTON = "w_kb_freshness"
JOB_KEY = "kb_freshness_job"
OUTCOME_KEY = "kb_freshness_outcome"

# Texts of the freshness panel (this page's own; the shared chrome strings are in i18n.py).
TEXT: dict[str, dict[str, str]] = {
    "as_of": {
        "en": "Facts checked at their sources up to {d}; evidence older than {n} days is "
        "flagged as stale.",
        "zh": "知识库中的事实已在来源处核对至 {d}；早于 {n} 天的证据标记为已过期。",
    },
    "check": {"en": "Check for newer releases", "zh": "检查是否有更新的版本"},
    "check_help": {
        "en": "Asks the package index pip is configured with for the newest releases of the "
        "packages the knowledge base tracks.",
        "zh": "向 pip 所配置的软件包索引查询知识库所跟踪软件包的最新版本。",
    },
    "running": {
        "en": "Checking the package index… the page stays usable meanwhile.",
        "zh": "正在查询软件包索引……期间页面仍可正常使用。",
    },
    "up_to_date": {
        "en": "Up to date: no release newer than the knowledge base records ({n} packages).",
        "zh": "已是最新：没有比知识库记录更新的版本（共 {n} 个软件包）。",
    },
    "behind": {
        "en": "The knowledge base is behind: {n} newer release(s), {m} piece(s) of evidence "
        "past the freshness limit.",
        "zh": "知识库已落后：{n} 个更新的版本，{m} 条证据超出时效期限。",
    },
    "offline": {
        "en": "Offline: the package index could not be reached, so nothing was compared.",
        "zh": "离线：无法连接软件包索引，因此未做任何比较。",
    },
    "failed": {
        "en": "The freshness check did not finish; the rest of the page is unaffected.",
        "zh": "时效检查未能完成；页面其余部分不受影响。",
    },
    "package": {"en": "Package", "zh": "软件包"},
    "on_index": {"en": "On the index", "zh": "索引中的版本"},
    "kb_has": {"en": "The knowledge base records", "zh": "知识库记录"},
    "old_evidence": {
        "en": "Evidence past the freshness limit",
        "zh": "超出时效期限的证据",
    },
    "asked": {"en": "Index asked: {x}", "zh": "查询的索引：{x}"},
}


def _tt(key: str, lang: str, **fmt: object) -> str:
    text = tx(TEXT[key], lang)
    return text.format(**fmt) if fmt else text


def _age_days(evidence: Evidence, today: date) -> int:
    return (today - evidence.as_of).days


def _freshness(kb: KnowledgeBase, evidence: Evidence, today: date, lang: str) -> str:
    days = _age_days(evidence, today)
    word = t("stale", lang) if days > kb.meta.freshness_limit_days else t("fresh", lang)
    return f"{word} · {t('days_old', lang, d=days)}"


def _show_outcome(outcome: FreshnessOutcome, lang: str) -> None:
    report = outcome.report
    if outcome.status == "up_to_date" and report is not None:
        st.success(_tt("up_to_date", lang, n=len(report.packages)))
    elif outcome.status == "behind" and report is not None:
        st.warning(_tt("behind", lang, n=len(report.newer), m=len(report.stale)))
        if report.newer:
            st.dataframe(
                [
                    {
                        _tt("package", lang): p.package,
                        _tt("on_index", lang): p.index_version,
                        _tt("kb_has", lang): p.kb_where,
                    }
                    for p in report.newer
                ],
                hide_index=True,
                width="stretch",
            )
        if report.stale:
            with st.expander(f"{_tt('old_evidence', lang)} ({len(report.stale)})"):
                for s in report.stale:
                    st.markdown(f"- {s.as_of} · `{s.where}` · {s.source}")
    elif outcome.status == "offline":
        st.warning(_tt("offline", lang))
        if outcome.message:
            st.caption(outcome.message)
    else:
        st.error(_tt("failed", lang))
        if outcome.message:
            st.caption(outcome.message)
    if report is not None and report.index:
        st.caption(_tt("asked", lang, x=", ".join(report.index)))


def _freshness_panel(lang: str) -> None:
    job = st.session_state.get(JOB_KEY)
    if job is not None:
        try:
            outcome = freshness_job.poll(job)
        except Exception as exc:  # never raise to the user
            outcome = FreshnessOutcome("failed", message=f"{type(exc).__name__}: {exc}")
        if outcome.status == "running":
            st.info(_tt("running", lang))
            return
        st.session_state.pop(JOB_KEY, None)
        st.session_state[OUTCOME_KEY] = outcome
    done = st.session_state.get(OUTCOME_KEY)
    if isinstance(done, FreshnessOutcome):
        _show_outcome(done, lang)


def _freshness_section(lang: str) -> None:
    """The button starts the check in a child process; a fragment polls it every second."""
    clicked = st.button(_tt("check", lang), key=FRESHNESS_BUTTON, help=_tt("check_help", lang))
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


def main() -> None:
    lang = state.lang()
    kb = views.kb_or_stop(lang)
    today = date.today()
    st.title(t("page_kb", lang), anchor=False)
    st.caption(t("kb_intro", lang))
    st.caption(t("kb_version", lang, v=kb.kb_version, h=kb.content_hash[:12]))
    as_of = kb_as_of(kb)
    st.caption(_tt("as_of", lang, d=as_of or "—", n=kb.meta.freshness_limit_days))
    _freshness_section(lang)

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

    wanted &= found
    limit = kb.meta.freshness_limit_days
    tab_crit, tab_stale, tab_sources, tab_sections = st.tabs(
        [
            t("criteria", lang),
            t("stale_claims", lang),
            t("sources", lang),
            t("filter_section", lang),
        ]
    )
    with tab_crit:
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
    with tab_stale:
        for claim in kb.stale_claims:
            if chosen and not set(claim.article_sections) & set(chosen):
                continue
            st.markdown(views.stale_claim_markdown(claim, kb, lang))
            st.divider()
    with tab_sources:
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
    with tab_sections:
        for s in kb.article_sections:
            if chosen and s.id not in chosen:
                continue
            crits = ", ".join(
                tx(kb.criteria[c].title, lang) for c in s.criteria if c in kb.criteria
            )
            note = f" — {tx(s.not_mapped_because, lang)}" if s.not_mapped_because else ""
            st.markdown(f"- **{s.id} {tx(s.title, lang)}**: {crits or t('not_mapped', lang)}{note}")


main()
