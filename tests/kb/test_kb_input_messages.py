"""Refusals of untrusted input in both languages (issue 13: every user-visible string in the
chosen language): the Chinese line has the same place, problem and allowed values as the English.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from kb.safe_input import (
    InputError,
    UnsafeInputError,
    YamlLimits,
    decode_text,
    excerpt,
    load_json,
    load_yaml,
    message_in,
    read_file,
)

CJK = re.compile(r"[\u4e00-\u9fff]")


def _refused(call: Callable[[], object]) -> UnsafeInputError:
    with pytest.raises(UnsafeInputError) as info:
        call()
    return info.value


@pytest.mark.parametrize(
    ("call", "en_part", "zh_part"),
    [
        (lambda: load_json('{"a": 1, "a": 2}', "p.json", "a profile"), "duplicate key", "重复的键"),
        (lambda: load_json("[1, 2", "p.json", ("a profile", "配置文件")), "truncated", "截断"),
        (lambda: load_json("NaN", "p.json", "x"), "not a number", "不是数值"),
        (lambda: load_json("[" * 60 + "]" * 60, "p.json", "x"), "nesting", "嵌套超过"),
        (lambda: decode_text(b"\xff", "p.yaml", ("a profile", "配置文件")), "UTF-8", "UTF-8"),
        (lambda: decode_text(b"a\n\x00", "p.yaml", "x"), "control character", "控制字符"),
        (
            lambda: load_yaml("a: 1\na: 2\n", "p.yaml", yaml.SafeLoader, YamlLimits()),
            "duplicate key",
            "首次出现在第 1 行",
        ),
        (
            lambda: load_yaml("a: &x 1\nb: *x\n", "p.yaml", yaml.SafeLoader, YamlLimits()),
            "alias",
            "别名",
        ),
        (
            lambda: load_yaml("a: [1\n", "p.yaml", yaml.SafeLoader, YamlLimits()),
            "YAML",
            "YAML 格式错误",
        ),
    ],
)
def test_every_refusal_has_a_chinese_line(
    call: Callable[[], object], en_part: str, zh_part: str
) -> None:
    exc = _refused(call)
    assert isinstance(exc, InputError)
    assert en_part in str(exc) and str(exc) == exc.text("en") == message_in(exc, "en")
    zh = exc.text("zh")
    assert zh_part in zh and CJK.search(zh) and zh == message_in(exc, "zh")
    assert zh.startswith("p.") and "\n" not in zh
    assert "allowed" not in zh  # the Chinese line says 允许, not half English
    if "; allowed: " in str(exc):
        assert "；允许：" in zh


def test_file_refusals_name_the_kind_in_chinese(tmp_path: Path) -> None:
    exc = _refused(lambda: read_file(str(tmp_path), limit=10, field="--profile"))
    assert "is a folder" in str(exc) and "这是文件夹" in exc.zh
    big = tmp_path / "big.yaml"
    big.write_bytes(b"x" * 20)
    exc = _refused(lambda: read_file(big, limit=10, field="--profile"))
    assert "20 bytes" in str(exc) and "20 字节" in exc.zh and "最大 10 字节" in exc.zh


def test_excerpt_names_containers_in_chinese() -> None:
    assert excerpt({"a": 1}, lang="zh") == "含 1 个键的映射"
    assert excerpt("x" * 200, 10, lang="zh").endswith("（200 个字符）")
    assert excerpt({"a": 1}) == "a mapping of 1 keys"


def test_a_plain_exception_is_shown_as_is() -> None:
    assert message_in(ValueError("boom"), "zh") == "boom"
