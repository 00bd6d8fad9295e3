"""Whatever a maintainer breaks, the loader answers with KBError lines, never another exception."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kb

FILES = sorted(p.relative_to(kb.DEFAULT_DIR).as_posix() for p in kb.DEFAULT_DIR.rglob("*.yaml"))
PROBLEM = re.compile(r"^\S+:\d+: \S.*: .+\(allowed: .+\)")
JUNK = st.sampled_from(
    ["", ":", "- ", "{", "]", "'", "!!python/object:os.system", "\t", "x: [", "§"]
)


@pytest.fixture(scope="module")
def damaged_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("damaged") / "data"
    shutil.copytree(kb.DEFAULT_DIR, root)
    return root


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    rel=st.sampled_from(FILES),
    where=st.floats(min_value=0.0, max_value=1.0),
    cut=st.integers(min_value=0, max_value=40),
    junk=JUNK,
)
def test_random_damage_gives_file_line_problems(
    damaged_root: Path, rel: str, where: float, cut: int, junk: str
) -> None:
    path = damaged_root / rel
    original = (kb.DEFAULT_DIR / rel).read_text(encoding="utf-8")
    at = int(where * len(original))
    path.write_text(original[:at] + junk + original[at + cut :], encoding="utf-8")
    try:
        kb.load(damaged_root)
    except kb.KBError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert PROBLEM.match(problem), problem
    finally:
        path.write_text(original, encoding="utf-8")
