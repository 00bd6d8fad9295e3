"""Sparse or unusual recommendations still render in every format (nothing assumed present)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from kb.schema import KnowledgeBase
from recommender.export import EXPORTERS
from recommender.models import Profile, Recommendation
from tests.export.export_sample import NOW


def minimal() -> Recommendation:
    return Recommendation(
        generated_at=NOW,
        winner=None,
        leader="jax",  # not in the KB: shown by id
        verdict="too_close",
        scores={"jax": 50.0, "tensorflow": 49.9},
        margin=0.1,
        win_probability={"jax": 0.51, "tensorflow": 0.49},
        kb_version="0",
        kb_hash="sha256:0",
        profile=Profile(answers={"unknown_question": "whatever", "stage": ["research", "nope"]}),
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("fmt", list(EXPORTERS))
def test_minimal_recommendation_renders(kb: KnowledgeBase, fmt: str, lang: str) -> None:
    data = EXPORTERS[fmt].render(minimal(), kb, lang)
    if fmt == "pdf":
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
        text = text.replace("\x00", "")
    else:
        text = data.decode()
    if fmt == "json":
        assert '"leader": "jax"' in text
        return
    expected = {
        "en": ["too close to call", "Ahead (within noise)", "jax", "unknown_question", "nope"],
        "zh": ["难分高下", "暂时领先", "jax", "unknown_question", "未使用机器探测"],
    }[lang]
    flat = "".join(text.split()).replace("\\_", "_")
    for needle in expected:
        assert "".join(needle.split()) in flat, needle
