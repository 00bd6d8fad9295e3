"""The probe progress in one language (probes/steps.py, which the app shows): the steps of a
recorded real run (H100, standard tier)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from probes.steps import step_text, workload_name

RUN = Path(__file__).resolve().parents[1] / "fixtures/probes/h100_run/standard.progress.jsonl"
STEPS = sorted({json.loads(line)["step"] for line in RUN.read_text("utf-8").splitlines()})
CJK = re.compile(r"[\u4e00-\u9fff]")
CODE_NAME = re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b")  # matmul_512, dispatch_overhead, …


def test_the_recording_has_the_step_shapes_the_app_words() -> None:
    assert len(STEPS) > 10 and all(" / " in s for s in STEPS)


@pytest.mark.parametrize("step", STEPS)
def test_english_progress_has_no_chinese_and_no_code_names(step: str) -> None:
    shown = step_text(step, "en")
    assert not CJK.search(shown), shown
    assert not CODE_NAME.search(shown), shown


@pytest.mark.parametrize("step", STEPS)
def test_chinese_progress_is_chinese_with_full_width_punctuation(step: str) -> None:
    shown = step_text(step, "zh")
    assert CJK.search(shown), shown
    assert not CODE_NAME.search(shown), shown
    assert not re.search(r"interleaved|inventory|starting|ready", shown), shown
    assert not re.search(r"[\u4e00-\u9fff][:(,]", shown), shown  # no half-width after Chinese


def test_unknown_steps_and_workloads_pass_through() -> None:
    assert step_text("something new", "zh") == "something new"
    assert step_text("new step / 新步骤", "en") == "new step"
    assert step_text("new step / 新步骤", "zh") == "新步骤"
    assert workload_name("mystery_kernel", "en") == "mystery_kernel"
    assert workload_name("matmul_1024", "zh") == "矩阵乘法 1024²"
