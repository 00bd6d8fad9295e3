"""Markdown decision record: content in both languages, escaping of user text."""

from __future__ import annotations

import re

import pytest

from kb.schema import KnowledgeBase
from recommender.export import EXPORTERS
from recommender.export.markdown import escape
from recommender.models import Recommendation
from tests.export.export_sample import XSS_DESCRIPTION, sample_recommendation


def md(rec: Recommendation, kb: KnowledgeBase, lang: str) -> str:
    return EXPORTERS["md"].render(rec, kb, lang).decode("utf-8")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            [
                "# Decision record: TensorFlow or PyTorch",
                "## Decision drivers",
                "Chosen option: PyTorch",
                "| PyTorch | 74.9 | 72 % | considered |",
                "Project stage: Production ×2 — production needs deployment",
                "[TensorFlow Lite is now LiteRT (2026-10-01)]"
                "(https://developers.googleblog.com/en/tensorflow-lite-is-now-litert/)",
                "**The article said:** TensorFlow Lite serves mobile.",
                "no\\_such\\_claim (not found in this knowledge base version)",
                "| matrix multiply 1024² | cpu | — | 95.2 (62 %) | 90.1 (59 %) | 1.06× | tie |",
                "If mobile deployment weighed 71 % instead of 46 %, TensorFlow would win.",
                "pip install torch --index-url https://download.pytorch.org/whl/cpu",
                "- ExecuTorch drops Android support",
                "| Knowledge base hash | sha256:feedface |",
                "| Generated at | 2026-11-26T12:00:00+00:00 |",
                "Benchmark of conv2d was unstable",
            ],
        ),
        (
            "zh",
            [
                "# 决策记录：TensorFlow 还是 PyTorch",
                "## 决策驱动因素",
                "选择：PyTorch",
                "项目阶段：生产 ×2 — 生产需要部署",
                "**原文说：**TensorFlow Lite 用于移动端。",
                "**现在的情况：**TF Lite 已更名为 LiteRT。",
                "- 如果移动端部署的权重从 46 % 升至 71 %，TensorFlow 将胜出。",
                "- ExecuTorch 放弃 Android 支持",
                "| 95.2 (62 %) | 90.1 (59 %) | 1.06× | 持平 |",
                "**理由：**PyTorch 在生态与预训练模型方面领先。",
            ],
        ),
    ],
)
def test_decision_record_content(
    rec: Recommendation, kb: KnowledgeBase, lang: str, expected: list[str]
) -> None:
    text = md(rec, kb, lang)
    missing = [e for e in expected if e not in text]
    assert not missing, f"missing from the {lang} report: {missing}"


def test_chinese_report_has_no_english_headings(rec: Recommendation, kb: KnowledgeBase) -> None:
    headings = [line for line in md(rec, kb, "zh").splitlines() if line.startswith("#")]
    english = [
        h
        for h in headings
        if re.search(
            r"[A-Za-z]{4,}",
            h.replace("TensorFlow", "").replace("PyTorch", "").replace("tflite\\_renamed", ""),
        )
    ]
    assert not english, english


def test_user_text_cannot_become_html_or_structure(kb: KnowledgeBase) -> None:
    text = md(sample_recommendation(XSS_DESCRIPTION), kb, "en")
    assert "<script" not in text and "<img" not in text
    quote = next(line for line in text.splitlines() if "alert" in line)
    assert quote.startswith("> Vision app &lt;script&gt;")
    assert "&amp; 'single' \\| pipe \\| \\`tick\\` \\[link\\](javascript:alert(1))" in quote


def test_pipes_and_newlines_in_table_cells_keep_columns(kb: KnowledgeBase) -> None:
    rec = sample_recommendation()
    rec = rec.model_copy(
        update={"profile": rec.profile.model_copy(update={"answers": {"stage": "a|b\n| x |"}})}
    )
    row = next(
        line for line in md(rec, kb, "en").splitlines() if line.startswith("| Project stage")
    )
    assert row.count("|") - row.count("\\|") == 4, row  # question, answer, origin


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("1. item", "1\\. item"),
        ("# not a heading", "\\# not a heading"),
        ("- not a bullet", "\\- not a bullet"),
        ("70.5", "70.5"),
        ("<b>&", "&lt;b&gt;&amp;"),
        ("**bold** _em_", "\\*\\*bold\\*\\* \\_em\\_"),
    ],
)
def test_escape(raw: str, escaped: str) -> None:
    assert escape(raw) == escaped


def test_unknown_language_names_allowed_values(rec: Recommendation, kb: KnowledgeBase) -> None:
    for key in EXPORTERS:
        with pytest.raises(ValueError, match="allowed: en, zh"):
            EXPORTERS[key].render(rec, kb, "fr")


