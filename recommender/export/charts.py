"""One chart spec for the app and every report format.

A ``ChartSpec`` is pure data (grouped horizontal bars, optionally with a low–high range). The app
turns it into Vega-Lite with ``to_vega_lite``; HTML embeds ``to_svg``; the PDF draws the same
``layout`` primitives with fpdf2. Keeping the geometry in one place means the three pictures agree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal
from xml.sax.saxutils import escape, quoteattr

from pydantic import BaseModel, ConfigDict

from kb.schema import KnowledgeBase
from kb.texts import pick, t
from recommender.models import Contribution, FrameworkValue, Recommendation

# Colour-blind-safe (Okabe–Ito) palette, assigned by series order.
PALETTE = ("#E69F00", "#0072B2", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")


class Bar(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    category: str  # row label (criterion title)
    series: str  # framework display name
    value: float
    low: float | None = None
    high: float | None = None


class ChartSpec(BaseModel):
    """Grouped horizontal bars: one group per category, one bar per series."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["contribution", "criteria", "impact"]
    title: str
    axis_label: str
    categories: list[str]
    series: list[str]
    colors: list[str]
    bars: list[Bar]
    domain: tuple[float, float]


def _framework_names(rec: Recommendation, names: dict[str, str] | None) -> dict[str, str]:
    ids: list[str] = list(rec.scores)
    for c in rec.contributions:
        ids += [v.framework for v in c.values if v.framework not in ids]
    names = names or {}
    return {fid: names.get(fid, fid) for fid in ids}


def _pair(rec: Recommendation) -> tuple[str | None, str | None]:
    """Leader and the framework it is compared with (the runner-up, or the best one ruled out)."""
    lead, run = rec.leader, rec.runner_up
    if run is None:
        others = sorted((f for f in rec.scores if f != lead), key=lambda f: -rec.scores[f])
        run = others[0] if others else None
    return lead, run


def _gap(c: Contribution, lead: str | None, run: str | None) -> float:
    """Points the criterion gives the leader over the runner-up (negative: the runner-up)."""
    vals = {v.framework: v.contribution for v in c.values}
    if lead in vals and run in vals:
        return vals[lead] - vals[run]
    return max(vals.values(), default=0.0) - min(vals.values(), default=0.0)


def by_impact(rec: Recommendation) -> list[Contribution]:
    """Criteria ordered by how much they separate leader and runner-up, largest first."""
    lead, run = _pair(rec)
    return sorted(rec.contributions, key=lambda c: -abs(_gap(c, lead, run)))


def impact_chart(
    rec: Recommendation,
    lang: str,
    names: dict[str, str] | None = None,
    limit: int | None = None,
    min_points: float = 0.05,
) -> ChartSpec:
    """One bar per criterion: the points gap it makes, coloured by the framework it favours.

    Largest first; criteria that separate the two by less than ``min_points`` are left out, so
    every bar shown is visible and labelled with its value.
    """
    fw = _framework_names(rec, names)
    lead, run = _pair(rec)
    series = {f: t("favours", lang, fw=fw[f]) for f in fw}
    order = list(fw)
    bars = []
    for c in by_impact(rec):
        gap = _gap(c, lead, run)
        if abs(gap) < min_points:
            continue
        favoured = (lead if gap >= 0 else run) or order[0]
        bars.append(
            Bar(
                category=pick(c.title_en, c.title_zh, lang),
                series=series[favoured],
                value=round(abs(gap), 2),
            )
        )
    if limit is not None:
        bars = bars[:limit]
    top = max([b.value for b in bars] + [0.1])
    return ChartSpec(
        kind="impact",
        title=t("chart_impact", lang),
        axis_label=t("impact_axis", lang),
        categories=[b.category for b in bars],
        series=[series[f] for f in order],
        colors=[PALETTE[i % len(PALETTE)] for i in range(len(order))],
        bars=bars,
        domain=(0.0, _nice(top)),
    )


def _criterion_chart(
    rec: Recommendation,
    lang: str,
    names: dict[str, str] | None,
    kind: Literal["contribution", "criteria"],
    bar: Callable[[str, str, FrameworkValue], Bar],
    domain: Callable[[list[Bar]], tuple[float, float]],
) -> ChartSpec:
    """One group per criterion (largest gap first), one bar per framework; ``bar`` makes each
    bar from (criterion title, framework name, value), ``domain`` the axis from the bars."""
    fw = _framework_names(rec, names)
    ordered = by_impact(rec)
    bars = [
        bar(pick(c.title_en, c.title_zh, lang), fw[v.framework], v)
        for c in ordered
        for v in c.values
    ]
    return ChartSpec(
        kind=kind,
        title=t(f"chart_{kind}", lang),
        axis_label=t("points_axis" if kind == "contribution" else "rating_axis", lang),
        categories=[pick(c.title_en, c.title_zh, lang) for c in ordered],
        series=list(fw.values()),
        colors=[PALETTE[i % len(PALETTE)] for i in range(len(fw))],
        bars=bars,
        domain=domain(bars),
    )


