"""A format-neutral report document: headings, paragraphs, tables, charts, code.

Every exporter renders the same ``Document``, so Markdown, HTML and PDF carry the same content.
All text in it is plain, already-cleaned text; each renderer escapes it for its own syntax.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .charts import ChartSpec


@dataclass(frozen=True)
class Span:
    """A run of plain text, optionally a link (http/https only) or bold."""

    text: str
    url: str | None = None
    bold: bool = False


Cell = tuple[Span, ...]


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Para:
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class Quote:
    """Verbatim user text (kept apart so renderers can show it as a quotation)."""

    text: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[tuple[Span, ...], ...]


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    numeric: tuple[bool, ...] = ()  # per column: right-align


@dataclass(frozen=True)
class Chart:
    spec: ChartSpec


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class Notice:
    """A visible box: a warning about the input or the rendering."""

    kind: Literal["warning", "note"]
    items: tuple[str, ...]


@dataclass(frozen=True)
class Badge:
    """The verdict badge: symbol and words carry the meaning, the colour only repeats it."""

    symbol: str
    label: str
    color: str  # background behind white text (contrast >= 4.5:1)
    headline: str
    detail: str = ""


Block = Heading | Para | Quote | Bullets | Table | Chart | Code | Notice | Badge


@dataclass
class Document:
    lang: str
    title: str
    blocks: list[Block] = field(default_factory=list)

    def text(self) -> str:
        """All visible text, one block per line (for checks such as 'which glyphs are needed')."""
        out: list[str] = [self.title]
        for b in self.blocks:
            if isinstance(b, Heading):
                out.append(b.text)
            elif isinstance(b, Para):
                out.append("".join(s.text for s in b.spans))
            elif isinstance(b, Quote | Code):
                out.append(b.text)
            elif isinstance(b, Bullets):
                out += ["".join(s.text for s in item) for item in b.items]
            elif isinstance(b, Table):
                out.append(" ".join(b.headers))
                out += [" ".join(s.text for c in row for s in c) for row in b.rows]
            elif isinstance(b, Badge):
                out += [f"{b.symbol} {b.label}", b.headline, b.detail]
            elif isinstance(b, Chart):
                out += [b.spec.title, b.spec.axis_label, *b.spec.categories, *b.spec.series]
            else:
                out += list(b.items)
        return "\n".join(out)


def plain(text: str) -> Cell:
    return (Span(text),)


def safe_url(url: str | None) -> str | None:
    """Only http(s) links survive; anything else (javascript:, data:) is shown as text only."""
    if (
        url
        and url.lower().startswith(("http://", "https://"))
        and not any(c.isspace() for c in url)
    ):
        return url
    return None
