"""PDF export: real text in both languages, CJK font handling, a page image to look at."""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from kb.schema import KnowledgeBase
from recommender.export import EXPORTERS, ExportError
from recommender.export.fonts import find_fonts
from recommender.export.pdf import render_with_fonts
from recommender.models import Recommendation
from tests.export.export_sample import XSS_DESCRIPTION, sample_recommendation

needs_cjk = pytest.mark.skipif(not find_fonts().has_cjk, reason="no CJK font (fonts-noto-cjk)")


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    # pypdf 7 interleaves NUL characters when it decodes the CFF (CID Type 0C) CJK face that
    # fpdf2 embeds; poppler does not. Dropping them keeps the check about the glyphs themselves.
    pages = PdfReader(io.BytesIO(data)).pages
    return "\n".join(page.extract_text() for page in pages).replace("\x00", "")


def squash(text: str) -> str:
    return "".join(text.split())


@needs_cjk
@pytest.mark.parametrize(
    ("lang", "needles"),
    [
        ("en", ["Chosen option: PyTorch", "Decision drivers", "sha256:feedface", "95.2"]),
        ("zh", ["选择：PyTorch", "决策驱动因素", "原文中已过时的说法", "TF Lite 已更名为 LiteRT"]),
    ],
)
def test_text_extracts_in_both_languages(
    kb: KnowledgeBase, artifacts: Path, lang: str, needles: list[str]
) -> None:
    data = EXPORTERS["pdf"].render(sample_recommendation(XSS_DESCRIPTION), kb, lang)
    (artifacts / f"report-{lang}.pdf").write_bytes(data)
    text = squash(pdf_text(data))
    for needle in [*needles, "<script>alert(1)</script>", "视觉项目"]:
        assert squash(needle) in text, needle
    assert "?" * 4 not in text, "no glyph was replaced when a CJK font is present"


@needs_cjk
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_page_one_renders_to_png(kb: KnowledgeBase, artifacts: Path, lang: str) -> None:
    """Leaves test-artifacts/export/page1-<lang>-1.png for a human to look at."""
    pdf = artifacts / f"page1-{lang}.pdf"
    pdf.write_bytes(EXPORTERS["pdf"].render(sample_recommendation(), kb, lang))
    prefix = artifacts / f"page1-{lang}"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(prefix)],
        check=True,
        timeout=30,
    )
    png = next(artifacts.glob(f"page1-{lang}-*1.png"))
    assert png.stat().st_size > 10_000  # a page with text and tables, not a blank one


def test_chinese_without_cjk_font_is_a_clear_error(rec: Recommendation, kb: KnowledgeBase) -> None:
    fonts = replace(find_fonts(), cjk_regular=None, cjk_bold=None)
    with pytest.raises(ExportError, match=r"needs a CJK font.*fonts-noto-cjk"):
        render_with_fonts(rec, kb, "zh", fonts)


@pytest.mark.skipif(find_fonts().regular is None, reason="no Latin TrueType font")
def test_english_without_cjk_font_warns_visibly(kb: KnowledgeBase) -> None:
    fonts = replace(find_fonts(), cjk_regular=None, cjk_bold=None)
    data = render_with_fonts(sample_recommendation("模型 on phones"), kb, "en", fonts)
    text = pdf_text(data)
    assert "No CJK font was found on this machine: 2 Chinese/Japanese/Korean" in " ".join(
        text.split()
    )
    assert "?? on phones" in text


def test_without_any_truetype_font_core_font_still_renders(kb: KnowledgeBase) -> None:
    fonts = replace(find_fonts(), regular=None, bold=None, mono=None, cjk_regular=None)
    data = render_with_fonts(sample_recommendation("模型 café"), kb, "en", fonts)
    text = " ".join(pdf_text(data).split())
    assert "Chosen option: PyTorch" in text
    assert "?? café" in text
    assert "No CJK font was found" in text


@pytest.mark.skipif(find_fonts().regular is None, reason="no Latin TrueType font")
def test_glyphs_missing_from_every_font_are_replaced_and_counted(kb: KnowledgeBase) -> None:
    data = EXPORTERS["pdf"].render(sample_recommendation("ship it 🚀🚀 now"), kb, "en")
    text = " ".join(pdf_text(data).split())
    assert "ship it ?? now" in text
    assert "2 characters have no glyph in the available fonts and are shown as '?'" in text