def contribution_chart(
    rec: Recommendation, lang: str, names: dict[str, str] | None = None
) -> ChartSpec:
    """Points each criterion adds to each framework's 0–100 total, largest gap first."""
    return _criterion_chart(
        rec,
        lang,
        names,
        "contribution",
        lambda title, fw, v: Bar(category=title, series=fw, value=v.contribution),
        lambda bars: (
            min([0.0] + [b.value for b in bars]),
            _nice(max([b.value for b in bars] + [1.0])),
        ),
    )


def criteria_chart(
    rec: Recommendation, lang: str, names: dict[str, str] | None = None
) -> ChartSpec:
    """Rating (0–10) of each framework per criterion, with the low–high range, largest gap first."""
    return _criterion_chart(
        rec,
        lang,
        names,
        "criteria",
        lambda title, fw, v: Bar(category=title, series=fw, value=v.value, low=v.low, high=v.high),
        lambda _: (0.0, 10.0),
    )


def charts_for(rec: Recommendation, kb: KnowledgeBase, lang: str) -> list[ChartSpec]:
    """Both charts of a recommendation, with framework display names from the KB (for the app)."""
    names = {fid: fw.name for fid, fw in kb.frameworks.items()}
    return [
        impact_chart(rec, lang, names),
        contribution_chart(rec, lang, names),
        criteria_chart(rec, lang, names),
    ]


def _nice(value: float) -> float:
    """Round an axis maximum up to a round number close above it (the bars fill the axis)."""
    import math

    exp = math.floor(math.log10(value)) if value > 0 else 0
    for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step * 10**exp >= value:
            return round(float(step * 10**exp), 10)
    return float(10 ** (exp + 1))


AXIS_TEXT = "#333333"  # 12.6:1 on white (WCAG AA needs 4.5:1)
LABEL_LIMIT_PX = 170  # long criterion names are cut with an ellipsis, so bars keep their room


def to_vega_lite(spec: ChartSpec) -> dict[str, Any]:
    """A Vega-Lite v5 spec of the same chart, for ``st.vega_lite_chart``.

    Value labels sit at the end of each bar, the axis is fitted to the data, labels are dark
    enough for WCAG AA, and criterion names are cut at a fixed width so the bars stay visible in
    a 400 px wide window.
    """
    values = [b.model_dump() for b in spec.bars]
    grouped = spec.kind != "impact"
    x = {
        "field": "value",
        "type": "quantitative",
        "title": spec.axis_label,
        "scale": {"domain": list(spec.domain), "nice": False},
    }
    y = {"field": "category", "type": "nominal", "sort": spec.categories, "title": None}
    color = {
        "field": "series",
        "type": "nominal",
        "title": None,
        "scale": {"domain": spec.series, "range": spec.colors},
        "legend": {"orient": "bottom", "direction": "vertical", "labelLimit": 260},
    }
    offset = {"yOffset": {"field": "series", "sort": spec.series}} if grouped else {}
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "bar"},
            "encoding": {
                "x": x,
                "y": y,
                **offset,
                "color": color,
                "tooltip": [
                    {"field": "category", "type": "nominal"},
                    {"field": "series", "type": "nominal"},
                    {"field": "value", "type": "quantitative", "format": ".1f"},
                ],
            },
        },
        {
            "mark": {"type": "text", "align": "left", "dx": 3, "color": AXIS_TEXT, "fontSize": 11},
            "encoding": {
                "x": {"field": "value", "type": "quantitative"},
                "y": y,
                **offset,
                "text": {"field": "value", "type": "quantitative", "format": ".1f"},
            },
        },
    ]
    if any(b.low is not None for b in spec.bars):
        layers.append(
            {
                "mark": {"type": "rule", "color": "#222"},
                "encoding": {
                    "x": {"field": "low", "type": "quantitative"},
                    "x2": {"field": "high"},
                    "y": y,
                    **offset,
                },
            }
        )
    step = 14 if grouped else 22
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": spec.title,
        "data": {"values": values},
        "height": {"step": step},
        "layer": layers,
        "config": {
            "axis": {
                "labelLimit": LABEL_LIMIT_PX,
                "labelColor": AXIS_TEXT,
                "titleColor": AXIS_TEXT,
                "labelFontSize": 12,
                "tickColor": "#767676",
                "domainColor": "#767676",
            },
            "legend": {"labelColor": AXIS_TEXT, "labelFontSize": 12},
            "title": {"color": "#1D1D1F", "anchor": "start"},
        },
    }


# --- geometry shared by SVG and PDF ------------------------------------------------------------


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str
    width: float = 1.0


@dataclass(frozen=True)
class Label:
    x: float
    y: float  # baseline
    text: str
    size: float
    anchor: Literal["start", "end", "middle"] = "start"
    fill: str = "#222"
    bold: bool = False


