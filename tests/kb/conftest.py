"""Helpers for KB tests: a writable copy of the shipped data and line lookup in YAML files."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from kb import DEFAULT_DIR

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A fresh copy of kb/data that a test may mutate."""
    target = tmp_path / "data"
    shutil.copytree(DEFAULT_DIR, target)
    return target


def _line_of(path: Path, needle: str, start: int = 1) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if number >= start and needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


@pytest.fixture
def line_of() -> Callable[..., int]:
    """1-based number of the first line (at or after ``start``) containing ``needle``."""
    return _line_of


@pytest.fixture
def edit() -> Callable[[Path, str, str], None]:
    """Replace the first occurrence of ``old`` with ``new`` in a file (the text must exist)."""

    def _edit(path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not found in {path.name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return _edit
