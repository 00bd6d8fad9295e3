"""The app's only doorway to the knowledge base, the recommender, the probe parser and exporters.

Pages call these thin wrappers so that caching and error translation live in one place. Nothing
here scores or decides; it forwards to the pure packages and turns their failures into one-line
messages a page can show.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any, Literal

import streamlit as st

from app_pages.common.state import AnswerSpec

if TYPE_CHECKING:
    from kb.schema import KnowledgeBase
    from probes.report import ProbeReport
    from recommender.models import Profile, Recommendation

MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # matches server.maxUploadSize and the probe parser's cap


class ServiceError(Exception):
    """A failure a page shows as one friendly line (never a traceback)."""


def load_kb() -> KnowledgeBase:
    """The validated KB; a broken KB becomes a ``ServiceError`` with its file:line list.

    Served from the KB's content-addressed snapshot (kb/snapshot.py): a fresh server validates a
    JSON file in ~15 ms instead of re-parsing unchanged YAML (~0.35 s) before its first page.
    """
    try:
        from kb import snapshot

        return snapshot.load()  # cached per directory and content hash; edits are picked up
    except ImportError as exc:
        raise ServiceError(f"kb: {exc}") from exc
    except Exception as exc:  # KBError and friends: show the maintainer's message as is
        raise ServiceError(str(exc)) from exc


def question_index(kb: KnowledgeBase) -> dict[str, AnswerSpec]:
    """question id -> (kind, allowed option ids, exclusive ones), for decoding a URL's answers."""
    return {
        q.id: AnswerSpec(
            q.kind, {o.id for o in q.options}, frozenset(o.id for o in q.options if o.exclusive)
        )
        for q in kb.questions
    }


def make_profile(description: str, answers: dict[str, str | list[str]]) -> Profile:
    from recommender.models import Profile

    return Profile(description=description, answers=answers)


@st.cache_data(show_spinner=False, max_entries=256)
def _recommend_cached(
    kb_hash: str,
    profile_json: str,
    probe_key: str,
    overrides_json: str,
    _kb: KnowledgeBase,
    _probe: ProbeReport | None,
) -> Recommendation:
    """``kb_hash`` and ``probe_key`` are the cache key for the unhashed ``_kb`` and ``_probe``."""
    del kb_hash, probe_key  # read by st.cache_data's key, not by the body
    from recommender import recommend
    from recommender.models import Profile

    profile = Profile.model_validate_json(profile_json)
    overrides = json.loads(overrides_json) or None
    return recommend(_kb, profile, _probe, weight_overrides=overrides)


def probe_key(report: ProbeReport | None) -> str:
    """A stable cache key for a probe report (its JSON digest)."""
    if report is None:
        return "-"
    return hashlib.sha256(report.model_dump_json().encode()).hexdigest()


def recommend(
    kb: KnowledgeBase,
    profile: Profile,
    probe: ProbeReport | None,
    overrides: dict[str, float] | None = None,
) -> Recommendation:
    """Cached call of ``recommender.recommend``; same inputs give the same (seeded) result."""
    try:
        return _recommend_cached(
            kb.content_hash,
            profile.model_dump_json(),
            probe_key(probe),
            json.dumps(overrides or {}, sort_keys=True),
            kb,
            probe,
        )
    except ImportError as exc:
        raise ServiceError(f"recommender: {exc}") from exc
    except Exception as exc:
        raise ServiceError(f"{type(exc).__name__}: {exc}") from exc


def _check_size(data: bytes, name: str) -> None:
    """An upload over the limit is refused before any parsing."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ServiceError(
            f"{name}: file is {len(data)} bytes; allowed: at most {MAX_UPLOAD_BYTES} bytes"
        )


def parse_report(data: bytes, name: str) -> ProbeReport:
    """Validate an uploaded or freshly written probe report; ``ServiceError`` says what is wrong."""
    _check_size(data, name)
    try:
        from probes.report_io import ReportError, parse_report
    except ImportError as exc:
        raise ServiceError(f"probes: {exc}") from exc
    try:
        return parse_report(data, name)
    except ReportError as exc:
        raise ServiceError(str(exc)) from exc


def parse_profile(data: bytes, name: str, kb: KnowledgeBase) -> Profile:
    _check_size(data, name)
    try:
        from recommender.profile_io import ProfileError, parse_profile
    except ImportError as exc:
        raise ServiceError(f"recommender: {exc}") from exc
    try:
        return parse_profile(data, name, kb)
    except ProfileError as exc:
        raise ServiceError(str(exc)) from exc


def dump_profile(profile: Profile, fmt: Literal["yaml", "json"]) -> bytes:
    """The profile file the CLI reads too (YAML or JSON)."""
    try:
        from recommender.profile_io import dump_profile
    except ImportError as exc:
        raise ServiceError(f"recommender.profile_io: {exc}") from exc
    return dump_profile(profile, fmt=fmt)


def exporters() -> dict[str, Any]:
    """The registered report formats (``recommender.export.EXPORTERS``)."""
    try:
        from recommender.export import EXPORTERS
    except ImportError as exc:
        raise ServiceError(f"recommender.export: {exc}") from exc
    return dict(EXPORTERS)
