"""kb.snapshot: a fresh process gets exactly kb.load()'s KB from JSON, never a stale or bad one."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

import kb
from kb import snapshot


@pytest.fixture(autouse=True)
def _fresh_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts like a new process: no KB remembered in memory."""
    monkeypatch.setattr(snapshot, "_memo", {})
    monkeypatch.setattr(kb, "_cache", {})


def _new_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(snapshot, "_memo", {})
    monkeypatch.setattr(kb, "_cache", {})


def _reweigh_debugging(root: Path, weight: float) -> None:
    """Set the debugging criterion's default weight in the copy's criteria.yaml."""
    path = root / "criteria.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: debugging\n")
    at = text.index("    default_weight: ", start)
    end = text.index("\n", at)
    path.write_text(f"{text[:at]}    default_weight: {weight}{text[end:]}", encoding="utf-8")


def _no_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(folder: Path | None = None) -> kb.KnowledgeBase:
        raise AssertionError("parsed the YAML although a valid snapshot exists")

    monkeypatch.setattr(kb, "load", refuse)


def test_second_process_reads_the_snapshot_and_gets_the_same_kb(
    kb_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    first = snapshot.load(kb_copy, cache_dir=cache)
    assert first == kb.load(kb_copy)
    written = list(cache.glob("kb-*.json"))
    assert [p.name for p in written] == [snapshot.snapshot_path(first.content_hash, cache).name]

    _new_process(monkeypatch)
    _no_yaml(monkeypatch)
    second = snapshot.load(kb_copy, cache_dir=cache)
    assert second == first
    assert second is not first  # rebuilt from the file, not a leftover object


def test_an_edited_yaml_file_is_loaded_from_yaml_not_from_the_old_snapshot(
    kb_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    before = snapshot.load(kb_copy, cache_dir=cache)
    weight = round(before.criteria["debugging"].default_weight / 2, 3)
    _reweigh_debugging(kb_copy, weight)

    _new_process(monkeypatch)
    after = snapshot.load(kb_copy, cache_dir=cache)
    assert after.criteria["debugging"].default_weight == weight
    assert after.content_hash != before.content_hash
    assert len(list(cache.glob("kb-*.json"))) == 2


def test_the_same_process_notices_an_edit_too(kb_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    weight = snapshot.load(kb_copy, cache_dir=cache).criteria["debugging"].default_weight
    _reweigh_debugging(kb_copy, round(weight / 2, 3))
    assert snapshot.load(kb_copy, cache_dir=cache).criteria["debugging"].default_weight == round(
        weight / 2, 3
    )


@pytest.mark.parametrize(
    "damage",
    [
        lambda path, other: path.write_bytes(path.read_bytes()[:1000]),  # cut short
        lambda path, other: path.write_bytes(b"\x00not json"),
        lambda path, other: path.write_bytes(other),  # valid JSON of another KB content
    ],
    ids=["truncated", "garbage", "other-content"],
)
def test_a_damaged_snapshot_is_ignored_and_rewritten(
    kb_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    damage: Callable[[Path, bytes], object],
) -> None:
    cache = tmp_path / "cache"
    good = snapshot.load(kb_copy, cache_dir=cache)
    path = snapshot.snapshot_path(good.content_hash, cache)
    other = kb.load(kb.DEFAULT_DIR).model_copy(update={"content_hash": "0" * 64})
    damage(path, other.model_dump_json().encode())

    _new_process(monkeypatch)
    assert snapshot.load(kb_copy, cache_dir=cache) == good
    _new_process(monkeypatch)
    _no_yaml(monkeypatch)
    assert snapshot.load(kb_copy, cache_dir=cache) == good  # rewritten whole


def test_an_unwritable_cache_only_costs_the_full_load(kb_copy: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    assert snapshot.load(kb_copy, cache_dir=blocker) == kb.load(kb_copy)
    assert blocker.read_text() == "a file where the cache folder would go"


def test_a_broken_kb_raises_the_loaders_error_and_writes_nothing(
    kb_copy: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    _reweigh_debugging(kb_copy, -1)
    with pytest.raises(kb.KBError) as info:
        snapshot.load(kb_copy, cache_dir=cache)
    assert any(p.startswith("criteria.yaml:") for p in info.value.problems)
    assert not cache.exists() or not list(cache.iterdir())


def test_cache_folder_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(snapshot.CACHE_ENV, str(tmp_path / "mine"))
    assert snapshot.default_cache_dir() == tmp_path / "mine"
    monkeypatch.delenv(snapshot.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert snapshot.default_cache_dir() == tmp_path / "xdg" / "framework-advisor"


def test_old_snapshots_beyond_the_limit_are_removed(
    kb_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    for i in range(snapshot.KEEP + 3):
        old = cache / f"kb-{i:032d}-{'0' * 16}.json"
        old.write_text("{}")
        os.utime(old, (1_000_000 + i, 1_000_000 + i))
    loaded = snapshot.load(kb_copy, cache_dir=cache)
    kept = sorted(p.name for p in cache.glob("kb-*.json"))
    assert len(kept) == snapshot.KEEP
    assert snapshot.snapshot_path(loaded.content_hash, cache).name in kept
    assert f"kb-{0:032d}-{'0' * 16}.json" not in kept  # the oldest went first
    assert f"kb-{snapshot.KEEP + 2:032d}-{'0' * 16}.json" in kept