Shape = Rect | Line | Label

WIDTH = 720.0
LABEL_W = 230.0
BAR_H = 11.0
GROUP_GAP = 8.0
TOP = 30.0
MAX_LABEL_UNITS = 38  # CJK characters count as two


def _shorten(text: str) -> str:
    """Cut a label to fit the label column; wide (CJK) characters count double."""
    units = 0
    for i, ch in enumerate(text):
        units += 2 if ord(ch) > 0x2E80 else 1
        if units > MAX_LABEL_UNITS:
            return text[:i].rstrip() + "…"
    return text


def layout(spec: ChartSpec) -> tuple[float, float, list[Shape]]:
    """Place every bar, range line, tick and label; return (width, height, shapes)."""
    shapes: list[Shape] = [Label(0, 16, spec.title, 13, bold=True)]
    lo, hi = spec.domain
    plot_x, plot_w = LABEL_W, WIDTH - LABEL_W - 50

    def sx(v: float) -> float:
        return plot_x + (v - lo) / ((hi - lo) or 1.0) * plot_w

    grouped = spec.kind != "impact"  # impact: one bar per category, coloured by its series
    n = max(len(spec.series), 1) if grouped else 1
    group_h = n * BAR_H + GROUP_GAP
    index = {(b.category, b.series): b for b in spec.bars}
    plot_h = len(spec.categories) * group_h
    y0 = TOP + 10 + 14 * ((len(spec.series) + 3) // 4)  # below the legend rows
    for i, (name, color) in enumerate(zip(spec.series, spec.colors, strict=False)):
        lx, ly = plot_x + (i % 4) * 120, TOP + 8 + 14 * (i // 4)
        shapes += [Rect(lx, ly - 8, 10, 10, color), Label(lx + 14, ly, name, 10)]
    for k in range(6):  # grid and ticks
        v = lo + (hi - lo) * k / 5
        shapes.append(Line(sx(v), y0, sx(v), y0 + plot_h, "#ddd", 0.6))
        shapes.append(Label(sx(v), y0 + plot_h + 12, f"{v:g}", 9, "middle", "#444"))
    shapes.append(Label(plot_x + plot_w / 2, y0 + plot_h + 26, spec.axis_label, 10, "middle"))
    for g, cat in enumerate(spec.categories):
        gy = y0 + g * group_h + GROUP_GAP / 2
        shapes.append(Label(plot_x - 6, gy + n * BAR_H / 2 + 4, _shorten(cat), 10, "end"))
        for s, (name, color) in enumerate(zip(spec.series, spec.colors, strict=False)):
            bar = index.get((cat, name))
            if bar is None:
                continue
            y = gy + (s * BAR_H if grouped else 0.0)
            a, b = sorted((sx(max(lo, 0.0)), sx(bar.value)))
            shapes.append(Rect(a, y + 1, max(b - a, 0.5), BAR_H - 2, color))
            if bar.low is not None and bar.high is not None:
                mid = y + BAR_H / 2
                shapes.append(Line(sx(bar.low), mid, sx(bar.high), mid, "#222", 1.2))
                shapes.append(Line(sx(bar.low), mid - 3, sx(bar.low), mid + 3, "#222", 1.2))
                shapes.append(Line(sx(bar.high), mid - 3, sx(bar.high), mid + 3, "#222", 1.2))
            right = sx(max(bar.value, bar.high or bar.value))
            shapes.append(Label(right + 4, y + BAR_H - 2.5, f"{bar.value:.1f}", 8, "start", "#333"))
    return WIDTH, y0 + plot_h + 34, shapes


def to_svg(spec: ChartSpec) -> str:
    """Inline SVG (no scripts, no external references); every text is XML-escaped."""
    width, height, shapes = layout(spec)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="100%" role="img" aria-label={quoteattr(spec.title)} class="chart">',
        f"<title>{escape(spec.title)}</title>",
    ]
    for sh in shapes:
        if isinstance(sh, Rect):
            parts.append(
                f'<rect x="{sh.x:.1f}" y="{sh.y:.1f}" width="{sh.w:.1f}" height="{sh.h:.1f}" '
                f'fill="{sh.fill}"/>'
            )
        elif isinstance(sh, Line):
            parts.append(
                f'<line x1="{sh.x1:.1f}" y1="{sh.y1:.1f}" x2="{sh.x2:.1f}" y2="{sh.y2:.1f}" '
                f'stroke="{sh.stroke}" stroke-width="{sh.width}"/>'
            )
        else:
            weight = ' font-weight="bold"' if sh.bold else ""
            parts.append(
                f'<text x="{sh.x:.1f}" y="{sh.y:.1f}" font-size="{sh.size}" '
                f'text-anchor="{sh.anchor}" fill="{sh.fill}"{weight}>{escape(sh.text)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
