"""The evidence audit of ``python -m kb check``: every failure names file:line, field, allowed.

Each test appends its own records to a copy of kb/data (so the shipped data, which other work
is filling in, cannot move the lines under test) and asserts on the exact line of the field.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

import kb
from kb.audit import is_site_root
from kb.loader import audit_kb
from kb.zh import TermRule, avoided_terms, stray_spaces

REPO = Path(__file__).resolve().parents[2]
LineOf = Callable[..., int]

SOURCES = """\
  - id: test_docs
    title: "Test: a docs page"
    url: "https://example.org/docs/page"
    publisher: "Test"
    accessed: 2026-11-28
    kind: docs
  - id: test_open_pr
    title: "Test: an open pull request"
    url: "https://example.org/repo/pull/1"
    publisher: "Test"
    accessed: 2026-11-28
    kind: open_proposal
  - id: test_issue
    title: "Test: an issue thread"
    url: "https://example.org/repo/issues/2"
    publisher: "Test"
    accessed: 2026-11-28
    kind: discussion
"""


def _claim(ident: str, evidence: str, holds_zh: str = "现在的情况已经不同。") -> str:
    return f"""\
  - id: {ident}
    frameworks: [pytorch]
    criteria: [debugging]
    article_sections: ["§3.3"]
    article_said:
      en: "Test: what the article said about it."
      zh: "测试：文章对此的说法。"
    holds_now:
      en: "Test: what holds now instead of that."
      zh: {holds_zh}
    since: 2026-01-01
    evidence:
{evidence}"""


QUOTED = """\
      - source: test_docs
        claim: "The docs say so."
        as_of: 2026-01-01
        quote: "It is so."
        checked: 2026-11-28
"""
UNQUOTED = """\
      - source: test_docs
        claim: "The docs say so, but nobody copied the words."
        as_of: 2026-01-01
"""


def _append(path: Path, text: str) -> None:
    body = path.read_text(encoding="utf-8")
    path.write_text(body.rstrip("\n") + "\n" + text, encoding="utf-8")


def _setup(root: Path, claims: str) -> Path:
    _append(root / "sources.yaml", SOURCES)
    _append(root / "stale_claims.yaml", claims)
    return root / "stale_claims.yaml"


def _at(problems: list[str], fname: str, line: int) -> list[str]:
    return [p for p in problems if p.startswith(f"{fname}:{line}: ")]


def _check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kb", "check", "--dir", str(root), "--today", "2026-11-28"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_quote_less_evidence_fails_kb_check_with_file_line(kb_copy: Path, line_of: LineOf) -> None:
    path = _setup(kb_copy, _claim("test_quoted", QUOTED) + _claim("test_unquoted", UNQUOTED))
    kb.load(kb_copy)  # still well formed: the audit, not the loader, rejects it
    result = _check(kb_copy)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "evidence audit" in result.stdout  # the summary is still printed
    quoted = line_of(path, 'quote: "It is so."') - 3  # the evidence item's first line
    unquoted = line_of(path, "nobody copied the words") - 1
    assert _at(result.stderr.splitlines(), "stale_claims.yaml", quoted) == []
    hits = _at(result.stderr.splitlines(), "stale_claims.yaml", unquoted)
    assert any(
        ".evidence[0].quote: evidence from 'test_docs' has no quote (allowed: quote:" in h
        for h in hits
    ), hits
    assert any(
        ".evidence[0].checked: evidence from 'test_docs' has no checked date" in h for h in hits
    )


def test_unconfirmed_with_a_reason_is_accepted_and_a_blank_reason_is_not(
    kb_copy: Path, line_of: LineOf
) -> None:
    reason = '        unconfirmed: "the page was rewritten; the old wording is gone"\n'
    blank = '        unconfirmed: " "\n'
    path = _setup(
        kb_copy,
        _claim("test_with_reason", QUOTED + UNQUOTED + reason)
        + _claim("test_blank", QUOTED + UNQUOTED.replace("nobody copied", "none copied") + blank),
    )
    problems = audit_kb(kb_copy)
    with_reason = line_of(path, "nobody copied the words") - 1
    assert _at(problems, "stale_claims.yaml", with_reason) == []
    no_reason = line_of(path, 'unconfirmed: " "')
    hits = _at(problems, "stale_claims.yaml", no_reason)
    assert any("unconfirmed gives no reason" in h for h in hits), hits


def test_open_pr_only_status_change_fails_kb_check(kb_copy: Path, line_of: LineOf) -> None:
    pr_only = """\
      - source: test_open_pr
        claim: "An open PR proposes the change."
        as_of: 2026-06-01
        quote: "This PR would change it."
        checked: 2026-11-28
      - source: test_issue
        claim: "An issue asks about the change."
        as_of: 2026-06-01
        quote: "Is it changing?"
        checked: 2026-11-28
