"""Bad input: a huge or control-laden description is cut or cleaned, visibly, in every format."""

from __future__ import annotations

import io
import json
from html.parser import HTMLParser

import pytest
from pypdf import PdfReader

from kb.schema import KnowledgeBase
from recommender.export import EXPORTERS, get_exporter
from recommender.export.fonts import find_fonts
from recommender.export.sanitize import Cleaner, strip_controls
from tests.export.export_sample import sample_recommendation

HUGE = "A" * 1_048_576
NASTY = "line one\r\nline two\x00\x07\x1b[31m red\u202eevil\u200b\ud800 end"


class _TextOf(HTMLParser):
    """The text nodes of an HTML document, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def visible_text(fmt: str, data: bytes) -> str:
    """What a reader of the file would see, as one line of text."""
    if fmt == "pdf":
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
        text = text.replace("\x00", "")
    elif fmt == "html":
        parser = _TextOf()
        parser.feed(data.decode())
        text = "".join(parser.parts)
    elif fmt == "json":
        text = " ".join(json.loads(data)["warnings"])
    else:
        text = data.decode()
    return " ".join(text.split())


@pytest.mark.parametrize("fmt", list(EXPORTERS))
def test_huge_description_is_truncated_with_a_note(kb: KnowledgeBase, fmt: str) -> None:
    if fmt == "pdf" and find_fonts().regular is None:
        pytest.skip("no TrueType font")
    data = EXPORTERS[fmt].render(sample_recommendation(HUGE), kb, "en")
    assert len(data) < 200_000
    assert (
        "profile.description was 1048576 characters long; only the first 4000 are shown."
        in visible_text(fmt, data)
    )


@pytest.mark.parametrize("fmt", list(EXPORTERS))
def test_control_characters_are_removed_with_a_note(kb: KnowledgeBase, fmt: str) -> None:
    data = EXPORTERS[fmt].render(sample_recommendation(NASTY), kb, "zh")
    raw = visible_text(fmt, data) if fmt == "pdf" else data.decode()
    for bad in ("\x07", "\x1b", "\u202e", "\u200b") + (("\x00",) if fmt != "pdf" else ()):
        assert bad not in raw
    text = visible_text(fmt, data)
    note = "profile.description：已删除 6 个控制字符或不可见格式字符。"
    if fmt == "json":  # the JSON keeps English warnings (the data, not a report)
        note = "profile.description: 6 control or invisible formatting characters were removed."
    assert note in text, text[:400]


def test_strip_controls_keeps_text_and_newlines() -> None:
    assert strip_controls("a\tb\r\nc\x00d\u200de", keep_newlines=True) == ("a b\ncd\u200de", 1)


def test_cleaner_counts_original_length() -> None:
    cleaner = Cleaner()
    out = cleaner.description("é" * 5000)
    assert len(out) <= 4002 and cleaner.notes[0].length == 5000


@pytest.mark.parametrize("lang", ["fr", "EN", "", "zh-CN"])
def test_unknown_language_is_a_value_error_listing_allowed(kb: KnowledgeBase, lang: str) -> None:
    with pytest.raises(ValueError, match=r"unknown language .*; allowed: en, zh$"):
        EXPORTERS["md"].render(sample_recommendation(), kb, lang)


def test_unknown_format_lists_registry() -> None:
    with pytest.raises(ValueError, match="allowed: md, html, pdf, json"):
        get_exporter("docx")
