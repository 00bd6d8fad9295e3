"""Knowledge-base keyword search, and links from a reason to its criterion card.

The search is plain substring matching (case-insensitive, every word must appear) over what a
card shows: the criterion's title and description in both languages, each framework's rationale,
and the evidence claims and source titles. A reason elsewhere in the app links to
``knowledge_base?kb=<criterion id>``; the KB page then shows that one card, opened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from app_pages.common import state
from kb.texts import t, tx

if TYPE_CHECKING:
    from kb.schema import KnowledgeBase

SEARCH_KEY = "w_kb_search"
FOCUS_PARAM = "kb"  # query parameter naming the criterion card to open
KB_PAGE = "app_pages/knowledge_base.py"
KB_URL_PATH = "knowledge_base"  # Streamlit's url path for the page file above


def card_text(kb: KnowledgeBase, cid: str) -> str:
    """Everything a criterion card shows, lower-cased, in both languages."""
    crit = kb.criteria[cid]
    parts = [cid, crit.title.en, crit.title.zh, crit.description.en, crit.description.zh]
    for fw in kb.frameworks.values():
        rating = fw.ratings.get(cid)
        if rating is None:
            continue
        parts += [fw.name, rating.rationale.en, rating.rationale.zh]
        for e in rating.evidence:
            parts.append(e.claim)
            src = kb.sources.get(e.source)
            if src is not None:
                parts += [src.title, src.publisher or ""]
    return "\n".join(str(p) for p in parts if p).lower()


def search(kb: KnowledgeBase, query: str) -> set[str]:
    """Criterion ids whose card contains every word of ``query`` (all of them when empty)."""
    words = [w for w in query.lower().split() if w]
    if not words:
        return set(kb.criteria)
    return {cid for cid in kb.criteria if all(w in card_text(kb, cid) for w in words)}


def focus(kb: KnowledgeBase) -> str | None:
    """The criterion a link asked for (``?kb=<id>``), if the KB knows it."""
    value = st.query_params.get(FOCUS_PARAM)
    return value if isinstance(value, str) and value in kb.criteria else None


def _show_all() -> None:
    st.query_params.pop(FOCUS_PARAM, None)


def controls(kb: KnowledgeBase, lang: str) -> tuple[set[str], str | None]:
    """The search box (and, after a link, which card it opened): (matching ids, focused id)."""
    query = st.text_input(
        t("kb_search", lang),
        key=SEARCH_KEY,
        placeholder=t("kb_search_hint", lang),
        max_chars=200,
    )
    found = search(kb, query or "")
    focused = focus(kb)
    if focused is not None:
        st.info(t("kb_focus", lang, name=tx(kb.criteria[focused].title, lang)))
        st.button(t("kb_show_all", lang), on_click=_show_all, key="kb_show_all")
        return {focused}, focused
    if query and not found:
        st.caption(t("kb_no_match", lang))
    return found, None


def link(cid: str, lang: str) -> None:
    """An in-app link to the criterion's KB card (keeps this tab's session)."""
    st.page_link(
        KB_PAGE,
        label=t("kb_open_card", lang),
        icon=":material/menu_book:",
        query_params={FOCUS_PARAM: cid, **state.link_params()},
    )


def link_markdown(cid: str | None, lang: str) -> str:
    """The same link inside Markdown text (opens a new tab, which the session id restores)."""
    if not cid:
        return ""
    params = "&".join(f"{k}={v}" for k, v in {FOCUS_PARAM: cid, **state.link_params()}.items())
    return f" [{t('kb_card_short', lang)}]({KB_URL_PATH}?{params})"
