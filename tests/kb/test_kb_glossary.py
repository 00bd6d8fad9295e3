"""The en↔zh glossary: valid, used by ``kb check``, and respected by the UI's own words.

The app's, the reports' and the diff's words are one catalog (kb/texts.py); the probe Markdown
still writes its own. This test reads both and applies the same rules the KB check applies to
KB texts.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

import pytest

import kb
from kb.glossary import GLOSSARY_FILE, load_rules
from kb.texts import CATALOG
from kb.zh import CJK_CHAR, avoided_terms, stray_spaces

REPO = Path(__file__).resolve().parents[2]
RULES = load_rules(kb.DEFAULT_DIR / GLOSSARY_FILE)


def _source_strings(path: Path) -> list[tuple[int, str]]:
    """Every string literal with Chinese in it (f-string parts included), with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and CJK_CHAR.search(node.value)
    ]


def _ui_texts() -> list[tuple[str, str]]:
    texts = [(f"kb/texts.py CATALOG[{k!r}]", zh) for k, (_en, zh) in CATALOG.items()]
    texts += [
        (f"probes/markdown.py:{n}", s) for n, s in _source_strings(REPO / "probes/markdown.py")
    ]
    return texts


def test_the_glossary_covers_the_core_terms() -> None:
    terms = {r.term: r for r in RULES}
    assert terms["criterion"].zh == "评估维度" and "评估标准" in terms["criterion"].avoid
    assert terms["probe"].zh == "探测" and "探针" in terms["probe"].avoid
    for term in ("recommendation", "verdict", "evidence", "knowledge base", "deployment target"):
        assert term in terms, term
    assert "switching cost" in terms


def test_the_ui_tables_use_the_glossary_terms() -> None:
    texts = _ui_texts()
    assert len(texts) > 200, "the scan found the tables"
    problems = [
        f"{where}: {hit.describe()} (use {hit.allowed()})"
        for where, text in texts
        for hit in avoided_terms(text, RULES)
    ]
    assert problems == []


def test_the_ui_tables_have_no_stray_spaces_in_chinese() -> None:
    problems = [
        f"{where}: {s.describe()}" for where, text in _ui_texts() for s in stray_spaces(text)
    ]
    assert problems == []


def test_the_scan_would_see_an_avoided_term() -> None:
    assert avoided_terms("探针结果", RULES) and not avoided_terms("探测结果", RULES)
    assert avoided_terms("按每项标准打分", RULES)
    assert not avoided_terms("TensorBoard 仍是标准可视化工具，只用到标准库", RULES)


def test_a_broken_glossary_is_a_load_error_with_file_line(
    kb_copy: Path, edit: Callable[[Path, str, str], None], line_of: Callable[..., int]
) -> None:
    path = kb_copy / GLOSSARY_FILE
    edit(path, "    avoid: [探针]\n", "    avoid: [探]\n")  # the chosen word 探测 contains 探
    edit(path, "  - id: recommendation\n", "  - id: criterion\n")
    with pytest.raises(kb.KBError) as info:
        kb.load(kb_copy)
    problems = info.value.problems
    probe = line_of(path, "  - id: probe")
    clash = [p for p in problems if p.startswith(f"{GLOSSARY_FILE}:{probe}: terms[")]
    assert clash and "contains avoided ['探']" in clash[0], problems
    second = line_of(path, "  - id: criterion", start=line_of(path, "  - id: criterion") + 1)
    dup = [p for p in problems if p.startswith(f"{GLOSSARY_FILE}:{second}: terms[")]
    assert dup and "duplicate glossary term id 'criterion'" in dup[0], problems
