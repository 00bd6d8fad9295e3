"""Fixtures of the exporter tests: a hand-built KB and recommendation (see export_sample.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from export_sample import sample_kb, sample_recommendation

from kb.schema import KnowledgeBase
from recommender.models import Recommendation

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
