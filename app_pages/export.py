"""Page: download the recommendation in every registered format, and the profile."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import streamlit as st

from app_pages import state, views
from app_pages.i18n import LANG_NAMES, LANGS, t, tx
from app_pages.services import ServiceError, exporters, make_profile

if TYPE_CHECKING:
    from kb.schema import KnowledgeBase
    from recommender.models import Recommendation

REPORT_LANG_KEY = "w_report_lang"


def exporter_label(exporter: Any, lang: str) -> str:
    label = getattr(exporter, "label", None)
    if callable(label):
        return str(label(lang))
    return tx(label, lang) if label is not None else str(getattr(exporter, "key", "?"))


def _renderer(
    exporter: Any, rec: Recommendation, kb: KnowledgeBase, lang: str
) -> Callable[[], bytes]:
    """Bytes are produced only when the button is clicked (a PDF takes a moment)."""

    def render() -> bytes:
        data: bytes = exporter.render(rec, kb, lang)
        return data

    return render


def main() -> None:
    lang = state.lang()
    kb = views.kb_or_stop(lang)
    st.title(t("page_export", lang), anchor=False)
    st.caption(t("export_intro", lang))
    key, probe = views.active_probe()
    st.caption(t("for_machine", lang, machine=views.md_escape(views.machine_label(key, lang))))

    if REPORT_LANG_KEY not in st.session_state:
        st.session_state[REPORT_LANG_KEY] = lang
    report_lang = (
        st.segmented_control(
            t("report_lang", lang),
            options=list(LANGS),
            format_func=LANG_NAMES.__getitem__,
            key=REPORT_LANG_KEY,
            required=True,
        )
        or lang
    )

    try:
        rec = views.current_recommendation(kb, probe)
        registry = exporters()
    except ServiceError as exc:
        st.error(t("error_recommend", lang))
        st.code(str(exc), language=None)
        return
    if not registry:
        st.info(t("no_exporters", lang))
    for fmt, exporter in registry.items():
        ext = getattr(exporter, "extension", fmt)
        st.download_button(
            t("download", lang, label=exporter_label(exporter, lang)),
            data=_renderer(exporter, rec, kb, report_lang),
            file_name=f"framework-advice-{report_lang}.{ext}",
            mime=getattr(exporter, "mime", "application/octet-stream"),
            on_click="ignore",
            key=f"dl_{fmt}",
            type="primary",
        )

    st.divider()
    profile = make_profile(st.session_state.get(state.DESCRIPTION, ""), state.answers())
    views.profile_downloads(profile, lang, "dl_export_profile")


main()
