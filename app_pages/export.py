"""Page: download the recommendation in every registered format, and the profile."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import streamlit as st

from app_pages.common import export_worker, state, target_choice, views
from app_pages.common.services import ServiceError, exporters, make_profile
from kb.texts import LANG_NAMES, LANGS, t, tx

if TYPE_CHECKING:
    from recommender.models import Recommendation

REPORT_LANG_KEY = "w_report_lang"
EXPORT_TIMEOUT_S = 120
ROOT = Path(__file__).resolve().parents[1]


def exporter_label(exporter: Any, lang: str) -> str:
    label = getattr(exporter, "label", None)
    if callable(label):
        return str(label(lang))
    return tx(label, lang) if label is not None else str(getattr(exporter, "key", "?"))


def _renderer(fmt: str, rec: Recommendation, lang: str) -> Callable[[], bytes]:
    """Bytes are produced only when the button is clicked, in a child process (see
    ``export_worker``: the PDF's fonts must not stay resident in the server)."""

    def render() -> bytes:
        if not export_worker.SLOTS.acquire(timeout=EXPORT_TIMEOUT_S):
            raise RuntimeError(f"{fmt} export: the server is busy with other exports; try again")
        try:
            done = subprocess.run(
                [sys.executable, "-m", "app_pages.common.export_worker", fmt, lang],
                input=rec.model_dump_json().encode(),
                capture_output=True,
                timeout=EXPORT_TIMEOUT_S,
                cwd=ROOT,
            )
        finally:
            export_worker.SLOTS.release()
        if done.returncode != 0:
            tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
            raise RuntimeError(f"{fmt} export failed: {' '.join(tail) or done.returncode}")
        return done.stdout

    return render


def main() -> None:
    lang = state.lang()
    kb = views.kb_or_stop(lang)
    st.title(t("page_export", lang), anchor=False)
    st.caption(t("export_intro", lang))
    key, probe = views.active_probe()
    st.caption(t("for_machine", lang, machine=views.md_escape(views.machine_label(key, lang))))
    target_choice.render("export", lang, kb, compact=True)  # the explicit target (issue 13)

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

    overrides = st.session_state.get(state.OVERRIDES) or None
    # Opt-in: a casual experiment must not become the official decision record (issue 13).
    if overrides and not st.checkbox(t("export_use_whatif", lang), value=False, key="w_whatif"):
        overrides = None
    try:
        rec = views.current_recommendation(kb, probe, overrides)
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
            data=_renderer(fmt, rec, report_lang),
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
