"""Every chrome string exists in both languages, and every key the pages use is defined."""

from __future__ import annotations

import re
from pathlib import Path

from app_pages.common.i18n import STRINGS, t, tx

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_string_has_english_and_chinese() -> None:
    for key, (en, zh) in STRINGS.items():
        assert en.strip() and zh.strip(), key
        assert CJK.search(zh) or en == zh, f"{key}: zh text has no Chinese: {zh!r}"
        assert set(re.findall(r"{(\w+)", en)) == set(re.findall(r"{(\w+)", zh)), key


def test_every_key_used_by_the_pages_is_defined() -> None:
    sources = [ROOT / "app.py", *sorted((ROOT / "app_pages").rglob("*.py"))]
    used = {k for p in sources for k in re.findall(r"\bt\(\s*\"(\w+)\"", p.read_text("utf-8"))}
    assert used, "the scan found the t(...) calls"
    assert sorted(used - set(STRINGS)) == []


def test_dynamic_keys_exist() -> None:
    for prefix, values in {
        "verdict_": ("clear", "lean", "too_close"),
        "kind_": ("veto", "require", "penalty"),
        "tier_": ("quick", "standard", "deep"),
        "profile_download_": ("yaml", "json"),
        "origin_": ("answered", "prefilled", "default"),
    }.items():
        for value in values:
            assert prefix + value in STRINGS


def test_lookup_helpers() -> None:
    assert t("page_kb", "zh") == "知识库" and t("page_kb", "en") == "Knowledge base"
    assert t("no-such-key", "en") == "no-such-key"
    assert tx({"en": "a", "zh": "甲"}, "zh") == "甲" and tx(None, "en") == ""


def test_no_unused_strings() -> None:
    sources = [ROOT / "app.py", *sorted((ROOT / "app_pages").rglob("*.py"))]
    text = "".join(p.read_text("utf-8") for p in sources if p.name != "i18n.py")
    dynamic = ("verdict_", "kind_", "tier_", "profile_download_", "origin_", "group_", "f_")
    unused = [
        key
        for key in STRINGS
        if f'"{key}"' not in text and f"'{key}'" not in text and not key.startswith(dynamic)
    ]
    assert unused == []
