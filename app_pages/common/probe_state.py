"""Streamlit-side ownership of probe runs: one slot per server, one holder per browser session.

The holder is a session-scoped cache resource, so Streamlit calls ``_release`` when the tab's
session goes away; that kills a running probe and frees the slot, so a closed tab can neither
leave a child process behind nor block other tabs.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

import streamlit as st

from app_pages.common import state
from app_pages.common.probe_runner import ProbeRun, ProbeSlot
from app_pages.common.services import ServiceError, parse_report
from app_pages.common.views import md_escape
from kb.texts import t

log = logging.getLogger("framework_advisor.app.probes")
RESULT_KEY = "probe_outcome"  # (kind, message) of the last finished run, shown on its page


@st.cache_resource(show_spinner=False)
def probe_slot() -> ProbeSlot:
    """The one probe slot of this server process (shared by every session)."""
    return ProbeSlot()


def _release(holder: dict[str, Any]) -> None:
    run: ProbeRun | None = holder.get("run")
    if run is not None:
        log.info("session closed: stopping probe pid %s", run.proc.pid)
        run.close()
        holder["run"] = None
    probe_slot().release(holder["owner"])


@st.cache_resource(scope="session", on_release=_release, show_spinner=False)
def session_holder() -> dict[str, Any]:
    """This session's probe handle: {"owner": id, "run": ProbeRun | None}."""
    return {"owner": uuid.uuid4().hex, "run": None}


def start(tier: str) -> bool:
    """Start a probe for this session; False when another session holds the slot."""
    holder = session_holder()
    if holder["run"] is not None:
        return True
    slot = probe_slot()
    if not slot.acquire(holder["owner"]):
        return False
    try:
        holder["run"] = ProbeRun(tier)
    except Exception:
        slot.release(holder["owner"])
        raise
    return True


def current() -> ProbeRun | None:
    run: ProbeRun | None = session_holder()["run"]
    return run


def finish() -> None:
    """Forget this session's run (after its result was taken) and free the slot."""
    holder = session_holder()
    run: ProbeRun | None = holder["run"]
    if run is not None:
        run.close()
    holder["run"] = None
    probe_slot().release(holder["owner"])


def collect_if_finished() -> bool:
    """If this session's run has ended, turn it into a machine (or a message) and free the slot.

    Called by the probe page's poller and on every full rerun of any page, so a run that ends
    while the user reads another page does not keep the server's only probe slot.
    """
    run = current()
    if run is None or run.poll() is None:
        return False
    lang = state.lang()
    outcome = run.poll()
    try:
        if outcome == "ok":
            try:
                report = parse_report(run.report_bytes(), "probe report")
            except (ServiceError, OSError) as exc:
                message = f"{t('probe_bad_output', lang)} {md_escape(str(exc))}"
                st.session_state[RESULT_KEY] = ("error", message)
                return True
            # A choice, not a takeover: the target changes only if the user never chose one.
            state.add_machine(state.LOCAL, "this machine", report)
            st.session_state[RESULT_KEY] = ("success", t("probe_done", lang, s=run.elapsed_s))
        elif outcome == "timeout":
            st.session_state[RESULT_KEY] = ("error", t("probe_timeout", lang, s=int(run.timeout_s)))
        elif outcome == "cancelled":
            st.session_state[RESULT_KEY] = ("info", t("probe_cancelled", lang))
        else:
            tail = run.stderr_tail(600)
            detail = f"\n\n{md_escape(tail)}" if tail else ""
            message = t("probe_failed", lang, code=run.proc.returncode) + detail
            st.session_state[RESULT_KEY] = ("error", message)
    finally:
        finish()
    return True
