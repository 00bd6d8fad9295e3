"""Untrusted text made inert for Streamlit's Markdown, and callbacks kept inside the boundary.

Probe reports come from other machines: framework reasons, mismatch text, workload and device
names are whatever the file says. ``st.markdown``, ``st.warning``, ``st.error`` and ``st.caption``
interpret Markdown, so ``![x](https://host/pixel)`` in a report would make every visitor's browser
fetch from that host. :func:`inert` is the one place that turns such text into plain characters:
control and bidi characters dropped, length bounded, every Markdown-active character escaped,
``:`` and ``$`` too (no directive, no math), and a WORD JOINER inside ``https://``, ``www.`` and
``@`` so that no autolink can form (``views.md_escape`` uses the same escaping).

:func:`guarded` wraps widget callbacks: Streamlit runs them *before* the page script, outside
the ``try`` in app.py, so an unexpected exception there would replace the whole page with
Streamlit's error screen. Guarded, it becomes a message next to the widget and the answers stay.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections.abc import Callable
from typing import ParamSpec

from app_pages.common import state
from kb.texts import t

MAX_SHOWN_CHARS = 1000
# Backslash-escaped: everything that starts Markdown, HTML, a Streamlit directive or math.
_MARKDOWN = frozenset("\\`*_{}[]()#+!|<>~$=^&:")
# GFM turns URL-, www.- and e-mail-shaped *text* into links after parsing, so neither a
# backslash nor a character reference stops it (both seen in Chromium). An invisible WORD JOINER
# (U+2060) inside the pattern does: "https:⁠//", "www⁠.", "a⁠@b" stay text.
_WJ = "\u2060"
_WWW = re.compile(r"(?i)(www)(?=\\?\.)")
_BIDI = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F))

log = logging.getLogger("framework_advisor.app")
P = ParamSpec("P")


def inert(text: object, limit: int = MAX_SHOWN_CHARS) -> str:
    """``text`` as literal characters inside any Markdown element, at most ``limit`` long."""
    raw = str(text)
    out: list[str] = []
    for ch in raw[:limit]:
        if ch in "\r\n\t":
            out.append(" ")
            continue
        cat = unicodedata.category(ch)
        if ch in _BIDI or cat in ("Cc", "Cs", "Co", "Cn") or (cat == "Cf" and ch != "\u200d"):
            continue
        out.append(ch)
    shown = escape_markdown("".join(out))
    return shown + " …" if len(raw) > limit else shown


def escape_markdown(text: str, chars: frozenset[str] = _MARKDOWN) -> str:
    """Every character of ``text`` literal in Streamlit Markdown (``chars`` get a backslash)."""
    out = "".join("\\" + ch if ch in chars else ch for ch in text)
    out = out.replace("://", ":" + _WJ + "//").replace("@", _WJ + "@")
    return _WWW.sub(lambda m: m.group(1) + _WJ, out)


def guarded(where: str) -> Callable[[Callable[P, None]], Callable[P, None]]:
    """Run a widget callback inside the error boundary; failures show next to ``where``."""

    def wrap(callback: Callable[P, None]) -> Callable[P, None]:
        @functools.wraps(callback)
        def run(*args: P.args, **kwargs: P.kwargs) -> None:
            try:
                callback(*args, **kwargs)
            except Exception:
                log.exception("callback %s failed", callback.__name__)
                state.notice("error", t("error_generic", state.lang()), where)

        return run

    return wrap
