"""Probe progress steps and the Markdown summary in one language (``--lang``) or both (none)."""

from __future__ import annotations

from pathlib import Path

import pytest

from probes.markdown import render_markdown
from probes.progress import ProgressEvent, pick_inline, step_text
from probes.report_io import parse_report

REPORTS = Path(__file__).parents[1] / "fixtures/probes/reports"


@pytest.mark.parametrize(
    ("step", "en", "zh"),
    [
        ("inventory / 硬件清单", "inventory", "硬件清单"),
        ("pytorch info done / 完成", "pytorch info done", "pytorch 信息已完成"),
        (
            "framework info (pytorch, tensorflow) / 框架信息",
            "framework info (pytorch, tensorflow)",
            "框架信息（pytorch, tensorflow）",
        ),
        (
            "starting workers (numpy, pytorch) / 启动工作进程",
            "starting workers (numpy, pytorch)",
            "启动工作进程（numpy, pytorch）",
        ),
        (
            "matmul_512: pytorch / tensorflow interleaved / 交替测量",
            "matmul_512: pytorch / tensorflow interleaved",
            "matmul_512：pytorch / tensorflow 交替测量",
        ),
        ("deploy: TF → LiteRT / 部署路径", "deploy: TF → LiteRT", "部署路径：TF → LiteRT"),
        ("report ready / 报告完成", "report ready", "报告完成"),
        ("something new / 新步骤", "something new", "新步骤"),
        ("plain", "plain", "plain"),
    ],
)
def test_steps_in_one_language(step: str, en: str, zh: str) -> None:
    assert step_text(step, "en") == en
    assert step_text(step, "zh") == zh


def test_progress_line_in_each_language() -> None:
    ev = ProgressEvent(step="inventory / 硬件清单", done=1, total=4, elapsed_s=1.25, eta_s=5.0)
    assert ev.text_line() == "[1/4] inventory (1.2 s, ~5 s left)"
    assert ev.text_line("zh") == "[1/4] 硬件清单（1.2 秒，剩余约 5 秒）"


def test_pick_inline_leaves_plain_and_slashed_english_alone() -> None:
    assert pick_inline("pytorch / tensorflow", "zh") == "pytorch / tensorflow"
    assert pick_inline("idle / 空闲", None) == "idle / 空闲"


@pytest.mark.parametrize("name", sorted(p.name for p in REPORTS.glob("*.json")))
def test_markdown_in_one_language(name: str) -> None:
    report = parse_report((REPORTS / name).read_bytes(), name)
    both = render_markdown(report)
    assert "## Host / 主机" in both  # the default stays bilingual
    en, zh = render_markdown(report, "en"), render_markdown(report, "zh")
    assert "## Host\n" in en and "## 主机\n" in zh
    headings = [line for line in en.splitlines() if line.startswith("#")]
    assert not any("\u4e00" <= ch <= "\u9fff" for h in headings for ch in h), headings
    assert not [line for line in zh.splitlines() if line.startswith("#") and " / " in line]
    for english in ("| field |", "unknown", "None found", "faster than", "Settings:"):
        assert english not in zh
