"""The decision card comes first in every report; warnings after it; no blank PDF pages (#13)."""

from __future__ import annotations

import io
import re
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest

import kb as kb_pkg
from kb.schema import KnowledgeBase
from recommender import recommend
from recommender.export import EXPORTERS
from recommender.export.card import decision_card
from recommender.export.pdf import _col_widths
from recommender.models import Profile, Recommendation

if TYPE_CHECKING:
    from playwright.sync_api import Browser

LEGACY_TF = {
    "stage": "production",
    "team_experience": "tensorflow",
    "existing_code": "tensorflow",
    "hardware": ["nvidia"],
    "os": "linux",
    "deploy_targets": ["mobile"],
}


@pytest.fixture(scope="module")
def real_kb() -> KnowledgeBase:
    return kb_pkg.load()


@pytest.fixture(scope="module")
def legacy(real_kb: KnowledgeBase) -> Recommendation:
    return recommend(real_kb, Profile(answers=LEGACY_TF), draws=500, seed=1)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_cpu_build_standing_in_for_an_accelerator_is_labelled_cpu_and_says_why(
    real_kb: KnowledgeBase, lang: str
) -> None:
    """AMD GPU on native Windows: the KB has no PyTorch build for it, so the command is the
    CPU build, and the card must not label it "NVIDIA CUDA" (the same pip line as Linux's
    default CUDA wheel) nor drop the reason."""
    answers = {"hardware": ["amd"], "os": "windows", "stage": "production"}
    rec = recommend(real_kb, Profile(answers=answers), draws=300)
    assert rec.winner == "pytorch" and rec.install_command is not None
    card = decision_card(rec, real_kb, lang)
    assert card.install_target == "cpu"
    chosen = next(o for o in card.install_options if o.target == "cpu")
    assert chosen.command == rec.install_command
    notes = rec.install_notes_en if lang == "en" else rec.install_notes_zh
    assert chosen.notes == notes and any("CPU" in n for n in notes)
    assert "Windows" in " ".join(notes)  # the OS by its name, not the id "windows"
    report = EXPORTERS["md"].render(rec, real_kb, lang).decode()
    head = report.split("\n# ")[0]  # the decision card
    assert notes[0] in head


def test_card_content_comes_from_the_decision_model(
    real_kb: KnowledgeBase, legacy: Recommendation
) -> None:
    card = decision_card(legacy, real_kb, "en")
    assert card.verdict == legacy.verdict and card.verdict_label
    penalties = {e.reason_en.rstrip(".") for e in legacy.eliminated if e.kind == "penalty"}
    assert any(any(p in r.text for p in penalties) for r in card.reasons), "penalties count"
    assert [r.points for r in card.reasons] == sorted(
        (r.points for r in card.reasons), key=lambda x: -abs(x or 0)
    )
    # what would change the advice first, then what would not (a cost to act on, said as such)
    ranked = sorted(legacy.what_ifs, key=lambda w: not w.changes_winner)
    assert card.what_ifs == [w.sentence_en for w in ranked][:3]
    assert any(w.changes_winner for w in legacy.what_ifs)
    assert "TensorFlow would be recommended" in card.what_ifs[-1]  # no code to keep: still TF
    assert card.install_command == legacy.install_command and card.install_target == "cuda"
    assert {o.target for o in card.install_options} == {"cuda", "rocm", "cpu", "apple", "tpu"}
    # every strength names its framework: the runner-up's strengths are never the winner's
    assert legacy.runner_up is not None
    loser = real_kb.frameworks[legacy.runner_up].name
    assert all(x.startswith(f"{loser} is stronger on") for x in card.give_up)


def _html_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_html_and_markdown_put_the_card_first_and_warnings_after(
    real_kb: KnowledgeBase, legacy: Recommendation, lang: str
) -> None:
    card = decision_card(legacy, real_kb, lang)
    html = EXPORTERS["html"].render(legacy, real_kb, lang).decode()
    body = html[html.index("<main>") :]
    first_h2 = re.search(r"<h2>(.*?)</h2>", body)
    assert first_h2 and first_h2.group(1) == ("Decision" if lang == "en" else "结论")
    badge = body.index('class="badge"')
    assert card.verdict_label in body[badge : badge + 300]
    assert badge < body.index(card.reasons[0].text[:20]) < body.index('class="notice warning"')
    assert badge < body.index("<figure>"), "charts are in the appendix"
    assert (card.install_command or "") in unescape(body[: body.index("<figure>")])
    md = EXPORTERS["md"].render(legacy, real_kb, lang).decode()
    assert md.index(card.verdict_label.upper()) < md.index("⚠") < md.index("\n# ")


