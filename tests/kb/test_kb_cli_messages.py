"""argparse's English complaints in Chinese, and ``--lang`` read before argparse runs."""

from __future__ import annotations

import pytest

from kb.cli_messages import Parser, UsageError, argparse_zh, lang_from_argv


def _parser() -> Parser:
    p = Parser(prog="x")
    p.add_argument("--format", required=True, choices=("md", "pdf"))
    p.add_argument("--draws", type=int)
    p.add_argument("--lang", choices=("en", "zh"))
    return p


@pytest.mark.parametrize(
    ("argv", "zh"),
    [
        ([], "缺少必需的参数：--format"),
        (["--format", "doc"], "参数 --format：无效的选项 'doc'（可选：'md', 'pdf'）"),
        (["--format", "md", "--draws", "many"], "参数 --draws：无效的 int 值 'many'"),
        (["--format"], "参数 --format：需要一个值"),
        (["--format", "md", "--colour"], "无法识别的参数：--colour"),
    ],
)
def test_argparse_errors_have_a_chinese_line(argv: list[str], zh: str) -> None:
    with pytest.raises(UsageError) as info:
        _parser().parse_args(argv)
    assert info.value.text("zh") == zh
    assert info.value.text("en") == str(info.value) != zh


def test_unknown_messages_stay_as_they_are() -> None:
    assert argparse_zh("something new") == "something new"


@pytest.mark.parametrize(
    ("argv", "lang"),
    [
        (["--lang", "zh"], "zh"),
        (["--x", "--lang=zh"], "zh"),
        (["--lang", "fr"], "en"),
        (["--lang"], "en"),
        ([], "en"),
    ],
)
def test_lang_from_argv(argv: list[str], lang: str) -> None:
    assert lang_from_argv(argv) == lang


def test_each_pattern_reads_the_english_of_its_catalog_entry() -> None:
    """A pattern and its catalog entry (kb/texts.py) describe the same message: the catalog's
    English, filled with sample values, is matched and comes out as the catalog's Chinese."""
    from kb.cli_messages import _ARGPARSE
    from kb.texts import t

    samples = {"a": "--out", "b": "--x", "c": "'md', 'pdf'", "m": "--out, --outdir"}
    samples |= {"t": "int", "v": "'doc'"}
    for pattern, key in _ARGPARSE:
        values = {name: samples[name] for name in pattern.groupindex}
        english = t(key, "en", **values)
        assert pattern.match(english), key
        assert argparse_zh(english) == t(key, "zh", **values) != english, key
