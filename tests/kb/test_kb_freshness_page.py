"""The knowledge-base page: as-of date, and the freshness check run in the background (AppTest).

The check runs as a real child process against a fake local PEP 503 index configured the way a
user configures pip (``PIP_INDEX_URL``), so nothing here touches the network.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import kb
from app_pages.knowledge_base import FRESHNESS_BUTTON, JOB_KEY, OUTCOME_KEY
from kb.freshness import kb_as_of, recorded_version
from tests.app.conftest import new_app

PAGE = "app_pages/knowledge_base.py"


def _index(root: Path, newer: dict[str, str]) -> Path:
    """Every tracked package at the KB's version, plus the ``newer`` releases."""
    base = kb.load()
    for tracked in base.meta.tracked_packages:
        recorded = recorded_version(base, tracked.package)
        assert recorded is not None
        versions = [recorded[0], *([newer[tracked.package]] if tracked.package in newer else [])]
        page = root / "simple" / tracked.package
        page.mkdir(parents=True)
        name = tracked.package.replace("-", "_")
        links = "".join(f'<a href="{name}-{v}-py3-none-any.whl">x</a>\n' for v in versions)
        # The link text is not a file name here: the version must come from the href.
        (page / "index.html").write_text(f"<html><body>\n{links}</body></html>\n")
    return root / "simple"


def _pip_env(monkeypatch: pytest.MonkeyPatch, index_url: str) -> None:
    for key in [k for k in os.environ if k.startswith("PIP_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("PIP_INDEX_URL", index_url)


def _run_check(at: AppTest) -> AppTest:
    at.button(key=FRESHNESS_BUTTON).click().run()
    assert not at.exception, [e.value for e in at.exception]
    deadline = time.monotonic() + 60
    while JOB_KEY in at.session_state and time.monotonic() < deadline:
        # The page never waits: while the child runs, a rerun shows "checking" at once.
        assert any("Checking the package index" in i.value for i in at.info) or (
            any("正在查询软件包索引" in i.value for i in at.info)
        )
        time.sleep(0.3)
        at.run()
    assert OUTCOME_KEY in at.session_state, "the check finished"
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_kb_page_shows_as_of_and_what_is_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _pip_env(monkeypatch, _index(tmp_path, {"torch": "2.99.0"}).as_uri())
    at = new_app()
    at.switch_page(PAGE).run()
    assert not at.exception
    as_of = kb_as_of(kb.load())
    assert any(f"Facts checked at their sources up to {as_of}" in c.value for c in at.caption)
    assert not at.warning and not at.success  # nothing is claimed before a check
    _run_check(at)
    warning = " ".join(w.value for w in at.warning)
    assert "The knowledge base is behind: 1 newer release(s)" in warning
    table = at.dataframe[0].value
    assert list(table["Package"]) == ["torch"] and list(table["On the index"]) == ["2.99.0"]
    assert any("Index asked: file://" in c.value for c in at.caption)


def test_kb_page_offline_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _pip_env(monkeypatch, (tmp_path / "no-index").as_uri())
    at = new_app({"lang": "zh"})
    at.switch_page(PAGE).run()
    assert any("知识库中的事实已在来源处核对至" in c.value for c in at.caption)
    _run_check(at)
    assert any("离线：无法连接软件包索引" in w.value for w in at.warning)
    assert any(c.value.startswith("offline: could not reach") for c in at.caption)
    assert not at.error
