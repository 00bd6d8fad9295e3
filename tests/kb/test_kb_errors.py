"""Malformed YAML is reported as ``file:line: key.path: message (allowed: …)``, all at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import kb

Edit = Callable[[Path, str, str], None]
LineOf = Callable[..., int]


def _problems(root: Path) -> list[str]:
    with pytest.raises(kb.KBError) as info:
        kb.load(root)
    problems = info.value.problems
    text = str(info.value)
    assert all(p in text for p in problems)  # str() lists every problem
    return problems


def _one(problems: list[str], prefix: str) -> str:
    hits = [p for p in problems if p.startswith(prefix)]
    assert hits, f"no problem starting with {prefix!r} in {problems}"
    return hits[0]


def test_syntax_error_names_file_and_line(kb_copy: Path, edit: Edit, line_of: LineOf) -> None:
    path = kb_copy / "criteria.yaml"
    edit(path, "  - id: debugging\n", "  - id: debugging\n    title: {en: [unclosed\n")
    line = line_of(path, "unclosed")
    problem = _one(_problems(kb_copy), "criteria.yaml:")
    assert "syntax" in problem
    reported = int(problem.split(":")[1])
    assert line <= reported <= line + 2


def test_unknown_key_lists_allowed_keys(kb_copy: Path, edit: Edit, line_of: LineOf) -> None:
    path = kb_copy / "frameworks" / "pytorch.yaml"
    edit(path, "  debugging:\n    low: 8.0\n", "  debugging:\n    low: 8.0\n    lowest: 1\n")
    line = line_of(path, "lowest: 1")
    problem = _one(_problems(kb_copy), f"frameworks/pytorch.yaml:{line}:")
    assert "ratings.debugging.lowest" in problem
    assert "unknown key" in problem
    assert "allowed: low, mode, high, confidence, rationale, evidence" in problem


def test_wrong_type_names_field_and_expected_type(
    kb_copy: Path, edit: Edit, line_of: LineOf
) -> None:
    path = kb_copy / "criteria.yaml"
    edit(path, "    default_weight: 0.7\n", "    default_weight: heavy\n")
    line = line_of(path, "default_weight: heavy")
    problem = _one(_problems(kb_copy), f"criteria.yaml:{line}:")
    assert ".default_weight:" in problem and "criteria[" in problem
    assert "allowed: a number" in problem


def test_wrong_date_and_literal(kb_copy: Path, edit: Edit, line_of: LineOf) -> None:
    path = kb_copy / "frameworks" / "tensorflow.yaml"
    edit(path, "    confidence: high\n", "    confidence: certain\n")
    edit(path, "        as_of: 2025-10-30\n", "        as_of: last october\n")
    problems = _problems(kb_copy)
    conf = _one(problems, f"frameworks/tensorflow.yaml:{line_of(path, 'confidence: certain')}:")
    assert "confidence" in conf and "'low', 'medium' or 'high'" in conf
    when = _one(problems, f"frameworks/tensorflow.yaml:{line_of(path, 'as_of: last october')}:")
    assert ".as_of:" in when and "YYYY-MM-DD" in when


def test_exclusive_option_of_a_single_choice_question_is_refused(
    kb_copy: Path, edit: Edit, line_of: LineOf
) -> None:
    path = kb_copy / "questions.yaml"
    edit(
        path,
        "      - id: research\n",
        "      - id: research\n        exclusive: true\n",
    )
    problem = _one(_problems(kb_copy), "questions.yaml:")
    assert "exclusive" in problem and "multi-choice" in problem


def test_dangling_references(kb_copy: Path, edit: Edit, line_of: LineOf) -> None:
    fw = kb_copy / "frameworks" / "pytorch.yaml"
    edit(fw, "      - source: torchtext_docs\n", "      - source: torchtext_blog\n")
    questions = kb_copy / "questions.yaml"
    edit(questions, "criterion: compilers, factor: 1.5", "criterion: compiler, factor: 1.5")
    rules = kb_copy / "rules.yaml"
    edit(rules, "penalty, framework: tensorflow, points:", "penalty, framework: tensorflw, points:")
    problems = _problems(kb_copy)
    src = _one(problems, f"frameworks/pytorch.yaml:{line_of(fw, 'source: torchtext_blog')}:")
    assert "ratings.domain_libraries.evidence[2].source" in src
    assert "unknown source 'torchtext_blog'" in src and "allowed:" in src
    eff = _one(problems, f"questions.yaml:{line_of(questions, 'criterion: compiler,')}:")
    assert "unknown criterion 'compiler'" in eff and ".effects[" in eff
    rule = _one(problems, f"rules.yaml:{line_of(rules, 'framework: tensorflw')}:")
    assert "unknown framework 'tensorflw'" in rule and "allowed: pytorch, tensorflow" in rule


def test_missing_rating_and_unknown_rule_option(kb_copy: Path, edit: Edit) -> None:
    fw = kb_copy / "frameworks" / "tensorflow.yaml"
    text = fw.read_text(encoding="utf-8")
    start = text.index("  microcontrollers:\n")
    end = text.index("  browser_deployment:\n")
    fw.write_text(text[:start] + text[end:], encoding="utf-8")
    edit(kb_copy / "rules.yaml", "contains: apple_silicon", "contains: apple")
    problems = _problems(kb_copy)
    _one(problems, "frameworks/tensorflow.yaml:")
    assert any("criterion 'microcontrollers' is not rated" in p for p in problems)
    assert any("'apple' is not an option of hardware" in p for p in problems)


def test_duplicate_ids_within_and_across_files(kb_copy: Path, edit: Edit, line_of: LineOf) -> None:
    path = kb_copy / "criteria.yaml"
    edit(path, "  - id: documentation\n", "  - id: debugging\n")
    sources = kb_copy / "sources.yaml"
    edit(sources, "  - id: pypi_torch\n", "  - id: article\n")
    problems = _problems(kb_copy)
    first = line_of(path, "  - id: debugging")
    dup_line = line_of(path, "  - id: debugging", start=first + 1)
    low, high = sorted((first, dup_line))
    dup = _one(problems, f"criteria.yaml:{high}:")
    assert "duplicate criterion id 'debugging'" in dup and f"criteria.yaml:{low}" in dup
    assert any("duplicate source id 'article'" in p for p in problems)


def test_duplicate_key_in_mapping(kb_copy: Path, edit: Edit, line_of: LineOf) -> None:
    path = kb_copy / "kb.yaml"
    edit(
        path, "freshness_limit_days: 548\n", "freshness_limit_days: 548\nfreshness_limit_days: 9\n"
    )
    problem = _one(_problems(kb_copy), f"kb.yaml:{line_of(path, 'freshness_limit_days: 9')}:")
    assert "freshness_limit_days: duplicate key" in problem


def test_python_object_tag_is_refused(kb_copy: Path, edit: Edit, line_of: LineOf) -> None:
    path = kb_copy / "rules.yaml"
    edit(path, "rules:\n", "rules:\n  - !!python/object/apply:os.system ['echo pwned']\n")
    problem = _one(_problems(kb_copy), f"rules.yaml:{line_of(path, 'python/object')}:")
    assert "python/object" in problem and "refused" in problem


def test_all_errors_are_reported_together(kb_copy: Path, edit: Edit) -> None:
    edit(kb_copy / "criteria.yaml", "    default_weight: 0.6\n", "    default_weight: -1\n")
    edit(kb_copy / "sources.yaml", "    accessed: 2026-11-26\n", "    accessed: soon\n")
    edit(kb_copy / "frameworks" / "pytorch.yaml", "    mode: 9.0\n", "    mode: 11\n")
    (kb_copy / "extra.yaml").write_text("x: 1\n", encoding="utf-8")
    problems = _problems(kb_copy)
    files = {p.split(":")[0] for p in problems}
    assert {"criteria.yaml", "sources.yaml", "frameworks/pytorch.yaml", "extra.yaml"} <= files
    assert all(p.count(":") >= 3 for p in problems)  # file:line: path: message


def test_rating_order_and_missing_file(kb_copy: Path, edit: Edit) -> None:
    edit(
        kb_copy / "frameworks" / "pytorch.yaml",
        "    low: 8.0\n    mode: 9.0\n",
        "    low: 9.5\n    mode: 9.0\n",
    )
    (kb_copy / "hardware.yaml").unlink()
    problems = _problems(kb_copy)
    assert any(
        "low / mode / high out of order: 9.5 / 9.0" in p and "(allowed: low <= mode <= high)" in p
        for p in problems
    )
    assert "hardware.yaml:1: (file): required file is missing (allowed: create it)" in problems


def test_missing_directory(tmp_path: Path) -> None:
    problems = _problems(tmp_path / "nope")
    assert "not found" in problems[0]


def test_yes_no_stay_strings(kb_copy: Path, edit: Edit) -> None:
    # YAML 1.1 would turn `no` into False; support levels must stay the strings "yes"/"no".
    base = kb.load(kb_copy)
    row = next(r for r in base.compatibility if r.framework == "tensorflow")
    assert row.xpu == "no" and row.tpu == "yes"


def test_section_only_for_the_article_and_required_for_it(
    kb_copy: Path, edit: Edit, line_of: LineOf
) -> None:
    path = kb_copy / "frameworks" / "tensorflow.yaml"
    edit(path, '        section: "§1.3"\n', "")
    edit(
        path,
        "      - source: best_of_ml_python\n",
        '      - source: best_of_ml_python\n        section: "§1.3"\n',
    )
    problems = _problems(kb_copy)
    assert any("the seed article is cited by section" in p for p in problems)
    needle = 'section: "§1.3"'
    wrong = _one(problems, f"frameworks/tensorflow.yaml:{line_of(path, needle)}:")
    assert "only the seed article is cited by section" in wrong


def test_unknown_workload_and_platform(kb_copy: Path, edit: Edit, line_of: LineOf) -> None:
    crit = kb_copy / "criteria.yaml"
    edit(crit, "measured_by: [matmul_512,", "measured_by: [matmul_511,")
    compat = kb_copy / "compatibility.yaml"
    edit(compat, "{platform: linux_cpu,", "{platform: linux_cpus,")
    problems = _problems(kb_copy)
    w = _one(problems, f"criteria.yaml:{line_of(crit, 'matmul_511')}:")
    assert "unknown workload 'matmul_511'" in w and "matmul_512" in w
    plat = _one(problems, f"compatibility.yaml:{line_of(compat, 'linux_cpus')}:")
    assert ".install[0].platform" in plat and "linux_cpu" in plat


def test_a_broken_file_does_not_cascade(kb_copy: Path) -> None:
    (kb_copy / "sources.yaml").write_text("sources: [\n", encoding="utf-8")
    (kb_copy / "criteria.yaml").write_text("criteria: 5\n", encoding="utf-8")
    (kb_copy / "frameworks" / "jax.yaml").write_text("- not a mapping\n", encoding="utf-8")
    problems = _problems(kb_copy)
    # One problem per broken file, not one per reference into it.
    assert len(problems) == 3, problems
    assert {p.split(":")[0] for p in problems} == {
        "sources.yaml",
        "criteria.yaml",
        "frameworks/jax.yaml",
    }


def test_non_utf8_and_empty_files(kb_copy: Path) -> None:
    (kb_copy / "rules.yaml").write_text("", encoding="utf-8")
    (kb_copy / "stale_claims.yaml").write_bytes(b"\xff\xfe\x00")
    problems = _problems(kb_copy)
    assert any(p.startswith("rules.yaml:1: (top level): file is empty") for p in problems)
    assert any(p.startswith("stale_claims.yaml:1: (file): not UTF-8") for p in problems)


def test_chinese_text_must_be_chinese_and_not_blank(
    kb_copy: Path, edit: Edit, line_of: LineOf
) -> None:
    path = kb_copy / "criteria.yaml"
    edit(path, 'zh: "新论文及其参考实现使用该框架的频率。"', 'zh: "How often new papers use it."')
    edit(path, 'title: {en: "Debugging", zh: "调试"}', 'title: {en: "Debugging", zh: "  "}')
    problems = _problems(kb_copy)
    no_cjk = _one(problems, f"criteria.yaml:{line_of(path, 'How often new papers use it')}:")
    assert ".description.zh: Chinese text has no Chinese characters" in no_cjk
    needle = 'zh: "  "'
    blank = _one(problems, f"criteria.yaml:{line_of(path, needle)}:")
    assert ".title.zh: text is blank" in blank


def test_new_release_must_be_recorded_in_both_places(
    kb_copy: Path, edit: Edit, line_of: LineOf
) -> None:
    path = kb_copy / "frameworks" / "tensorflow.yaml"
    edit(path, 'latest_version: "2.21.0"', 'latest_version: "2.22.0"')
    problem = _one(
        _problems(kb_copy), f"frameworks/tensorflow.yaml:{line_of(path, 'latest_version')}:"
    )
    assert "latest_version 2.22.0 but the newest compatibility.yaml row of tensorflow is 2.21" in (
        problem
    )
