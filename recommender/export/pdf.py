"""PDF rendering with fpdf2: same document, vector charts, embedded (subset) fonts.

Chinese needs a CJK font (Noto Sans CJK from fonts-noto-cjk, found through fontconfig). Without
one, a Chinese report is refused with a clear error, and an English report whose user text holds
CJK characters shows '?' for them plus a visible warning at the top — never silent tofu boxes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from kb.schema import KnowledgeBase
from kb.texts import t
from recommender.models import Recommendation

from .charts import Label, Line, Rect, layout
from .document import (
    Badge,
    Bullets,
    Cell,
    Chart,
    Code,
    Document,
    Heading,
    Notice,
    Para,
    Quote,
    Table,
)
from .errors import ExportError
from .fonts import FontFile, FontSet, find_fonts
from .report import build_document

MARGIN = 15.0
BODY_PT = 9.5
LINE_MM = 4.6
COLORS = {"warning": ("#D55E00", "#FFF4EC"), "note": ("#0072B2", "#EEF6FC")}


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (
        0x2E80 <= o <= 0x9FFF
        or 0xAC00 <= o <= 0xD7AF
        or 0xF900 <= o <= 0xFAFF
        or 0xFF00 <= o <= 0xFFEF
        or 0x20000 <= o <= 0x3FFFF
    )


class _Pdf(FPDF):
    footer_text = ""
    fixer: Any = staticmethod(lambda text: text)

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font(self.font_family, "", 7)
        self.set_text_color("#777777")
        self.cell(0, 5, self.fixer(f"{self.footer_text}    {self.page_no()}/{{nb}}"), align="R")
        self.set_text_color("#000000")


class _Renderer:
    """Draws a Document; knows which glyphs the fonts can show and replaces the rest by '?'."""

    def __init__(self, doc: Document, fonts: FontSet, footer: str) -> None:
        self.doc = doc
        pdf = _Pdf(format="A4")
        pdf.footer_text = footer
        pdf.set_margins(MARGIN, MARGIN, MARGIN)
        pdf.set_auto_page_break(True, margin=16)
        self.cmaps: list[set[int]] = []
        self.cjk: str | None = None
        self.main, self.mono = "helvetica", "courier"
        text = doc.text()
        needs_cjk = doc.lang == "zh" or any(_is_cjk(ch) for ch in text)
        # Parsing a CJK collection costs ~0.3 s per face: use it as the main face for Chinese
        # (it has Latin glyphs too), as a fallback only when English text holds CJK characters.
        cjk = (fonts.cjk_regular, fonts.cjk_bold) if needs_cjk and fonts.has_cjk else None
        latin = (fonts.regular, fonts.bold) if fonts.regular is not None else None
        main = cjk if doc.lang == "zh" or latin is None else latin
        self.core = main is None
        if main is not None:
            self._add(pdf, "main", *main)
            self.main = self.mono = "main"
            if fonts.mono is not None and any(isinstance(b, Code) for b in doc.blocks):
                self._add(pdf, "mono", fonts.mono, None)
                self.mono = "mono"
            if cjk is not None and main is not cjk:
                self._add(pdf, "cjk", *cjk)
                pdf.set_fallback_fonts(["cjk"], exact_match=False)
                self.cjk = "cjk"
            elif main is cjk:
                self.cjk = "main"
        pdf.fixer = self.fix
        self.pdf = pdf
        self.missing = self._missing_glyphs(doc.text())
        self.refs: list[tuple[str, str]] = []  # (title, url) of links listed under a table

    def _add(self, pdf: FPDF, name: str, regular: FontFile | None, bold: FontFile | None) -> None:
        assert regular is not None
        pdf.add_font(name, "", regular.path, collection_font_number=regular.index)
        if name != "mono":  # code is never bold; every other face needs a bold style for tables
            b = bold or regular
            pdf.add_font(name, "B", b.path, collection_font_number=b.index)
        self.cmaps.append(set(_cmap(pdf, name)))

    # glyph coverage ------------------------------------------------------------------------
    def _covered(self, ch: str) -> bool:
        if ch.isspace():
            return True
        if self.core:
            try:
                ch.encode("latin-1")
                return True
            except UnicodeEncodeError:
                return False
        return any(ord(ch) in cmap for cmap in self.cmaps)

    def _missing_glyphs(self, text: str) -> dict[str, int]:
        counts: dict[str, int] = {}
        for ch in text:
            if not self._covered(ch):
                counts[ch] = counts.get(ch, 0) + 1
        return counts

    def fix(self, text: str) -> str:
        """Replace characters no font can show by '?' (the warning at the top says so)."""
        if not self.missing and not self.core:
            return text
        return "".join(ch if self._covered(ch) else "?" for ch in text)

    def notices(self) -> Notice | None:
        if not self.missing:
            return None
        cjk = sum(n for ch, n in self.missing.items() if _is_cjk(ch))
        other = sum(self.missing.values()) - cjk
        items = []
        if cjk:
            items.append(t("note_no_cjk_font", self.doc.lang, count=cjk))
        if other:
            items.append(t("note_unrenderable", self.doc.lang, count=other))
        return Notice("warning", tuple(items))

    # drawing -------------------------------------------------------------------------------
    def font(self, style: str = "", size: float = BODY_PT, family: str | None = None) -> None:
        self.pdf.set_font(family or self.main, style, size)

    def heading(self, b: Heading) -> None:
        pdf = self.pdf
        size = {1: 17.0, 2: 13.0}.get(b.level, 11.0)
        if b.level == 1 and pdf.page_no() > 0 and pdf.get_y() > MARGIN + 1:
            pdf.add_page()  # the appendix starts on its own page; the card stays alone on page 1
        elif pdf.will_page_break(size * 0.5 + 22):  # keep a heading with what follows it
            pdf.add_page()
        pdf.ln(3 if b.level > 2 else 5)
        self.font("B", size)
        pdf.set_text_color("#1D1D1F")
        pdf.multi_cell(0, size * 0.5, self.fix(b.text), align="L",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)  # fmt: skip
        if b.level <= 2:
            pdf.set_draw_color("#0072B2" if b.level == 1 else "#BBBBBB")
            pdf.set_line_width(0.6 if b.level == 1 else 0.25)
            pdf.line(MARGIN, pdf.get_y() + 0.8, pdf.w - MARGIN, pdf.get_y() + 0.8)
            pdf.ln(2.2)
        else:
            pdf.ln(0.8)
        self.font()

    def spans(self, spans: Cell) -> None:
        for s in spans:
            self.font("B" if s.bold else "")
            if s.url:
                self.pdf.set_text_color("#0060A0")
                self.pdf.write(LINE_MM, self.fix(s.text), link=s.url)
                self.pdf.set_text_color("#000000")
            else:
                self.pdf.write(LINE_MM, self.fix(s.text))
        self.font()

    def para(self, b: Para) -> None:
        self.spans(b.spans)
        self.pdf.ln(LINE_MM + 1.2)

    def bullets(self, b: Bullets) -> None:
        pdf = self.pdf
        for item in b.items:
            pdf.set_x(MARGIN + 2)
            self.font()
            pdf.write(LINE_MM, self.fix("• "))
            pdf.set_left_margin(MARGIN + 5.5)
            self.spans(item)
            pdf.set_left_margin(MARGIN)
            pdf.ln(LINE_MM + 0.6)
        pdf.ln(1)

    def boxed(self, text: str, border: str, fill: str, family: str | None = None) -> None:
        pdf = self.pdf
        pdf.set_draw_color(border)
        pdf.set_fill_color(fill)
        pdf.set_line_width(0.3)
        self.font("", BODY_PT - (0.5 if family else 0), family)
        pdf.multi_cell(0, LINE_MM, self.fix(text), border=1, fill=True, align="L", padding=2,
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)  # fmt: skip
        pdf.ln(2)
        self.font()

    def badge(self, b: Badge) -> None:
        """A filled verdict badge with white words, then the headline and the scores."""
        pdf = self.pdf
        # Words only: the badge symbols are missing from some bold faces (Noto Sans CJK Bold).
        text = self.fix(b.label.upper())
        self.font("B", BODY_PT + 1)
        w = pdf.get_string_width(text) + 6
        pdf.set_fill_color(b.color)
        pdf.set_text_color("#FFFFFF")
        pdf.cell(w, 7, text, fill=True, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color("#1D1D1F")
        pdf.ln(1.5)
        self.font("B", 15)
        pdf.multi_cell(0, 7, self.fix(b.headline), align="L",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)  # fmt: skip
        if b.detail:
            self.font("", BODY_PT)
            pdf.set_text_color("#333333")
            pdf.multi_cell(0, LINE_MM, self.fix(b.detail), align="L",
                           new_x=XPos.LMARGIN, new_y=YPos.NEXT)  # fmt: skip
        pdf.set_text_color("#000000")
        pdf.set_fill_color("#FFFFFF")
        pdf.ln(2)
        self.font()

    def notice(self, b: Notice) -> None:
        border, fill = COLORS[b.kind]
        title = t("warnings" if b.kind == "warning" else "input_notes", self.doc.lang)
        lines = [title] + [f"• {i}" for i in b.items]
        self.boxed("\n".join(lines), border, fill)

    def table(self, b: Table) -> None:
        pdf = self.pdf
        ncols = len(b.headers)
        numeric = b.numeric + (False,) * (ncols - len(b.numeric))
        rows: list[list[tuple[str, str | None]]] = []
        for row in b.rows:
            cells = []
            for cell in row:
                urls = [(s.text, s.url) for s in cell if s.url]
                text = "".join(s.text if not s.url else f"{s.text} [{self._ref(s.text, s.url)}]"
                               for s in cell)  # fmt: skip
                cells.append((self.fix(text), urls[0][1] if len(urls) == 1 else None))
            rows.append(cells)
        self.font("", BODY_PT - 1.5)
        body = [[c for c, _ in r] for r in rows]
        widths = self.col_widths([list(b.headers)], body)
        has_head = any(b.headers)
        with pdf.table(
            col_widths=widths,
            text_align=tuple("RIGHT" if n else "LEFT" for n in numeric),
            line_height=LINE_MM - 0.6,
            first_row_as_headings=has_head,
            padding=1,
            headings_style=_heading_style(),
        ) as tbl:
            if has_head:
                head = tbl.row()
                for h in b.headers:
                    head.cell(self.fix(h), align="LEFT")
            for r in rows:
                out = tbl.row()
                for text, url in r:
                    out.cell(text, link=url)
        self.font()
        self.flush_refs()
        pdf.ln(2)

    def col_widths(self, head: list[list[str]], body: list[list[str]]) -> tuple[float, ...]:
        """Widths measured with the fonts in use (the header row is bold)."""
        pdf = self.pdf
        size = BODY_PT - 1.5
        cache: dict[tuple[str, bool], float] = {}

        def measure(text: str, bold: bool) -> float:
            if (text, bold) not in cache:
                pdf.set_font(self.main, "B" if bold else "", size)
                cache[(text, bold)] = pdf.get_string_width(self.fix(text))
            return cache[(text, bold)]

        widths = _col_widths(head + body, measure, pdf.w - 2 * MARGIN, header_rows=len(head))
        pdf.set_font(self.main, "", size)
        return widths

    def _ref(self, title: str, url: str) -> int:
        for i, (_, u) in enumerate(self.refs):
            if u == url:
                return i + 1
        self.refs.append((title, url))
        return len(self.refs)

    def flush_refs(self) -> None:
        if not self.refs:
            return
        pdf = self.pdf
        pdf.ln(1)
        for i, (title, url) in enumerate(self.refs, 1):
            self.font("", BODY_PT - 2)
            pdf.write(LINE_MM - 1, self.fix(f"[{i}] {title} — "))
            pdf.set_text_color("#0060A0")
            pdf.write(LINE_MM - 1, self.fix(url), link=url)
            pdf.set_text_color("#000000")
            pdf.ln(LINE_MM - 1)
        self.refs = []
        self.font()

    def chart_height(self, b: Chart) -> float:
        width, height, _ = layout(b.spec)
        return height * (self.pdf.w - 2 * MARGIN) / width + 4

    def chart(self, b: Chart) -> None:
        pdf = self.pdf
        width, height, shapes = layout(b.spec)
        scale = (pdf.w - 2 * MARGIN) / width
        if pdf.will_page_break(self.chart_height(b)):
            pdf.add_page()
        x0, y0 = MARGIN, pdf.get_y() + 2
        for sh in shapes:
            if isinstance(sh, Rect):
                pdf.set_fill_color(sh.fill)
                pdf.rect(
                    x0 + sh.x * scale, y0 + sh.y * scale, sh.w * scale, sh.h * scale, style="F"
                )
            elif isinstance(sh, Line):
                pdf.set_draw_color(sh.stroke)
                pdf.set_line_width(sh.width * scale)
                pdf.line(x0 + sh.x1 * scale, y0 + sh.y1 * scale,
                         x0 + sh.x2 * scale, y0 + sh.y2 * scale)  # fmt: skip
            else:
                self.label(sh, x0, y0, scale)
        pdf.set_y(y0 + height * scale + 3)
        pdf.set_fill_color("#FFFFFF")
        pdf.set_draw_color("#000000")
        pdf.set_line_width(0.2)
        self.font()

    def label(self, sh: Label, x0: float, y0: float, scale: float) -> None:
        pdf = self.pdf
        text = self.fix(sh.text)
        family = self.main
        if self.cjk and any(ord(c) not in self.cmaps[0] and not c.isspace() for c in text):
            family = self.cjk  # text() has no per-glyph fallback, so pick the face per label
        pdf.set_font(family, "B" if sh.bold else "", sh.size * scale * 72 / 25.4)
        pdf.set_text_color(sh.fill)
        w = pdf.get_string_width(text)
        x = x0 + sh.x * scale - {"start": 0.0, "middle": w / 2, "end": w}[sh.anchor]
        pdf.text(x, y0 + sh.y * scale, text)
        pdf.set_text_color("#000000")

    def render(self) -> bytes:
        pdf = self.pdf
        pdf.add_page()
        pdf.set_title(self.doc.title)
        pdf.set_lang("zh-CN" if self.doc.lang == "zh" else "en")
        self.heading(Heading(1, self.doc.title))
        warn = self.notices()
        blocks = ([warn] if warn else []) + list(self.doc.blocks)
        for i, b in enumerate(blocks):
            if isinstance(b, Heading):
                nxt = blocks[i + 1] if i + 1 < len(blocks) else None
                if isinstance(nxt, Chart) and pdf.will_page_break(self.chart_height(nxt) + 20):
                    pdf.add_page()  # keep the heading on the chart's page
                self.heading(b)
            elif isinstance(b, Para):
                self.para(b)
            elif isinstance(b, Quote):
                self.boxed(b.text, "#999999", "#F6F6F6")
            elif isinstance(b, Bullets):
                self.bullets(b)
            elif isinstance(b, Table):
                self.table(b)
            elif isinstance(b, Chart):
                self.chart(b)
            elif isinstance(b, Code):
                self.boxed(b.text, "#DDDDDD", "#F4F4F4", self.mono)
            elif isinstance(b, Badge):
                self.badge(b)
            else:
                self.notice(b)
        return bytes(pdf.output())


def _cmap(pdf: FPDF, key: str) -> dict[int, Any]:
    font = pdf.fonts[key]
    return getattr(font, "cmap", {}) or {}


def _heading_style() -> Any:
    from fpdf.fonts import FontFace

    return FontFace(emphasis="BOLD", fill_color="#F2F4F7")


def _col_widths(
    rows: list[list[str]],
    measure: Callable[[str, bool], float],
    total: float,
    header_rows: int = 1,
) -> tuple[float, ...]:
    """Column widths (mm, summing to ``total``) proportional to content, never narrower than the
    column's longest word as the font draws it, so "TensorFlow" or "answered" never breaks in the
    middle. A "word" wider than ``MAX_WORD_SHARE`` of the table (a URL, a command) may wrap."""
    ncols = max(len(r) for r in rows)
    floors: list[float] = []
    need: list[float] = []
    for c in range(ncols):
        cells = [r[c] for r in rows if c < len(r)]
        word = max(
            (
                measure(w, i < header_rows)
                for i, r in enumerate(rows)
                if c < len(r)
                for w in r[c].split()
            ),
            default=0.0,
        )
        floors.append(min(word + CELL_PAD_MM, total * MAX_WORD_SHARE))
        need.append(float(min(max(max((_units(x) for x in cells), default=1), 9), 60)))
    widths = [max(f, n / sum(need) * total) for f, n in zip(floors, need, strict=True)]
    excess = sum(widths) - total
    room = [w - f for w, f in zip(widths, floors, strict=True)]
    if excess > 0 and sum(room) > 0:  # take the excess from columns wider than their floor
        share = min(1.0, excess / sum(room))
        widths = [w - r * share for w, r in zip(widths, room, strict=True)]
    return tuple(widths)


MAX_WORD_SHARE = 0.4
CELL_PAD_MM = 3.5  # two 1 mm paddings, the cell border and rounding


def _units(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def render_with_fonts(rec: Recommendation, kb: KnowledgeBase, lang: str, fonts: FontSet) -> bytes:
    """Render with an explicit font set (tests use this to simulate a machine without CJK)."""
    doc = build_document(rec, kb, lang)
    if lang == "zh" and not fonts.has_cjk:
        raise ExportError(
            "PDF in Chinese needs a CJK font and none was found through fontconfig; "
            "install fonts-noto-cjk (Debian/Ubuntu) or Noto Sans CJK SC, or use --lang en"
        )
    when = rec.generated_at.astimezone(UTC)
    footer = f"{t('report_kb_version', lang)} {rec.kb_version} · {when:%Y-%m-%d %H:%M} UTC"
    renderer = _Renderer(doc, fonts, footer)
    renderer.pdf.set_creation_date(rec.generated_at)
    return renderer.render()


def render(rec: Recommendation, kb: KnowledgeBase, lang: str) -> bytes:
    """The decision record as a PDF (A4) with embedded fonts."""
    return render_with_fonts(rec, kb, lang, find_fonts())
