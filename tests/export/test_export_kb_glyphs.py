"""Every KB text a report can show has glyphs in the PDF's fonts (DejaVu Sans, Noto Sans CJK).

A character no font has is printed as '?' and puts "N characters have no glyph" at the top of the
PDF, above the decision. An emoji in one evidence claim (a skull, from a README's legend) did
exactly that for every report that cited it. Quotes are exempt: they stay verbatim and reports do
not print them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import kb
from recommender.export.fonts import FontFile, find_fonts

FONTS = find_fonts()
pytestmark = pytest.mark.skipif(
    FONTS.regular is None or not FONTS.has_cjk, reason="needs DejaVu and Noto CJK (.ci/run)"
)
NOT_SHOWN = {"quote", "url", "path", "id", "source", "checked", "as_of", "accessed"}


def _cmap_of_file(font: FontFile) -> set[int]:
    from fontTools.ttLib import TTCollection, TTFont  # type: ignore[import-untyped]

    path = str(font.path)
    face = TTCollection(path).fonts[font.index] if path.endswith(".ttc") else TTFont(path)
    return set(face.getBestCmap())


def _strings(value: Any, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in NOT_SHOWN:
                yield from _strings(item, f"{where}.{key}")
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _strings(item, f"{where}[{i}]")


def test_every_shown_kb_text_has_glyphs_in_the_pdf_fonts() -> None:
    covered: set[int] = set()
    for font in (FONTS.regular, FONTS.bold, FONTS.cjk_regular, FONTS.cjk_bold):
        if font is not None:
            covered |= _cmap_of_file(font)
    data = kb.load().model_dump(mode="json")
    missing = [
        (where, ch)
        for where, text in _strings(data, "kb")
        for ch in text
        if not ch.isspace() and ord(ch) not in covered
    ]
    assert not missing, missing[:10]
