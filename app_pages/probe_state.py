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

from app_pages.probe_runner import ProbeRun, ProbeSlot

log = logging.getLogger("framework_advisor.app.probes")


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
