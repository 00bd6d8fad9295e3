"""The frame every page is drawn in: navigation, language switch and one error boundary.

``app.py`` calls :func:`render` on every script run. No logic lives here: pages are the files
in ``app_pages/`` (registered below, so that AppTest can switch to them). The sidebar links are
``st.page_link``s carrying the tab's session id (app_pages/common/state.py), so a link opened in
a new tab opens the same answers and machines; Streamlit's own navigation menu (hidden here)
links to bare page paths.
"""

from __future__ import annotations

import logging

import streamlit as st

from app_pages.common import html_lang, probe_state, state
from app_pages.common.services import ServiceError, load_kb, question_index
from kb.texts import LANG_NAMES, LANGS, t

log = logging.getLogger("framework_advisor.app")

APP_NAME = "Framework Advisor"
# (script path relative to app.py, title key, icon, default page)
PAGES = [
    ("app_pages/describe.py", "page_describe", ":material/edit_note:", True),
    ("app_pages/this_machine.py", "page_this_machine", ":material/computer:", False),
    ("app_pages/target_machine.py", "page_target", ":material/upload_file:", False),
    ("app_pages/recommendation.py", "page_recommendation", ":material/balance:", False),
    ("app_pages/knowledge_base.py", "page_kb", ":material/menu_book:", False),
    ("app_pages/export.py", "page_export", ":material/download:", False),
]


def _on_lang_change() -> None:
    st.session_state[state.LANG] = st.session_state["w_lang"]


def _sidebar(pages: list[st.Page], lang: str) -> None:
    with st.sidebar.container(key="nav_links"):
        for p in pages:
            st.page_link(p, label=p.title, icon=p.icon, query_params=state.link_params())
    if "w_lang" not in st.session_state:
        st.session_state["w_lang"] = state.lang()
    st.sidebar.segmented_control(
        f"{t('language', 'en')} / {t('language', 'zh')}",
        options=list(LANGS),
        format_func=LANG_NAMES.__getitem__,
        key="w_lang",
        on_change=_on_lang_change,
        required=True,
    )
    st.sidebar.caption(t("app_tagline", lang))
    with st.sidebar:
        html_lang.apply(lang)


def render() -> None:
    """Draw the frame and run the current page inside the error boundary."""
    # An emoji favicon becomes a data: URL; a ":material/…:" one is fetched from fonts.gstatic.com.
    st.set_page_config(page_title=APP_NAME, page_icon="⚖️", layout="wide")
    questions: dict[str, state.AnswerSpec] | None
    try:
        questions = question_index(load_kb())
    except ServiceError:
        questions = None  # the pages say what is wrong; the frame still renders
    state.init(questions)
    lang = state.lang()
    pages = [
        st.Page(path, title=t(key, lang), icon=icon, default=default)
        for path, key, icon, default in PAGES
    ]
    page = st.navigation(pages, position="hidden")
    st.set_page_config(page_title=f"{page.title} · {APP_NAME}")  # one browser-tab title per page
    _sidebar(pages, lang)
    state.sync_url()
    if st.session_state.get(state.NOT_KEPT):  # nothing is lost silently: the user can export
        st.sidebar.warning(t("not_kept", lang), icon=":material/warning:")
    try:
        probe_state.collect_if_finished()  # a run that ended while another page was shown
        if probe_state.current() is not None:
            st.sidebar.info(t("probe_in_background", lang), icon=":material/hourglass_top:")
        page.run()
    except Exception:  # the boundary: log the details for the maintainer, show a friendly line
        log.exception("page %s failed", page.title)
        st.error(t("error_generic", lang))
    state.sync_url()
