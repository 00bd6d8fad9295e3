"""A knowledge-base folder copied from elsewhere: FIFOs, devices and YAML bombs inside it become
``file:line`` problems in bounded time, never a hang, a ``MemoryError`` or a traceback."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest

import kb
from kb.loader import read_kb
from tests.hostile.hostile_files import PROFILES


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(kb.DEFAULT_DIR, root)
    return root


def _problems(root: Path) -> list[str]:
    """read_kb in a thread with a deadline: a blocking open would otherwise hang the test run."""
    out: dict[str, object] = {}

    def run() -> None:
        try:
            read_kb(root)
        except kb.KBError as exc:
            out["problems"] = exc.problems
        except BaseException as exc:  # reported below, not swallowed
            out["other"] = exc

    worker = threading.Thread(target=run, daemon=True)
    started = time.monotonic()
    worker.start()
    worker.join(timeout=30)
    assert not worker.is_alive(), "read_kb blocked"
    assert "other" not in out, repr(out.get("other"))
    assert time.monotonic() - started < 30
    problems = out.get("problems")
    assert isinstance(problems, list)
    return problems


def test_fifo_in_the_kb_folder_is_a_problem_not_a_hang(kb_copy: Path) -> None:
    target = kb_copy / "glossary.yaml"
    target.unlink()
    os.mkfifo(target)  # never written to
    problems = _problems(kb_copy)
    assert any(p.startswith("glossary.yaml:1: (file): is a FIFO") for p in problems), problems


def test_dev_zero_linked_into_the_kb_folder_is_refused(kb_copy: Path) -> None:
    target = kb_copy / "glossary.yaml"
    target.unlink()
    target.symlink_to("/dev/zero")
    problems = _problems(kb_copy)
    assert any("glossary.yaml:1: (file): is a character device" in p for p in problems), problems


@pytest.mark.parametrize(
    ("name", "needle"),
    [
        ("alias_bomb.yaml", "nodes once aliases are expanded"),
        ("deep_500.yaml", "nesting deeper than 50 levels"),
        ("int_4301.yaml", "an integer of 4301 digits"),
        ("bad_timestamp.yaml", "is not a valid timestamp"),
        ("nul.yaml", "control character U+0000"),
    ],
)
def test_yaml_bombs_in_a_kb_file_are_file_line_problems(
    kb_copy: Path, name: str, needle: str
) -> None:
    (kb_copy / "glossary.yaml").write_bytes(PROFILES[name])
    problems = [p for p in _problems(kb_copy) if p.startswith("glossary.yaml:")]
    assert any(needle in p for p in problems), problems
    assert all("(allowed: " in p and "\n" not in p for p in problems), problems


def test_huge_regular_file_in_the_kb_folder_is_not_read_whole(kb_copy: Path) -> None:
    """kb.load() hashes the folder first: that read is bounded too (a sparse 64 GB file)."""
    huge = kb_copy / "glossary.yaml"
    with huge.open("r+b") as handle:
        handle.truncate(64 * 1024**3)
    started = time.monotonic()
    with pytest.raises(kb.KBError) as err:
        kb.load(kb_copy)
    assert time.monotonic() - started < 30
    expected = "glossary.yaml:1: (file): file is 65536.0 MB"
    assert any(p.startswith(expected) for p in err.value.problems), err.value.problems
