"""One chart spec: data matches the recommendation; SVG and Vega-Lite are faithful and inert."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from kb.schema import KnowledgeBase
from recommender.export.charts import (
    ChartSpec,
    Label,
    by_impact,
    charts_for,
    contribution_chart,
    criteria_chart,
    impact_chart,
    layout,
    to_svg,
    to_vega_lite,
)
from recommender.models import Contribution, Recommendation

SVG = "{http://www.w3.org/2000/svg}"


def _gap(c: Contribution) -> float:
    vals = {v.framework: v.contribution for v in c.values}
    return abs(vals["pytorch"] - vals["tensorflow"])


def test_contribution_chart_carries_every_contribution(rec: Recommendation) -> None:
    spec = contribution_chart(rec, "en", {"pytorch": "PyTorch", "tensorflow": "TensorFlow"})
    # sorted by impact: the criterion that separates the two most comes first
    ordered = sorted(rec.contributions, key=lambda c: -_gap(c))
    assert spec.categories == [c.title_en for c in ordered]
    assert sorted(spec.categories) == sorted(c.title_en for c in rec.contributions)
    assert spec.series == ["TensorFlow", "PyTorch"]
    got = {(b.category, b.series): b.value for b in spec.bars}
    assert got[("Ecosystem and pretrained models", "PyTorch")] == 27.9
    assert len(got) == 6 and spec.domain == (0.0, 40.0)  # fitted to the largest bar, 36.8


def test_criteria_chart_has_ranges_in_chinese(rec: Recommendation) -> None:
    spec = criteria_chart(rec, "zh")
    assert spec.title.startswith("各评估维度的评分")
    bar = next(b for b in spec.bars if b.category == "生态与预训练模型" and b.series == "pytorch")
    assert (bar.low, bar.value, bar.high) == (8, 9, 10) and spec.domain == (0.0, 10.0)


def test_svg_is_well_formed_and_escapes_labels(rec: Recommendation) -> None:
    spec = contribution_chart(rec, "en").model_copy(
        update={"title": '<script>alert("x")</script> & co', "series": ["a<b", "c&d"]}
    )
    svg = to_svg(spec)
    root = ET.fromstring(svg)  # raises on malformed XML
    texts = [el.text for el in root.iter(f"{SVG}text")]
    assert '<script>alert("x")</script> & co' in texts and "a<b" in texts
    assert not list(root.iter(f"{SVG}script")) and "<script" not in svg
    assert not any(k.endswith("href") for el in root.iter() for k in el.attrib)


def test_bars_scale_with_values(rec: Recommendation) -> None:
    root = ET.fromstring(to_svg(criteria_chart(rec, "en")))
    widths = sorted(float(r.get("width", 0)) for r in root.iter(f"{SVG}rect"))
    # 6 bars plus 2 legend swatches (exactly 10 wide); ratings 6, 6.5, 7, 7, 8, 9
    bars = [w for w in widths if w != 10.0]
    assert len(bars) == 6
    assert abs(bars[-1] / bars[0] - 9 / 6) < 0.01


def test_vega_lite_spec(rec: Recommendation) -> None:
    spec = criteria_chart(rec, "en")
    vl = to_vega_lite(spec)
    assert vl["$schema"].endswith("vega-lite/v5.json")
    assert len(vl["data"]["values"]) == 6
    bar, text, rule = vl["layer"]
    assert bar["encoding"]["y"]["sort"] == spec.categories
    assert bar["encoding"]["color"]["scale"] == {"domain": spec.series, "range": spec.colors}
    assert text["mark"]["type"] == "text" and text["encoding"]["text"]["field"] == "value"
    assert rule["encoding"]["x"]["field"] == "low" and rule["encoding"]["x2"]["field"] == "high"
    assert "rule" not in str(to_vega_lite(contribution_chart(rec, "en"))["layer"])
    assert ChartSpec.model_validate(spec.model_dump()) == spec


def test_charts_for_uses_kb_names(rec: Recommendation, kb: KnowledgeBase) -> None:
    impact, contribution, criteria = charts_for(rec, kb, "zh")
    assert impact.kind == "impact"
    assert contribution.kind == "contribution" and criteria.kind == "criteria"
    assert contribution.series == ["TensorFlow", "PyTorch"]
    assert criteria.categories[0] == by_impact(rec)[0].title_zh


def test_impact_chart_sorted_labelled_and_says_whom_it_favours(rec: Recommendation) -> None:
    names = {"pytorch": "PyTorch", "tensorflow": "TensorFlow"}
    spec = impact_chart(rec, "en", names)
    values = [b.value for b in spec.bars]
    assert values == sorted(values, reverse=True) and values[0] > 0
    assert {b.series for b in spec.bars} <= {"favours PyTorch", "favours TensorFlow"}
    top = max(rec.contributions, key=_gap)
    assert spec.bars[0].category == top.title_en
    assert abs(spec.bars[0].value - _gap(top)) < 0.01
    # the axis is fitted to the data: the longest bar fills at least 40 % of it
    assert spec.domain[0] == 0.0 and values[0] / spec.domain[1] >= 0.4
    # every bar carries its value as a label
    _, _, shapes = layout(spec)
    labels = {sh.text for sh in shapes if isinstance(sh, Label)}
    assert all(f"{v:.1f}" in labels for v in values)


def test_chart_text_meets_wcag_aa_contrast(rec: Recommendation) -> None:
    def luminance(hex_colour: str) -> float:
        h = hex_colour.lstrip("#")
        if len(h) == 3:
            h = "".join(c * 2 for c in h)
        chans = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in chans]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    def contrast(a: str, b: str = "#FFFFFF") -> float:
        la, lb = sorted((luminance(a), luminance(b)), reverse=True)
        return (la + 0.05) / (lb + 0.05)

    for spec in (impact_chart(rec, "en"), criteria_chart(rec, "en")):
        _, _, shapes = layout(spec)
        fills = {sh.fill for sh in shapes if isinstance(sh, Label)}
        assert fills and all(contrast(f) >= 4.5 for f in fills), fills
        cfg = to_vega_lite(spec)["config"]
        for colour in (cfg["axis"]["labelColor"], cfg["axis"]["titleColor"]):
            assert contrast(colour) >= 4.5


def test_vega_lite_spec_validates_against_the_schema(rec: Recommendation) -> None:
    """Altair (a Streamlit dependency) checks the spec against the Vega-Lite v5 JSON schema."""
    alt = pytest.importorskip("altair")
    for spec in (contribution_chart(rec, "en"), criteria_chart(rec, "zh"), impact_chart(rec, "en")):
        chart = alt.LayerChart.from_dict(to_vega_lite(spec), validate=True)
        assert chart.to_dict(validate=True)["layer"]
