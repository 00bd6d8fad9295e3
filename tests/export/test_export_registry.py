"""The registry is the single list of formats the app and the CLI offer."""

from __future__ import annotations

from kb.schema import KnowledgeBase
from recommender.export import EXPORTERS, Exporter
from recommender.models import Recommendation

MAGIC = {"md": b"# ", "html": b"<!DOCTYPE html>", "pdf": b"%PDF-", "json": b"{"}


def test_contract_keys_and_metadata() -> None:
    assert list(EXPORTERS) == ["md", "html", "pdf", "json"]
    for key, exporter in EXPORTERS.items():
        assert isinstance(exporter, Exporter) and exporter.key == key
        assert exporter.extension == key and "/" in exporter.mime
        assert (
            exporter.label("en") == exporter.label_en and exporter.label("zh") == exporter.label_zh
        )
    assert len({e.mime for e in EXPORTERS.values()}) == 4


def test_every_format_renders_bytes_in_both_languages(
    rec: Recommendation, kb: KnowledgeBase
) -> None:
    for key, exporter in EXPORTERS.items():
        if key == "pdf":
            continue  # covered (with fonts) in test_pdf.py
        for lang in ("en", "zh"):
            data = exporter.render(rec, kb, lang)
            assert isinstance(data, bytes) and data.startswith(MAGIC[key]), (key, lang)
