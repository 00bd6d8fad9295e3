"""Report exporters behind one registry.

Adding a format = one module in this package with ``render(rec, kb, lang) -> bytes`` plus one
line in ``EXPORTERS``. The app, the CLI's ``--format`` choices and the tests list formats from
this registry, never from a hard-coded list. A format's module is imported when it first renders,
so listing the formats costs nothing (the CLI parses its arguments before any heavy import).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from kb.schema import KnowledgeBase
from kb.texts import LANGS, check_lang, pair
from recommender.models import Recommendation

from .errors import ExportError

RenderFn = Callable[[Recommendation, KnowledgeBase, str], bytes]


@dataclass(frozen=True)
class Exporter:
    """One report format: how to name, label and produce it."""

    key: str
    extension: str  # without the dot
    mime: str
    label_en: str
    label_zh: str
    module: str  # the module in this package whose ``render`` makes the bytes

    def label(self, lang: str) -> str:
        return self.label_zh if lang == "zh" else self.label_en

    @property
    def render_fn(self) -> RenderFn:
        mod = importlib.import_module(f"{__name__}.{self.module}")
        return cast(RenderFn, mod.render)

    def render(self, rec: Recommendation, kb: KnowledgeBase, lang: str) -> bytes:
        """Bytes of the report; ValueError for an unknown lang, ExportError if it cannot be made."""
        check_lang(lang)
        return self.render_fn(rec, kb, lang)


EXPORTERS: dict[str, Exporter] = {
    "md": Exporter("md", "md", "text/markdown", "Markdown", "Markdown", "markdown"),
    "html": Exporter("html", "html", "text/html", *pair("export_label_html"), "html"),
    "pdf": Exporter("pdf", "pdf", "application/pdf", "PDF", "PDF", "pdf"),
    "json": Exporter("json", "json", "application/json", *pair("export_label_json"), "json_export"),
}


def get_exporter(key: str) -> Exporter:
    """The exporter for ``key``; ValueError naming the allowed keys otherwise."""
    if key not in EXPORTERS:
        raise ValueError(f"unknown format {key!r}; allowed: {', '.join(EXPORTERS)}")
    return EXPORTERS[key]


__all__ = ["EXPORTERS", "LANGS", "ExportError", "Exporter", "get_exporter"]
