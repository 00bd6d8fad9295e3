"""JSON export: versioned, loads back losslessly, bad files give one-line errors."""

from __future__ import annotations

import json

import pytest

from kb.schema import KnowledgeBase
from recommender.export import EXPORTERS, ExportError
from recommender.export.json_export import load_recommendation
from recommender.models import RECOMMENDATION_SCHEMA_VERSION, Recommendation
from tests.export.export_sample import sample_recommendation


def test_round_trip_is_lossless(rec: Recommendation, kb: KnowledgeBase) -> None:
    for lang in ("en", "zh"):
        data = EXPORTERS["json"].render(rec, kb, lang)
        assert json.loads(data)["schema_version"] == RECOMMENDATION_SCHEMA_VERSION
        back = load_recommendation(data, "r.json")
        assert back == rec
        assert EXPORTERS["json"].render(back, kb, lang) == data


def test_top_level_keys(rec: Recommendation, kb: KnowledgeBase) -> None:
    doc = json.loads(EXPORTERS["json"].render(rec, kb, "en"))
    for key in (
        "schema_version", "winner", "verdict", "scores", "win_probability", "eliminated",
        "contributions", "flip_points", "warnings", "kb_version", "kb_hash", "profile", "probe",
    ):  # fmt: skip
        assert key in doc, key
    assert doc["probe"]["benchmarks"][0]["gflops"] == 95.2


def test_huge_description_is_truncated_with_a_warning(kb: KnowledgeBase) -> None:
    rec = sample_recommendation("\x00\x1b[31m" + "x" * 1_000_000)
    doc = json.loads(EXPORTERS["json"].render(rec, kb, "en"))
    assert len(doc["profile"]["description"]) < 4100
    assert any("1000006 characters long" in w for w in doc["warnings"]), doc["warnings"]
    assert any("control" in w for w in doc["warnings"]), doc["warnings"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"{not json", r"^old\.json: not valid JSON .*allowed: a Recommendation JSON"),
        (b'{"winner": "pytorch"}', r"^old\.json: field “\w+”: missing; allowed: "),
        (b"[]", r"^old\.json: "),
    ],
)
def test_bad_files_give_one_line(data: bytes, message: str) -> None:
    with pytest.raises(ExportError, match=message) as info:
        load_recommendation(data, "old.json")
    assert "\n" not in str(info.value)
    assert info.value.text("zh").startswith("old.json：") and "允许" in info.value.text("zh")


def test_newer_schema_is_refused(rec: Recommendation, kb: KnowledgeBase) -> None:
    doc = json.loads(EXPORTERS["json"].render(rec, kb, "en"))
    doc["schema_version"] = RECOMMENDATION_SCHEMA_VERSION + 1
    with pytest.raises(ExportError, match="newer than this tool supports"):
        load_recommendation(json.dumps(doc).encode(), "new.json")
