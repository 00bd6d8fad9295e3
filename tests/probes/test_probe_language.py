"""Probe progress steps and the Markdown summary in one language (``--lang``) or both (none)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from probes.markdown import render_markdown
from probes.progress import ProgressEvent, pick_inline
from probes.report_io import parse_report
from probes.steps import step_text

REPORTS = Path(__file__).parents[1] / "fixtures/probes/reports"


RUN = Path(__file__).parents[1] / "fixtures/probes/h100_run/standard.progress.jsonl"
STEPS = sorted({json.loads(line)["step"] for line in RUN.read_text("utf-8").splitlines()})
CJK = re.compile(r"[\u4e00-\u9fff]")
CODE_NAME = re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b")  # matmul_512, dispatch_overhead, …


@pytest.mark.parametrize("step", STEPS)
def test_recorded_steps_in_one_language(step: str) -> None:
    """The steps of a real H100 run, as the CLI prints them with --lang en / zh."""
    en, zh = step_text(step, "en"), step_text(step, "zh")
    assert not CJK.search(en) and not CODE_NAME.search(en), en
    assert CJK.search(zh) and not CODE_NAME.search(zh), zh
    assert not re.search(r"interleaved|inventory|starting|ready", zh), zh
    assert not re.search(r"[\u4e00-\u9fff][:(,]", zh), zh  # no half-width after Chinese


def test_progress_line_in_each_language() -> None:
    ev = ProgressEvent(step="inventory / 硬件清单", done=1, total=4, elapsed_s=1.25, eta_s=5.0)
    assert ev.text_line() == "[1/4] System inventory (1.2 s, ~5 s left)"
    assert ev.text_line("zh") == "[1/4] 硬件清单（1.2 秒，剩余约 5 秒）"
    matmul = "matmul_1024: pytorch / tensorflow interleaved / 交替测量"
    assert step_text(matmul, "en") == "matrix multiply 1024² — pytorch, tensorflow, interleaved"
    assert step_text("new step / 新步骤", "zh") == "新步骤"


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
    if report.benchmarks:  # workloads in plain words, ids only in the bilingual document
        assert "| matmul_" in both and "| matmul_" not in en and "| matmul_" not in zh
        assert "matrix multiply" in en and "矩阵乘法" in zh
