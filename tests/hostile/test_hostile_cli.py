"""Issue 14's hostile files against both command lines: exit 2, one clean line, bounded cost.

``python -m recommender`` reads profiles (``--profile``) and probe reports (``--probe``);
``python -m recommender diff`` reads exported recommendations. Every hostile file is tried on
each, with the child's CPU time (<= 2 s) and peak RSS (<= 200 MB) measured by ``os.wait4``.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from tests.hostile.hostile_files import (
    GOOD_PROBE,
    GOOD_PROFILE,
    PROBES,
    PROFILES,
    assert_one_clean_line,
    run_cli,
)


@pytest.fixture
def good_profile(tmp_path: Path) -> Path:
    path = tmp_path / "good.yaml"
    path.write_bytes(GOOD_PROFILE)
    return path


def _recommend(tmp_path: Path, *extra: str) -> tuple[list[str], Path]:
    out = tmp_path / "report.json"
    return ["recommender", *extra, "--format", "json", "--out", str(out)], out


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_hostile_profile_exits_2_with_one_line(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(PROFILES[name])
    args, out = _recommend(tmp_path, "--profile", str(path))
    assert_one_clean_line(run_cli(args), name)
    assert not out.exists()


@pytest.mark.parametrize("name", sorted(PROBES))
def test_hostile_probe_exits_2_with_one_line(tmp_path: Path, good_profile: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(PROBES[name])
    args, out = _recommend(tmp_path, "--profile", str(good_profile), "--probe", str(path))
    assert_one_clean_line(run_cli(args), name)
    assert not out.exists()


@pytest.mark.parametrize("name", sorted({**PROFILES, **PROBES}))
def test_hostile_file_as_diff_input_exits_2(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes({**PROFILES, **PROBES}[name])
    assert_one_clean_line(run_cli(["recommender", "diff", str(path), str(path)]), name)


def _special(tmp_path: Path, kind: str) -> str:
    if kind == "dev_zero":
        return "/dev/zero"
    if kind == "folder":
        return str(tmp_path)
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)  # nobody ever writes to it: a blocking open would hang forever
    return str(fifo)


@pytest.mark.parametrize("kind", ["dev_zero", "fifo", "folder"])
@pytest.mark.parametrize("flag", ["--profile", "--probe", "diff"])
def test_non_regular_input_is_refused_without_reading(
    tmp_path: Path, good_profile: Path, kind: str, flag: str
) -> None:
    target = _special(tmp_path, kind)
    if flag == "diff":
        args = ["recommender", "diff", target, target]
    elif flag == "--profile":
        args, _ = _recommend(tmp_path, "--profile", target)
    else:
        args, _ = _recommend(tmp_path, "--profile", str(good_profile), "--probe", target)
    err = assert_one_clean_line(run_cli(args, timeout=20), target)
    assert "allowed: a readable regular file" in err


def test_messages_escape_ansi_and_bidi_instead_of_printing_them(tmp_path: Path) -> None:
    path = tmp_path / "ansi_key.json"
    path.write_bytes(PROFILES["ansi_key.json"])
    args, _ = _recommend(tmp_path, "--profile", str(path))
    err = assert_one_clean_line(run_cli(args), "ansi_key.json")
    assert "\\x1b[31m\\u202eos" in err  # visible, inert escapes


def test_alias_bomb_is_597_bytes_and_refused_at_its_first_alias(tmp_path: Path) -> None:
    assert len(PROFILES["alias_bomb.yaml"]) == 597
    path = tmp_path / "bomb.yaml"
    path.write_bytes(PROFILES["alias_bomb.yaml"])
    args, _ = _recommend(tmp_path, "--profile", str(path))
    err = assert_one_clean_line(run_cli(args), "bomb.yaml:3: alias *a")
    assert "allowed: plain data without anchors or aliases" in err


def test_duplicate_key_names_key_and_both_lines(tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_bytes(PROFILES["duplicate_key.yaml"])
    args, _ = _recommend(tmp_path, "--profile", str(path))
    assert_one_clean_line(run_cli(args), 'dup.yaml:3: duplicate key "os" (first on line 2)')


def test_impossible_date_in_a_profile_is_just_text(tmp_path: Path) -> None:
    """Profile values are text (no implicit YAML dates), so this description is kept as typed."""
    path = tmp_path / "date.yaml"
    path.write_bytes(b"description: 2025-13-45\nanswers:\n  os: linux\n")
    args, out = _recommend(tmp_path, "--profile", str(path))
    result = run_cli(args)
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_bytes())["profile"]["description"] == "2025-13-45"


@pytest.mark.parametrize(
    ("flag", "value", "allowed"),
    [
        ("--draws", "100000000", "allowed: 0 to 50000"),
        ("--draws", "-1", "allowed: 0 to 50000"),
        ("--seed", "-1", "allowed: 0 to 4294967295"),
        ("--seed", "9" * 400, "allowed: 0 to 4294967295"),
    ],
)
def test_draws_and_seed_are_bounded(
    tmp_path: Path, good_profile: Path, flag: str, value: str, allowed: str
) -> None:
    args, out = _recommend(tmp_path, "--profile", str(good_profile), flag, value)
    err = assert_one_clean_line(run_cli(args), flag)
    assert allowed in err
    assert not out.exists()


def test_a_good_probe_still_works(tmp_path: Path, good_profile: Path) -> None:
    """The limits refuse bombs, not real reports."""
    args, out = _recommend(
        tmp_path, "--profile", str(good_profile), "--probe", str(GOOD_PROBE), "--draws", "200"
    )
    result = run_cli(args)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISREG(out.stat().st_mode)
