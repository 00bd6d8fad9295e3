"""Self-contained HTML rendering: inline CSS, inline SVG charts, no scripts, no external loads.

Jinja2 with autoescape on escapes every text by construction; the only ``Markup`` is the SVG our
own ``charts.to_svg`` produced (which XML-escapes its labels). A Content-Security-Policy meta tag
forbids scripts and remote loads even if a browser were to find some.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, Template
from markupsafe import Markup

from kb.schema import KnowledgeBase
from kb.texts import t
from recommender.models import Recommendation

from .charts import to_svg
from .document import (
    Badge,
    Block,
    Bullets,
    Chart,
    Code,
    Document,
    Heading,
    Notice,
    Para,
    Quote,
    Table,
)
from .report import build_document

CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

_CSS = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC",
  "PingFang SC", "Microsoft YaHei", sans-serif; color: #1d1d1f; margin: 0; background: #fff;
  line-height: 1.5; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.7rem; border-bottom: 3px solid #0072B2; padding-bottom: .3rem; }
h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
h3 { font-size: 1.05rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid #ccc; padding: .3rem .5rem; text-align: left; vertical-align: top;
  white-space: pre-line; overflow-wrap: break-word; word-break: normal; hyphens: manual; }
th { background: #f2f4f7; overflow-wrap: normal; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
blockquote.user { white-space: pre-wrap; overflow-wrap: anywhere; border-left: 4px solid #999;
  margin: .5rem 0; padding: .3rem .8rem; background: #fafafa; }
pre { background: #f4f4f4; padding: .6rem; overflow-x: auto; white-space: pre-wrap; }
.notice { border: 1px solid; border-radius: 4px; padding: .4rem .8rem; margin: .8rem 0; }
.notice.warning { border-color: #D55E00; background: #fff4ec; }
.notice.note { border-color: #0072B2; background: #eef6fc; }
figure { margin: 1rem 0; }
.card { border: 2px solid #1d1d1f; border-radius: 8px; padding: .6rem 1rem; margin: 1rem 0; }
.badge { display: inline-block; color: #fff; font-weight: 700; border-radius: 4px;
  padding: .15rem .6rem; letter-spacing: .03em; text-transform: uppercase; }
.card .headline { font-size: 1.35rem; font-weight: 700; margin: .4rem 0 .1rem; }
.card .detail { color: #333; margin: 0 0 .4rem; }
svg.chart { max-width: 100%; height: auto; font-family: inherit; }
a { color: #0060a0; }
footer { color: #666; font-size: .8rem; margin-top: 2rem; }
@page { size: A4; margin: 15mm; }
@media print {
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  table, figure, pre, .notice { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  a[href]::after { content: " <" attr(href) ">"; font-size: .75em; color: #555;
    overflow-wrap: anywhere; }
}
"""

_TEMPLATE = """<!DOCTYPE html>
<html lang="{{ html_lang }}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{ csp }}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{{ doc.title }}</title>
<style>{{ css }}</style>
</head>
<body>
<main>
<h1>{{ doc.title }}</h1>
{%- macro spans(items) -%}
{%- for s in items -%}
{%- if s.bold %}<strong>{% endif -%}
{%- if s.url %}<a href="{{ s.url }}" rel="noopener noreferrer nofollow">{{ s.text }}</a>
{%- else %}{{ s.text }}{% endif -%}
{%- if s.bold %}</strong>{% endif -%}
{%- endfor -%}
{%- endmacro %}
{% for kind, b in blocks %}
{%- if kind == "heading" %}
<h{{ b.level }}>{{ b.text }}</h{{ b.level }}>
{%- elif kind == "para" %}
<p>{{ spans(b.spans) }}</p>
{%- elif kind == "quote" %}
<blockquote class="user">{{ b.text }}</blockquote>
{%- elif kind == "bullets" %}
<ul>{% for item in b.items %}<li>{{ spans(item) }}</li>{% endfor %}</ul>
{%- elif kind == "table" %}
<table>
{%- if b.headers | select | list %}<thead><tr>
{%- for h in b.headers %}<th>{{ h }}</th>{% endfor %}</tr></thead>{% endif %}
<tbody>
{%- for row in b.rows %}<tr>
{%- for cell in row %}<td{% if b.numeric[loop.index0] %} class="num"{% endif %}>
{{- spans(cell) }}</td>{% endfor %}</tr>
{%- endfor %}
</tbody></table>
{%- elif kind == "chart" %}
<figure>{{ svg(b.spec) }}</figure>
{%- elif kind == "badge" %}
<div class="card" role="status"><span class="badge" style="background: {{ b.color }}">
{{- b.symbol }} {{ b.label }}</span>
<p class="headline">{{ b.headline }}</p>
{%- if b.detail %}<p class="detail">{{ b.detail }}</p>{% endif %}</div>
{%- elif kind == "code" %}
<pre><code>{{ b.text }}</code></pre>
{%- elif kind == "notice" %}
<div class="notice {{ b.kind }}" role="note"><strong>{{ notice_title(b.kind) }}</strong>
<ul>{% for i in b.items %}<li>{{ i }}</li>{% endfor %}</ul></div>
{%- endif %}
{%- endfor %}
</main>
</body>
</html>
"""

_KINDS: dict[type, str] = {
    Heading: "heading",
    Para: "para",
    Quote: "quote",
    Bullets: "bullets",
    Table: "table",
    Chart: "chart",
    Code: "code",
    Notice: "notice",
    Badge: "badge",
}


@cache
def _template() -> Template:
    env = Environment(autoescape=True, trim_blocks=False, lstrip_blocks=False)
    env.globals["svg"] = lambda spec: Markup(to_svg(spec))  # our own, label-escaped SVG
    return env.from_string(_TEMPLATE)


def _blocks(blocks: list[Block]) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for b in blocks:
        if isinstance(b, Table) and len(b.numeric) < len(b.headers):
            b = Table(b.headers, b.rows, b.numeric + (False,) * (len(b.headers) - len(b.numeric)))
        out.append((_KINDS[type(b)], b))
    return out


def render_document(doc: Document) -> str:
    return _template().render(
        doc=doc,
        blocks=_blocks(doc.blocks),
        css=Markup(_CSS),
        csp=CSP,
        html_lang="zh-CN" if doc.lang == "zh" else "en",
        notice_title=lambda kind: t("warnings" if kind == "warning" else "input_notes", doc.lang),
    )


def render(rec: Recommendation, kb: KnowledgeBase, lang: str) -> bytes:
    """The decision record as one self-contained UTF-8 HTML file."""
    return render_document(build_document(rec, kb, lang)).encode("utf-8")
