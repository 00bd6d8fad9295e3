"""HTML export: self-contained, escaped, and inert in a real browser."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Dialog

from kb.schema import KnowledgeBase
from recommender.export import EXPORTERS
from tests.export.export_sample import XSS_DESCRIPTION, sample_recommendation


class Inventory(HTMLParser):
    """Collects every tag with its attributes, every text node and the <style> content."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        (self.styles if self._in_style else self.text).append(data)


def parse(data: bytes) -> Inventory:
    inv = Inventory()
    inv.feed(data.decode("utf-8"))
    return inv


@pytest.fixture(scope="module")
def xss_html(kb: KnowledgeBase) -> bytes:
    return EXPORTERS["html"].render(sample_recommendation(XSS_DESCRIPTION), kb, "en")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_external_resource_loads(kb: KnowledgeBase, lang: str) -> None:
    inv = parse(EXPORTERS["html"].render(sample_recommendation(XSS_DESCRIPTION), kb, lang))
    tags = [tag for tag, _ in inv.tags]
    for forbidden in ("script", "img", "iframe", "object", "embed", "link", "image", "use", "form"):
        assert forbidden not in tags, forbidden
    for tag, attrs in inv.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name in ("src", "srcset", "xlink:href", "poster", "data", "action"):
                pytest.fail(f"<{tag} {name}={value}> loads a resource")
            if name == "href":
                assert tag == "a" and value and re.match(r"https?://", value), (tag, value)
            if name == "style":
                assert "url(" not in (value or ""), (tag, value)
    css = "".join(inv.styles)
    assert "@import" not in css and "url(" not in css
    assert tags.count("svg") == 3, "impact, contribution and per-criterion charts"
    csp = [a["content"] for t, a in inv.tags if t == "meta" and a.get("http-equiv")]
    assert csp == [
        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
    ]


def test_user_text_is_escaped(xss_html: bytes) -> None:
    raw = xss_html.decode("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    assert "&lt;img src=x onerror=alert(1)&gt;" in raw
    assert "&#34;quoted&#34; &amp; &#39;single&#39;" in raw
    assert not re.search(r"<(script|img)\b", raw)
    assert 'href="javascript' not in raw
    # The parsed text shows the description exactly as typed.
    assert XSS_DESCRIPTION in "".join(parse(xss_html).text)


def test_same_content_as_markdown(kb: KnowledgeBase) -> None:
    text = " ".join(parse(EXPORTERS["html"].render(sample_recommendation(), kb, "zh")).text)
    for needle in (
        "选择：PyTorch",
        "原文中已过时的说法",
        "1.06×",
        "sha256:feedface",
        "ExecuTorch 放弃",
    ):
        assert needle in text, needle


def test_no_script_runs_in_chromium(
    xss_html: bytes, kb: KnowledgeBase, artifacts: Path, chromium: Browser
) -> None:
    paths = [artifacts / "xss-en.html", artifacts / "xss-zh.html"]
    paths[0].write_bytes(xss_html)
    paths[1].write_bytes(EXPORTERS["html"].render(sample_recommendation(XSS_DESCRIPTION), kb, "zh"))
    dialogs: list[str] = []
    console: list[str] = []
    requests: list[str] = []
    context = chromium.new_context()
    try:
        page = context.new_page()

        def on_dialog(dialog: Dialog) -> None:
            dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.on("console", lambda m: console.append(m.text))
        # Positive control: the harness does see a script that runs.
        page.set_content("<script>alert('control'); console.log('control')</script>")
        assert dialogs == ["control"] and console == ["control"]
        dialogs.clear()
        console.clear()
        page.on("request", lambda r: requests.append(r.url))
        for path in paths:
            page.goto(path.as_uri())
            page.wait_for_load_state("load")
            page.wait_for_timeout(200)
            assert page.evaluate("document.scripts.length") == 0
            assert page.evaluate("document.images.length") == 0
            assert page.locator("svg.chart").count() == 3
            assert "<script>alert(1)</script>" in page.inner_text("blockquote.user")
            page.screenshot(path=str(path.with_suffix(".png")), full_page=True)
    finally:
        context.close()
    assert dialogs == []
    assert console == [], "no script ran and no CSP violation was reported"
    assert requests == [p.as_uri() for p in paths], "nothing but the file itself was requested"
