"""Load and save probe reports safely: reports arrive as uploads from other machines.

Every failure becomes one :class:`ReportError` line naming the file, the field and what is
allowed, so the app and the recommender CLI can show it without a traceback.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

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
    if len(data) > MAX_REPORT_BYTES:
        raise ReportError(
            f"{name}: file is {len(data) / 1e6:.1f} MB; allowed: a probe report of at most 5 MB"
        )
    if not data.strip():
        raise ReportError(f"{name}: file is empty; allowed: the JSON written by `python -m probes`")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReportError(
            f"{name}: not UTF-8 text (byte {exc.start}); allowed: the JSON written by "
            "`python -m probes`"
        ) from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        at_end = exc.pos >= len(text.rstrip()) - 1 or exc.msg.startswith("Unterminated string")
        hint = "truncated JSON" if at_end else "malformed JSON"
        raise ReportError(
            f"{name}:{exc.lineno}:{exc.colno}: {hint} ({exc.msg}); allowed: the complete JSON "
            "written by `python -m probes`"
        ) from None
    if not isinstance(raw, dict):
        raise ReportError(
            f"{name}: top level is {type(raw).__name__}; allowed: a JSON object (a probe report)"
        )
    version = raw.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ReportError(
            f"{name}: schema_version: {version!r} is not an integer; allowed: an integer "
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
        got = err.get("input")
        got_text = repr(got) if not isinstance(got, dict | list) else type(got).__name__
        if len(got_text) > 60:
            got_text = got_text[:57] + "..."
        raise ReportError(
            f"{name}: {_loc(tuple(err['loc']))}: {err['msg']} (got {got_text}); allowed: "
            f"see probes/report.py schema v{PROBE_SCHEMA_VERSION}{more}"
        ) from None


def dump_report(report: ProbeReport) -> bytes:
    """Serialise a report as indented UTF-8 JSON, the format ``parse_report`` reads back."""
    return (report.model_dump_json(indent=2) + "\n").encode("utf-8")
