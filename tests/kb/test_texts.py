"""One catalog of the project's own words (kb/texts.py): complete, written once, and the only one.

Every entry has English and Chinese with the same placeholders; every key the code names exists,
and every entry is named somewhere; no two keys hold the same words (beyond a short list, each
with its reason); and no other module keeps a table of (English, Chinese) pairs of its own.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import get_args

from kb.schema import Text
from kb.texts import (
    CATALOG,
    LANGS,
    check_lang,
    colon,
    framework_status,
    inline,
    pair,
    pick,
    t,
    text,
    tx,
)

ROOT = Path(__file__).resolve().parents[2]
CATALOG_FILE = ROOT / "kb" / "texts.py"
CJK = re.compile(r"[\u4e00-\u9fff]")
PLACEHOLDER = re.compile(r"{(\w*)")

# Keys looked up by a value (``t(f"verdict_{rec.verdict}", lang)``): the prefix and where the
# values come from. Each family must hold a key for every value.
FAMILIES: tuple[str, ...] = ("verdict_", "kind_", "tier_", "profile_download_", "origin_")
FAMILIES += ("group_", "f_", "report_verdict_", "report_origin_", "badge_", "target_", "chart_")
FAMILIES += ("fw_status_", "report_fw_status_", "model_", "mode_", "kernel_")
FAMILIES += ("bench_kind_", "bench_title_", "deploy_target_", "deploy_status_")
FAMILIES += ("clock_", "toolchain_status_")

# Distinct keys that hold the same words, and why they stay two keys.
SAME_WORDS_ALLOWED = {
    frozenset({"verdict_clear", "report_verdict_clear"}): "the report's verdict family, looked "
    "up by verdict, words its third value differently (report_verdict_too_close)",
    frozenset({"verdict_lean", "report_verdict_lean"}): "as verdict_clear",
    frozenset({"no_winner", "badge_too_close"}): "badge_ is looked up by verdict (card.py); "
    "no_winner is the app's headline when nothing is chosen",
    frozenset({"fw_status_missing", "report_fw_status_missing", "deploy_status_not_installed"}): (
        "the app words a framework's status for a table cell ('installed, works'), reports "
        "after its name ('works 2.13.0'), the deployment table a path's status; each family is "
        "looked up by its own status value"
    ),
    frozenset({"fw_status_timeout", "report_fw_status_timeout"}): "as fw_status_missing",
    frozenset({"report_fw_status_ok", "deploy_status_works"}): "deploy_status_ is looked up by "
    "a deployment path's status (probes/report.py DeployStatus), report_fw_status_ by a "
    "framework's (FrameworkStatus)",
    frozenset({"report_fw_status_crashed", "deploy_status_crashed"}): "as deploy_status_works",
}

# Words that are the same in both languages on purpose (names, units).
SAME_IN_BOTH = {"f_python", "f_cpu", "deploy_int8", "probe_md_cc_gfx", "probe_md_fp32_tflop_s"}
SAME_IN_BOTH |= {"probe_md_iqr", "target_cuda", "target_rocm", "target_tpu"}
# Punctuation: full-width in Chinese, so no CJK letter but never the English form.
PUNCTUATION = {"colon", "list_sep", "paren"}
# Templates that only join parts: their Chinese differs by its full-width separators alone.
PUNCTUATION |= {"input_refusal", "input_value_reason", "on_place", "toolchain_reaches"}
PUNCTUATION |= {"narrative_must", "narrative_reason_points", "narrative_target_step"}


def _sources() -> list[Path]:
    files = [ROOT / "app.py"]
    for package in ("kb", "probes", "recommender", "app_pages"):
        files += sorted((ROOT / package).rglob("*.py"))
    return [f for f in files if f != CATALOG_FILE]


def _named_keys() -> set[str]:
    """Keys the code passes to t(), pair(), text(), inline(), a report heading
    (``self.h(2, "key")``) or ``label``."""
    call = re.compile(
        r"""(?:\b(?:t|label)|(?<![\w.])(?:pair|text|inline))\(\s*["'](\w+)["']"""
        r"""|\bh\(\s*\d,\s*["'](\w+)["']"""
    )
    keys: set[str] = set()
    for path in _sources():
        for m in call.finditer(path.read_text("utf-8")):
            keys.add(m.group(1) or m.group(2))
    return keys


def test_every_entry_has_english_and_chinese_with_the_same_placeholders() -> None:
    assert len(CATALOG) > 350
    for key, (en, zh) in CATALOG.items():
        assert en.strip() and zh.strip(), key
        assert CJK.search(zh) or key in SAME_IN_BOTH | PUNCTUATION, f"{key}: no Chinese: {zh!r}"
        assert set(PLACEHOLDER.findall(en)) == set(PLACEHOLDER.findall(zh)), key
    for key in SAME_IN_BOTH:
        assert CATALOG[key][0] == CATALOG[key][1], key
    for key in PUNCTUATION:
        assert CATALOG[key][0] != CATALOG[key][1], key


def test_every_key_the_code_names_exists() -> None:
    named = _named_keys()
    assert {"page_kb", "report_title", "diff_same", "kb_fresh_check"} <= named, "the scan works"
    assert {"input_refusal", "input_missing"} <= named, "the scan sees pair()"
    assert {"probe_rerun_busy", "explain_penalty"} <= named, "and inline() and pair(…) with values"
    assert sorted(named - set(CATALOG)) == []


def test_every_family_has_a_key_for_every_value() -> None:
    from kb.schema import ToolchainStatus
    from probes.markdown import _CLOCK_SOURCES
    from probes.report import BenchmarkResult, DeployStatus, DeployTarget, FrameworkStatus
    from probes.steps import _KERNELS, _MODELS
    from recommender.export.card import InstallTarget
    from recommender.models import Verdict

    bench_kinds = get_args(BenchmarkResult.model_fields["kind"].annotation)
    assert bench_kinds == ("kernel", "model")
    families = {
        "verdict_": get_args(Verdict),
        "report_verdict_": get_args(Verdict),
        "badge_": get_args(Verdict),
        "origin_": ("answered", "prefilled", "default"),
        "report_origin_": ("answered", "prefilled", "default"),
        "target_": get_args(InstallTarget),
        "chart_": ("contribution", "criteria"),
        "fw_status_": get_args(FrameworkStatus),
        "report_fw_status_": get_args(FrameworkStatus),
        "model_": _MODELS,
        "kernel_": _KERNELS,
        "mode_": ("eager", "compiled"),
        "bench_kind_": bench_kinds,
        "bench_title_": bench_kinds,
        "deploy_target_": get_args(DeployTarget),
        "deploy_status_": get_args(DeployStatus),
        "clock_": _CLOCK_SOURCES,
        "kind_": ("veto", "require", "penalty"),
        "tier_": ("quick", "standard", "deep"),
        "profile_download_": ("yaml", "json"),
        "toolchain_status_": tuple(s for s in get_args(ToolchainStatus) if s != "active"),
    }
    missing = [p + v for p, values in families.items() for v in values if p + v not in CATALOG]
    assert missing == []


def test_every_entry_is_used() -> None:
    code = "".join(p.read_text("utf-8") for p in _sources())
    unused = [
        key
        for key in CATALOG
        if f'"{key}"' not in code and f"'{key}'" not in code and not key.startswith(FAMILIES)
    ]
    assert unused == []


def test_the_same_words_are_one_key() -> None:
    by_words: dict[tuple[str, str], set[str]] = {}
    for key, words in CATALOG.items():
        by_words.setdefault(words, set()).add(key)
    repeated = [frozenset(keys) for keys in by_words.values() if len(keys) > 1]
    assert sorted(map(sorted, set(repeated) - set(SAME_WORDS_ALLOWED))) == []
    stale = set(SAME_WORDS_ALLOWED) - set(repeated)
    assert stale == set(), f"no longer repeated, drop from the allow-list: {stale}"


def _pair(node: ast.expr) -> bool:
    """``("English", "中文")`` or ``{"en": ..., "zh": ...}``."""
    if isinstance(node, ast.Tuple) and len(node.elts) == 2:
        parts = [e.value for e in node.elts if isinstance(e, ast.Constant)]
        return (
            len(parts) == 2
            and all(isinstance(p, str) for p in parts)
            and bool(CJK.search(str(parts[1])))
        )
    if isinstance(node, ast.Dict):
        return {getattr(k, "value", None) for k in node.keys} == {"en", "zh"}
    return False


def _string_tables(path: Path) -> list[int]:
    """Lines of dict literals mapping keys to two or more (English, Chinese) pairs."""
    tree = ast.parse(path.read_text("utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Dict) and sum(_pair(v) for v in node.values) >= 2
    ]


def test_no_other_module_keeps_a_string_table() -> None:
    found = {
        path.relative_to(ROOT).as_posix(): lines
        for path in _sources()
        if (lines := _string_tables(path))
    }
    assert found == {}
    assert _string_tables(CATALOG_FILE), "the scan sees a table where there is one"


def test_no_module_imports_the_old_tables() -> None:
    old = re.compile(r"\b(?:recommender\.export\.i18n|app_pages\.common\.i18n|from \.i18n)\b")
    importers = [p.relative_to(ROOT).as_posix() for p in _sources() if old.search(p.read_text())]
    assert importers == []
    assert not (ROOT / "app_pages/common/i18n.py").exists()


def test_lookup_helpers() -> None:
    assert t("page_kb", "zh") == "知识库" and t("page_kb", "en") == "Knowledge base"
    assert t("report_card_install", "en", fw="PyTorch", target="CPU") == "Install (PyTorch, CPU)"
    assert t("no-such-key", "en") == "no-such-key"  # a gap shows, it does not crash a page
    assert text("page_kb") == Text(en="Knowledge base", zh="知识库")
    assert tx({"en": "a", "zh": "甲"}, "zh") == "甲" and tx(None, "en") == ""
    assert tx(Text(en="a", zh="甲"), "zh") == "甲" and tx("plain", "zh") == "plain"
    assert pick("a", "", "zh") == "a" and pick("a", "甲", "zh") == "甲"
    assert colon("zh") == "：" and colon("en") == ": "
    assert framework_status("missing", "zh") == "未安装" and framework_status("odd", "en") == "odd"
    assert LANGS == ("en", "zh") and check_lang("zh") == "zh"


def test_templates_are_filled_in_both_languages() -> None:
    """A plain value fills both languages; a bilingual pair or a Text fills each with its part."""
    assert pair("input_duplicate_key", key='"a"') == ('duplicate key "a"', '重复的键 "a"')
    kind = ("a folder", "文件夹")
    assert pair("input_is_kind", kind=kind) == ("is a folder", "这是文件夹")
    assert pair("input_is_kind", kind=Text(en=kind[0], zh=kind[1])) == ("is a folder", "这是文件夹")
    assert text("input_file_is_size", size="2.0 MB") == Text(
        en="file is 2.0 MB", zh="文件大小为 2.0 MB"
    )
    assert t("elicit_override", "zh", w=0.25) == "权重被手动设为 25%"
    assert inline("probe_cancelled_by_user") == "cancelled by the user / 用户已取消"


# Chinese still written inline next to its English, per file. A file may only go down; a new file
# has none. 449 literals when the catalog was made, 395 once the fixed parts of messages moved in,
# 393 in 40 files before the sentences built from values became catalog templates, 4 in 3 files
# after (the probe warnings whose Chinese was a summary now carry the English side's numbers).
# What is left is not text to translate: character ranges in regular expressions (kb/zh.py,
# probes/steps.py) and an example in a message for KB maintainers (kb/crossref.py).
INLINE_CHINESE_BASELINE = {
    "kb/crossref.py": 1,
    "kb/zh.py": 1,
    "probes/steps.py": 2,
}


def _inline_chinese(path: Path) -> int:
    """Chinese string literals in ``path`` that are not docstrings (f-string parts count)."""
    tree = ast.parse(path.read_text("utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return sum(
        1
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and CJK.search(node.value)
        and id(node) not in docstrings
    )


def test_inline_chinese_only_shrinks() -> None:
    counts = {p.relative_to(ROOT).as_posix(): _inline_chinese(p) for p in _sources()}
    grown = {
        f: (n, INLINE_CHINESE_BASELINE.get(f, 0))
        for f, n in counts.items()
        if n > INLINE_CHINESE_BASELINE.get(f, 0)
    }
    assert grown == {}, f"(now, allowed) — put new words in kb/texts.py: {grown}"
    gone = sorted(set(INLINE_CHINESE_BASELINE) - set(counts))
    assert gone == [], f"no such module any more, drop it from the baseline: {gone}"
    assert _inline_chinese(CATALOG_FILE) > 500, "the count sees the catalog's Chinese"


def test_the_scans_see_an_inline_pair_and_a_table(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        '"""文档。"""\n'
        'WORDS = {"a": ("yes", "是"), "b": ("no", "否")}\n'
        'def f(lang):\n    """说明。"""\n    return "好" if lang == "zh" else "good"\n',
        encoding="utf-8",
    )
    assert _inline_chinese(module) == 3  # the two table entries and the inline pair, no docstring
    assert _string_tables(module) == [2]
