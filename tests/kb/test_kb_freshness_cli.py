"""Freshness warnings and the ``python -m kb check`` command (real subprocesses)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import kb
from kb.freshness import oldest_evidence, stale_evidence, stale_ratings
from kb.loader import audit_kb

REPO = Path(__file__).resolve().parents[2]


def test_article_evidence_is_flagged_old_and_names_what_it_affects() -> None:
    base = kb.load()
    stale = stale_evidence(base, date(2026, 11, 26))
    article = [s for s in stale if s.from_article]
    assert article, "the Jan-2025 article is older than 548 days in Nov 2026"
    first = next(s for s in article if s.kind == "rating")
    assert first.frameworks and first.criteria
    assert first.age_days > base.meta.freshness_limit_days
    assert all(s.as_of < date(2025, 5, 27) for s in stale)


def test_on_the_article_date_only_older_surveys_are_stale() -> None:
    stale = stale_evidence(kb.load(), date(2025, 1, 13))
    assert stale and not any(s.from_article for s in stale)
    assert all(s.as_of < date(2023, 7, 16) for s in stale)  # 548 days before 2025-01-13


def test_limit_is_configurable(kb_copy: Path) -> None:
    path = kb_copy / "kb.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "freshness_limit_days: 548", "freshness_limit_days: 5000"
        ),
        encoding="utf-8",
    )
    assert stale_evidence(kb.load(kb_copy), date(2026, 11, 26)) == []
    assert stale_ratings(kb.load(kb_copy), date(2026, 11, 26)) == []


def test_oldest_evidence_is_reported() -> None:
    oldest = oldest_evidence(kb.load())
    assert oldest is not None
    when, where, source = oldest
    assert when <= date(2025, 1, 13) and where and source


def _check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kb", "check", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_cli_valid_kb_prints_summary() -> None:
    result = _check("--today", "2026-11-26")
    # A well-formed KB always gets its summary; the exit code is the evidence audit's verdict
    # (kb/audit.py), the same one the library gives.
    audit = audit_kb(kb.DEFAULT_DIR)
    assert result.returncode == (1 if audit else 0), result.stderr
    assert f"evidence audit {len(audit)} problem(s)" in result.stdout
    if audit:
        assert f"fails the evidence audit: {len(audit)} problem" in result.stderr
    out = result.stdout
    assert f"criteria       {len(kb.load().criteria)}" in out
    assert "23/23 article subsections mapped" in out
    assert "oldest evidence" in out and "stale claims" in out and "freshness" in out
    assert "Traceback" not in out + result.stderr


def test_cli_invalid_kb_lists_every_error(kb_copy: Path) -> None:
    (kb_copy / "criteria.yaml").write_text("criteria: [\n", encoding="utf-8")
    (kb_copy / "sources.yaml").write_text("sources:\n  - id: Bad Id\n", encoding="utf-8")
    result = _check("--dir", str(kb_copy))
    assert result.returncode == 1
    assert "criteria.yaml:" in result.stderr and "sources.yaml:2:" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_cli_missing_dir_is_one_clear_error(tmp_path: Path) -> None:
    result = _check("--dir", str(tmp_path / "missing"))
    assert result.returncode == 1
    assert "not found" in result.stderr
    assert "Traceback" not in result.stderr
