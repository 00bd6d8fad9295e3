"""One Python floor: pyproject's requires-python is what ruff and mypy target, what the lock is
built for, what the README promises, and what the tests run on, so CI's run is the
lowest-supported run (README, "Prerequisites")."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))


def floor() -> tuple[int, int]:
    spec = PYPROJECT["project"]["requires-python"]
    found = re.fullmatch(r">=\s*(\d+)\.(\d+)", spec.strip())
    assert found, f"requires-python {spec!r} is not a plain '>=X.Y' floor"
    return int(found[1]), int(found[2])


def test_the_tools_and_docs_target_the_floor() -> None:
    major, minor = floor()
    assert PYPROJECT["tool"]["ruff"]["target-version"] == f"py{major}{minor}"
    assert PYPROJECT["tool"]["mypy"]["python_version"] == f"{major}.{minor}"
    lock_header = (ROOT / "requirements-dev.lock").read_text("utf-8").splitlines()[:3]
    assert any(f"CPython {major}.{minor};" in line for line in lock_header), lock_header
    for doc in ("README.md", "CONTRIBUTING.md"):
        text = (ROOT / doc).read_text("utf-8")
        stated = set(re.findall(r"Python ≥ (\d+\.\d+)", text))
        assert stated == {f"{major}.{minor}"}, f"{doc} states Python ≥ {sorted(stated)}"


def test_the_tests_run_on_the_floor() -> None:
    """The lock pins wheels for the floor only: a newer interpreter leaves the floor untested."""
    assert sys.version_info[:2] == floor(), f"tests run on {sys.version}, the floor is {floor()}"