"""
    path = _setup(
        kb_copy, _claim("test_pr_only", pr_only) + _claim("test_pr_and_docs", pr_only + QUOTED)
    )
    result = _check(kb_copy)
    assert result.returncode == 1
    first = line_of(path, "id: test_pr_only")
    evidence = line_of(path, "    evidence:", start=first)
    hits = _at(result.stderr.splitlines(), "stale_claims.yaml", evidence)
    assert len(hits) == 1, hits
    assert "stale claim test_pr_only rests only on open proposals or discussions" in hits[0]
    assert "test_open_pr (open_proposal), test_issue (discussion)" in hits[0]
    assert "(allowed: at least one source that shows the change" in hits[0]
    second = line_of(path, "id: test_pr_and_docs")
    assert "test_pr_and_docs" not in result.stderr
    assert (
        _at(
            result.stderr.splitlines(),
            "stale_claims.yaml",
            line_of(path, "    evidence:", start=second),
        )
        == []
    )


def test_cjk_stray_space_fails_kb_check_with_the_line_of_the_field(
    kb_copy: Path, line_of: LineOf
) -> None:
    folded = (
        ">-\n        训练循环需要\n        自己编写。"  # folding turns the line break into a space
    )
    path = _setup(
        kb_copy,
        _claim("test_folded", QUOTED, folded)
        + _claim("test_punct", QUOTED, '"已经弃用 。TensorFlow 与 PyTorch 都可以。"'),
    )
    result = _check(kb_copy)
    assert result.returncode == 1
    problems = result.stderr.splitlines()
    folded_line = line_of(path, "zh: >-")
    hits = _at(problems, "stale_claims.yaml", folded_line)
    assert len(hits) == 1, hits
    assert ".holds_now.zh: stray space between '要' and '自'" in hits[0]
    assert "(allowed: no space between Chinese characters" in hits[0]
    punct = _at(problems, "stale_claims.yaml", line_of(path, "已经弃用 。"))
    assert len(punct) == 1 and "between '用' and '。'" in punct[0], punct  # Latin spacing is fine


def test_glossary_flags_avoided_terms_but_not_longer_words(kb_copy: Path, line_of: LineOf) -> None:
    path = _setup(
        kb_copy,
        _claim("test_terms", QUOTED, '"探针显示该评估维度很重要；它只用到标准库和标准工具。"'),
    )
    hits = _at(audit_kb(kb_copy), "stale_claims.yaml", line_of(path, "探针显示"))
    assert len(hits) == 1, hits  # 标准库 (standard library) is not 标准 (criterion)
    assert "avoided term '探针' for 'probe' (allowed: 探测" in hits[0]


def test_source_needs_a_kind_and_a_specific_page(kb_copy: Path, line_of: LineOf) -> None:
    _append(
        kb_copy / "sources.yaml",
        """\
  - id: test_blog_root
    title: "Test: a blog front page"
    url: "https://blog.example.org/"
    publisher: "Test"
    accessed: 2026-11-28
""",
    )
    _append(
        kb_copy / "stale_claims.yaml",
        _claim("test_blog", QUOTED.replace("test_docs", "test_blog_root")),
    )
    path = kb_copy / "sources.yaml"
    problems = audit_kb(kb_copy)
    item = line_of(path, "id: test_blog_root")
    assert any(
        "source 'test_blog_root' has no kind (allowed: docs, release_notes," in p
        for p in _at(problems, "sources.yaml", item)
    )
    url = _at(problems, "sources.yaml", line_of(path, "https://blog.example.org/"))
    assert len(url) == 1 and "is a site root, not the page that says it" in url[0]
    assert is_site_root("https://pypi.org") and not is_site_root("https://pypi.org/project/torch/")


def test_a_rating_resting_on_the_article_alone_fails(kb_copy: Path) -> None:
    path = kb_copy / "frameworks" / "pytorch.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rating = data["ratings"]["debugging"]
    rating["evidence"] = [e for e in rating["evidence"] if e["source"] == "article"]
    assert rating["evidence"], "the debugging rating cites the article"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    kb.load(kb_copy)
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index("  debugging:")
    evidence = next(i for i in range(start, len(lines)) if lines[i] == "    evidence:") + 1
    hits = _at(audit_kb(kb_copy), "frameworks/pytorch.yaml", evidence)
    assert any(
        "ratings.debugging.evidence: pytorch/debugging has no confirmed evidence beyond the seed "
        "article" in h
        for h in hits
    ), hits


def test_zh_rules_as_pure_functions() -> None:
    assert [s.describe() for s in stray_spaces("需要 自己")] == [
        "space between '要' and '自' in …需要␣自己…"
    ]
    assert stray_spaces("TensorFlow 与 PyTorch，2.21 版本") == []
    assert len(stray_spaces("甲 乙 丙")) == 2  # the middle character closes one and opens the next
    assert len(stray_spaces("（见上） 。")) == 1
    rule = TermRule("criterion", "评估维度", ("标准",), ("标准库",))
    assert [a.variant for a in avoided_terms("按标准评估；标准库", [rule])] == ["标准"]


def test_the_shipped_stale_claims_and_glossary_pass_the_audit() -> None:
    """Every stale-claim record is quoted and dated or says why not (issue 10's re-verification)."""
    problems = audit_kb(kb.DEFAULT_DIR)
    mine = [p for p in problems if p.startswith(("stale_claims.yaml:", "glossary.yaml:"))]
    assert mine == []
    base = kb.load()
    evidence = [e for c in base.stale_claims for e in c.evidence]
    assert evidence and all((e.quote and e.checked) or e.unconfirmed for e in evidence)
