"""parse_report / dump_report: round trip and every kind of bad upload gets one clear line."""

from __future__ import annotations

import json

import pytest

from probes.report import PROBE_SCHEMA_VERSION, ProbeReport
from probes.report_io import MAX_REPORT_BYTES, ReportError, dump_report, parse_report


def test_round_trip(minimal_report: ProbeReport) -> None:
    data = dump_report(minimal_report)
    again = parse_report(data, "box.json")
    assert again == minimal_report
    assert dump_report(again) == data


def _err(data: bytes) -> str:
    with pytest.raises(ReportError) as info:
        parse_report(data, "box.json")
    msg = str(info.value)
    assert "\n" not in msg and msg.startswith("box.json")
    assert "allowed" in msg
    return msg


def test_too_large() -> None:
    assert "5 MB" in _err(b" " * (MAX_REPORT_BYTES + 1))


def test_truncated(minimal_report: ProbeReport) -> None:
    data = dump_report(minimal_report)
    assert "truncated" in _err(data[: len(data) // 2])


def test_malformed() -> None:
    assert "malformed" in _err(b'{"schema_version": 1,, }')


def test_empty_and_not_object() -> None:
    assert "empty" in _err(b"   ")
    assert "JSON object" in _err(b"[1, 2]")
    assert "UTF-8" in _err(b"\xff\xfe\x00{")


def test_newer_schema(minimal_report: ProbeReport) -> None:
    raw = json.loads(dump_report(minimal_report))
    raw["schema_version"] = PROBE_SCHEMA_VERSION + 1
    msg = _err(json.dumps(raw).encode())
    assert "schema_version" in msg and "newer" in msg and "update" in msg


def test_missing_schema_version() -> None:
    assert "schema_version" in _err(b'{"host": {}}')


def test_wrong_type_names_field(minimal_report: ProbeReport) -> None:
    raw = json.loads(dump_report(minimal_report))
    raw["cpu"]["physical_cores"] = "many"
    msg = _err(json.dumps(raw).encode())
    assert "cpu.physical_cores" in msg and '"many"' in msg


def test_bad_enum_in_list(minimal_report: ProbeReport) -> None:
    raw = json.loads(dump_report(minimal_report))
    raw["accelerators"] = [{"vendor": "acme", "name": "X", "source": "lspci"}]
    assert "accelerators[0].vendor" in _err(json.dumps(raw).encode())


def test_unknown_fields_ignored(minimal_report: ProbeReport) -> None:
    raw = json.loads(dump_report(minimal_report))
    raw["future_field"] = {"x": 1}
    raw["cpu"]["future_cpu_field"] = 3
    assert parse_report(json.dumps(raw).encode(), "box.json") == minimal_report
