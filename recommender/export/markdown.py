"""Markdown (GitHub-flavoured) rendering of the decision record.

Every piece of text is escaped so that user text never becomes live HTML or Markdown structure
(tables keep their columns when a description contains ``|``; ``<script>`` stays text).
"""

from __future__ import annotations

import re

from kb.schema import KnowledgeBase
from kb.texts import t
from recommender.models import Recommendation

from .charts import ChartSpec
from .document import (
    Badge,
    Block,
    Bullets,
    Chart,
    Code,
    Document,
    Heading,
    Para,
    Quote,
    Span,
    Table,
)
from .report import build_document

_INLINE = re.compile(r"([\\`*_\[\]{}|~!])")
# Block markers that only count at the start of a line and before a space (or alone).
_LINE_START = re.compile(r"^(\s*)(#{1,6}|[-+*]|=+|-+)(?=\s|$)")
_LIST_NUMBER = re.compile(r"^(\s*\d{1,9})([.)])(?=\s|$)")


def escape(text: str) -> str:
    """Escape one line of plain text for Markdown: punctuation, HTML-ish text and line starts."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _INLINE.sub(r"\\\1", text)
    text = _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    return _LIST_NUMBER.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _url(url: str) -> str:
    return "".join(f"%{ord(c):02X}" if c in "()<> \"'`" else c for c in url)


def spans(items: tuple[Span, ...], *, in_table: bool = False) -> str:
    out: list[str] = []
    for s in items:
        lines = [escape(part) for part in s.text.split("\n")]
        text = ("<br>" if in_table else " ").join(lines)
        if not text.strip():
            out.append(text)
            continue
        if s.url:
            text = f"[{text}]({_url(s.url)})"
        if s.bold:
            lead = len(text) - len(text.lstrip())
            trail = len(text) - len(text.rstrip())
            text = f"{text[:lead]}**{text.strip()}**{text[len(text) - trail :]}"
        out.append(text)
    return "".join(out)


def _fence(text: str) -> str:
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def text_chart(spec: ChartSpec, width: int = 30) -> str:
    """A plain-text bar chart, so the Markdown report carries the same picture as HTML/PDF."""
    lo, hi = spec.domain
    index = {(b.category, b.series): b for b in spec.bars}
    label_w = max([len(s) for s in spec.series] + [4])
    lines = [spec.title, ""]
    for cat in spec.categories:
        lines.append(cat)
        for name in spec.series:
            bar = index.get((cat, name))
            if bar is None:
                continue
            n = round((max(bar.value, lo) - lo) / ((hi - lo) or 1) * width)
            rng = (
                f"  [{bar.low:g}–{bar.high:g}]"
                if bar.low is not None and bar.high is not None
                else ""
            )
            lines.append(f"  {name:<{label_w}} {'█' * n}{' ' * (width - n)} {bar.value:.1f}{rng}")
    lines.append(f"({spec.axis_label})")
    return "\n".join(lines)


def _table(b: Table) -> list[str]:
    heads = [escape(h) or " " for h in b.headers]
    align = [("---:" if i < len(b.numeric) and b.numeric[i] else "---") for i in range(len(heads))]
    lines = ["| " + " | ".join(heads) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(spans(c, in_table=True) for c in row) + " |" for row in b.rows]
    return lines


def _block(b: Block, lang: str) -> list[str]:
    if isinstance(b, Heading):
        return ["#" * b.level + " " + escape(b.text)]
    if isinstance(b, Para):
        return [spans(b.spans)]
    if isinstance(b, Quote):
        # rstrip: two trailing spaces would be a hard line break (<br>) made by user text
        return [
            "> " + escape(line.rstrip()) if line.strip() else ">" for line in b.text.split("\n")
        ]
    if isinstance(b, Bullets):
        return ["- " + spans(item) for item in b.items]
    if isinstance(b, Table):
        return _table(b)
    if isinstance(b, Chart):
        body = text_chart(b.spec)
        fence = _fence(body)
        return [fence + "text", body, fence]
    if isinstance(b, Code):
        fence = _fence(b.text)
        return [fence + "sh", b.text, fence]
    if isinstance(b, Badge):  # words and symbol, so the verdict reads without colour
        line = f"**{escape(b.symbol)} {escape(b.label.upper())}** — **{escape(b.headline)}**"
        return [line] + (["", escape(b.detail)] if b.detail else [])
    label = t("warnings" if b.kind == "warning" else "input_notes", lang)
    icon = "⚠ " if b.kind == "warning" else "ℹ "
    return [f"> **{icon}{escape(label)}**", ">"] + [f"> - {escape(i)}" for i in b.items]


def render_document(doc: Document) -> str:
    parts = ["# " + escape(doc.title)]
    for b in doc.blocks:
        parts.append("\n".join(_block(b, doc.lang)))
    return "\n\n".join(parts) + "\n"


def render(rec: Recommendation, kb: KnowledgeBase, lang: str) -> bytes:
    """The decision record as UTF-8 Markdown."""
    return render_document(build_document(rec, kb, lang)).encode("utf-8")
