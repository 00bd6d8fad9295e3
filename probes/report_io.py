"""Load and save probe reports safely: reports arrive as uploads from other machines.

Every failure becomes one :class:`ReportError` line naming the file, the field and what is
allowed, so the app and the recommender CLI can show it without a traceback.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from kb.safe_input import UnsafeInputError, decode_text, excerpt, load_json, one_line
from probes.report import PROBE_SCHEMA_VERSION, ProbeReport

MAX_REPORT_BYTES = 5 * 1024 * 1024


class ReportError(ValueError):
    """A probe report that cannot be used; ``str()`` is one line for the user."""


def _loc(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "(top level)"


def parse_report(data: bytes, name: str) -> ProbeReport:
    """Validate untrusted bytes into a :class:`ProbeReport` or raise a one-line ReportError."""
    name = one_line(name, 200)
    if len(data) > MAX_REPORT_BYTES:
        raise ReportError(
            f"{name}: file is {len(data) / 1e6:.1f} MB; allowed: a probe report of at most 5 MB"
        )
    if not data.strip():
        raise ReportError(f"{name}: file is empty; allowed: the JSON written by `python -m probes`")
    what = "the complete JSON written by `python -m probes`"
    try:
        raw = load_json(decode_text(data, name, what), name, what)
    except UnsafeInputError as exc:
        raise ReportError(str(exc)) from None
    if not isinstance(raw, dict):
        raise ReportError(
            f"{name}: top level is {type(raw).__name__}; allowed: a JSON object (a probe report)"
        )
    version = raw.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ReportError(
            f"{name}: schema_version: {excerpt(version)} is not an integer; allowed: an integer "
            f"1..{PROBE_SCHEMA_VERSION}"
        )
    if version > PROBE_SCHEMA_VERSION or version < 1:
        raise ReportError(
            f"{name}: schema_version: {version} is not supported (newer than this tool?); "
            f"allowed: 1..{PROBE_SCHEMA_VERSION} (update framework-advisor to read newer reports)"
        )
    try:
        return ProbeReport.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        more = f" (+{exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        got_text = excerpt(err.get("input"), 60)
        raise ReportError(
            f"{name}: {one_line(_loc(tuple(err['loc'])), 120)}: {one_line(err['msg'], 200)} "
            f"(got {got_text}); allowed: "
            f"see probes/report.py schema v{PROBE_SCHEMA_VERSION}{more}"
        ) from None


def dump_report(report: ProbeReport) -> bytes:
    """Serialise a report as indented UTF-8 JSON, the format ``parse_report`` reads back."""
    return (report.model_dump_json(indent=2) + "\n").encode("utf-8")
