"""Fixtures for the recommender tests: a small fixed KB (see rec_kbfactory) and the real one."""

from __future__ import annotations

import pytest

from kb.schema import KnowledgeBase
from tests.recommender.rec_kbfactory import make_kb


@pytest.fixture(scope="session")
def small_kb() -> KnowledgeBase:
    return make_kb()


@pytest.fixture(scope="session")
def real_kb() -> KnowledgeBase:
    import kb

    return kb.load()
