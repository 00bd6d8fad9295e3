"""The page's ``<html lang>`` follows the UI language (screen readers, fonts, translation prompts).

Streamlit 1.67 writes ``<html lang="en">`` in its shell page and has no API to change it
(streamlit/streamlit issue #15726 asks for one; the ``page_lang`` pull request #16024 was closed
unmerged). So a one-line script in a 1-pixel ``st.iframe`` (same origin, no network) sets
``document.documentElement.lang`` on the parent page. Only the fixed codes below are ever
written into the script; no user text reaches it.
"""

from __future__ import annotations

import streamlit as st

HTML_LANG = {"en": "en", "zh": "zh-Hans"}  # BCP 47: Simplified Chinese script


def script(lang: str) -> str:
    """The iframe's document: sets the parent's ``lang`` (to "en" for an unknown language)."""
    code = HTML_LANG.get(lang, "en")
    return f'<script>window.parent.document.documentElement.lang = "{code}";</script>'


CHANGED = "html_lang_changed"  # session key: this tab has shown another language than "en"


def apply(lang: str) -> None:
    """Draw the script (once per run, at the foot of the sidebar) once it has work to do.

    The shell page already says ``lang="en"``, so an English session that never switched draws
    no iframe: a whole second document for the browser to build on every first page.
    """
    if lang != "en":
        st.session_state[CHANGED] = True
    if st.session_state.get(CHANGED):
        st.iframe(script(lang), height=1, tab_index=-1, alt="page language")
