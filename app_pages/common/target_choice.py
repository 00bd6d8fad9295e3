"""The explicit target: "answers only", "this machine" or an uploaded file, as one visible choice.

Every page that shows a recommendation draws this selector, so the user always sees which machine
the advice is for. Uploading or probing adds a choice; it never takes over a target the user
picked (app_pages/common/state.py ``add_machine``). When the answers describe other hardware than
the target machine, a warning chip says so; the disagreement itself comes from
``recommender.install.resolve_machine`` (the rule that also picks the install command), so the
page and the report say the same thing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from app_pages.common import state, views
from app_pages.common.inert import inert
from app_pages.common.services import ServiceError
from kb.texts import t

if TYPE_CHECKING:
    from kb.schema import KnowledgeBase
    from probes.report import ProbeReport
    from recommender.install import HardwareDisagreement
    from recommender.models import Recommendation

ANSWERS_ONLY = "-"
WIDGET_PREFIX = "w_target_"
LABELS = "target_labels"  # shown label -> machine key (or ANSWERS_ONLY), for the callback


def _on_target(widget_key: str) -> None:
    labels: dict[str, str] = st.session_state.get(LABELS, {})
    choice = labels.get(st.session_state.get(widget_key) or "", ANSWERS_ONLY)
    state.set_active_machine(None if choice == ANSWERS_ONLY else choice)


def choice_label(key: str, lang: str) -> str:
    """What the selector names one option (the radio shows it through ``inert``: radio labels
    are Markdown, and machine names come from uploaded files)."""
    if key == ANSWERS_ONLY:
        return t("target_answers_only", lang)
    return views.machine_label(key, lang)


def disagreement(rec: Recommendation, probe: ProbeReport | None) -> HardwareDisagreement | None:
    """The answers-vs-machine disagreement the install rule found, or None."""
    if probe is None:
        return None
    from recommender.install import resolve_machine

    answers = {k: list(v) for k, v in rec.effective_answers.items()}
    return resolve_machine(probe, answers)[1]


def selector(place: str, lang: str, *, compact: bool = False) -> None:
    """The target radio; ``place`` keeps one widget key per page.

    ``compact``: a horizontal radio whose label is hidden (kept for screen readers), for pages
    that already say "Recommendation for: …" above it. The options are the shown labels
    (AppTest and the browser see the same strings); ``LABELS`` maps them back to machine keys.
    """
    machines = st.session_state.get(state.MACHINES, {})
    labels = {choice_label(k, lang): k for k in [ANSWERS_ONLY, *machines]}
    st.session_state[LABELS] = labels
    by_key = {k: label for label, k in labels.items()}
    key = WIDGET_PREFIX + place
    active = st.session_state.get(state.ACTIVE)
    st.session_state[key] = by_key.get(active if active in machines else ANSWERS_ONLY)
    st.radio(
        t("target_label", lang),
        options=list(labels),
        format_func=lambda label: label if labels[label] == ANSWERS_ONLY else inert(label),
        key=key,
        on_change=_on_target,
        args=(key,),
        horizontal=compact or len(labels) <= 3,
        help=t("target_help", lang),
        label_visibility="collapsed" if compact else "visible",
    )
    if not machines and not compact:
        st.caption(t("target_hint_none", lang))


def mismatch_chip(rec: Recommendation, probe: ProbeReport | None, lang: str) -> bool:
    """A warning chip and the sentence behind it when answers and target disagree."""
    found = disagreement(rec, probe)
    if found is None:
        return False
    with st.container(key="target_mismatch"):
        st.badge(t("target_mismatch_chip", lang), icon=":material/warning:", color="orange")
        st.caption(found.zh if lang == "zh" else found.en)
    return True


def render(place: str, lang: str, kb: KnowledgeBase, *, compact: bool = False) -> None:
    """Selector plus the mismatch chip for the current answers and target (cached result)."""
    selector(place, lang, compact=compact)
    _, probe = views.active_probe()
    if probe is None:
        return
    try:
        rec = views.current_recommendation(kb, probe)
    except ServiceError:
        return  # the page's own result area says what is wrong
    mismatch_chip(rec, probe, lang)
