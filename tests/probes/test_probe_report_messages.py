"""A bad probe report is refused with a sentence a person can act on, in English and Chinese
(issue 13: "collected_at: Field required (got dict)" spoke developer)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from probes.report_io import ReportError, parse_report

FIXTURE = Path(__file__).parents[1] / "fixtures/probes/reports/cpu_2vcpu_both_quick_calm.json"


def _refused(change: Callable[[dict[str, Any]], object]) -> ReportError:
    raw = json.loads(FIXTURE.read_text(encoding="utf-8"))
    change(raw)
    with pytest.raises(ReportError) as info:
        parse_report(json.dumps(raw).encode(), "box.json")
    return info.value


@pytest.mark.parametrize(
    ("change", "en", "zh"),
    [
        (
            lambda r: r.pop("collected_at"),
            "box.json: field “collected_at”: missing; allowed: a date and time such as ",
            "box.json：字段“collected_at”：缺失；允许：日期时间",
        ),
        (
            lambda r: r["host"].__setitem__("os", "plan9"),
            'field “host.os”: "plan9" is not accepted; allowed: one of linux, windows, macos',
            "允许：以下之一：linux、windows、macos、other",
        ),
        (
            lambda r: r["cpu"].__setitem__("physical_cores", "many"),
            'field “cpu.physical_cores”: "many" is not accepted; allowed: a whole number',
            "允许：整数",
        ),
        (
            lambda r: r.__setitem__("host", 3),
            "allowed: an object with the fields os, ",
            "含字段 os、",
        ),
    ],
)
def test_schema_problems_read_as_sentences(
    change: Callable[[dict[str, Any]], object], en: str, zh: str
) -> None:
    exc = _refused(change)
    assert en in str(exc)
    assert zh in exc.text("zh")
    for developer_speak in ("Field required", "(got ", "Input should be", "probes/report.py"):
        assert developer_speak not in str(exc) and developer_speak not in exc.text("zh")


def test_several_problems_are_counted() -> None:
    def two(r: dict[str, Any]) -> None:
        r.pop("collected_at")
        r["host"]["os"] = "plan9"

    exc = _refused(two)
    assert str(exc).endswith("(and 1 more problem)") and exc.text("zh").endswith(
        "（另有 1 处问题）"
    )