def test_benchmark_ratio_without_probe_verdict_is_not_judged(kb: KnowledgeBase) -> None:
    rec = sample_recommendation()
    assert rec.probe is not None
    rows = [
        {"workload": "conv2d", "framework": "tensorflow", "median_s": 0.030, "gflops": None},
        {"workload": "conv2d", "framework": "pytorch", "median_s": 0.020, "gflops": None},
        {"workload": "conv2d", "framework": "numpy", "median_s": 0.050},
    ]
    probe = rec.probe.model_copy(update={"benchmarks": rows})
    text = md(rec.model_copy(update={"probe": probe}), kb, "en")
    assert "| Workload | Device | Mode | TensorFlow | PyTorch | numpy | Ratio |" in text
    assert (
        "| 2-D convolution | cpu | — | 0.03 s | 0.02 s | 0.05 s | 1.50× | "
        "PyTorch ahead; not tested against noise |" in text
    )


def test_benchmark_variants_share_a_row_and_over_peak_is_flagged(kb: KnowledgeBase) -> None:
    rec = sample_recommendation()
    assert rec.probe is not None
    rows = [
        {"workload": "conv2d", "framework": "pytorch", "variant": "nchw", "gflops": 28.9,
         "peak_share": 0.17, "median_s": 0.2},
        {"workload": "conv2d", "framework": "tensorflow", "variant": "nhwc", "gflops": 441.2,
         "peak_share": 2.65, "median_s": 0.0131},
        {"workload": "mlp", "framework": "tensorflow", "variant": "xla", "median_s": 0.1},
        {"workload": "mlp", "framework": "tensorflow", "variant": "tf.function", "median_s": 0.2},
    ]  # fmt: skip
    probe = rec.probe.model_copy(update={"benchmarks": rows})
    text = md(rec.model_copy(update={"probe": probe}), kb, "en")
    assert (
        "| 2-D convolution | cpu | — | 28.9 (17 %) · nchw | 441.2 (265 %) · nhwc | 15.27× |" in text
    )
    assert "| mlp | cpu | xla | — | 0.1 s | 2.00×" not in text  # one framework: no ratio
    assert "| mlp | cpu | xla | — | 0.1 s | — | — |" in text
    assert "| mlp | cpu | tf.function | — | 0.2 s | — | — |" in text
    assert "Some shares exceed 100 %: the estimated peak of this machine is too low" in text


def test_a_veto_outranks_a_penalty_in_the_options_table(kb: KnowledgeBase) -> None:
    rec = sample_recommendation()
    veto = rec.eliminated[0].model_copy(update={"kind": "veto", "points": None})
    text = md(rec.model_copy(update={"eliminated": [veto, *rec.eliminated]}), kb, "en")
    assert "| TensorFlow | 70.5 | 28 % | eliminated |" in text


def test_what_if_overrides_are_listed_as_set_by_hand(kb: KnowledgeBase) -> None:
    from recommender.models import WeightSource

    rec = sample_recommendation()
    hand = WeightSource(
        question="override",
        option="",
        factor=0.05,
        reason_en="weight set by hand to 5%",
        reason_zh="权重被手动设为 5%",
    )
    weights = [*rec.weights[:2], rec.weights[2].model_copy(update={"sources": [hand]})]
    rec = rec.model_copy(update={"weights": weights, "drivers": ["deployment_mobile"]})
    text = md(rec, kb, "en")
    assert (
        "| Training speed | 23 % | 30 % | Set by hand (what-if) — weight set by hand to 5% |"
        in text
    )
    assert "手动设定（假设分析） — 权重被手动设为 5%" in md(rec, kb, "zh")


def test_benchmark_table_shows_faster_tie_and_unreliable_verdicts(kb: KnowledgeBase) -> None:
    from pathlib import Path

    from probes.report_io import parse_report
    from probes.steps import workload_name
    from recommender import recommend
    from recommender.models import Profile

    path = Path(__file__).parents[1] / "fixtures/probes/reports/cpu_2vcpu_both_quick_calm.json"
    probe = parse_report(path.read_bytes(), path.name)
    rec = recommend(kb, Profile(), probe, draws=200)
    en = EXPORTERS["md"].render(rec, kb, "en").decode()
    zh = EXPORTERS["md"].render(rec, kb, "zh").decode()
    verdicts = {c.workload: c for c in probe.comparisons if {c.a, c.b} == {"pytorch", "tensorflow"}}
    for workload, comp in verdicts.items():
        cell = f"| {escape(workload_name(workload, 'en'))} |"
        row = next(line for line in en.splitlines() if line.startswith(cell))
        if comp.unreliable:
            assert "not compared (unstable measurement)" in row
        elif comp.verdict == "faster":
            assert f"{'TensorFlow' if comp.faster == 'tensorflow' else 'PyTorch'} faster" in row
        else:
            assert row.rstrip(" |").endswith("tie")
    # the recorded calm-host run holds all three kinds, so each branch above was exercised
    assert {"faster", "tie"} <= {c.verdict for c in verdicts.values() if not c.unreliable}
    assert any(c.unreliable for c in verdicts.values())
    assert "不比较（测量不稳定）" in zh
