"""Property: no description, however hostile, becomes live markup in Markdown or HTML.

Markdown is checked through markdown-it-py with raw HTML *allowed* (the most permissive viewer);
whatever the user typed must come out as text, and nothing may add a tag or a link.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from recommender.export import EXPORTERS
from recommender.export.sanitize import strip_controls
from tests.export.export_sample import sample_kb, sample_recommendation

markdown_it = pytest.importorskip("markdown_it")

PIECES = [
    *"<>&\"'`|*_[]()!#-+=.:/\\~ \n\t",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<a href=x>",
    "<!--",
    "-->",
    "[a](javascript:alert(1))",
    "![i](http://x.y/i.png)",
    "<https://x.y>",
    "`code`",
    "**b**",
    "| c |",
    "\n# h",
    "\n- li",
    "\n1. n",
    "\n\n",
    "&amp;",
    "&#60;b&#62;",
    "words",
]  # no control characters here: those add a visible cleaning note (tested in test_bad_input)
HOSTILE = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)
KB = sample_kb()


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Tags:
    p = Tags()
    p.feed(html)
    return p


def baseline(fmt: str) -> list[tuple[str, dict[str, str | None]]]:
    return parse(render(fmt, "plain words")).tags


def render(fmt: str, description: str) -> str:
    data = EXPORTERS[fmt].render(sample_recommendation(description), KB, "en").decode()
    if fmt == "md":
        md = markdown_it.MarkdownIt("commonmark", {"html": True}).enable("table")
        return str(md.render(data))
    return data


BASE = {fmt: baseline(fmt) for fmt in ("md", "html")}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(description=HOSTILE)
@example(description="a  \nb")  # trailing spaces once made a <br> (hard line break)
@example(description="<script>alert(1)</script> <img src=x onerror=alert(1)> [a](javascript:x)")
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_description_stays_text(fmt: str, description: str) -> None:
    words = " ".join(strip_controls(description, keep_newlines=False)[0].split())
    assume(words)  # an empty description is reported as "no description", not quoted
    out = parse(render(fmt, description))
    # Blank lines may split the quoted description into paragraphs; nothing else may appear.
    assert structure(out.tags) == structure(BASE[fmt]), "the description added markup"
    assert words in " ".join("".join(out.text).split())


def structure(tags: list[tuple[str, dict[str, str | None]]]) -> list[tuple[str, str]]:
    return [(tag, repr(sorted(attrs.items()))) for tag, attrs in tags if tag != "p"]
