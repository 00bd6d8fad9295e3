"""Fixtures of the exporter tests: a hand-built KB and recommendation (see export_sample.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.schema import KnowledgeBase
from recommender.models import Recommendation
from tests.export.export_sample import sample_kb, sample_recommendation

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "export"


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return sample_kb()


@pytest.fixture
def rec() -> Recommendation:
    return sample_recommendation()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where tests leave files for a human to look at (ignored by git)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
