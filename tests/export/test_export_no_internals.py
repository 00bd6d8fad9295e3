"""Reports speak the reader's language: labels, not ids (issue 13, "Mixed languages and internals").

Real personas through the real pipeline; each check names an id that used to leak into the text.
"""

from __future__ import annotations

import re

import pytest

import kb as kb_pkg
from kb.schema import KnowledgeBase
from recommender.export import EXPORTERS
from tests.export.export_golden import build

PERSONAS = ("windows_nvidia_gamer", "microcontroller_kws", "tf_legacy_server_tabular")


@pytest.fixture(scope="module")
def real_kb() -> KnowledgeBase:
    return kb_pkg.load()


@pytest.fixture(scope="module")
def reports(real_kb: KnowledgeBase) -> dict[tuple[str, str], str]:
    out = {}
    for name in PERSONAS:
        rec, knowledge = build(name, real_kb)
        for lang in ("en", "zh"):
            out[(name, lang)] = EXPORTERS["md"].render(rec, knowledge, lang).decode("utf-8")
    return out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_answers_show_labels_without_their_ids(
    reports: dict[tuple[str, str], str], real_kb: KnowledgeBase, lang: str
) -> None:
    text = reports[("windows_nvidia_gamer", lang)]
    label = "Prototype" if lang == "en" else "原型"
    assert f"| {label} |" in text
    option_ids = {o.id for q in real_kb.questions for o in q.options}
    # "Label (id)" — an option id in parentheses right after its label
    leaked = [
        m.group(0)
        for m in re.finditer(r"\((\w+(?:\\_\w+)*)\)", text)
        if m.group(1).replace("\\_", "_") in option_ids
    ]
    assert leaked == []


@pytest.mark.parametrize("name", PERSONAS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_rule_ids_claim_ids_or_status_codes(
    reports: dict[tuple[str, str], str], real_kb: KnowledgeBase, name: str, lang: str
) -> None:
    text = reports[(name, lang)].replace("\\_", "_")
    assert "questions.yaml" not in text and "rules.yaml" not in text
    for claim in real_kb.stale_claims:
        assert f"### {claim.id}" not in text
    assert "--probe" not in text and "python -m probes" not in text


def test_eliminations_name_the_answer(reports: dict[tuple[str, str], str]) -> None:
    en = reports[("microcontroller_kws", "en")]
    zh = reports[("microcontroller_kws", "zh")]
    assert "Your answer “Where will the model run” = “Microcontroller”" in en
    assert "你的回答“模型将部署在哪里”＝“微控制器”" in zh
    assert "被扣分（−12.5）" in zh  # full-width brackets in Chinese


def test_probed_framework_status_in_words(reports: dict[tuple[str, str], str]) -> None:
    en = reports[("windows_nvidia_gamer", "en")]
    zh = reports[("windows_nvidia_gamer", "zh")]
    row_en = next(line for line in en.splitlines() if line.startswith("| Frameworks |"))
    row_zh = next(line for line in zh.splitlines() if line.startswith("| 已安装框架 |"))
    assert ": ok" not in row_en and "works" in row_en
    assert "ok" not in row_zh and "missing" not in row_zh


def test_machine_line_in_the_report_language(reports: dict[tuple[str, str], str]) -> None:
    zh = reports[("windows_nvidia_gamer", "zh")]
    assert "Windows AMD64，16 核，64 GB 内存，NVIDIA GeForce RTX 4090" in zh
    assert "16 cores" not in zh and "| 操作系统 | Windows |" in zh
    assert "| 已安装框架 | PyTorch：可用 2.14.1；TensorFlow：可用 2.21.0 |" in zh
    en = reports[("windows_nvidia_gamer", "en")]
    assert "Windows AMD64, 16 cores, 64 GB RAM, NVIDIA GeForce RTX 4090" in en


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_measured_notes_speak_the_report_language(real_kb: KnowledgeBase, lang: str) -> None:
    """A rating replaced by this machine's measurement says so in words: "2-D convolution: a
    tie within noise" / "二维卷积：在噪声范围内持平", not "conv2d: tie within noise"."""
    rec, knowledge = build("laptop_cpu_prototype", real_kb)
    assert any(v.note for c in rec.contributions for v in c.values)
    text = EXPORTERS["md"].render(rec, knowledge, lang).decode("utf-8")
    assert "conv2d" not in text and "tie within noise" not in text.replace("a tie within", "")
    if lang == "zh":
        assert "本机实测（二维卷积" in text and "Measured on this machine" not in text
    else:
        assert "Measured on this machine (2-D convolution" in text


def test_a_graded_shortfall_names_the_criterion_by_its_title(real_kb: KnowledgeBase) -> None:
    rec, _ = build("microcontroller_kws", real_kb)
    needs = [e for e in rec.eliminated if "needs" in e.reason_en]
    assert needs
    titles = {c.title.en for c in real_kb.criteria.values()}
    for e in needs:
        named = e.reason_en.split("needs “", 1)[1].split("”", 1)[0]
        assert named in titles
        assert "要求“" in e.reason_zh
