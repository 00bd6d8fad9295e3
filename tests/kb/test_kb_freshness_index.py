"""``python -m kb freshness`` against a fake local package index, never the network.

The index is a temp directory laid out as a PEP 503 simple index and handed to the command the
way a user would configure pip: ``PIP_INDEX_URL=file://…`` with ``PIP_CONFIG_FILE`` pointing at
no file, so the machine's own pip configuration cannot leak in.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import kb
from kb.freshness import FreshnessReport, compare_releases, recorded_version
from kb.pkgindex import (
    IndexConfig,
    config_from_options,
    latest_versions,
    parse_final,
    parse_pip_config,
    version_from_filename,
)

REPO = Path(__file__).resolve().parents[2]
WriteIndex = Callable[[dict[str, list[str]]], Path]


def _wheel(package: str, version: str) -> str:
    return f"{package.replace('-', '_')}-{version}-py3-none-any.whl"


@pytest.fixture
def write_index(tmp_path: Path) -> WriteIndex:
    """Write ``{package: [versions]}`` as a PEP 503 simple index; returns its root."""

    def _write(packages: dict[str, list[str]]) -> Path:
        root = tmp_path / "simple"
        for package, versions in packages.items():
            page = root / package
            page.mkdir(parents=True, exist_ok=True)
            links = "\n".join(
                f'<a href="../../files/{_wheel(package, v.rstrip("!"))}#sha256=00"'
                f"{' data-yanked' if v.endswith('!') else ''}>{_wheel(package, v.rstrip('!'))}</a>"
                for v in versions
            )
            (page / "index.html").write_text(f"<html><body>\n{links}\n</body></html>\n")
        return root

    return _write


def _kb_versions(base: kb.KnowledgeBase) -> dict[str, list[str]]:
    """Every tracked package at exactly the version the KB records."""
    out = {}
    for tracked in base.meta.tracked_packages:
        recorded = recorded_version(base, tracked.package)
        assert recorded is not None, tracked.package
        out[tracked.package] = [recorded[0]]
    return out


@pytest.fixture
def fresh_kb(kb_copy: Path) -> Path:
    """A KB copy whose evidence is all inside a (long) freshness limit: only releases count."""
    path = kb_copy / "kb.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("freshness_limit_days: 548", "freshness_limit_days: 9000"))
    return kb_copy


def _freshness(index_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_INDEX_URL=index_url)
    return subprocess.run(
        [sys.executable, "-m", "kb", "freshness", "--today", "2026-11-28", "--timeout", "3", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


def test_up_to_date_index_exits_0(fresh_kb: Path, write_index: WriteIndex) -> None:
    root = write_index(_kb_versions(kb.load(fresh_kb)))
    result = _freshness(root.as_uri(), "--dir", str(fresh_kb))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "newer releases than the KB records: 0" in result.stdout
    assert f"index (from pip's configuration): {root.as_uri()}" in result.stdout
    assert "up to date: torch " in result.stdout and "not found" not in result.stdout


def test_a_newer_release_is_found_and_named(fresh_kb: Path, write_index: WriteIndex) -> None:
    base = kb.load(fresh_kb)
    packages = _kb_versions(base)
    torch_now = packages["torch"][0]
    # A newer final release, plus things that must not count: a pre-release, a yanked release.
    packages["torch"] += ["2.99.0", "3.0.0rc1", "3.1.0!"]
    packages["keras"] += ["99.1.0"]
    root = write_index(packages)
    result = _freshness(root.as_uri(), "--dir", str(fresh_kb))
    assert result.returncode == 3, result.stdout + result.stderr
    out = result.stdout
    assert "newer releases than the KB records: 2" in out
    assert (
        f"  torch 2.99.0 on the index; the KB has frameworks/pytorch.yaml latest_version "
        f"{base.frameworks['pytorch'].latest_version}" in out
    )
    assert "  keras 99.1.0 on the index; the KB has kb.yaml tracked_packages keras known" in out
    assert "3.0.0rc1" not in out and "3.1.0" not in out
    assert torch_now != "2.99.0"

    as_json = _freshness(root.as_uri(), "--dir", str(fresh_kb), "--json")
    assert as_json.returncode == 3
    report = FreshnessReport.model_validate_json(as_json.stdout)
    assert [p.package for p in report.newer] == ["torch", "keras"]
    assert report.index == [root.as_uri()] and not report.offline


@pytest.mark.parametrize(
    "where",
    ["file-missing", "connection-refused"],
)
def test_offline_is_one_clear_line_and_exit_4(tmp_path: Path, where: str) -> None:
    url = (
        (tmp_path / "no-such-index").as_uri()
        if where == "file-missing"
        else "http://127.0.0.1:9/simple/"  # the discard port: refused at once, no network
    )
    result = _freshness(url)
    assert result.returncode == 4, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("offline: could not reach the package index pip is configured with")
    assert url.rstrip("/") in lines[0] and "(exit 4)" in lines[0]
    assert result.stdout == "" and "Traceback" not in result.stderr


def test_offline_json_says_offline(tmp_path: Path) -> None:
    result = _freshness((tmp_path / "gone").as_uri(), "--json")
    assert result.returncode == 4
    data = json.loads(result.stdout)
    assert data["offline"] is True and data["packages"] == []


# --- the pieces, without subprocesses -------------------------------------------------------


def test_pip_config_precedence_env_over_files() -> None:
    text = "\n".join(
        [
            "global.index-url='https://files.example/simple'",
            "global.extra-index-url='file:///a/simple file:///b/simple'",
            "install.index-url='https://install.example/simple'",
            ":env:.index-url='file:///env/simple'",
            "global.find-links='/opt/wheels'",
        ]
    )
    options = parse_pip_config(text)
    assert options["index-url"] == "file:///env/simple"
    config = config_from_options(options, default_index="https://default.example/simple")
    assert config.index_urls == ("file:///env/simple", "file:///a/simple", "file:///b/simple")
    assert config.find_links == ("/opt/wheels",)
    # No index-url anywhere: pip's default; no-index: only find-links.
    assert config_from_options({}, "https://d/simple").index_urls == ("https://d/simple",)
    only_links = config_from_options({"no-index": "1", "find-links": "/w"}, "https://d/simple")
    assert only_links.index_urls == () and only_links.find_links == ("/w",)


def test_versions_from_file_names_and_their_order() -> None:
    assert version_from_filename("torch-2.13.0+cpu-cp311-cp311-linux_x86_64.whl", "torch") == (
        "2.13.0+cpu"
    )
    assert version_from_filename("tf_keras-2.21.0-py3-none-any.whl", "tf-keras") == "2.21.0"
    assert version_from_filename("keras_tuner-1.4.8.tar.gz", "keras-tuner") == "1.4.8"
    assert version_from_filename("torchvision-0.29.2-py3-none-any.whl", "torch") is None
    assert parse_final("3.0.0rc1") is None and parse_final("2.16.0.dev20261101") is None
    ordered = ["2.9.1", "2.10.0", "2.15", "2.15.0.post1", "2.15.1", "2.16.0+cpu"]
    assert sorted(reversed(ordered), key=lambda v: parse_final(v) or ()) == ordered


def test_find_links_directory_and_unreachable_locations(tmp_path: Path) -> None:
    links = tmp_path / "wheels"
    links.mkdir()
    for name in ("torch-2.13.0+cpu-cp311-cp311-linux_x86_64.whl", "torch-2.16.0-py3-none-any.whl"):
        (links / name).write_bytes(b"")
    config = IndexConfig((str(tmp_path / "missing-index"),), (str(links),))
    result = latest_versions(["torch", "jax"], config, timeout=1)
    assert result.lookups["torch"].latest == "2.16.0"
    assert result.lookups["jax"].latest is None and result.lookups["jax"].reached == [str(links)]
    assert not result.offline  # the find-links directory answered
    assert any("missing-index" in e for e in result.errors())


def test_compare_releases_is_pure(kb_copy: Path) -> None:
    base = kb.load(kb_copy)
    latest: dict[str, str | None] = {p: v[0] for p, v in _kb_versions(base).items()}
    assert not any(s.newer for s in compare_releases(base, latest))
    latest["tensorflow"] = "2.99.0"
    newer = [s for s in compare_releases(base, latest) if s.newer]
    assert [s.package for s in newer] == ["tensorflow"]
    assert "compatibility.yaml row" in newer[0].kb_where
