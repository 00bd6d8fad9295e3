"""Load and save probe reports safely: reports arrive as uploads from other machines.

Every failure becomes one :class:`ReportError` line naming the file, the field and what is
allowed, in English (``str()``) and Chinese (``.text("zh")``, kb/safe_input.py ``InputError``), so
the app and the recommender CLI can show it without a traceback.
"""

from __future__ import annotations

from pydantic import ValidationError

from kb.safe_input import (
    InputError,
    UnsafeInputError,
    decode_text,
    excerpt,
    load_json,
    one_line,
    refusal,
    validation_refusal,
)
from kb.texts import Bilingual, pair
from probes.report import PROBE_SCHEMA_VERSION, ProbeReport

MAX_REPORT_BYTES = 5 * 1024 * 1024


class ReportError(InputError):
    """A probe report that cannot be used; ``str()`` is one line for the user, ``zh`` Chinese."""


_WHAT: Bilingual = pair("probe_input_what")


def _error(where: str, problem: Bilingual, allowed: Bilingual | None = None) -> ReportError:
    return ReportError(*refusal(where, problem, allowed))


def parse_report(data: bytes, name: str) -> ProbeReport:
    """Validate untrusted bytes into a :class:`ProbeReport` or raise a one-line ReportError."""
    name = one_line(name, 200)
    if len(data) > MAX_REPORT_BYTES:
        size = f"{len(data) / 1e6:.1f} MB"
        raise _error(
            name,
            pair("input_file_is_size", size=size),
            pair("probe_input_size_limit"),
        )
    if not data.strip():
        raise _error(name, pair("input_file_is_empty"), _WHAT)
    try:
        raw = load_json(decode_text(data, name, _WHAT), name, _WHAT)
    except UnsafeInputError as exc:
        raise ReportError(exc.en, exc.zh) from None
    if not isinstance(raw, dict):
        kind = type(raw).__name__
        raise _error(
            name,
            pair("input_top_level_is", kind=kind),
            pair("probe_input_json_object"),
        )
    version = raw.get("schema_version")
    where = f"{name}: schema_version"
    supported = f"1..{PROBE_SCHEMA_VERSION}"
    if not isinstance(version, int) or isinstance(version, bool):
        raise _error(
            where,
            pair(
                "probe_input_not_an_integer",
                value=(excerpt(version), excerpt(version, lang="zh")),
            ),
            pair("probe_input_an_integer_in", supported=supported),
        )
    if version > PROBE_SCHEMA_VERSION or version < 1:
        raise _error(
            where,
            pair("probe_input_version_unsupported", version=version),
            pair("probe_input_supported_update", supported=supported),
        )
    try:
        return ProbeReport.model_validate(raw)
    except ValidationError as exc:
        raise ReportError(
            *validation_refusal(name, exc, ProbeReport, pair("probe_input_a_probe_report"))
        ) from None


def dump_report(report: ProbeReport) -> bytes:
    """Serialise a report as indented UTF-8 JSON, the format ``parse_report`` reads back."""
    return (report.model_dump_json(indent=2) + "\n").encode("utf-8")
