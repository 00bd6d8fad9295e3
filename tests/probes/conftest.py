"""Shared helpers for probe tests: a minimal valid report and the repo root."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from probes.report import CpuInfo, HostInfo, MemoryInfo, ProbeReport, PythonInfo
from probes.report_io import parse_report

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "probes"


def recorded_report(name: str) -> ProbeReport:
    """A probe report recorded on a real machine (tests/fixtures/probes/reports/<name>), read
    through the same parser the app and the recommender use."""
    path = FIXTURES / "reports" / name
    return parse_report(path.read_bytes(), path.name)


@pytest.fixture
def minimal_report() -> ProbeReport:
    return ProbeReport(
        collected_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        host=HostInfo(os="linux", os_name="Linux", arch="x86_64"),
        python=PythonInfo(version="3.11.7", implementation="CPython"),
        cpu=CpuInfo(model="Test CPU"),
        memory=MemoryInfo(total_gb=16.0),
    )
