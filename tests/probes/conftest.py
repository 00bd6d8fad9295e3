"""Shared helpers for probe tests: a minimal valid report and the repo root."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from probes.report import CpuInfo, HostInfo, MemoryInfo, ProbeReport, PythonInfo

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "probes"


@pytest.fixture
def minimal_report() -> ProbeReport:
    return ProbeReport(
        collected_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        host=HostInfo(os="linux", os_name="Linux", arch="x86_64"),
        python=PythonInfo(version="3.11.7", implementation="CPython"),
        cpu=CpuInfo(model="Test CPU"),
        memory=MemoryInfo(total_gb=16.0),
    )