def test_pdf_page_one_is_the_card(real_kb: KnowledgeBase, legacy: Recommendation) -> None:
    from pypdf import PdfReader

    card = decision_card(legacy, real_kb, "en")
    reader = PdfReader(io.BytesIO(EXPORTERS["pdf"].render(legacy, real_kb, "en")))
    page1 = re.sub(r"\s+", " ", reader.pages[0].extract_text())
    assert card.verdict_label.upper() in page1 and card.headline in page1
    assert card.reasons[0].text[:40] in page1
    assert (card.install_command or "")[:25] in page1
    assert "Appendix" not in page1
    # no mostly blank page: every page but the last carries a real amount of text
    sizes = [len(p.extract_text()) for p in reader.pages]
    assert all(n >= 300 for n in sizes[:-1]), sizes


def test_pdf_table_columns_are_never_narrower_than_their_longest_word() -> None:
    rows = [
        ["Question", "Answer", "From"],
        ["Which framework does the team know? " * 3, "TensorFlow (tensorflow)", "answered"],
        ["Where will the model run?", "Mobile app (Android / iOS) " * 2, "prefilled"],
    ]

    def measure(text: str, bold: bool) -> float:
        return len(text) * (1.8 if bold else 1.6)

    widths = _col_widths(rows, measure, 180.0)
    assert abs(sum(widths) - 180.0) < 1e-6
    for col, width in enumerate(widths):
        longest = max(measure(w, i == 0) for i, r in enumerate(rows) for w in r[col].split())
        assert width >= longest + 3.5, (col, widths)
    assert widths[0] > widths[2], "the long column still gets the most room"


BROKEN_WORDS_JS = """
() => {
  const broken = [];
  for (const td of document.querySelectorAll('td, th')) {
    const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const re = /[A-Za-z]{4,20}/g;
      let m;
      while ((m = re.exec(node.data)) !== null) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}
"""


@pytest.mark.parametrize("width", [800, 600])
def test_html_tables_never_break_a_word_in_the_middle(
    real_kb: KnowledgeBase, legacy: Recommendation, chromium: Browser, artifacts: Path, width: int
) -> None:
    path = artifacts / f"card-words-{width}.html"
    path.write_bytes(EXPORTERS["html"].render(legacy, real_kb, "en"))
    context = chromium.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(path.as_uri())
        assert page.locator("td").count() > 50
        assert page.evaluate(BROKEN_WORDS_JS) == []
    finally:
        context.close()


def _split_words(text: str, words: set[str]) -> list[str]:
    """Words that the layout split over two lines: pypdf gives "answere d" or "answere\\nd"."""
    return [
        f"{w[:i]}|{w[i:]}"
        for w in words
        for i in range(2, len(w) - 1)
        if re.search(rf"\b{re.escape(w[:i])}\s{re.escape(w[i:])}\b", text)
    ]


def test_pdf_tables_never_break_a_word_in_the_middle(
    real_kb: KnowledgeBase, legacy: Recommendation
) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(EXPORTERS["pdf"].render(legacy, real_kb, "en")))
    text = "\n".join(p.extract_text() for p in reader.pages)
    words = {"answered", "prefilled", "default", "TensorFlow", "PyTorch", "penalised"}
    assert "answered" in text and "TensorFlow" in text
    assert _split_words(text, words) == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_pdf_page_but_the_last_is_mostly_blank(
    real_kb: KnowledgeBase, legacy: Recommendation, tmp_path: Path, lang: str
) -> None:
    """Rasterised with poppler's pdftoppm: ink must reach at least half way down each page."""
    import shutil
    import subprocess

    from PIL import Image

    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(EXPORTERS["pdf"].render(legacy, real_kb, lang))
    subprocess.run(["pdftoppm", "-r", "20", "-png", str(pdf), str(tmp_path / "p")], check=True)
    pages = sorted(tmp_path.glob("p*.png"))
    assert len(pages) > 3
    filled = []
    for path in pages:
        img = Image.open(path).convert("L")
        body = int(img.size[1] * 0.94)  # above the footer line
        ink = np.asarray(img)[:body] < 200  # rows × columns of one grey byte each
        rows = np.flatnonzero(ink.any(axis=1))
        filled.append((int(rows[-1]) if rows.size else 0) / body)
    assert all(f >= 0.5 for f in filled[:-1]), [round(f, 2) for f in filled]
