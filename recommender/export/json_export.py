"""JSON export: the full Recommendation, versioned, loadable back for ``diff``.

The description is the only field we may change on the way out: an over-long or control-laden
description is cleaned and a warning says so, so the file never carries what the report hid.
"""

from __future__ import annotations

from pydantic import ValidationError

from kb.safe_input import validation_refusal
from kb.schema import KnowledgeBase
from kb.texts import check_lang, pair
from recommender.models import RECOMMENDATION_SCHEMA_VERSION, Recommendation

from .errors import ExportError
from .report import note_text
from .sanitize import Cleaner

MAX_JSON_BYTES = 5 * 1024 * 1024
_WHAT = pair("json_input_what")


def cleaned(rec: Recommendation) -> Recommendation:
    """``rec`` with its description cleaned, plus one warning per change (unchanged if clean)."""
    cleaner = Cleaner()
    desc = cleaner.description(rec.profile.description)
    if not cleaner.notes:
        return rec
    profile = rec.profile.model_copy(update={"description": desc})
    warnings = rec.warnings + [note_text(n, "en") for n in cleaner.notes]
    return rec.model_copy(update={"profile": profile, "warnings": warnings})


def render(rec: Recommendation, _kb: KnowledgeBase, lang: str) -> bytes:
    """UTF-8 JSON, indented, keys in model order (stable for golden files and diffs).

    ``_kb`` is the exporter signature's: the JSON carries the recommendation alone."""
    check_lang(lang)
    return (cleaned(rec).model_dump_json(indent=2) + "\n").encode("utf-8")


def load_recommendation(data: bytes, name: str) -> Recommendation:
    """Parse an exported JSON; raise ExportError with one line naming the file and the problem."""
    if len(data) > MAX_JSON_BYTES:
        raise ExportError(
            *pair("json_input_too_big", name=name, size=len(data), most=MAX_JSON_BYTES)
        )
    try:
        rec = Recommendation.model_validate_json(data)
    except ValidationError as exc:
        raise ExportError(*validation_refusal(name, exc, Recommendation, _WHAT)) from None
    if rec.schema_version > RECOMMENDATION_SCHEMA_VERSION:
        most = RECOMMENDATION_SCHEMA_VERSION
        raise ExportError(
            *pair("json_input_newer", name=name, version=rec.schema_version, most=most)
        )
    return rec
