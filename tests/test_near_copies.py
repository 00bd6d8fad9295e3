"""Issue 14: no near-copy (six or more lines of the same shape) in the package code.

The check itself is .ci/near_copies.py; it runs over every package and app.py, with no exceptions.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("near_copies", ROOT / ".ci" / "near_copies.py")
assert _spec is not None and _spec.loader is not None
near_copies = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(near_copies)


def _package_files() -> list[Path]:
    return [p for d in near_copies.PACKAGES for p in sorted((ROOT / d).rglob("*.py"))]


def test_no_near_copies_in_the_package_code() -> None:
    groups = near_copies.near_copies([*_package_files(), ROOT / "app.py"])
    assert not groups, "\n".join(" | ".join(f"{f}:{n}" for f, n in g) for g in groups)


BLOCK = """
def {name}(rows: list[dict[str, float]], limit: float) -> list[str]:
    out = []
    for row in rows:
        value = row.get("{key}", 0.0) * 100.0
        if value > limit and row.get("kind") == "model":
            out.append(f"{{row['name']}} {{value:.1f}} % over")
        elif value < -limit:
            out.append(f"{{row['name']}} {{value:.1f}} % under")
    return out
"""


def _groups(tmp_path: Path, texts: dict[str, str]) -> list[list[str]]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(near_copies, "ROOT", tmp_path)
        for name, text in texts.items():
            (tmp_path / name).write_text(text, "utf-8")
        groups = near_copies.near_copies([tmp_path / name for name in texts])
    return [[f for f, _ in g] for g in groups]


def test_the_check_sees_six_lines_of_the_same_shape_not_five(tmp_path: Path) -> None:
    block = BLOCK.format(name="over", key="share")
    lines = block.strip("\n").splitlines()  # def, out, for, value, if, append, elif, ...
    copy = "x = 1\n" + BLOCK.format(name="over", key="ratio")  # other literals, same shape
    six = "\n".join(lines[:6]) + "\n    return None\n"
    five = "\n".join(lines[:5]) + "\n    return None\n"
    assert _groups(tmp_path, {"a.py": block, "b.py": copy}) == [["a.py", "b.py"]]
    assert _groups(tmp_path, {"a.py": block, "c.py": six}) == [["a.py", "c.py"]]
    assert _groups(tmp_path, {"a.py": block, "d.py": five}) == []
